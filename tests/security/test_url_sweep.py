"""Permission and robustness sweep over EVERY URL pattern of the project.

The demo data is loaded once per module (inside one outer transaction that is rolled back at the end,
so nothing leaks into other test modules on the same xdist worker); each test runs in a savepoint
on top of it. Path parameters are filled with real objects of sector A (``vormdc`` / Poetsplus).

For every pattern, GET and POST (empty body) are sent as:

* anonymous: must answer a redirect to the login page, 401/403/404/405 -- never 200 with data --
  except on the explicitly public pages of ``PUBLIC`` below;
* a user of ANOTHER sector (sector staff of ``constructiv``, company admin of "Bouwbedrijf De Ploeg nv"):
  on a URL that names a sector-A object, 403/404/405 (or a redirect to the login page); on a URL
  without such an object (lists, dashboards), any answer, but the page may not name sector-A data;
* the owners of sector A (sector staff of vormdc, company admin of Poetsplus): any answer but 500
  (this proves the parameters are real, and that empty POSTs are handled).

No request may ever answer 500. A new URL pattern without an entry in ``PARAMS`` fails the
completeness test, so the sweep cannot silently skip a new view.
"""

from __future__ import annotations

import datetime
import json
import re
import tempfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

PASSWORD = "pw-Werkbaar-1"


# --- the URL patterns ---------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or "")


def all_routes() -> list[tuple[str, str]]:
    """(route, name) of every pattern except Django's own admin (staff only, tested by Django) and
    allauth's unnamed aliases under accounts/social/ (the same views as accounts/3rdparty/, swept there)."""
    return [(route, name) for route, name in _walk(get_resolver().url_patterns)
            if not route.startswith(("admin/", "^media/", "accounts/social/"))]


#: Public URLs: anonymous access is intended. Each with the reason.
PUBLIC = {
    "home": "the landing page; shows a login prompt to anonymous visitors",
    "login": "the login form",
    "logout": "logging out is harmless (POST only; GET answers 405)",
    "healthz": "the health probe for load balancers: {\"status\": \"ok\"} only, no data",
    "set_language": "language switch for everyone (stores a cookie, no data)",
    "respondent:enter": "respondents enter their anonymous access code here without an account",
    "respondent:thanks": "thank-you page after an anonymous submission",
    "respondent:questionnaire": "the access code in the path is the respondent's credential",
    "respondent:autosave": "the access code in the path is the respondent's credential",
    "actions:menu": "the public inspiration menu (only public actions for anonymous visitors)",
    "werkwijzer:cases": "WerkWijzer's public list of re-integration cases (data files, no database content)",
    "werkwijzer:case": "a public WerkWijzer case played step by step; the path is in the address, nothing is stored",
    "knowledge:finder": "the public measures finder: published measures and the fund's open calls (titles, rate, "
                        "closing date), never drafts; sector names are public",
    # actions:menu_detail and api:menu_action are public too, but the sweep fills them with a sector-only
    # action (visibility "sector"), which anonymous visitors and other sectors may not see: not listed here.
    "api:menu": "the public inspiration menu as JSON (same visibility rules as the menu page)",
    "actions:feedback_entry": "workers enter their anonymous feedback code here without an account",
    "actions:feedback_answer": "the feedback code in the path is the worker's credential",
    "api:openapi-json": "the OpenAPI document (schema only, no data)",
    # the public knowledge platform (issue 18): published items only, drafts answer 404 (their title is a marker)
    "knowledge:index": "the public knowledge platform's list and search (published items only)",
    "knowledge:item": "a published item of the knowledge platform (anything unpublished answers 404)",
    "knowledge:feed": "the Atom feed of the newest published items",
    "sitemap": "the sitemap of the public pages for search engines (published items only)",
    "api:openapi-view": "the browsable API documentation (schema only, no data)",
    **{n: "a permanent redirect from the app's old name (/knowledge/) to the same path under /insights/: no data"
       for n in ("moved_insights_root", "moved_insights", "moved_insights_api")},
    "api:submit": "anonymous scan submission: the access code in the path is the credential",
    # sign-in (django-allauth and core.invitations)
    "account_login": "the login form (allauth's own address; /login/ is the same view)",
    "account_logout": "signing out is harmless",
    "account_inactive": "says the account is inactive (no data)",
    "account_signup": "answers that sign-up is closed",
    "account_reset_password": "requesting a reset link; answers the same for unknown addresses",
    "account_reset_password_done": "'check your e-mail' page",
    "account_reset_password_from_key": "the reset link's page; the key in the path is the credential",
    "account_reset_password_from_key_done": "'password changed' page",
    "account_email_verification_sent": "'check your e-mail' page",
    "account_confirm_email": "the verification link's page; the key in the path is the credential",
    "account_confirm_login_code": "the sign-in code step (redirects when no sign-in is pending)",
    "mfa_authenticate": "the second-factor step of a pending sign-in (redirects when none is pending)",
    "mfa_login_webauthn": "passkey sign-in",
    "socialaccount_login_cancelled": "'sign-in cancelled' page of single sign-on",
    "socialaccount_login_error": "'sign-in failed' page of single sign-on",
    "socialaccount_signup": "answers that sign-up is closed",
    "openid_connect_login": "starts single sign-on at the identity provider",
    "openid_connect_callback": "the identity provider's answer (refused without a valid state)",
    "accept_invitation": "the invitation link's page; the token in the path is the credential",
    # WerkWijzer's group sessions: phones vote without an account; the session's code is the key, and the
    # pages show only the case's question, its answers and the counts (no sector or personal data)
    "werkwijzer_phone:enter": "the code form of a WerkWijzer group session (phones join without an account)",
    "werkwijzer_phone:phone": "the session code in the path is the phone's key: shows the question to vote on",
    "werkwijzer_phone:vote": "the session code in the path is the phone's key: one anonymous vote per phone",
    "werkwijzer_phone:live": "the session code in the path is the phone's key: answers 'changed' or 'not changed'",
}

#: Public pages opened with a sector-A access code: the code holder may see whose scan it is.
CODE_HOLDER_PAGES = {"respondent:questionnaire", "respondent:autosave", "actions:feedback_answer", "api:submit"}

#: Text that only sector-A (vormdc) pages contain; another sector's user may never see it.
SECTOR_A_MARKERS = ["Poetsplus", "Huishoudhulp Noord", "VORMDC-2021-2022", "Werkbaar werk voor huishoudhulpen",
                    "Net &amp; Fris", "Net & Fris"]


def _one(**kw):
    return [kw]


