"""Instrument file validation: one test per rule, each asserting file, path and problem."""

import copy

import pytest
import yaml

from werkbaar.analysis.instrument import (
    InstrumentError,
    get_shipped,
    instrument_from_dict,
    load_instrument,
    load_instrument_text,
    resolve_instrument,
    shipped_instruments,
)

L2 = {"nl": "x", "en": "y"}


class _Written(yaml.SafeDumper):
    """Writes shared values out in full: instrument files may not use anchors or aliases."""

    def ignore_aliases(self, data):
        return True


def dump(data, **options) -> str:
    return yaml.dump(data, Dumper=_Written, **options)

BASE = {
    "id": "mini",
    "version": "1.0",
    "title": {"nl": "Mini", "en": "Mini"},
    "languages": ["nl", "en"],
    "answer_scales": {
        "freq4": {"values": [1, 2, 3, 4], "labels": {"nl": ["a", "b", "c", "d"], "en": ["a", "b", "c", "d"]}},
        "yes2": {"values": [0, 1], "labels": {"nl": ["nee", "ja"], "en": ["no", "yes"]}, "icons": ["no", "yes"]},
    },
    "items": [
        {"id": "a1", "answer_scale": "freq4", "text": L2},
        {"id": "a2", "answer_scale": "freq4", "text": L2},
        {"id": "b1", "answer_scale": "freq4", "text": L2},
        {"id": "m1", "answer_scale": "yes2", "text": L2},
    ],
    "scales": [
        {
            "id": "sa",
            "kind": "workability",
            "title": L2,
            "items": ["a1", "a2"],
            "reverse": ["a2"],
            "min_answered": 1,
            "higher_is": "worse",
            "cutoffs": {"problem": 50, "acute": 75},
        },
        {
            "id": "sb",
            "kind": "risk",
            "title": L2,
            "items": ["b1"],
            "higher_is": "better",
            "cutoffs": {"problem": 50, "acute": 25},
        },
        {
            "id": "sm",
            "kind": "module",
            "title": L2,
            "items": ["m1"],
            "higher_is": "worse",
            "cutoffs": {"problem": 50, "acute": 100},
        },
    ],
    "modules": [{"id": "mod", "title": L2, "scales": ["sm"]}],
}


def problems_of(mutate):
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(InstrumentError) as info:
        load_instrument_text(dump(data, allow_unicode=True), source="mini.yaml")
    return [(p.file, p.path, p.problem) for p in info.value.problems]


def assert_problem(problems, path, fragment):
    assert any(f == "mini.yaml" and p == path and fragment in msg for f, p, msg in problems), problems


def test_base_is_valid_and_helpers_work():
    inst = instrument_from_dict(copy.deepcopy(BASE))
    assert inst.scale_ids_by_kind == {"workability": ["sa"], "risk": ["sb"], "module": ["sm"]}
    assert [i.id for i in inst.items_for([])] == ["a1", "a2", "b1"]
    assert [i.id for i in inst.items_for(["mod"])] == ["a1", "a2", "b1", "m1"]
    assert [s.id for s in inst.scales_for(["mod"])] == ["sa", "sb", "sm"]
    assert inst.answer_scale_for("m1").values == (0, 1)
    assert inst.labels_for("m1", "en") == [(0, "no", "no"), (1, "yes", "yes")]
    assert inst.labels_for("a1", "nl") == [(1, "a", None), (2, "b", None), (3, "c", None), (4, "d", None)]
    assert inst.scale_by_id["sb"].min_answered == 1  # default: half the items rounded up
    assert inst.scale_by_id["sm"].module == "mod"
    assert inst.item_text("a1", "nl-easy") == "x"  # falls back to the base language
    with pytest.raises(KeyError):
        inst.items_for(["nope"])


def test_items_of_one_scale_share_one_answer_scale():
    def m(d):
        d["scales"][0]["items"] = ["a1", "m1"]
        d["scales"][2]["items"] = ["a2"]
        d["items"][3]["answer_scale"] = "yes2"

    probs = problems_of(m)
    assert_problem(probs, "scales[0].items", "different answer scales")


