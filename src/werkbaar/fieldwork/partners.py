"""The sector's social partners around a report: their comments on a draft before it is submitted.

Social partners (``Role.SOCIAL_PARTNER``) read the covenant, its reports and the sector's figures and
get the sector's notifications (``core.roles.SECTOR_ROLES``), but change nothing. What they may add is a
comment on a report while it is a draft (or returned for changes): the sector's staff and consultants
read the comments and answer them in the same thread. Once submitted, the thread is closed and stays
readable. Comments stay within the sector: the department does not see them (they are not part of the
submitted report).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: A comment is a few paragraphs at most.
COMMENT_MAX_LENGTH = 4000


class DraftComment(models.Model):
    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, related_name="partner_comments",
                               verbose_name=_("report"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a draft report")
        verbose_name_plural = _("comments on draft reports")

    def __str__(self) -> str:
        return f"{self.report} – {self.author}"


def comments_open(report) -> bool:
    """Comments are taken while the report can still change: a draft, or returned for changes."""
    from werkbaar.reporting.workflow import EDITABLE_STATES

    return report.status in EDITABLE_STATES
