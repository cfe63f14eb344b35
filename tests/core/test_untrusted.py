"""werkbaar.core.untrusted: every limit at its boundary, and the attacks refused quickly."""

import csv
import io
import random
import struct
import time
import zipfile

import pytest
import yaml
from django.utils import translation

from werkbaar.core import untrusted
from werkbaar.core.untrusted import UntrustedFileError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(code, func, *args, **kwargs) -> UntrustedFileError:
    with pytest.raises(UntrustedFileError) as exc:
        func(*args, **kwargs)
    assert exc.value.code == code, str(exc.value)
    return exc.value


def nested(levels: int) -> str:
    """Block-style YAML, ``levels`` collections deep: a mapping of mappings ... of a one-item list."""
    lines = [("  " * i) + "k:" for i in range(levels - 1)]
    return "\n".join(lines + ["  " * (levels - 1) + "- 1"]) + "\n"


# -- YAML ---------------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_at_once(attacks, attack_guard):
    text = attacks.billion_laughs()
    assert len(text.encode()) < 500
    started = time.monotonic()
    with attack_guard():
        error = refused("yaml_alias", untrusted.load_yaml, text)
    assert time.monotonic() - started < 1
    assert "Line 1" in str(error) and "aliases" in str(error)


def test_every_anchor_and_alias_is_refused():
    refused("yaml_alias", untrusted.load_yaml, "a: &x 1\n")  # an anchor alone
    refused("yaml_alias", untrusted.load_yaml, "a: 1\nb: *x\n")  # an alias (even undefined)
    refused("yaml_alias", untrusted.load_yaml, "base: &b {x: 1}\nother:\n  <<: *b\n")  # merge keys need both
    assert untrusted.load_yaml("a: '&x *y'\n") == {"a": "&x *y"}  # in a quoted text they are just characters


def test_nesting_limit_at_its_boundary():
    assert untrusted.load_yaml(nested(untrusted.MAX_YAML_DEPTH)) is not None
    error = refused("yaml_depth", untrusted.load_yaml, nested(untrusted.MAX_YAML_DEPTH + 1))
    assert f"Line {untrusted.MAX_YAML_DEPTH + 1}:" in str(error)  # where the 21st collection starts
    flow = "[" * untrusted.MAX_YAML_DEPTH + "]" * untrusted.MAX_YAML_DEPTH
    assert untrusted.load_yaml(flow) is not None
    refused("yaml_depth", untrusted.load_yaml, "[" + flow + "]")


@pytest.mark.parametrize("levels", [10_000, 1_000_000])
def test_deep_nesting_is_refused_before_recursion_and_quickly(attacks, attack_guard, levels):
    started = time.monotonic()
    with attack_guard():
        refused("yaml_depth", untrusted.load_yaml, attacks.deep_yaml(levels), max_bytes=3 * untrusted.MB)
    assert time.monotonic() - started < 2  # the scanner reads ahead a bounded amount, not the whole file


def test_value_count_limit_at_its_boundary():
    limit = untrusted.MAX_YAML_NODES
    assert len(untrusted.load_yaml("[" + ",".join(["1"] * (limit - 1)) + "]")) == limit - 1  # + the list
    refused("yaml_nodes", untrusted.load_yaml, "[" + ",".join(["1"] * limit) + "]")