def test_missing_translation_of_item_text():
    probs = problems_of(lambda d: d["items"][1]["text"].pop("en"))
    assert_problem(probs, "items[1].text.en", "missing translation")


def test_missing_translation_of_scale_title_and_labels_and_module():
    def m(d):
        d["scales"][1]["title"] = {"nl": "x"}
        d["answer_scales"]["freq4"]["labels"]["en"] = ["a", "b"]
        d["modules"][0]["title"] = {"en": "y"}
        d["title"]["fr"] = "z"

    probs = problems_of(m)
    assert_problem(probs, "scales[1].title.en", "missing translation")
    assert_problem(probs, "answer_scales.freq4.labels.en", "2 labels for 4 values")
    assert_problem(probs, "modules[0].title.nl", "missing translation")
    assert_problem(probs, "title.fr", "language not listed")


def test_cutoffs_ordered_for_worse():
    probs = problems_of(lambda d: d["scales"][0].update(cutoffs={"problem": 75, "acute": 75}))
    assert_problem(probs, "scales[0].cutoffs", "problem (75) must be below acute (75)")


def test_cutoffs_ordered_for_better():
    probs = problems_of(lambda d: d["scales"][1].update(cutoffs={"problem": 20, "acute": 40}))
    assert_problem(probs, "scales[1].cutoffs", "must be above acute")


def test_cutoffs_in_range():
    probs = problems_of(lambda d: d["scales"][0].update(cutoffs={"problem": 50, "acute": 120}))
    assert_problem(probs, "scales[0].cutoffs.acute", "from 0 to 100")


def test_duplicate_item_id():
    probs = problems_of(lambda d: d["items"].append({"id": "a1", "answer_scale": "freq4", "text": L2}))
    assert_problem(probs, "items[4].id", "duplicate item id 'a1'")


def test_duplicate_scale_id():
    def m(d):
        d["scales"][1]["id"] = "sa"

    assert_problem(problems_of(m), "scales[1].id", "duplicate scale id 'sa'")


def test_duplicate_module_id():
    probs = problems_of(lambda d: d["modules"].append({"id": "mod", "title": L2, "scales": ["sm"]}))
    assert_problem(probs, "modules[1].id", "duplicate module id")


def test_same_id_for_item_and_scale():
    def m(d):
        d["scales"][1]["id"] = "b1"

    assert_problem(problems_of(m), "scales", "used by both an item and a scale")


def test_unknown_item_reference():
    probs = problems_of(lambda d: d["scales"][0]["items"].append("zz"))
    assert_problem(probs, "scales[0].items[2]", "unknown item 'zz'")


def test_unknown_answer_scale_reference():
    probs = problems_of(lambda d: d["items"][0].update(answer_scale="freq5"))
    assert_problem(probs, "items[0].answer_scale", "unknown answer scale 'freq5'")


def test_unknown_scale_in_module():
    probs = problems_of(lambda d: d["modules"][0]["scales"].append("nope"))
    assert_problem(probs, "modules[0].scales[1]", "unknown scale 'nope'")


def test_reverse_item_not_in_scale():
    probs = problems_of(lambda d: d["scales"][0].update(reverse=["b1"]))
    assert_problem(probs, "scales[0].reverse[0]", "not an item of this scale")


@pytest.mark.parametrize("value", [0, 3, "2"])
def test_min_answered_range(value):
    probs = problems_of(lambda d: d["scales"][0].update(min_answered=value))
    assert_problem(probs, "scales[0].min_answered", "from 1 to 2")


def test_item_in_two_scales():
    probs = problems_of(lambda d: d["scales"][1]["items"].append("a1"))
    assert_problem(probs, "scales[1].items[1]", "already belongs to scale 'sa'")


def test_item_in_no_scale():
    probs = problems_of(lambda d: d["items"].append({"id": "lonely", "answer_scale": "freq4", "text": L2}))
    assert_problem(probs, "items[4]", "belongs to no scale")


