"""Services of the actions app: suggestions for a campaign, evaluation, feedback, roll-up, reminders.

Thin glue between the database, the insights app (cached engine results, sector aggregate,
reference figures) and the pure rules in ``suggestions.py``. Public functions:

* :func:`suggestions_for_campaign` – ranked menu actions with plain-language reasons.
* :func:`evaluation` – per plan action, how its indicators changed between the two campaigns.
* :func:`create_feedback_round`, :func:`submit_feedback`, :func:`feedback_results` – anonymous feedback.
* :func:`sector_rollup` – the sector page's counts.
* :func:`due_reminders` / :func:`send_reminders` – deadline reminders (idempotent).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from werkbaar.core.models import Organisation

from . import suggestions as rules
from .models import (
    Action,
    ActionPlan,
    FeedbackAnswer,
    FeedbackCode,
    FeedbackRound,
    ItemStatus,
    PlanItem,
    PlanStatus,
    ReminderLog,
    UsedFeedbackCode,
)
from .taxonomy import UNDER_USED_THEMES, Theme, indicator_title

# ------------------------------------------------------------------------------------------------
# Figures from the insights app
# ------------------------------------------------------------------------------------------------


def campaign_result(campaign) -> dict:
    from werkbaar.insights.services import campaign_result as compute

    return compute(campaign)


def sector_figures(campaign) -> dict[str, float | None]:
    """Overall problem rates of the sector aggregate of the campaign's period, same instrument ({} if none)."""
    from werkbaar.insights.services import sector_aggregate, sector_period_for

    data = sector_aggregate(campaign.organisation.sector, sector_period_for(campaign))
    instrument_id = campaign.instrument().id
    for entry in data.get("instruments") or []:
        if entry.get("instrument") != instrument_id or entry.get("suppressed"):
            continue
        overall = (entry.get("result") or {}).get("overall") or {}
        if overall.get("suppressed"):
            return {}
        return {sid: fig.get("problem_rate") for sid, fig in (overall.get("scales") or {}).items()}
    return {}


def reference_figures(campaign, result: dict) -> dict[str, float]:
    """Reference problem rates (fractions) per scale id: the sector's own reference group if the
    reference data has one, else the Flemish labour market; the most recent year."""
    from werkbaar.insights.reference import FLEMISH_GROUP
    from werkbaar.insights.services import reference_comparison

    rows = reference_comparison(rules.unwrap(result), campaign.organisation.sector, campaign.instrument().id)["rows"]
    best: dict[str, tuple] = {}
    for row in rows:
        if row["measure"] == "workability_rate":
            continue
        rank = (row["group"] != FLEMISH_GROUP, row["year"])
        if row["measure"] not in best or rank > best[row["measure"]][0]:
            best[row["measure"]] = (rank, row["value"] / 100)
    return {measure: value for measure, (_rank, value) in best.items()}


@dataclass
class ShownSuggestion:
    action: Action
    score: float
    reasons: list[str]
    indicators: list[str]


def group_labels() -> dict[str, str]:
    from werkbaar.scans.models import GROUPING_QUESTIONS

    return {key: str(label) for key, label in GROUPING_QUESTIONS}


def suggestions_for_campaign(campaign, actions=None, limit: int = 15) -> list[ShownSuggestion]:
    """The menu ranked for a closed campaign, each with the reasons in the current language."""
    actions = list(actions if actions is not None else Action.objects.filter(active=True))
    result = campaign_result(campaign)
    ranked = rules.rank(
        result,
        [(a.pk, a.indicator_list, a.scope) for a in actions],
        sector=sector_figures(campaign),
        reference=reference_figures(campaign, result),
        limit=limit,
    )
    by_id = {a.pk: a for a in actions}
    lang = (get_language() or "nl")[:2]
    labels = group_labels()
    shown = []
    for s in ranked:
        reasons = []
        for finding in s.findings[:2]:
            reasons.extend(rules.explain(finding, indicator_title(finding.scale, lang), labels))
        shown.append(ShownSuggestion(by_id[s.action_id], s.score, reasons, [f.scale for f in s.findings]))
    return shown


