"""`werkbaar score` with hostile files (issue 10.7): exit status 2 with a clear message on stderr,
nothing written, no hang. Under Django the messages follow the active language (English here); run
without Django, `werkbaar.core.untrusted` falls back to the English text."""

import io

import pytest
from django.utils import translation

from werkbaar.analysis.cli import main


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_billion_laughs_instrument(tmp_path, attacks, attack_guard):
    inst = tmp_path / "laughs.yaml"
    inst.write_text(attacks.billion_laughs())
    (tmp_path / "r.csv").write_text("wd1\n1\n")
    with attack_guard():
        status, out, err = run("--instrument", str(inst), "--responses", str(tmp_path / "r.csv"))
    assert status == 2 and out == ""
    assert f"invalid instrument: {inst}: Line 1: YAML anchors and aliases (&name, *name) are not allowed" in err


def test_deeply_nested_instrument(tmp_path, attacks, attack_guard):
    inst = tmp_path / "deep.yaml"
    inst.write_text(attacks.deep_yaml())
    with attack_guard():
        status, _out, err = run("--instrument", str(inst), "--responses", str(tmp_path / "r.csv"))
    assert status == 2
    assert f"invalid instrument: {inst}: Line 1: the YAML is nested more than 20 levels deep." in err


def test_instrument_over_1_mb(tmp_path):
    inst = tmp_path / "big.yaml"
    inst.write_text("#" * (1024 * 1024 + 1))
    status, _out, err = run("--instrument", str(inst), "--responses", str(tmp_path / "r.csv"))
    assert status == 2 and f"invalid instrument: {inst}: The file is larger than 1 MB." in err


def test_xlsx_zip_bomb_responses(tmp_path, attacks, attack_guard):
    out_file = tmp_path / "result.json"
    with attack_guard():
        status, _out, err = run("--instrument", "werkbaarheidsscan-basis", "--responses", str(attacks.xlsx_bomb()),
                                "--out", str(out_file))
    assert status == 2
    assert "cannot read bomb-200.xlsx: The XLSX file unpacks to more than 50 MB; split it into smaller files." in err
    assert not out_file.exists()
