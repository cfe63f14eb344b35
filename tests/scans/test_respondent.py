"""The respondent's questionnaire without JavaScript (plain form posts through the Django test client)."""

import re

from werkbaar.scans import questionnaire as q
from werkbaar.scans.models import Draft, Response


def url(code, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/s/{code}/" + (f"?{query}" if query else "")


def complete(client, campaign, code, language="nl"):
    pages = q.pages_for(campaign)
    client.get(url(code, lang=language))
    for index, page in enumerate(pages):
        data = {"page": index, "nav": "send" if page.kind == "finish" else "next"}
        items, groups = q.fields_on_page(campaign, page)
        data.update({f"a-{i}": 3 for i in items})
        data.update({f"g-{k}": campaign.bands(k)[0] for k in groups})
        r = client.post(url(code), data)
        assert r.status_code == 302, (index, r.content[:500])
    return r


def test_enter_form(client, codes):
    assert client.get("/s/").status_code == 200
    r = client.post("/s/", {"code": codes[0].lower()})
    assert r.status_code == 302 and r["Location"] == f"/s/{codes[0]}/"
    r = client.post("/s/", {"code": "nonsense"})
    assert r.status_code == 400 and "code" in r.content.decode()


def test_complete_without_js(client, campaign, codes):
    r = complete(client, campaign, codes[0], "fr")
    assert r["Location"].startswith("/s/thanks/")
    assert client.get("/s/thanks/1/").status_code == 404  # campaign ids cannot be guessed
    page = client.get(r["Location"]).content.decode()
    assert "Merci" in page or "Thank you" in page
    resp = Response.objects.get()
    assert resp.language == "fr"
    assert all(v == 3 for v in resp.answers.values())
    assert resp.groups == {"team": "Noord", "age_band": "< 35"}
    assert not Draft.objects.exists()
    # the code is spent
    assert client.get(url(codes[0])).status_code == 409


def test_language_switch_keeps_answers(client, campaign, codes):
    code = codes[0]
    client.get(url(code, lang="nl"))
    pages = q.pages_for(campaign)
    idx = next(i for i, p in enumerate(pages) if p.kind == "scale")
    items, _ = q.fields_on_page(campaign, pages[idx])
    r = client.post(url(code), {"page": idx, f"a-{items[0]}": 4, "lang": "fr"})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert 'lang="fr"' in page
    assert re.search(rf'name="a-{items[0]}" value="4" checked', page)


def test_resume_same_day_from_another_client(client, campaign, codes):
    from django.test import Client

    code = codes[0]
    pages = q.pages_for(campaign)
    client.get(url(code))
    items, _ = q.fields_on_page(campaign, pages[2])
    client.post(url(code), {"page": 2, f"a-{items[0]}": 1, "nav": "next"})
    other = Client()
    page = other.get(url(code)).content.decode()
    assert "value=\"3\" name=\"page\"" in page or 'name="page" value="3"' in page
    page = other.get(url(code, page=2)).content.decode()
    assert re.search(rf'name="a-{items[0]}" value="1" checked', page)


def test_autosave(client, campaign, codes):
    code = codes[0]
    pages = q.pages_for(campaign)
    items, _ = q.fields_on_page(campaign, pages[3])
    assert client.post(f"/s/{code}/save/", {"page": 3, f"a-{items[0]}": 2}).status_code == 204
    assert Draft.objects.get().answers[items[0]] == 2
    assert client.post(f"/s/{code}/save/", {"page": 3, f"a-{items[0]}": 99}).status_code == 400


def test_messages_for_unknown_used_closed(client, campaign, codes):
    assert client.get("/s/ABCDEFGHJK/").status_code == 404
    campaign.status = "closed"
    campaign.save()
    r = client.get(url(codes[1]))
    assert r.status_code == 410


def test_invalid_post_shows_errors_and_saves_nothing(client, campaign, codes):
    pages = q.pages_for(campaign)
    items, _ = q.fields_on_page(campaign, pages[2])
    r = client.post(url(codes[0]), {"page": 2, f"a-{items[0]}": 17, "nav": "next"})
    assert r.status_code == 400
    assert not Response.objects.exists()


def test_every_page_renders_in_every_language(client, campaign, codes):
    pages = q.pages_for(campaign)
    for lang in campaign.questionnaire_languages():
        for index in range(len(pages)):
            r = client.get(url(codes[0], page=index, lang=lang))
            assert r.status_code == 200
            html = r.content.decode()
            assert f'<html lang="{lang[:2]}">' in html, (lang, index)
            items, _ = q.fields_on_page(campaign, pages[index])
            assert all(f'name="a-{item}"' in html for item in items), (lang, index)


def test_base_instrument_takes_at_most_ten_minutes(campaign):
    campaign.modules = []
    assert q.estimated_minutes(campaign) <= 10
