"""E-mail reminders for upcoming sessions (with the session's .ics attached) and for the follow-up
dates of commitments.

``send_reminders(now, days)`` mails every attendee and backup colleague of the participating
organisations about each planned session that starts within ``days`` days. Each (session,
address, calendar sequence) is mailed once: running it again sends nothing new, and a reschedule
(which raises the session's sequence) sends a fresh reminder.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import services
from .models import FollowUp, ReminderSent, Session

KIND = "upcoming"


@dataclass
class ReminderResult:
    sent: int = 0
    skipped: int = 0


def due_sessions(now, days: int):
    return Session.objects.filter(
        status=Session.Status.PLANNED, starts_at__gt=now, starts_at__lte=now + timedelta(days=days)
    ).select_related("network")


def _message(session, name: str, email: str, base_url: str) -> EmailMessage:
    local = timezone.localtime(session.starts_at)
    subject = _("Reminder: %(network)s – %(session)s on %(date)s") % {
        "network": session.network.title, "session": session.title, "date": local.strftime("%d/%m/%Y %H:%M"),
    }
    lines = [
        _("Dear %(name)s,") % {"name": name},
        "",
        _("The next session of the learning network “%(network)s” is coming up.") % {"network": session.network.title},
        _("When: %(date)s") % {"date": local.strftime("%d/%m/%Y %H:%M")},
    ]
    if session.place:
        lines.append(_("Where: %(place)s") % {"place": session.place})
    if session.online_url:
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
    if session.agenda:
        lines += ["", _("Agenda:"), session.agenda]
    lines += [
        "",
        _("Cannot come? Ask your backup colleague to attend, so that your organisation is there every time."),
        _("The calendar file is attached."),
    ]
    if base_url:
        lines += ["", f"{base_url}/networks/sessions/{session.pk}/"]
    msg = EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [email])
    msg.attach(f"{slugify(session.title) or 'session'}.ics", services.session_calendar(session, base_url),
               "text/calendar")
    return msg


def send_reminders(now=None, days: int = 7, dry_run: bool = False, base_url: str = "", stdout=None) -> ReminderResult:
    now = now or timezone.now()
    result = ReminderResult()
    with override(settings.LANGUAGE_CODE):
        for session in due_sessions(now, days):
            for participant in session.network.participants.all():
                for name, email in participant.recipients():
                    key = {"session": session, "email": email, "kind": KIND, "sequence": session.sequence}
                    if ReminderSent.objects.filter(**key).exists():
                        result.skipped += 1
                        continue
                    if dry_run:
                        result.sent += 1
                        if stdout:
                            stdout.write(f"would send: {email} – {session}")
                        continue
                    try:
                        with transaction.atomic():
                            ReminderSent.objects.create(**key)
                            _message(session, name, email, base_url).send()
                    except IntegrityError:  # sent by a concurrent run
                        result.skipped += 1
                        continue
                    result.sent += 1
    return result


def send_follow_up_reminders(now=None, days: int = 7, dry_run: bool = False, stdout=None) -> ReminderResult:
    """Mail the committed participants (attendee and backup) once about a follow-up date within ``days``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = ReminderResult()
    due = FollowUp.objects.filter(
        done=False, reminded_at__isnull=True, due__gte=today, due__lte=today + timedelta(days=days)
    ).select_related("commitment__idea__network")
    with override(settings.LANGUAGE_CODE):
        for follow_up in due:
            commitment = follow_up.commitment
            network = commitment.idea.network
            recipients = sorted({email for p in commitment.participants.all() for _name, email in p.recipients()})
            if dry_run:
                result.sent += len(recipients)
                if stdout:
                    stdout.write(f"would send follow-up {follow_up.due}: {', '.join(recipients)}")
                continue
            with transaction.atomic():
                locked = FollowUp.objects.filter(pk=follow_up.pk, reminded_at__isnull=True)
                if not locked.update(reminded_at=now):
                    result.skipped += 1
                    continue
                subject = _("Follow-up of your commitment in “%(network)s” on %(date)s") % {
                    "network": network.title, "date": follow_up.due.strftime("%d/%m/%Y")}
                body = "\n".join([
                    _("In the learning network you committed to:"), "", commitment.description, "",
                    _("Follow-up date: %(date)s") % {"date": follow_up.due.strftime("%d/%m/%Y")},
                    follow_up.note,
                ])
                for email in recipients:
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]).send()
                    result.sent += 1
    return result