def test_size_limit_at_its_boundary(tmp_path):
    fits = "#" * (untrusted.MAX_TEXT_BYTES - 1) + "\n"
    assert untrusted.load_yaml(fits) is None
    refused("too_large", untrusted.load_yaml, fits + "\n")
    refused("too_large", untrusted.load_yaml, "#" + "é" * (untrusted.MAX_TEXT_BYTES // 2))  # counted in bytes
    path = tmp_path / "f.yaml"
    path.write_text(fits)
    assert untrusted.read_text(path) == fits
    path.write_text(fits + "\n")
    assert str(refused("too_large", untrusted.read_text, path)) == "The file is larger than 1 MB."


def test_long_integers_are_invalid_yaml_not_a_crash():
    digits = untrusted.MAX_YAML_INT_DIGITS
    assert untrusted.load_yaml("n: " + "1" * digits) == {"n": int("1" * digits)}
    with pytest.raises(yaml.YAMLError, match="more than 100 digits"):
        untrusted.load_yaml("n: " + "1" * 5000)  # plain yaml.safe_load: ValueError from int()


def test_ordinary_files_still_load():
    from werkbaar.actions.catalogue import CATALOGUE_FILE
    from werkbaar.analysis.instrument import INSTRUMENTS_DIR

    for path in [CATALOGUE_FILE, *INSTRUMENTS_DIR.glob("*.yaml")]:
        text = untrusted.read_text(path)
        assert untrusted.load_yaml(text) == yaml.safe_load(text)


def test_load_yaml_insists_on_a_bounded_loader():
    with pytest.raises(TypeError):
        untrusted.load_yaml("a: 1", yaml.SafeLoader)


def test_messages_are_translated():
    error = UntrustedFileError("yaml_depth", line=3, limit=20)
    with translation.override("nl"):
        assert str(error) == "Regel 3: de YAML is meer dan 20 niveaus diep genest."
    with translation.override("fr"):
        assert str(error) == "Ligne 3 : le YAML est imbriqué sur plus de 20 niveaux."
    with translation.override("en"):
        assert str(UntrustedFileError("csv_field", row=2, column=27, limit=10)) == (
            "row 2, column AB: The value is longer than 10 characters.")


# -- XLSX ---------------------------------------------------------------------------------------------

def archive(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_normal_workbook_opens_read_only(attacks):
    wb = untrusted.open_xlsx(attacks.xlsx_bomb(0).read_bytes())  # the bomb's workbook without its padding
    try:
        assert wb.read_only
        assert list(wb.worksheets[0].iter_rows(values_only=True)) == [("wd1", "team"), (3, "Noord")]
    finally:
        wb.close()


def test_the_zip_bomb_is_refused_before_openpyxl(attacks, attack_guard):
    bomb = attacks.xlsx_bomb()
    assert bomb.stat().st_size < 1024 * 1024
    started = time.monotonic()
    with attack_guard():
        error = refused("xlsx_unpacked", untrusted.open_xlsx, bomb.read_bytes())
        refused("xlsx_unpacked", untrusted.open_xlsx, bomb)  # a path (the `werkbaar score` CLI)
    assert time.monotonic() - started < 2
    assert str(error) == "The XLSX file unpacks to more than 50 MB; split it into smaller files."


def test_not_a_zip_and_damaged_archives():
    refused("xlsx_unreadable", untrusted.check_xlsx, b"not a zip")
    refused("xlsx_unreadable", untrusted.open_xlsx, archive({"hello.txt": b"a zip, but no workbook"}))
    good = archive({"xl/worksheets/sheet1.xml": b"<row>" + b"x" * 5000 + b"</row>"})
    # The central directory lies: it declares fewer bytes than the part holds. The streaming read
    # stops at the declared size and the checksum then fails: refused, however the sizes were forged.
    lying = bytearray(good)
    central = lying.rfind(b"PK\x01\x02")
    struct.pack_into("<I", lying, central + 24, 100)  # uncompressed size
    local = lying.find(b"PK\x03\x04")
    struct.pack_into("<I", lying, local + 22, 100)
    refused("xlsx_damaged", untrusted.check_xlsx, bytes(lying))


def test_member_count_limit_at_its_boundary():
    limit = untrusted.MAX_XLSX_MEMBERS
    untrusted.check_xlsx(archive({f"p{i}.xml": b"<a/>" for i in range(limit)}))
    refused("xlsx_members", untrusted.check_xlsx, archive({f"p{i}.xml": b"<a/>" for i in range(limit + 1)}))


def test_unpacked_size_limit_at_its_boundary():
    limit = untrusted.MAX_XLSX_UNPACKED
    stored = zipfile.ZIP_STORED  # no ratio to trip over: only the size counts
    untrusted.check_xlsx(archive({"a.bin": b"\x00" * (limit // 2), "b.bin": b"\x00" * (limit // 2)}, stored))
    refused("xlsx_unpacked", untrusted.check_xlsx,
            archive({"a.bin": b"\x00" * (limit // 2), "b.bin": b"\x00" * (limit // 2 + 1)}, stored))


def test_compression_ratio_limit_at_its_boundary():
    floor = untrusted.XLSX_RATIO_FLOOR
    untrusted.check_xlsx(archive({"small.xml": b"\x00" * floor}))  # any ratio, but too small to matter
    refused("xlsx_ratio", untrusted.check_xlsx, archive({"big.xml": b"\x00" * (floor + 1)}))  # about 1:1000
    noise = random.Random(7).randbytes(40_000)  # incompressible: 40 KB packed holds 2.4 MB, about 1:60
    untrusted.check_xlsx(archive({"ok.xml": noise + b"\x00" * (60 * 40_000 - len(noise))}))


def test_row_size_limit_at_its_boundary():
    limit = untrusted.MAX_XLSX_ROW_TAGS

    def sheet(tags_in_row: int) -> bytes:
        cells = b"<c><v>1</v></c>" * (tags_in_row // 4) + b"<b/>" * (tags_in_row % 4)
        return b'<worksheet><sheetData><row r="1">' + cells + b'</row><row r="2"><c/></row></sheetData></worksheet>'

    # "<row ...>" starts the segment; its own "<" is the separator, the closing "</row>" counts 1.
    untrusted.check_xlsx(archive({"xl/worksheets/sheet1.xml": sheet(limit - 1)}, zipfile.ZIP_STORED))
    error = refused("xlsx_row", untrusted.check_xlsx,
                    archive({"xl/worksheets/sheet1.xml": sheet(limit)}, zipfile.ZIP_STORED))
    assert "xl/worksheets/sheet1.xml" in str(error)
    # shared strings have no rows: many strings are fine (the unpacked size bounds them)
    untrusted.check_xlsx(archive({"xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * limit + b"</sst>"}))


# -- CSV ----------------------------------------------------------------------------------------------

def test_csv_field_limit_at_its_boundary():
    limit = untrusted.MAX_CSV_FIELD
    assert untrusted.read_csv("a,b\n1," + "x" * limit + "\n")[1][1] == "x" * limit
    error = refused("csv_field", untrusted.read_csv, "a,b\n1," + "x" * (limit + 1) + "\n")
    assert (error.row, error.column) == (2, 1)


def test_a_200kb_field_names_its_row_and_column(attacks):
    error = refused("csv_field", untrusted.read_csv, attacks.csv_long_field().decode())
    assert (error.row, error.column) == (2, 2)
    assert str(error) == "row 2, column C: The value is longer than 10000 characters."
    # also when the field is quoted and spread over many short lines
    text = 'a;b\n1;"' + "x\n" * 100_000 + '"\n'
    error = refused("csv_field", untrusted.read_csv, text, _semicolon())
    assert (error.row, error.column) == (2, 1)


def _semicolon():
    class Semicolon(csv.excel):
        delimiter = ";"

    return Semicolon


def test_csv_record_limit_at_its_boundary():
    limit, field = untrusted.MAX_CSV_RECORD, untrusted.MAX_CSV_FIELD
    line = ",".join(["x" * field] * 9)
    fits = line + "," + "y" * (limit - len(line) - 2) + "\n"
    assert len(fits) == limit and len(untrusted.read_csv(fits)[0]) == 10
    error = refused("csv_record", untrusted.read_csv, fits[:-1] + "y\n")
    assert error.row == 1 and error.column is None


def test_csv_leaves_the_process_wide_limit_alone_and_reads_at_most_max_rows():
    before = csv.field_size_limit()
    rows = untrusted.read_csv("a\n1\n2\n3\n", max_rows=2)
    assert rows == [["a"], ["1"]] and csv.field_size_limit() == before


def test_unreadable_csv_is_refused_with_its_row():
    error = refused("csv_unreadable", untrusted.read_csv, 'a,b\n1,2\n"x"y,3\n', _strict())
    assert error.row == 3


def _strict():
    class Strict(csv.excel):
        strict = True

    return Strict


# -- JSON ---------------------------------------------------------------------------------------------

def test_json_depth_limit_at_its_boundary():
    limit = untrusted.MAX_JSON_DEPTH
    assert untrusted.load_json("[" * limit + "]" * limit) is not None
    refused("json_depth", untrusted.load_json, "[" * (limit + 1) + "]" * (limit + 1))
    refused("json_depth", untrusted.load_json, '{"a":' * (limit + 1) + "1" + "}" * (limit + 1))


def test_json_nested_beyond_the_interpreter_limit_is_refused_not_a_recursion_error():
    refused("json_depth", untrusted.load_json, "[" * 100_000)


def test_json_size_limit_and_invalid_json():
    limit = untrusted.MAX_JSON_BYTES
    assert untrusted.load_json('"' + "x" * (limit - 2) + '"') is not None
    refused("too_large", untrusted.load_json, '"' + "x" * (limit - 1) + '"')
    with pytest.raises(ValueError) as exc:
        untrusted.load_json("{nope")
    assert not isinstance(exc.value, UntrustedFileError)