#: URL name -> function(ctx) -> list of kwargs (one request per kwargs). ``ctx`` is the demo context.
PARAMS = {
    # core
    "home": lambda c: [{}], "login": lambda c: [{}], "logout": lambda c: [{}], "set_language": lambda c: [{}],
    "healthz": lambda c: [{}],
    # the public knowledge platform: a published item of sector A, its draft, an address that does not exist
    "knowledge:index": lambda c: [{}], "knowledge:feed": lambda c: [{}], "sitemap": lambda c: [{}],
    "knowledge:item": lambda c: [{"slug": c["knowledge_item"].slug}, {"slug": c["knowledge_draft"].slug},
                                 {"slug": "no-such-item"}],
    # core: adding an organisation from the enterprise register; an organisation's bank account (Poetsplus)
    "organisation_add": lambda c: [{}], "register_search": lambda c: [{}],
    "bank_account": lambda c: [{"pk": c["closed_campaign"].organisation_id}, {"pk": 10**9}],
    # the sector page (core.sector_page) and the old addresses of its tabs
    "moved_insights_root": lambda c: [{}],
    **{n: (lambda c: [{"rest": f"campaigns/{c['closed_campaign'].pk}/report/"}, {"rest": "bogus/"}])
       for n in ("moved_insights", "moved_insights_api")},
    "sector_index": lambda c: [{}], "moved_sector_view_list": lambda c: [{}],
    "moved_sector_view_list_knowledge": lambda c: [{}], "moved_rollup_list": lambda c: [{}],
    "sector_page": lambda c: [{"code": "vormdc"}, {"code": "bogus"}],
    "sector_tab": lambda c: [{"code": "vormdc", "tab": t} for t in ("workability", "actions", "bogus")],
    **{n: (lambda c: [{"code": "vormdc"}, {"code": "bogus"}]) for n in ("moved_sector_view", "moved_rollup", "moved_sector_view_knowledge")},
    # sign-in (django-allauth and core.invitations)
    **{name: (lambda c: [{}]) for name in (
        "account_login", "account_logout", "account_inactive", "account_signup", "account_reauthenticate",
        "account_request_reauthentication_code", "account_confirm_reauthentication_code", "account_email",
        "account_email_verification_sent", "account_change_password", "account_set_password",
        "account_reset_password", "account_confirm_login_code", "account_reset_password_from_key_done",
        "account_reset_password_done", "mfa_index", "mfa_authenticate", "mfa_reauthenticate",
        "mfa_activate_totp", "mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes", "mfa_list_webauthn", "mfa_add_webauthn", "mfa_reauthenticate_webauthn",
        "mfa_login_webauthn", "socialaccount_login_cancelled", "socialaccount_login_error",
        "socialaccount_signup", "socialaccount_connections")},
    "account_confirm_email": lambda c: [{"key": "not-a-key"}],
    "account_reset_password_from_key": lambda c: [{"uidb36": "1", "key": "not-a-key"}],
    "mfa_remove_webauthn": lambda c: [{"pk": 1}], "mfa_edit_webauthn": lambda c: [{"pk": 1}],
    "openid_connect_login": lambda c: [{"provider_id": "nope"}],
    "openid_connect_callback": lambda c: [{"provider_id": "nope"}],
    "accept_invitation": lambda c: [{"uidb64": "MQ", "token": "not-a-token"}],
    # respondent
    "respondent:enter": lambda c: [{}],
    "respondent:thanks": lambda c: [{"token": "not-a-token"}],
    "respondent:questionnaire": lambda c: [{"code": c["access_code"]}, {"code": "XXXX-NOPE"}],
    "respondent:autosave": lambda c: [{"code": c["access_code"]}, {"code": "XXXX-NOPE"}],
    # covenants
    "covenants:list": lambda c: [{}], "covenants:create": lambda c: [{}], "covenants:import": lambda c: [{}],
    "covenants:detail": lambda c: _one(pk=c["cov"].pk),
    "covenants:edit": lambda c: _one(pk=c["cov"].pk),
    "covenants:delete": lambda c: _one(pk=c["cov"].pk),
    "covenants:step": lambda c: [{"pk": c["cov"].pk, "name": n} for n in (
        "approve_board", "end", "give_notice", "terminate", "bogus")],
    "covenants:export": lambda c: [{"pk": c["cov"].pk, "fmt": f} for f in ("yaml", "xlsx", "exe")],
    "covenants:indicator": lambda c: _one(pk=c["cov"].pk, priority_pk=c["prio"].pk),
    "covenants:effort_new": lambda c: _one(pk=c["cov"].pk),
    "covenants:effort_edit": lambda c: _one(pk=c["cov"].pk, effort_pk=1),
    "covenants:effort_delete": lambda c: _one(pk=c["cov"].pk, effort_pk=1),
    "covenants:shortfall_new": lambda c: _one(pk=c["cov"].pk),
    "covenants:absence_new": lambda c: _one(pk=c["cov"].pk, consultant_pk=c["consultant"].pk),
    "covenants:part_new": lambda c: [{"pk": c["cov"].pk, "kind": k} for k in c["cov_parts"]] + [
        {"pk": c["cov"].pk, "kind": "bogus"}],
    "covenants:part_edit": lambda c: [{"pk": c["cov"].pk, "kind": k, "part_pk": pk} for k, pk in c["cov_parts"].items()],
    "covenants:part_delete": lambda c: [{"pk": c["cov"].pk, "kind": k, "part_pk": pk}
                                        for k, pk in c["cov_parts"].items()],
    "covenants:tab": lambda c: [{"pk": c["cov"].pk, "tab": t} for t in (
        "priorities", "actions", "addenda", "consultants", "settlement", "history", "bogus")],
    "covenants:nondiscrimination": lambda c: [{}],
    "covenants:addendum_process": lambda c: [{"pk": c["cov"].pk, "addendum_pk": a.pk}
                                             for a in (c["nd_addendum"], c["dual_addendum"])],
    "covenants:phase_edit": lambda c: [{"pk": c["cov"].pk, "addendum_pk": c["nd_addendum"].pk, "phase": p}
                                       for p in ("baseline", "risk_analysis", "bogus")],
    "covenants:phase_step": lambda c: [{"pk": c["cov"].pk, "addendum_pk": c["nd_addendum"].pk, "phase": "follow_up",
                                        "name": n} for n in ("start", "complete", "waive", "approve", "return", "bogus")],
    "covenants:phase_evidence": lambda c: _one(pk=c["cov"].pk, addendum_pk=c["nd_addendum"].pk, phase="risk_analysis"),
    "covenants:dual_figure_new": lambda c: [{"pk": c["cov"].pk, "addendum_pk": a.pk}
                                            for a in (c["dual_addendum"], c["nd_addendum"])],
    "covenants:dual_figure_edit": lambda c: _one(pk=c["cov"].pk, addendum_pk=c["dual_addendum"].pk,
                                                 figure_pk=c["dual_figure"].pk),
    "covenants:dual_figure_delete": lambda c: _one(pk=c["cov"].pk, addendum_pk=c["dual_addendum"].pk,
                                                   figure_pk=c["dual_figure"].pk),
    # reporting
    "reporting:report_list": lambda c: [{}], "reporting:todo": lambda c: [{}],
    "reporting:portfolio": lambda c: [{}], "reporting:reach": lambda c: [{}], "reporting:templates": lambda c: [{}],
    "reporting:template_new_version": lambda c: _one(pk=c["template"].pk),
    "reporting:export": lambda c: [{"what": w, "fmt": f} for w in ("portfolio", "indicator-values", "bogus")
                                   for f in ("csv", "xlsx", "exe")],
    "reporting:covenant_reports": lambda c: _one(code=c["cov"].code),
    "reporting:advance_new": lambda c: _one(code=c["cov"].code),
    "reporting:advance_edit": lambda c: _one(code=c["cov"].code, advance_pk=1),
    "reporting:advance_step": lambda c: [{"code": c["cov"].code, "advance_pk": 1, "name": n} for n in ("pay", "bogus")],
    "reporting:indicator": lambda c: _one(pk=c["indicator"].pk),
    "reporting:extension_decide": lambda c: [{"pk": c["extension"].pk, "name": n} for n in ("grant", "bogus")],
    "reporting:report_detail": lambda c: _one(pk=c["report"].pk),
    "reporting:report_edit": lambda c: [{"pk": c["report"].pk}, {"pk": c["draft_report"].pk}],
    "reporting:report_prefill": lambda c: [{"pk": c["report"].pk}, {"pk": c["draft_report"].pk}],
    "reporting:report_step": lambda c: [{"pk": c["report"].pk, "name": n} for n in ("resubmit", "approve", "bogus")]
    + [{"pk": c["draft_report"].pk, "name": "submit"}],
    "reporting:version": lambda c: [{"pk": c["report"].pk, "number": 1}, {"pk": c["report"].pk, "number": 99}],
    "reporting:version_pdf": lambda c: _one(pk=c["report"].pk, number=1),
    "reporting:diff": lambda c: _one(pk=c["report"].pk),
    "reporting:evidence_upload": lambda c: [{"pk": c["draft_report"].pk, "section": s}
                                            for s in (c["evidence_section"], "bogus")],
    "reporting:evidence_download": lambda c: _one(pk=c["draft_report"].pk, evidence_pk=c["evidence"].pk),
    "reporting:extension_request": lambda c: _one(pk=c["draft_report"].pk),
    "reporting:due_date": lambda c: _one(pk=c["draft_report"].pk),
    "reporting:evaluate": lambda c: _one(pk=c["report"].pk),
    "reporting:letter": lambda c: _one(pk=c["report"].pk),
    "reporting:remark_add": lambda c: [{"pk": c["report"].pk, "section": s} for s in (c["report_section"], "bogus")],
    "reporting:interim": lambda c: [{"pk": c["report"].pk}, {"pk": c["draft_report"].pk}],
    "reporting:interim_step": lambda c: [{"pk": c["report"].pk, "name": n} for n in ("share", "mark_read", "bogus")],
    "reporting:followup": lambda c: _one(code=c["cov"].code),
    "reporting:meeting_new": lambda c: _one(code=c["cov"].code),
    "reporting:meeting": lambda c: _one(pk=c["followup_meeting"].pk),
    "reporting:meeting_file": lambda c: _one(pk=c["followup_meeting"].pk),
    "reporting:meeting_step": lambda c: [{"pk": c["followup_meeting"].pk, "name": n} for n in ("hold", "cancel", "bogus")],
    "reporting:signals": lambda c: [{}], "reporting:signal_new": lambda c: [{}],
    "reporting:signal_step": lambda c: [{"pk": c["signal"].pk, "name": n} for n in ("close", "reopen", "bogus")],
    # payment files (department only): the file holds a payment to Poetsplus
    "reporting:payments": lambda c: [{}], "reporting:payments_export": lambda c: [{}],
    "reporting:payment_file": lambda c: [{"pk": c["payment_file"].pk, "fmt": f} for f in ("xml", "csv", "xlsx", "exe")],
    "reporting:payment_file_reexport": lambda c: _one(pk=c["payment_file"].pk),
    # scans
    "scans:campaign_list": lambda c: [{}], "scans:campaign_create": lambda c: [{}],
    "scans:instrument_list": lambda c: [{}], "scans:instrument_upload": lambda c: [{}],
    "scans:campaign_detail": lambda c: [{"pk": c["campaign"].pk}, {"pk": c["closed_campaign"].pk}],
    "scans:campaign_edit": lambda c: _one(pk=c["campaign"].pk),
    "scans:campaign_close": lambda c: _one(pk=c["campaign"].pk),
    "scans:codes_create": lambda c: _one(pk=c["campaign"].pk),
    "scans:codes_pdf": lambda c: _one(pk=c["campaign"].pk, batch=1),
    "scans:export": lambda c: [{"pk": c["campaign"].pk}, {"pk": c["closed_campaign"].pk}],
    "scans:import": lambda c: _one(pk=c["campaign"].pk),
    "scans:import_template": lambda c: _one(pk=c["campaign"].pk),
    # actions
    # WerkWijzer's case player (public; a known case and an unknown one)
    "werkwijzer:cases": lambda c: [{}],
    "werkwijzer:case": lambda c: [{"key": "domestic-helper-back-pain"}, {"key": "no-such-case"}],
    "actions:menu": lambda c: [{}], "actions:menu_add": lambda c: [{}], "actions:curation": lambda c: [{}],
    "actions:plans": lambda c: [{}], "actions:plan_create": lambda c: [{}], "actions:feedback_entry": lambda c: [{}],
    "actions:rollup": lambda c: [{}],
    "actions:menu_detail": lambda c: _one(pk=c["sector_action"].pk),
    "actions:menu_edit": lambda c: _one(pk=c["sector_action"].pk),
    "actions:menu_history": lambda c: _one(pk=c["sector_action"].pk),
    "actions:plan_detail": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_edit": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_follow_up_create": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_history": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_transition": lambda c: [{"pk": c["plan"].pk, "name": n} for n in ("discuss", "approve", "bogus")],
    "actions:plan_suggestions": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_evaluation": lambda c: _one(pk=c["plan"].pk),
    "actions:plan_export": lambda c: [{"pk": c["plan"].pk, "fmt": f} for f in ("xlsx", "pdf", "exe")],
    "actions:item_add": lambda c: _one(pk=c["plan"].pk),
    "actions:item_edit": lambda c: _one(pk=c["plan"].pk, item_pk=c["item"].pk),
    "actions:item_delete": lambda c: _one(pk=c["plan"].pk, item_pk=c["item"].pk),
    "actions:item_progress": lambda c: _one(pk=c["plan"].pk, item_pk=c["item"].pk),
    "actions:feedback_create": lambda c: _one(pk=c["plan"].pk, item_pk=c["item"].pk),
    "actions:feedback_detail": lambda c: _one(pk=c["plan"].pk, round_pk=c["round"].pk),
    "actions:feedback_codes_pdf": lambda c: _one(pk=c["plan"].pk, round_pk=c["round"].pk),
    "actions:meeting_add": lambda c: _one(pk=c["plan"].pk),
    "actions:meeting_minutes": lambda c: _one(pk=c["plan"].pk, meeting_pk=c["meeting"].pk),
    "actions:comment_add": lambda c: _one(pk=c["plan"].pk),
    # knowledge (issue 18): proposing a plan, a network's outcome or a covenant action as a good practice
    "knowledge:propose": lambda c: [{"origin": "action_plan", "pk": c["plan"].pk},
                                    {"origin": "network", "pk": c["network"].pk},
                                    {"origin": "covenant_action", "pk": c["cov_parts"]["actions"]},
                                    {"origin": "bogus", "pk": c["plan"].pk}],
    "actions:feedback_answer": lambda c: [{"code": c["feedback_code"]}, {"code": "NOPE"}],
    "actions:rollup_sector": lambda c: _one(code="vormdc"),
    # networks
    "networks:list": lambda c: [{}], "networks:create": lambda c: [{}], "networks:methods": lambda c: [{}],
    "networks:proposals": lambda c: [{}],
    "networks:method": lambda c: [{"code": "six-hats"}, {"code": "bogus"}],
    "networks:proposal_step": lambda c: [{"mid": c["proposal"].pk, "name": n} for n in ("accept", "bogus")],
    **{f"networks:{n}": (lambda c: _one(pk=c["network"].pk)) for n in (
        "detail", "edit", "history", "participants", "participant_add", "intake_overview", "sessions",
        "session_add", "network_ics", "board", "idea_add", "evaluation", "report", "report_pdf", "report_xlsx")},
    "networks:step": lambda c: [{"pk": c["network"].pk, "name": n} for n in ("start", "close", "bogus")],
    **{f"networks:{n}": (lambda c: _one(pid=c["participant"].pk)) for n in (
        "participant_edit", "participant_remove", "intake")},
    **{f"networks:{n}": (lambda c: _one(sid=c["session"].pk)) for n in (
        "session", "session_edit", "session_cancel", "attendance", "session_ics")},
    "networks:idea_support": lambda c: [{"iid": c["idea"].pk, "kind": k} for k in ("vote", "commit", "bogus")],
    "networks:idea_move": lambda c: _one(iid=c["idea"].pk),
    "networks:idea_outcome": lambda c: [{"iid": c["idea"].pk, "kind": k} for k in (
        "commitment", "menu", "policy", "bogus")],
    "networks:idea_step": lambda c: [{"iid": c["idea"].pk, "name": n} for n in ("commit", "set_aside", "bogus")],
    "networks:follow_up_toggle": lambda c: _one(fid=c["follow_up"].pk),
    # insights
    "insights:reports": lambda c: [{}], "insights:sectors": lambda c: [{}],
    **{f"insights:{n}": (lambda c: _one(pk=c["closed_campaign"].pk)) for n in ("report", "report_pdf", "report_xlsx")},
    "insights:job": lambda c: _one(pk=c["job"].pk),
    **{f"insights:{n}": (lambda c: [{"code": "vormdc"}, {"code": "bogus"}]) for n in (
        "sector", "sector_xlsx", "sector_pdf")},
    # API (ninja); ninja path parameters are plain strings: also try garbage
    "api:api-root": lambda c: [{}], "api:openapi-json": lambda c: [{}], "api:openapi-view": lambda c: [{}],
    "api:list_covenants": lambda c: [{}], "api:list_reports": lambda c: [{}], "api:indicator_values": lambda c: [{}],
    "api:menu": lambda c: [{}], "api:list_networks": lambda c: [{}],
    "api:covenant_detail": lambda c: [{"code": c["cov"].code}, {"code": "NOPE"}],
    "api:covenant_settlement": lambda c: [{"code": c["cov"].code}, {"code": "NOPE"}],
    "api:settlement": lambda c: [{"code": c["cov"].code}, {"code": "NOPE"}],
    "api:get_report": lambda c: [{"report_id": c["report"].pk}, {"report_id": "abc"}, {"report_id": 10**12}],
    "api:put_content": lambda c: [{"report_id": c["draft_report"].pk}, {"report_id": "abc"}],
    "api:submit": lambda c: [{"code": c["access_code"]}, {"code": "NOPE"}],
    "api:menu_action": lambda c: [{"key": c["sector_action"].key}, {"key": "nope"}],
    **{f"api:{n}": (lambda c: [{"network_id": c["network"].pk}, {"network_id": "abc"}, {"network_id": 999999}])
       for n in ("get_network", "list_sessions", "attendance", "board")},
    "api:campaign_result": lambda c: [{"campaign_id": c["closed_campaign"].pk}, {"campaign_id": "abc"}],
    "api:sector_aggregate": lambda c: [{"code": "vormdc"}, {"code": "bogus"}],
    "api:job_status": lambda c: [{"job_id": c["job"].pk}, {"job_id": "abc"}],
    "api:import_responses": lambda c: [{"campaign_id": c["closed_campaign"].pk}, {"campaign_id": "abc"}],
    # API tokens and webhooks on the profile (another user's or a missing object: never found)
    "api_access:tokens": lambda c: [{}], "api_access:webhooks": lambda c: [{}],
    **{f"api_access:{n}": (lambda c: [{"pk": 1}, {"pk": 10**9}])
       for n in ("token_revoke", "webhook", "webhook_edit", "webhook_active", "webhook_delete")},
    # fund: the Vorm DC call and Poetsplus's applications (the paid one has a decision letter; the draft a quote)
    "knowledge:finder": lambda c: [{}],
    "fund:index": lambda c: [{}], "fund:call_create": lambda c: [{}],
    "fund:payments_export": lambda c: [{"fmt": "csv"}, {"fmt": "xlsx"}, {"fmt": "bogus"}],
    **{f"fund:{n}": (lambda c: [{"pk": c["fund_call"].pk}, {"pk": 10**9}]) for n in ("call", "call_edit", "apply")},
    **{f"fund:{n}": (lambda c: [{"pk": c["fund_draft"].pk}, {"pk": c["fund_paid"].pk}]) for n in (
        "application", "preview", "comment", "conflict", "review", "decide", "final_report", "pay", "letter",
        "quote_upload")},
    "fund:step": lambda c: [{"pk": c["fund_draft"].pk, "name": n} for n in ("submit", "withdraw", "bogus")],
    "fund:quote": lambda c: [{"pk": c["fund_draft"].pk, "quote_pk": c["fund_quote"].pk}],
    # fieldwork: a contact of the Vorm DC consultant (demo)
    "fieldwork:mine": lambda c: [{}], "fieldwork:log": lambda c: [{}], "fieldwork:search": lambda c: [{}],
    "fieldwork:overview": lambda c: [{}], "api:fieldwork_contacts": lambda c: [{}], "api:fieldwork_counts": lambda c: [{}],
    "fieldwork:members": lambda c: [{}], "fieldwork:cross_workability": lambda c: [{}],
    "fieldwork:cross_themes": lambda c: [{}], "fieldwork:cross_reach": lambda c: [{}],
    "fieldwork:tags": lambda c: [{"pk": c["cov"].pk}, {"pk": 10**9}],
    "fieldwork:revoke": lambda c: [{"pk": c["partner_membership"].pk}, {"pk": 10**9}],
    "fieldwork:comments": lambda c: [{"pk": c["draft_report"].pk}, {"pk": c["report"].pk}, {"pk": 10**9}],
    **{f"fieldwork:{n}": (lambda c: [{"pk": c["contact"].pk}, {"pk": 10**9}]) for n in ("edit", "delete", "done")},
    "api:list_calls": lambda c: [{}], "api:list_applications": lambda c: [{}], "api:list_payments": lambda c: [{}],
    **{f"api:{n}": (lambda c: [{"call_id": c["fund_call"].pk}, {"call_id": "abc"}]) for n in ("get_call", "call_figures")},
    **{f"api:{n}": (lambda c: [{"application_id": c["fund_paid"].pk}, {"application_id": "abc"}]) for n in (
        "get_application", "get_assessment", "post_decision", "application_payments")},
    # knowledge: the editor pages, filled with an item owned by sector A (vormdc) in review, with one version
    "knowledge:editor": lambda c: [{}],
    "knowledge:editor_create": lambda c: [{"kind": k} for k in ("tool", "measure", "bogus")],
    **{f"knowledge:{n}": (lambda c: [{"pk": c["knowledge_editor_item"].pk}, {"pk": 10**9}])
       for n in ("editor_edit", "editor_preview", "editor_history")},
    "knowledge:editor_step": lambda c: [{"pk": c["knowledge_editor_item"].pk, "name": n} for n in (
        "publish", "return", "bogus")],
    **{f"knowledge:{n}": (lambda c: [{"pk": c["knowledge_editor_item"].pk, "number": 1},
                                     {"pk": c["knowledge_editor_item"].pk, "number": 99}])
       for n in ("editor_version", "editor_restore")},
    # privacy: the own account (no object), organisation export and erasure (Poetsplus)
    **{f"privacy:{n}": (lambda c: [{}]) for n in ("account", "account_export", "account_delete", "organisations")},
    **{f"privacy:{n}": (lambda c: [{"pk": c["closed_campaign"].organisation_id}, {"pk": 10**9}])
       for n in ("organisation", "organisation_export", "organisation_erase")},
    # WerkWijzer's facilitator mode: a group session run by the sector staff of vormdc (anyone else: 404);
    # the phones' pages at /w/ take the session's code (or an unknown one)
    "werkwijzer:sessions": lambda c: [{}],
    **{f"werkwijzer:{n}": (lambda c: [{"pk": c["ww_session"].pk}, {"pk": 10**9}])
       for n in ("session", "session_live", "session_step", "session_summary")},
    "werkwijzer_phone:enter": lambda c: [{}],
    **{f"werkwijzer_phone:{n}": (lambda c: [{"code": c["ww_session"].code}, {"code": "NOPE"}, {"code": "ACDEFG"}])
       for n in ("phone", "vote", "live")},
}