def finding_text(campaign, scale_ids: list[str]) -> str:
    """A plan item's 'finding it answers', written from the campaign's overall figures."""
    result = rules.unwrap(campaign_result(campaign))
    found = rules.findings(result, sector_figures(campaign), reference_figures(campaign, result))
    lang = (get_language() or "nl")[:2]
    parts = []
    for sid in scale_ids:
        if sid in found:
            parts.extend(rules.explain(found[sid], indicator_title(sid, lang))[:1])
    return " ".join(parts)


# ------------------------------------------------------------------------------------------------
# Evaluation
# ------------------------------------------------------------------------------------------------


def evaluation(plan: ActionPlan) -> dict:
    """Per plan action, its indicators' problem rates before and after, with the analysis engine's
    two-proportion comparison and plain-language verdict (``werkbaar.analysis.stats.compare``)."""
    from werkbaar.analysis import stats

    if plan.campaign is None or plan.follow_up_campaign is None:
        return {"available": False, "rows": []}
    before = rules.unwrap(campaign_result(plan.campaign))
    after = rules.unwrap(campaign_result(plan.follow_up_campaign))
    lang = (get_language() or "nl")[:2]
    if (before.get("overall") or {}).get("suppressed") or (after.get("overall") or {}).get("suppressed"):
        comparisons = {}
    else:
        comparisons = {c.figure: c.as_dict(lang) for c in stats.compare(before, after)}
    rows = []
    for item in plan.items.select_related("action"):
        indicators = item.indicator_list or (item.action.indicator_list if item.action_id else [])
        lines = []
        for sid in indicators:
            c = comparisons.get(f"{sid}.problem_rate")
            if c is None:
                lines.append({"scale": sid, "title": indicator_title(sid, lang), "before": None, "after": None,
                              "diff": None, "p_value": None, "outcome": "not_comparable",
                              "verdict": _("Not measured in both campaigns, or too few answers.")})
                continue
            lines.append({"scale": sid, "title": indicator_title(sid, lang), "before": c["before"],
                          "after": c["after"], "diff": c["difference"], "p_value": c["p_value"],
                          "outcome": c["outcome"], "verdict": c["verdict"]})
        for line in lines:
            line["before_pct"] = "—" if line["before"] is None else rules.pct(line["before"])
            line["after_pct"] = "—" if line["after"] is None else rules.pct(line["after"])
            line["diff_pts"] = "—" if line["diff"] is None else f"{100 * line['diff']:+.0f}"
        rows.append({"item": item, "lines": lines})
    workability = comparisons.get("workability_rate")
    return {"available": True, "rows": rows, "workability": workability}


# ------------------------------------------------------------------------------------------------
# Anonymous feedback on a finished action
# ------------------------------------------------------------------------------------------------

FEEDBACK_DELAY_DAYS = 30


class FeedbackError(Exception):
    pass


def create_feedback_round(item: PlanItem, user, count: int, opens_on=None, closes_on=None,
                          min_group_size: int | None = None) -> FeedbackRound:
    """A feedback round with ``count`` anonymous codes; by default it opens a month after the action was done."""
    from werkbaar.scans.models import MIN_GROUP_SIZE_FLOOR
    from werkbaar.scans.services import new_code

    if item.status != ItemStatus.DONE or item.done_on is None:
        raise FeedbackError(_("Feedback can only be asked about an action that is done."))
    if not 1 <= count <= 5000:
        raise FeedbackError(_("The number of codes must be between 1 and 5,000."))
    default_min = item.plan.campaign.min_group_size if item.plan.campaign_id else 5
    min_group_size = max(min_group_size or default_min, MIN_GROUP_SIZE_FLOOR)
    opens_on = opens_on or item.done_on + datetime.timedelta(days=FEEDBACK_DELAY_DAYS)
    closes_on = closes_on or opens_on + datetime.timedelta(days=21)
    if opens_on < item.done_on:
        raise FeedbackError(_("Feedback cannot open before the action was done."))
    if closes_on < opens_on:
        raise FeedbackError(_("The closing date cannot be before the opening date."))
    with transaction.atomic():
        feedback = FeedbackRound.objects.create(
            item=item, opens_on=opens_on, closes_on=closes_on, min_group_size=min_group_size,
            population_size=count, created_by=user)
        codes: set[str] = set()
        while len(codes) < count:
            codes.add(new_code())
        FeedbackCode.objects.bulk_create([FeedbackCode(round=feedback, code=c) for c in sorted(codes)])
    return feedback


