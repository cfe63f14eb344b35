"""Fixtures for the analysis tests: a tiny hand-checkable instrument (no database needed)."""

import pytest

from werkbaar.analysis.instrument import instrument_from_dict

L = {"nl": "x", "en": "y"}

MINI = {
    "id": "mini",
    "version": "0.1",
    "title": {"nl": "Mini", "en": "Mini"},
    "languages": ["nl", "en"],
    "answer_scales": {
        "f4": {"values": [1, 2, 3, 4], "labels": {"nl": list("abcd"), "en": list("abcd")}},
        "f5": {"values": [1, 2, 3, 4, 5], "labels": {"nl": list("abcde"), "en": list("abcde")}},
    },
    "items": [
        {"id": "a1", "answer_scale": "f4", "text": L},
        {"id": "a2", "answer_scale": "f4", "text": L},
        {"id": "a3", "answer_scale": "f4", "text": L},
        {"id": "b1", "answer_scale": "f4", "text": L},
        {"id": "b2", "answer_scale": "f4", "text": L},
        {"id": "c1", "answer_scale": "f5", "text": L},
        {"id": "d1", "answer_scale": "f5", "text": L},
    ],
    "scales": [
        # worse direction, reverse-coded a3, needs 2 of 3 answers
        {"id": "w1", "kind": "workability", "title": L, "items": ["a1", "a2", "a3"], "reverse": ["a3"],
         "min_answered": 2, "higher_is": "worse", "cutoffs": {"problem": 50, "acute": 75}},
        # better direction
        {"id": "w2", "kind": "workability", "title": L, "items": ["b1", "b2"], "min_answered": 2,
         "higher_is": "better", "cutoffs": {"problem": 50, "acute": 25}},
        # single-item scales on 1-5: score = 25 * (v - 1), so 25/50/75 are reachable exactly
        {"id": "r1", "kind": "risk", "title": L, "items": ["c1"], "min_answered": 1,
         "higher_is": "worse", "cutoffs": {"problem": 50, "acute": 75}},
        {"id": "r2", "kind": "risk", "title": L, "items": ["d1"], "min_answered": 1,
         "higher_is": "better", "cutoffs": {"problem": 50, "acute": 25}},
    ],
}  # fmt: skip


@pytest.fixture(scope="session")
def mini():
    return instrument_from_dict(MINI, source="mini.yaml")


@pytest.fixture
def mini_yaml(tmp_path):
    """The mini instrument written to a YAML file."""
    import yaml

    path = tmp_path / "mini.yaml"
    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True  # MINI shares its label dicts; uploaded YAML may not use anchors or aliases

    path.write_text(yaml.dump(MINI, Dumper=Dumper), encoding="utf-8")
    return path
