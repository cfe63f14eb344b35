"""Models of WerkWijzer's facilitator mode (issue 18): a group session and the votes cast from phones.

* :class:`GroupSession` – one run of a case in a room: the join code, the case and language, the
  facilitator, the state (``waiting`` → ``voting`` → ``revealed`` → … → ``ended``; the table is the
  workflow in ``werkwijzer/facilitator_sessions.py``, the only place the state changes), the current step
  and the history of the steps played with their vote counts (what the summary shows, kept after the
  votes are purged).
* :class:`Vote` – one phone's choice on one round of a session. A phone is known only by a keyed hash of
  the random token in its cookie with the session and the round, so the key is new for every question: no
  account, no IP address, no time. Deleted by the retention purge (``RETENTION_WERKWIJZER_VOTES_DAYS``
  after the session started).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the vote")
    VOTING = "voting", _("Voting")
    REVEALED = "revealed", _("Result shown")
    ENDED = "ended", pgettext_lazy("werkwijzer session", "Ended")


class GroupSession(models.Model):
    """A WerkWijzer case played by a room, step by step, with votes from phones."""

    code = models.CharField(_("code"), max_length=8, db_index=True)
    case_key = models.CharField(_("case"), max_length=80)
    language = models.CharField(_("language"), max_length=8)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="werkwijzer_sessions", verbose_name=_("facilitator"))
    state = models.CharField(_("state"), max_length=10, choices=SessionState.choices, default=SessionState.WAITING,
                             editable=False)
    step = models.CharField(_("current step"), max_length=80)
    round = models.PositiveIntegerField(_("round"), default=0)
    #: One entry per revealed step: {"step": key, "counts": {choice: n}, "followed": choice key or None}.
    history = models.JSONField(_("steps played"), default=list, blank=True)
    created = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("WerkWijzer group session")
        verbose_name_plural = _("WerkWijzer group sessions")
        constraints = [models.UniqueConstraint(fields=["code"], condition=~Q(state="ended"),
                                               name="knowledge_one_open_session_per_code")]

    def __str__(self) -> str:
        return f"{self.case_key} {self.code}"

    @property
    def is_open(self) -> bool:
        return self.state != SessionState.ENDED

    @property
    def version(self) -> str:
        """What the phones and the room screen compare when they poll: a change means 'reload'."""
        return f"{self.state}-{self.round}"


class Vote(models.Model):
    """One phone's choice in one round of a session (changing it before the vote closes replaces it)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveIntegerField()
    voter = models.CharField(max_length=32)  # keyed hash of the phone's cookie token, the session and the round
    choice = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "round", "voter"],
                                               name="knowledge_one_vote_per_phone_per_round")]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.round}: {self.choice}"