def find_feedback_code(code: str) -> FeedbackCode | None:
    from werkbaar.scans.models import normalise_code

    code = normalise_code(code)
    if not code:
        return None
    return FeedbackCode.objects.select_related("round", "round__item").filter(code=code).first()


def feedback_is_open(feedback: FeedbackRound, today=None) -> bool:
    today = today or timezone.localdate()
    return feedback.opens_on <= today <= feedback.closes_on


def feedback_code_used(code: str) -> bool:
    from werkbaar.scans.models import code_hash

    return UsedFeedbackCode.objects.filter(code_hash=code_hash(code)).exists()


def submit_feedback(code: str, helped: int, more_workable: int | None) -> FeedbackAnswer:
    """Store one anonymous answer; the code is only kept as a hash to refuse a second answer."""
    from werkbaar.scans.models import code_hash

    access = find_feedback_code(code)
    if access is None:
        raise FeedbackError(_("Unknown code."))
    if not feedback_is_open(access.round):
        raise FeedbackError(_("This feedback round is not open."))
    valid = set(FeedbackAnswer.Helped.values)
    if helped not in valid or (more_workable is not None and more_workable not in valid):
        raise FeedbackError(_("Please choose one of the answers."))
    try:
        with transaction.atomic():
            UsedFeedbackCode.objects.create(round=access.round, code_hash=code_hash(access.code))
            return FeedbackAnswer.objects.create(round=access.round, helped=helped, more_workable=more_workable)
    except IntegrityError:
        raise FeedbackError(_("This code has already been used.")) from None


def feedback_results(feedback: FeedbackRound) -> dict:
    """Answer counts, shown only when at least the minimum group size answered."""
    n = feedback.answers.count()
    if n < feedback.min_group_size:
        return {"shown": False, "n": None, "min": feedback.min_group_size}
    out = {"shown": True, "n": n, "min": feedback.min_group_size, "helped": [], "more_workable": []}
    for field in ("helped", "more_workable"):
        counts = dict(feedback.answers.exclude(**{field: None}).values_list(field).annotate(c=Count("id")))
        total = sum(counts.values())
        for value, label in FeedbackAnswer.Helped.choices:
            k = counts.get(value, 0)
            out[field].append({"label": label, "count": k, "share": (k / total) if total else None})
    return out


# ------------------------------------------------------------------------------------------------
# Sector roll-up
# ------------------------------------------------------------------------------------------------

APPROVED_STATES = (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS, PlanStatus.EVALUATED)


