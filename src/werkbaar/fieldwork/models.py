"""A consultant's contact with an organisation of the sector: the field-work log.

One row per contact (a visit, a call, an e-mail, an event, a training). The note is the sector's own
working material: only the sector's staff and consultants read it (``fieldwork.permissions``); the
department and the other roles see counts (``fieldwork.rules``), never a note.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import Organisation, Sector

#: A short note: what a consultant types on a phone in under a minute.
NOTE_MAX_LENGTH = 1000


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Company visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event")
    TRAINING = "training", _("Training")


class Contact(models.Model):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("sector"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="contacts",
        verbose_name=_("consultant"),
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices,
                            default=ContactKind.VISIT)
    #: Values of ``actions.taxonomy.Theme`` (a JSON list, never a joined string).
    themes = models.JSONField(_("themes"), default=list, blank=True)
    priority = models.ForeignKey(
        "covenants.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
        verbose_name=_("covenant priority"),
    )
    action = models.ForeignKey(
        "covenants.CovenantAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
        verbose_name=_("covenant action"),
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["sector", "on"]), models.Index(fields=["recorded_by", "follow_up_on"])]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()} – {self.organisation}"

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(t, t)) for t in self.themes or []]


from .cross_models import ActionTags, CompanyCount  # noqa: E402,F401 - the cross-sector views' data
from .partners import DraftComment  # noqa: E402,F401 - the social partners' model lives in its own module