#: URLs whose kwargs do NOT name a sector-A object (lists, dashboards, public data): another sector's
#: user may get 200 there, but the page may not show sector-A data.
NO_OBJECT = {"networks:method", "reporting:export", "respondent:thanks", "api:openapi-json", "api:openapi-view",
             "api:api-root", "healthz", "organisation_add", "register_search",
             # the public knowledge platform: a published item is for everyone (its draft is a marker)
             "knowledge:item",
             # a new knowledge item of a content type (the form offers the user's own sectors only)
             "knowledge:editor_create",
             # redirects to the sector page (no data; the page they lead to refuses another sector)
             "moved_sector_view", "moved_rollup", "moved_sector_view_knowledge", "moved_insights_root", "moved_insights", "moved_insights_api",
             # a passkey id: allauth looks it up among the signed-in user's own keys only (no sector data)
             "mfa_remove_webauthn", "mfa_edit_webauthn"}

ROUTES = all_routes()
ROUTE_BY_NAME = {name: route for route, name in ROUTES}


def _fill(route: str, kwargs: dict) -> str:
    def sub(m):
        return str(kwargs[m.group(2)])
    # re_path routes (allauth): (?P<name>...) groups, without the anchors.
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route).replace("^", "").replace("$", "")
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sub, route)


# --- demo data, once per module -----------------------------------------------------------------