def test_module_scale_not_in_a_module_and_base_scale_in_module():
    def m(d):
        d["modules"][0]["scales"] = ["sb"]

    probs = problems_of(m)
    assert_problem(probs, "scales[2].kind", "no module lists it")
    assert_problem(probs, "scales[1].kind", "its kind must be module")


def test_bad_kind_and_direction():
    def m(d):
        d["scales"][0]["kind"] = "other"
        d["scales"][0]["higher_is"] = "up"

    probs = problems_of(m)
    assert_problem(probs, "scales[0].kind", "must be one of")
    assert_problem(probs, "scales[0].higher_is", "worse or better")


def test_answer_values_must_increase_and_icons_match():
    def m(d):
        d["answer_scales"]["freq4"]["values"] = [1, 3, 2, 4]
        d["answer_scales"]["yes2"]["icons"] = ["no"]

    probs = problems_of(m)
    assert_problem(probs, "answer_scales.freq4.values", "strictly increasing")
    assert_problem(probs, "answer_scales.yes2.icons", "1 pictograms for 2 values")


def test_version_must_be_text_and_unknown_keys_reported():
    def m(d):
        d["version"] = 1.0
        d["scales"][0]["cutof"] = 3

    probs = problems_of(m)
    assert_problem(probs, "version", "quoted text")
    assert_problem(probs, "scales[0].cutof", "unknown key")


def test_missing_required_key():
    probs = problems_of(lambda d: d["scales"][0].pop("higher_is"))
    assert_problem(probs, "scales[0].higher_is", "is required")


def test_invalid_yaml_names_line():
    with pytest.raises(InstrumentError) as info:
        load_instrument_text("id: [unclosed\n", source="bad.yaml")
    (p,) = info.value.problems
    assert p.file == "bad.yaml" and p.path.startswith("line ") and "invalid YAML" in p.problem


def test_load_from_file_names_the_file(tmp_path):
    path = tmp_path / "x.yaml"
    data = copy.deepcopy(BASE)
    data["languages"] = ["nl", "en", "fr"]
    path.write_text(dump(data), encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    assert all(p.file == str(path) for p in info.value.problems)
    assert any(p.path == "items[0].text.fr" for p in info.value.problems)
    assert str(path) in str(info.value)


def test_shipped_instrument_is_complete():
    inst = get_shipped("werkbaarheidsscan-basis")
    assert inst.version == "1.0"
    assert inst.languages == ("nl", "nl-easy", "fr", "en")
    assert inst.scale_ids_by_kind["workability"] == ["work_stress", "wellbeing", "learning", "work_life"]
    assert inst.scale_ids_by_kind["risk"] == [
        "workload",
        "emotional_load",
        "task_variation",
        "autonomy",
        "supervisor_support",
        "physical_conditions",
    ]
    assert [m.id for m in inst.modules] == ["dienstencheques"]
    assert 30 <= len(inst.items_for([])) <= 40  # answerable in under ten minutes
    assert 55 <= len(inst.items_for(["dienstencheques"])) <= 65
    for scale in inst.scales:
        assert inst.scale_answer_scale(scale.id).icons is not None
    assert "werkbaarheidsscan-basis" in shipped_instruments()
    assert resolve_instrument("werkbaarheidsscan-basis") is inst
    with pytest.raises(InstrumentError):
        resolve_instrument("no-such-instrument")


def test_titles_per_language():
    inst = get_shipped("werkbaarheidsscan-basis")
    assert inst.title_in("en") == "Workable work scan – base"
    assert inst.scale_title("workload", "nl") == "Werkdruk"
    assert inst.module_title("dienstencheques", "fr").startswith("Module titres-services")
    assert inst.labels_for("au1", "nl-easy")[0] == (1, "nee", "disagree_strongly")


def test_duplicate_answer_scale_id_or_key_is_refused():
    text = dump(BASE, sort_keys=False)
    text = text.replace("  yes2:\n", "  freq4:\n", 1)  # a second answer scale with the same id
    with pytest.raises(InstrumentError) as info:
        load_instrument_text(text, source="mini.yaml")
    (p,) = info.value.problems
    assert p.file == "mini.yaml" and p.path.startswith("line ") and "duplicate key 'freq4'" in p.problem
