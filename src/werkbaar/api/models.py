"""Models of machine clients: API tokens (hashed, scoped, expiring, revocable) and organisations'
webhooks with their delivery log. The rules live in ``tokens.py`` and ``webhooks.py``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do; each API operation declares the one it needs (``tokens.scope``)."""

    COVENANTS_READ = "covenants:read", _("Read covenants, reports and indicator values")
    REPORTS_WRITE = "reports:write", _("Write report content")
    SCANS_IMPORT = "scans:import", _("Submit scan responses in bulk (paper import)")
    FUND_READ = "fund:read", _("Read fund calls, applications and decisions")


class Event(models.TextChoices):
    REPORT_SUBMITTED = "report.submitted", _("Report submitted")
    REPORT_RETURNED = "report.returned", _("Report returned")
    REPORT_APPROVED = "report.approved", _("Report approved")
    EVALUATION_RECORDED = "evaluation.recorded", _("Evaluation recorded")
    PAYMENT_APPROVED = "payment.approved", _("Fund payment approved")
    APPLICATION_DECIDED = "fund_application.decided", _("Fund application decided")
    CAMPAIGN_CLOSED = "campaign.closed", _("Scan campaign closed")


class ApiToken(models.Model):
    """A secret that acts as its user, within its scopes, until it expires or is revoked.

    Only the SHA-256 of the secret is kept; ``prefix`` (random, shown in lists) finds the row. An
    organisation's token is listed to the organisation's admins and works only while its user may
    still administer that organisation.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="api_tokens", verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Webhook(models.Model):
    """An organisation's receiving URL, the events it wants and the shared secret that signs them."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="webhooks",
                                     verbose_name=_("organisation"))
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    """One event for one webhook: its payload (ids, states and links only) and the outcome of its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