def _demo_context(stdout=None):
    from werkbaar.actions.models import Action, ActionPlan, DialogueMeeting, FeedbackCode, FeedbackRound
    from werkbaar.core.models import Membership, Organisation, Sector, User
    from werkbaar.core.roles import Role
    from werkbaar.covenants.models import Addendum, Covenant, Signatory
    from werkbaar.insights.models import AnalysisJob, JobStatus
    from werkbaar.networks.models import Commitment, FollowUp, Idea, MenuProposal, Network, Participant
    from werkbaar.reporting.models import EvidenceFile, ExtensionRequest, Report, ReportTemplate
    from werkbaar.reporting.template_spec import sections_for
    from werkbaar.scans.models import AccessCode, Campaign, CampaignStatus, UsedCode, code_hash

    call_command("loaddemo", stdout=stdout or open("/dev/null", "w"))
    vormdc, constructiv = Sector.objects.get(code="vormdc"), Sector.objects.get(code="constructiv")
    poetsplus = Organisation.objects.get(name="Poetsplus Dienstencheques bv")
    ploeg = Organisation.objects.get(name="Bouwbedrijf De Ploeg nv")

    def user(username, role, sector=None, organisation=None):
        u, _ = User.objects.get_or_create(username=username)
        Membership.objects.get_or_create(user=u, role=role, sector=sector, organisation=organisation)
        return u

    users = {
        "anonymous": None,
        "other_sector_staff": user("sweep.constructiv", Role.SECTOR_STAFF, sector=constructiv),
        "other_company_admin": user("sweep.ploeg", Role.COMPANY_ADMIN, sector=constructiv, organisation=ploeg),
        "same_sector_company_admin": user("sweep.huishoudhulp", Role.COMPANY_ADMIN, sector=vormdc,
                                          organisation=Organisation.objects.get(name="Huishoudhulp Noord vzw")),
        "owner_sector_staff": User.objects.get(username="sector.vormdc"),
        "owner_company_admin": User.objects.get(username="company.poetsplus"),
        # issue 17: read-only roles. A social partner of another sector and a SERV adviser (no sector) are
        # refused sector-A objects like anyone outside the sector; the social partner of sector A reads but
        # may change nothing (test_read_only_roles_change_nothing).
        "other_social_partner": user("sweep.partner.constructiv", Role.SOCIAL_PARTNER, sector=constructiv),
        "serv_adviser": user("sweep.serv", Role.SERV_ADVISER),
        "owner_social_partner": user("sweep.partner.vormdc", Role.SOCIAL_PARTNER, sector=vormdc),
    }
    cov = Covenant.objects.get(code="VORMDC-2021-2022")
    prio = cov.priorities.order_by("pk").first()
    consultant = cov.consultants.order_by("pk").first()
    addendum = cov.addenda.order_by("pk").first() or Addendum.objects.filter(covenant=cov).first()
    parts = {
        "signatories": Signatory.objects.filter(covenant=cov).order_by("pk").first(),
        "priorities": prio,
        "actions": prio.actions.order_by("pk").first(),
        "addenda": addendum,
        "consultants": consultant,
        "absences": consultant.absences.order_by("pk").first(),
    }
    reports = Report.objects.filter(covenant=cov)
    report = reports.filter(versions__isnull=False).distinct().order_by("pk").first()
    draft = reports.filter(status="draft").order_by("pk").first()
    section = next((s.key for s in sections_for(draft) if s.evidence), "bogus")
    evidence = EvidenceFile.objects.create(report=draft, section=section, name="evidence.pdf",
                                           file=ContentFile(b"%PDF-1.4 sweep", name="evidence.pdf"))
    extension = ExtensionRequest.objects.filter(report__covenant=cov).order_by("pk").first()
    from werkbaar.reporting import followup as reporting_followup

    followup_meeting = reporting_followup.plan_meeting(
        cov, None, kind="intervision", date=datetime.date.today(), participants=["Sweep"], minutes="Sweep minutes.",
        minutes_file=ContentFile(b"%PDF-1.4 sweep", name="minutes.pdf"))
    signal = reporting_followup.log_signal(cov.sector, None, date=datetime.date.today(), kind="concern",
                                           severity="high", note="Sweep signal about Poetsplus.")

    campaign = Campaign.objects.filter(organisation=poetsplus, status=CampaignStatus.ACTIVE).order_by("pk").first()
    closed = Campaign.objects.filter(organisation=poetsplus, status=CampaignStatus.CLOSED).order_by("pk").first()
    used = set(UsedCode.objects.values_list("code_hash", flat=True))
    access_code = next(c.code for c in AccessCode.objects.filter(campaign=campaign).order_by("code")
                       if code_hash(c.code) not in used)

    plan = ActionPlan.objects.filter(organisation=poetsplus).order_by("pk").first()
    item = plan.items.order_by("pk").first()
    today = datetime.date.today()
    round_ = FeedbackRound.objects.create(item=item, opens_on=today - datetime.timedelta(days=1),
                                          closes_on=today + datetime.timedelta(days=20))
    FeedbackCode.objects.create(round=round_, code="SWEEPCODE1")

    network = Network.objects.filter(sector=vormdc).order_by("pk").first()
    ideas = list(Idea.objects.filter(network=network).order_by("pk"))
    commitment = Commitment.objects.create(idea=ideas[0], description="sweep")
    follow_up = FollowUp.objects.create(commitment=commitment, due=today)
    proposal = MenuProposal.objects.create(idea=ideas[1], network=network, title="sweep", description="sweep",
                                           theme=ideas[1].theme)
    sector_action = Action.objects.filter(sector=vormdc).order_by("pk").first()
    Action.objects.filter(pk=sector_action.pk).update(visibility=Action.Visibility.SECTOR)
    job = AnalysisJob.objects.create(key=f"campaign:{closed.pk}", campaign=closed, status=JobStatus.DONE,
                                     progress=100)
    from werkbaar.fund.models import Application as FundApplication
    from werkbaar.fund.models import Quote

    fund_apps = FundApplication.objects.filter(organisation=poetsplus).order_by("pk")
    fund_draft, fund_paid = fund_apps.get(status="draft"), fund_apps.get(status="paid")
    fund_quote = Quote.objects.create(application=fund_draft, name="q.pdf", file=ContentFile(b"%PDF-1.4", name="q.pdf"))
    from werkbaar.covenants.models import Addendum, DualLearningFigure

    nd_addendum = cov.addenda.get(kind="non_discrimination")
    phase = nd_addendum.phases.get(phase="risk_analysis")
    phase.evidence_name = "risk.pdf"
    phase.evidence_file.save("risk.pdf", ContentFile(b"%PDF-1.4"), save=True)
    dual_addendum = Addendum.objects.create(covenant=cov, kind="dual_learning", title="Duaal leren (sweep)")
    dual_figure = DualLearningFigure.objects.create(addendum=dual_addendum, period_start=cov.start,
                                                    period_end=cov.end, workplaces=12)
    from werkbaar.reporting.payment_files import PaymentExport, PaymentExportLine

    paid = fund_paid.payments.filter(amount_eur__gt=0).order_by("pk").first()
    payment_file = PaymentExport.objects.create(execution_date=today, message_id="sweep", count=1,
                                                total_eur=paid.amount_eur, content=b"<Document/>", checksum="0" * 64)
    PaymentExportLine.objects.create(export=payment_file, fund_payment=paid, kind=f"fund_{paid.kind}",
                                     beneficiary="Poetsplus", iban="BE68539007547034", bic="GKCCBEBB",
                                     amount_eur=paid.amount_eur, end_to_end_id="sweep", communication="sweep")
    from django.utils import timezone

    from werkbaar.fieldwork.models import Contact
    from werkbaar.knowledge.models import Item
    from werkbaar.knowledge.models import Status as ItemStatus

    knowledge_item = Item.objects.create(kind="good_practice", slug="sweep-published", title_nl="Gepubliceerde sweep",
                                         summary_nl="x", owner_sector=vormdc, published_at=timezone.now())
    knowledge_draft = Item.objects.create(kind="good_practice", slug="sweep-draft", title_nl="Sweep-ontwerp vormdc",
                                          summary_nl="x", owner_sector=vormdc)
    Item.objects.filter(pk=knowledge_item.pk).update(status=ItemStatus.PUBLISHED)

    from werkbaar.knowledge.werkwijzer import data as werkwijzer_data
    from werkbaar.knowledge.werkwijzer import facilitator_sessions

    ww_session = facilitator_sessions.start(users["owner_sector_staff"], next(iter(werkwijzer_data.cases().values())),
                                            "nl")

    from werkbaar.knowledge.versions import record as record_version

    knowledge_editor_item = Item.objects.create(
        kind="tool", slug="sweep-vormdc-tool", title_nl="Sweep kennisitem van Vorm DC", summary_nl="Sweep.",
        link="https://example.org", status="in_review", owner_sector=vormdc,
        owner=users["owner_sector_staff"], submitted_by=users["owner_sector_staff"])
    record_version(knowledge_editor_item, users["owner_sector_staff"], "sweep")

    return {
        "ww_session": ww_session, "knowledge_item": knowledge_item, "knowledge_draft": knowledge_draft,
        "knowledge_editor_item": knowledge_editor_item,
        "payment_file": payment_file,
        "contact": Contact.objects.filter(sector=vormdc).order_by("pk").first(),
        "partner_membership": Membership.objects.get(user=users["owner_social_partner"], role=Role.SOCIAL_PARTNER),
        "users": users,
        "cov": cov, "prio": prio, "consultant": consultant, "indicator": prio.indicator,
        "cov_parts": {k: v.pk for k, v in parts.items() if v is not None},
        "template": ReportTemplate.objects.order_by("pk").first(),
        "report": report, "draft_report": draft, "evidence_section": section, "evidence": evidence,
        "extension": extension, "report_section": sections_for(report)[0].key,
        "followup_meeting": followup_meeting, "signal": signal,
        "campaign": campaign, "closed_campaign": closed, "access_code": access_code,
        "sector_action": sector_action,
        "plan": plan, "item": item, "round": round_, "feedback_code": "SWEEPCODE1",
        "meeting": DialogueMeeting.objects.filter(plan=plan).order_by("pk").first(),
        "network": network, "participant": Participant.objects.filter(network=network).order_by("pk").first(),
        "session": network.sessions.order_by("pk").first(), "idea": ideas[2], "follow_up": follow_up,
        "proposal": proposal, "job": job,
        "fund_call": fund_paid.call, "fund_draft": fund_draft, "fund_paid": fund_paid, "fund_quote": fund_quote,
        "nd_addendum": nd_addendum, "dual_addendum": dual_addendum, "dual_figure": dual_figure,
        "markers": SECTOR_A_MARKERS + [sector_action.title_nl, sector_action.key, knowledge_draft.title_nl,
                                       knowledge_editor_item.title_nl],
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data plus a few sector-A objects the demo lacks, rolled back after the module."""
    media = tempfile.TemporaryDirectory()
    overrides = override_settings(MEDIA_ROOT=media.name, WERKBAAR_ANALYSIS_MODE="inline",
                                  PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    overrides.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ctx = _demo_context()
            yield ctx
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.close()
    overrides.disable()
    media.cleanup()


# --- the checks ---------------------------------------------------------------------------------


#: Answers that give nothing away: unauthenticated, forbidden, not found, wrong method, and the API's
#: 400/422 for a malformed path parameter (validation happens before any lookup).
REFUSED = (400, 401, 403, 404, 405, 422)


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302) and settings.LOGIN_URL in response.get("Location", "")


def _client(ctx, who):
    client = Client(raise_request_exception=False)
    if ctx["users"][who] is not None:
        client.force_login(ctx["users"][who])
    return client


def _requests(ctx, name):
    route = ROUTE_BY_NAME[name]
    for kwargs in PARAMS[name](ctx):
        yield _fill(route, kwargs), kwargs


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    ctype = response.get("Content-Type", "")
    if not ctype.startswith(("text/", "application/json")):
        return ""
    return response.content.decode(errors="replace")


def _send(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, data={})


def test_every_url_pattern_is_in_the_sweep():
    missing = sorted(name or route for route, name in ROUTES if name not in PARAMS)
    assert not missing, f"add these URL patterns to PARAMS in {__file__}: {missing}"
    stale = sorted(set(PARAMS) - {name for _r, name in ROUTES})
    assert not stale, f"PARAMS names that no longer exist: {stale}"


NAMES = sorted(name for _route, name in ROUTES if name in PARAMS)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", NAMES)
def test_anonymous(demo, db, name, method):
    client = _client(demo, "anonymous")
    problems = []
    for url, _kw in _requests(demo, name):
        response = _send(client, method, url)
        status = response.status_code
        if status >= 500:
            problems.append(f"{method.upper()} {url} -> {status}")
        elif name in PUBLIC:
            body = _body(response).replace(url, "")
            leaked = [m for m in demo["markers"] if m in body]
            if leaked and name not in CODE_HOLDER_PAGES:
                problems.append(f"{method.upper()} {url} -> {status} shows sector-A data {leaked} to anonymous")
        elif status in REFUSED or _is_login_redirect(response):
            continue
        else:
            problems.append(f"{method.upper()} {url} -> {status} {response.get('Location', '')} for anonymous")
    assert not problems, "\n".join(problems)


def _named_objects(ctx, name) -> bool:
    """Does this URL name a sector-A object (so another sector's user must be refused)?"""
    kwargs_list = PARAMS[name](ctx)
    return any(kwargs for kwargs in kwargs_list) and name not in NO_OBJECT


@pytest.mark.parametrize("who", ["other_sector_staff", "other_company_admin", "other_social_partner", "serv_adviser"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", NAMES)
def test_other_sector(demo, db, name, method, who, request):
    if (name, method) in KNOWN_500:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_500[(name, method)], strict=False))
    client = _client(demo, who)
    problems = []
    object_url = _named_objects(demo, name)
    ctx_markers = demo["markers"]
    sends = [("", lambda u: _send(client, method, u))]
    if method == "post":  # also a "confirmed" POST full of values, as a forged form would send
        sends.append((" (garbage form)", lambda u: client.post(u, GARBAGE_FORM)))
    for (label, send), (url, kwargs) in ((s, r) for r in _requests(demo, name) for s in sends):
        response = send(url)
        status = response.status_code
        url_shown = url + label
        if status >= 500:
            problems.append(f"{method.upper()} {url_shown} -> {status}")
            continue
        body = _body(response).replace(url, "")  # the language form echoes the requested path
        leaked = [m for m in ctx_markers if m in body]
        if leaked:
            at = body.find(leaked[0])
            problems.append(f"{method.upper()} {url_shown} -> {status} shows sector-A data {leaked} to {who}: "
                            f"...{body[max(0, at - 120):at + 60]!r}...")
        if method == "get" and status == 200:
            problems += [f"GET {url} form offers {c} to {who}" for c in _sector_a_choices(response, demo)]
        if object_url and kwargs and name not in PUBLIC and not (
                status in REFUSED or _is_login_redirect(response)):
            if status in (301, 302) and name in REDIRECT_OK:
                continue
            problems.append(f"{method.upper()} {url_shown} -> {status} {response.get('Location', '')} for {who}")
    assert not problems, "\n".join(problems)


#: Form fields that may list every sector or organisation on purpose (reason each).
CHOICES_OK = {
    # a learning network may invite any sector as partner; sector names are public, and choosing one
    # shares the new network with that sector, it reveals nothing of it
    "partner_sectors",
    # the sectors a knowledge item is about (a tag; empty = every sector): naming a sector shares nothing of it
    "sectors",
}


def _sector_a_choices(response, ctx) -> list[str]:
    """Choices of the page's form that are sector-A objects (a forged POST could pick them)."""
    from django import forms as dj_forms

    from werkbaar.core.models import Organisation, Sector

    try:
        form = response.context["form"] if response.context is not None else None
    except KeyError:
        form = None
    if not isinstance(form, dj_forms.BaseForm):
        return []
    vormdc = Sector.objects.get(code="vormdc")
    found = []
    for field_name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or field_name in CHOICES_OK:
            continue
        for obj in queryset[:2000]:
            if isinstance(obj, Sector):
                hit = obj.pk == vormdc.pk
            elif isinstance(obj, Organisation):
                hit = obj.sector_id == vormdc.pk
            elif hasattr(obj, "organisation_id"):
                hit = Organisation.objects.filter(pk=obj.organisation_id, sector=vormdc).exists()
            else:
                hit = getattr(obj, "sector_id", None) == vormdc.pk
            if hit:
                found.append(f"{field_name}={obj}")
                break
    return found


#: URLs of one company's own objects (Poetsplus): its scan campaigns, analysis results, action plan.
COMPANY_SCOPED = sorted(n for n in PARAMS if n.startswith((
    "scans:campaign_detail", "scans:campaign_edit", "scans:campaign_close", "scans:codes", "scans:export",
    "scans:import", "actions:plan_", "actions:item_", "actions:feedback_create", "actions:feedback_detail",
    "actions:feedback_codes_pdf", "actions:meeting_", "actions:comment_add", "insights:report",
    "insights:job", "api:campaign_result", "api:job_status", "fund:application", "fund:preview", "fund:comment",
    "fund:step", "fund:final_report", "fund:letter", "fund:quote", "api:get_application", "api:get_assessment",
    "api:application_payments", "knowledge:propose")) and n != "insights:reports" and n != "actions:plan_create")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", COMPANY_SCOPED)
def test_other_company_of_the_same_sector(demo, db, name, method):
    """The admin of Huishoudhulp Noord (also vormdc) never sees or changes Poetsplus's own objects."""
    client = _client(demo, "same_sector_company_admin")
    problems = []
    for url, _kw in _requests(demo, name):
        for label, response in (("", _send(client, method, url)),) + (
                ((" (garbage form)", client.post(url, GARBAGE_FORM)),) if method == "post" else ()):
            status = response.status_code
            body = _body(response).replace(url, "")
            if status >= 500 or "Poetsplus" in body or not (status in REFUSED or _is_login_redirect(response)):
                problems.append(f"{method.upper()} {url}{label} -> {status} {response.get('Location', '')}")
    assert not problems, "\n".join(problems)


#: Object URLs that answer another sector's user with a harmless redirect (reason each).
REDIRECT_OK: dict[str, str] = {
    **{name: "an old address of a sector tab: redirects to /sector/<code>/<tab>/, which refuses another sector"
       for name in ("actions:rollup_sector", "insights:sector", "moved_sector_view", "moved_rollup")},
}


#: 500s found by the sweep in apps this sweep may not change (reported to their owners).
KNOWN_500: dict[tuple[str, str], str] = {
    # (url name, method): reason. The scans 500s found by the sweep (campaign form, NUL in ?q= on
    # PostgreSQL) were fixed by their owners; keep this for findings in apps the sweep may not change.
}

#: Garbage in the query string and in form fields: filters, pagination, dates, ids, a NUL byte.
GARBAGE_QUERY = ("?page=abc&sort=zzz&order=-bogus&q=%00x&start=notadate&end=2020-02-30&year=abc&status=bogus"
                 "&sector=bo%00gus&organisation=abc&campaign=x&theme=%00&period=bogus&kind=bogus&phase=%00"
                 "&generation=%00&level=9&fmt=x&pk=-1")
GARBAGE_FORM = {
    "confirmed": "1", "page": "x", "name": "x" * 300, "title": "a\x00b", "start": "31-02-2020", "end": "bogus",
    "opens_on": "2020-02-30", "closes_on": "x", "due_date": "2020-02-30", "status": "bogus", "sector": "99999",
    "organisation": "abc", "file": "notafile", "note": "n" * 5000, "number": "-1", "value": "1e999",
    "employee_count": "-5", "code": "../../etc/pa\x00sswd", "q": "\x00", "participants": ["x", "-1"],
    "answers": "{", "language": "xx",
}

#: The same hostile values WITHOUT a NUL byte: the middleware answers 400 to any NUL, so only these reach
#: the views' own form and parameter handling (ids that are not numbers, negative or beyond any integer
#: column, impossible dates, path traversal, lists where one value is expected, long strings, odd unicode).
_HUGE = str(10**30)
_ODD = "\u202eevil\u00b2\ufeff\u200b"
GARBAGE_QUERY_CLEAN = (
    "?page=" + _HUGE + "&sort=zzz&order=-bogus&q=" + "%E2%80%AE%C2%B2" * 400 + "&start=31-02-2020&end=2020-02-30"
    "&year=" + _HUGE + "&status=bogus&status=x&sector=-1&organisation=" + _HUGE + "&campaign=abc&theme=..%2F..%2Fetc%2Fpasswd"
    "&period=%C2%B2&kind=&phase=-1&generation=" + _HUGE + "&level=-9&fmt=x&pk=" + _HUGE + "&lang=xx&priority=-1"
    "&export=%E2%80%AE&nav=x&action=" + _HUGE + "&board_status=bogus&proposal=-1&from_action=" + _HUGE
    + "&columns=x&columns=&a=abc&b=" + _HUGE + "&limit=" + _HUGE + "&offset=-1&session=abc&field=%C2%B2"
    "&indicator=..%2F..&horizon=" + _HUGE + "&scope=x&term=&year_from=-1&year_to=" + _HUGE + "&language=xx"
    "&application=" + _HUGE + "&report=-1&job=abc&covenant=" + _HUGE + "&network=-1&from=31-02-2020&to=bogus"
    "&c=..%2F..&c=" + _HUGE + "&next=%C2%B2")
GARBAGE_FORM_CLEAN = {
    # ids, as a list where one value is expected (a single-choice field reads the last value): beyond any
    # integer column (a multiple choice looks ids up with one IN query, which a non-number would stop
    # before), or not a number, alternately
    **{key: (["-1", _HUGE], ["", "abc"])[n % 2] for n, key in enumerate((
        "organisation", "sector", "participants", "campaign", "specialists", "follow_up_campaign", "session",
        "theme", "joint_committee", "attendee_user", "backup_user", "sector_account", "replaced", "covenant",
        "network", "application", "report", "action", "plan", "item", "meeting", "group", "from_action",
        "proposal", "submitted_by", "facilitators"))},
    **dict.fromkeys((
        "count", "employees", "percent", "year", "min_group_size", "population_size", "order", "fte", "score",
        "amount_eur", "budget_eur", "number", "employee_count"), _HUGE),
    **{key: ("-1", "abc", "", "../../etc/passwd", _ODD)[n % 5] for n, key in enumerate((
        "priority", "effort", "actor", "helped", "more_workable", "level", "horizon",
        "indicator", "instrument", "method", "outcome", "reason", "scope", "term", "kind", "side", "status",
        "recommendation", "decision", "category", "generation", "period", "phase", "sort", "board_status",
        "language", "page"))},
    "confirmed": "1", "name": "x" * 300, "title": "\u202e" + "t" * 1000, "start": "31-02-2020", "end": "bogus",
    "opens_on": "2020-02-30", "closes_on": "-1", "due_date": _HUGE, "requested_due_date": "31-02-2020",
    "granted_on": "9999-99-99", "vesoc_date": "0000-00-00", "held_on": "31-02-2020", "starts_at": "2020-02-30 25:61",
    "ends_at": _HUGE, "closed_on": "bogus", "note": "n" * 5000, "value": "1e999", "code": "../../etc/passwd",
    "q": "\u00b2" * 3000, "file": "notafile",
    "answers": "{", "online_url": "javascript:alert(1)", "enterprise_number": _HUGE, "password": "",
    "yaml_text": "a: [", "spec": "{", "source": "../../etc/passwd", "text": _ODD * 2000,
    "description": "", "motivation": _ODD, "commitments": ["x", "-1", _HUGE], "eligible_categories": ["bogus", ""],
    "actor_tags": [_HUGE], "indicator_tags": ["../../etc/passwd"], "languages": ["xx", ""], "modules": ["-1"],
    "consent_to_quote": "maybe", "confirm_anonymous": _ODD, "field": _ODD, "criteria": "",
    # the addenda processes (issue 14)
    **dict.fromkeys(("tests_count", "workplaces", "quality_workplaces", "company_visits", "recognitions",
                     "mentors_trained"), _HUGE),
    "deadline": "2020-02-30", "period_start": "31-02-2020", "period_end": _HUGE, "domains": ["bogus", _HUGE],
    "evidence_url": "javascript:alert(1)", "key_result": _ODD * 100, "evidence_upload": "notafile",
    "remove_evidence": "maybe",
}


@pytest.mark.parametrize("who", ["owner_sector_staff", "owner_company_admin"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", NAMES)
def test_owner_never_500(demo, db, name, method, who, request):
    """Plain requests and requests with garbage input, as the owners of the data: never a 500."""
    if (name, method) in KNOWN_500:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_500[(name, method)], strict=False))
    client = _client(demo, who)
    problems = []
    for url, _kw in _requests(demo, name):
        if method == "get":
            responses = [(url, client.get(url)), (url + GARBAGE_QUERY, client.get(url + GARBAGE_QUERY)),
                         (url + " (garbage query without NUL)", client.get(url + GARBAGE_QUERY_CLEAN))]
        else:
            responses = [(url, client.post(url, data={})), (url + " (garbage form)", client.post(url, GARBAGE_FORM)),
                         (url + " (garbage form without NUL)", client.post(url, GARBAGE_FORM_CLEAN))]
        for shown, response in responses:
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {shown} -> {response.status_code}")
                import traceback
                exc = getattr(response, "exc_info", None)
                print("".join(traceback.format_exception(*exc)) if exc else "")
    assert not problems, "\n".join(problems)


#: POSTs a read-only role may make: what it writes is its own (a comment on a draft report, the choice of
#: language, signing out), never the sector's data.
READ_ONLY_MAY_POST = {"fieldwork:comments", "set_language", "logout", "account_logout"}


@pytest.mark.parametrize("who", ["owner_social_partner", "serv_adviser"])
@pytest.mark.parametrize("name", NAMES)
def test_read_only_roles_change_nothing(demo, db, name, who):
    """Social partners and SERV advisers read; a POST (empty, garbage, or a forged "confirmed" form) to any
    URL changes nothing: no audit entry in their name, no new or changed covenant, report or contact."""
    from werkbaar.core.models import AuditEntry
    from werkbaar.covenants.models import Covenant
    from werkbaar.fieldwork.models import Contact
    from werkbaar.reporting.models import Report

    if name in READ_ONLY_MAY_POST:
        return
    client = _client(demo, who)

    def state():
        return (AuditEntry.objects.filter(user=demo["users"][who]).count(),
                sorted(Covenant.objects.values_list("pk", "status", "updated_at")),
                sorted(Report.objects.values_list("pk", "status", "content", "due_date")),
                sorted(Contact.objects.values_list("pk", "updated_at")))

    before = state()
    problems = []
    for url, _kw in _requests(demo, name):
        for label, data in (("", {}), (" (garbage form)", GARBAGE_FORM_CLEAN), (" (confirmed)", {"confirmed": "1"})):
            response = client.post(url, data)
            if response.status_code >= 500:
                problems.append(f"POST {url}{label} -> {response.status_code}")
            if state() != before:
                problems.append(f"POST {url}{label} -> {response.status_code} changed data as {who}")
                before = state()
    assert not problems, "\n".join(problems)


GARBAGE = [
    "{not json", "", "null", "[]", "42", '"text"', "{}",
    '{"language": 5, "answers": "x", "groups": []}',
    '{"language": "nl", "answers": {"wd1": 1e999}, "groups": {"team": {"a": 1}}}',
    '{"language": "nl", "answers": {"wd1": [1, 2], "nope": true}, "groups": null}',
    '{"language": "xx", "answers": {"' + "a" * 5000 + '": 3}}',
    '{"language": "nl", "answers": {"wd1": -99999999999999999999}}',
    json.dumps({"language": "nl", "answers": {f"i{n}": n for n in range(500)}, "groups": {"team": "Z"}}),
    '{"language": "nl\\u0000", "answers": {"wd1\\u0000": 1, "wd2": "\\u0000"}, "groups": {"team": "A\\u0000"}}',
]


@pytest.mark.parametrize("body", GARBAGE)
def test_submission_api_garbage(demo, db, body):
    client = Client(raise_request_exception=False)
    for code in (demo["access_code"], "NOPE"):
        response = client.post(f"/api/v1/scan/{code}/submit", data=body, content_type="application/json")
        assert response.status_code in (400, 404, 422), (code, body[:60], response.status_code, response.content[:300])


@pytest.mark.parametrize("body", ["{not json", "[]", '{"content": 5}', '{"content": {"x": [1, {"y": null}]}}',
                                  '{"content": {"summary": "a\\u0000b", "x\\u0000": 1}}'])
@pytest.mark.parametrize("who", ["owner_sector_staff", "other_sector_staff"])
def test_report_content_api_garbage(demo, db, body, who):
    client = _client(demo, who)
    response = client.put(f"/api/v1/reporting/reports/{demo['draft_report'].pk}/content", data=body,
                          content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    if who.startswith("other"):
        assert response.status_code in (403, 404, 422, 400), response.content[:300]
