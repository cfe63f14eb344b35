"""The pure rules of proposing a good practice: hiding names, themes, the draft's texts, consent."""

from django.utils import translation

from werkbaar.knowledge.proposals import (
    HIDDEN,
    Facts,
    consent_refusal,
    draft,
    leaked_names,
    name_variants,
    scrub,
    themes_of,
)


def _facts(**kw):
    base = dict(origin="action_plan", origin_id=7, sector_name="Voeding", own_name="Bakkerij Vandenbroeck bv",
                size_band="50-249", done=2, total=3, problem=("Rugklachten.",),
                approach=("- Tilhulp bij Bakkerij Vandenbroeck: Jan Smit volgt op.",),
                effect=("- Vandenbroeck meldt minder rugklachten.",), themes=("physical",), action_ids=(4,),
                hide=("Jan Smit",))
    base.update(kw)
    return Facts(**base)


def test_name_variants_strip_the_legal_form_and_keep_the_sector_words():
    assert name_variants("Bakkerij Vandenbroeck bv") == ["Bakkerij Vandenbroeck bv", "Bakkerij Vandenbroeck",
                                                         "Bakkerij", "Vandenbroeck"]
    assert name_variants("Poetsplus Dienstencheques BV", keep=["Dienstencheques"]) == [
        "Poetsplus Dienstencheques BV", "Poetsplus Dienstencheques", "Poetsplus"]
    assert name_variants("") == []


def test_scrub_replaces_whole_words_in_any_case_longest_first():
    text = "Bij BAKKERIJ VANDENBROECK BV en Vandenbroeckx; vandenbroeck zelf."
    assert scrub(text, name_variants("Bakkerij Vandenbroeck bv")) == f"Bij {HIDDEN} en Vandenbroeckx; {HIDDEN} zelf."
    assert scrub("", ["x"]) == ""
    assert scrub("Al bij Al", ["Al"]) == "Al bij Al"  # names shorter than three letters are not hidden


def test_themes_follow_the_menus_order_once_each():
    assert themes_of(["physical", "support", "bogus"], ["support", "appreciation"]) == (
        "appreciation", "support", "physical")
    assert themes_of() == ()


def test_an_anonymised_draft_names_nobody_in_any_language():
    facts = _facts()
    result = draft(facts, named=False)
    assert leaked_names(result, [*name_variants(facts.own_name), "Jan Smit"]) == []
    assert result.company_name == "" and result.anonymised
    assert result.texts["approach_nl"] == f"- Tilhulp bij {HIDDEN}: {HIDDEN} volgt op."
    assert result.texts["effect_nl"] == f"- {HIDDEN} meldt minder rugklachten."
    assert set(result.texts) >= {"title_nl", "title_fr", "title_en", "summary_nl", "summary_fr", "summary_en"}
    assert "Voeding" in result.texts["title_en"] and "physical load" in result.texts["title_en"]
    assert "50-249" in result.texts["summary_en"] and "2 of its 3 actions" in result.texts["summary_en"]


def test_a_named_draft_names_the_organisation_but_never_people():
    result = draft(_facts(), named=True)
    assert result.company_name == "Bakkerij Vandenbroeck bv" and not result.anonymised
    assert "Bakkerij Vandenbroeck bv" in result.texts["title_nl"]
    assert leaked_names(result, ["Jan Smit"]) == []


def test_titles_of_networks_and_covenant_actions():
    network = draft(_facts(origin="network", subject="Rugklachten in {sector}", own_name="Fonds Voeding"), False)
    assert "Rugklachten in {sector}" in network.texts["title_en"] and "Fonds" not in network.texts["title_en"]
    action = draft(_facts(origin="covenant_action", subject="4.2 Tilhulpen", own_name="Fonds Voeding"), True)
    assert action.texts["title_en"].startswith("Fonds Voeding: 4.2 Tilhulpen")
    assert len(draft(_facts(origin="covenant_action", subject="x" * 500), False).texts["title_nl"]) <= 200


def test_the_generated_sentences_are_translated():
    with translation.override("en"):
        result = draft(_facts(), named=False)
    assert result.texts["title_nl"] != result.texts["title_en"]
    assert result.texts["summary_fr"] != result.texts["summary_en"]


def test_consent_is_required_and_a_source_refusal_comes_first():
    from django.utils import translation

    assert consent_refusal(True, "") == ""
    with translation.override("en"):
        assert "tick the box" in consent_refusal(False, "")
    with translation.override("nl"):
        assert "vink eerst het vakje aan" in consent_refusal(False, "")
    assert consent_refusal(False, "Only an evaluated plan.") == "Only an evaluated plan."


def test_an_anonymised_draft_hides_the_name_written_with_or_without_its_accents():
    # People type a company's name without its accents (or with others): "Étoile" must hide "ETOILE" and
    # "etoile" too, and a person "Müller" written "Muller" – otherwise the search finds the case by its name.
    facts = _facts(own_name="Poetsbedrijf Étoile bv", sector_name="Dienstencheques", hide=("Jürgen Müller",),
                   approach=("- Overleg met ETOILE-ploeg: Jurgen Muller volgt op.",),
                   effect=("- Bij etoile en bij Étoile minder rugklachten; poetsbedrijf etoile tevreden.",))
    result = draft(facts, named=False)
    assert result.texts["approach_nl"] == f"- Overleg met {HIDDEN}-ploeg: {HIDDEN} volgt op."
    assert result.texts["effect_nl"] == f"- Bij {HIDDEN} en bij {HIDDEN} minder rugklachten; {HIDDEN} tevreden."
    assert leaked_names(result, ["Etoile", "Jurgen Muller"]) == []
    assert leaked_names(draft(facts, named=True), ["Jurgen Muller"]) == []


def test_hiding_keeps_the_other_accented_words_as_they_are():
    assert scrub("Café Étoile: één café, geen étoiles.", ["Etoile"]) == f"Café {HIDDEN}: één café, geen étoiles."
    assert scrub("Cafe\u0301 E\u0301toile", ["Étoile"]) == f"Café {HIDDEN}"  # decomposed accents too