def sector_rollup(sector) -> dict:
    from werkbaar.scans.models import Campaign, CampaignStatus

    companies = Organisation.objects.filter(sector=sector, kind=Organisation.Kind.COMPANY)
    plans = ActionPlan.objects.filter(organisation__in=companies)
    today = timezone.localdate()
    closed = Campaign.objects.filter(organisation__in=companies).filter(
        Q(status=CampaignStatus.CLOSED) | Q(closes_on__lt=today))
    without_plan = companies.filter(pk__in=closed.values("organisation_id")).exclude(
        pk__in=plans.values("organisation_id")).order_by("name")
    items = PlanItem.objects.filter(plan__in=plans).exclude(status=ItemStatus.DROPPED)
    most_chosen = (
        items.exclude(action=None).values("action").annotate(plans=Count("plan", distinct=True))
        .order_by("-plans", "action")[:10]
    )
    actions = Action.objects.in_bulk([row["action"] for row in most_chosen])
    theme_counts = dict(items.exclude(action=None).values_list("action__theme").annotate(c=Count("id")))
    total = sum(theme_counts.values())
    themes = []
    for value, label in Theme.choices:
        count = theme_counts.get(value, 0)
        share = count / total if total else 0.0
        under = count == 0 or share < 0.10
        themes.append({"theme": value, "label": label, "count": count, "share": share, "under_used": under,
                       "flagged_by_seed": value in UNDER_USED_THEMES})
    return {
        "companies": companies.count(),
        "plans": plans.count(),
        "companies_with_plan": plans.values("organisation").distinct().count(),
        "approved": plans.filter(status__in=APPROVED_STATES).values("organisation").distinct().count(),
        "evaluated": plans.filter(status=PlanStatus.EVALUATED).values("organisation").distinct().count(),
        "most_chosen": [{"action": actions[row["action"]], "plans": row["plans"]} for row in most_chosen],
        "without_plan": list(without_plan),
        "themes": themes,
        "free_items": items.filter(action=None).count(),
    }


def employers_count(sector, start, end, states, date_field: str = "created__date") -> int:
    """Distinct companies of the sector with a plan in one of the states whose ``date_field`` lies in [start, end]."""
    plans = ActionPlan.objects.filter(organisation__sector=sector, status__in=states)
    if start:
        plans = plans.filter(**{f"{date_field}__gte": start})
    if end:
        plans = plans.filter(**{f"{date_field}__lte": end})
    return plans.values("organisation").distinct().count()


# ------------------------------------------------------------------------------------------------
# Reminders
# ------------------------------------------------------------------------------------------------

REMINDER_DAYS = {"week": 7, "overdue": -1}


def due_reminders(today: datetime.date) -> list[tuple[PlanItem, str]]:
    """(item, kind) pairs to remind: a week before the deadline, and once when overdue."""
    open_items = PlanItem.objects.filter(
        status__in=(ItemStatus.PLANNED, ItemStatus.IN_PROGRESS), deadline__isnull=False,
        plan__status__in=(PlanStatus.DRAFT, PlanStatus.DISCUSSED, *APPROVED_STATES[:2]),
    ).exclude(owner=None).exclude(owner__email="").select_related("owner", "plan", "plan__organisation")
    out = []
    for item in open_items:
        if item.deadline < today:
            kind = "overdue"
        elif item.deadline <= today + datetime.timedelta(days=REMINDER_DAYS["week"]):
            kind = "week"
        else:
            continue
        if not ReminderLog.objects.filter(item=item, kind=kind, deadline=item.deadline).exists():
            out.append((item, kind))
    return out


def send_reminders(today: datetime.date | None = None, base_url: str = "") -> int:
    """Send every due reminder once (per item, kind and deadline). Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for item, kind in due_reminders(today):
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(
                item=item, kind=kind, deadline=item.deadline, defaults={"sent_on": today})
            if not created:
                continue
            if kind == "overdue":
                subject = _("Overdue action: %(title)s") % {"title": item.title}
            else:
                subject = _("Deadline in a week: %(title)s") % {"title": item.title}
            body = _(
                "Action “%(title)s” of the plan “%(plan)s” (%(org)s) is due on %(deadline)s.\n"
                "Please record its progress: %(url)s"
            ) % {"title": item.title, "plan": item.plan.title, "org": item.plan.organisation,
                 "deadline": item.deadline.isoformat(), "url": base_url + item.plan.get_absolute_url()}
            send_mail(subject, body, None, [item.owner.email])
            sent += 1
    return sent
