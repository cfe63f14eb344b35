"""Users, sectors, joint committees, organisations, role memberships and the audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ORGANISATION_ROLES, SECTOR_ROLES, Role
from .validators import format_enterprise_number, normalise_enterprise_number, validate_enterprise_number

#: The username a deleted account keeps, followed by its id (see ``User.is_deleted``).
DELETED_USERNAME_PREFIX = "deleted-user-"


class User(AbstractUser):
    """A person who signs in. Respondents of a scan never have a user account."""

    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.is_deleted:
            return _("deleted user #%(n)s") % {"n": self.pk}
        return self.get_full_name() or self.username

    @property
    def is_deleted(self) -> bool:
        """Deleted by its owner: personal data erased, the row kept as a pseudonym (``privacy.account``)."""
        return not self.is_active and self.username == f"{DELETED_USERNAME_PREFIX}{self.pk}"

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships.all()}


class JointCommittee(models.Model):
    """A joint committee (paritair comité), e.g. 330.01.10 under 330."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("joint committee")
        verbose_name_plural = _("joint committees")

    def __str__(self) -> str:
        return f"PC {self.code}" + (f" {self.name}" if self.name else "")

    def ancestors(self) -> list["JointCommittee"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendants(self) -> list["JointCommittee"]:
        found, frontier = [], list(self.children.all())
        while frontier:
            node = frontier.pop()
            found.append(node)
            frontier.extend(node.children.all())
        return found


class Sector(models.Model):
    """A sector: its social partners sign a covenant and run a sector fund."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Short code, e.g. VIVO"))
    name = models.CharField(_("name"), max_length=200)
    joint_committees = models.ManyToManyField(
        JointCommittee, blank=True, related_name="sectors", verbose_name=_("joint committees")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A sector fund or a company (employer) that belongs to a sector."""

    class Kind(models.TextChoices):
        SECTOR_FUND = "sector_fund", _("Sector fund")
        COMPANY = "company", _("Company")

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1-9 employees")
        SMALL = "10-49", _("10-49 employees")
        MEDIUM = "50-249", _("50-249 employees")
        LARGE = "250+", _("250 or more employees")
        UNKNOWN = "unknown", _("Size unknown")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=12, blank=True, validators=[validate_enterprise_number],
        help_text=_("Belgian enterprise number (KBO), 10 digits."),
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector"))
    joint_committee = models.ForeignKey(
        JointCommittee, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("joint committee"),
    )
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    nace_codes = models.JSONField(_("main activity codes (NACE-BEL)"), default=list, blank=True)
    consent_named = models.BooleanField(
        _("may be named in sector reports"), default=False,
        help_text=_("Only with this consent is the organisation named in sector-wide views."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"], condition=~models.Q(enterprise_number=""), name="unique_enterprise_number"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.enterprise_number:
            self.enterprise_number = normalise_enterprise_number(self.enterprise_number)
        super().save(*args, **kwargs)

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number) if self.enterprise_number else ""

    @property
    def size_band(self) -> str:
        return size_band_for(self.employee_count)


def size_band_for(employee_count: int | None) -> str:
    """The size band (Organisation.SizeBand value) of a head count."""
    if employee_count is None:
        return Organisation.SizeBand.UNKNOWN
    if employee_count < 10:
        return Organisation.SizeBand.MICRO
    if employee_count < 50:
        return Organisation.SizeBand.SMALL
    if employee_count < 250:
        return Organisation.SizeBand.MEDIUM
    return Organisation.SizeBand.LARGE


class Membership(models.Model):
    """A role held by a user, scoped to a sector or an organisation (the department's role has no scope)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "sector", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.sector or _("all sectors")
        return f"{self.user} – {self.get_role_display()} ({scope})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role in SECTOR_ROLES and not self.sector_id:
            raise ValidationError({"sector": _("This role needs a sector.")})
        if self.role in ORGANISATION_ROLES and not self.organisation_id:
            raise ValidationError({"organisation": _("This role needs an organisation.")})

    def save(self, *args, **kwargs):
        if self.organisation_id and not self.sector_id:
            self.sector_id = self.organisation.sector_id
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """One change to audited data: who, when, what, before and after.

    ``root_type``/``root_id`` name the object whose history tab shows the entry (e.g. the covenant
    for a change to one of its priorities).
    """

    timestamp = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    root_type = models.CharField(max_length=100, db_index=True)
    root_id = models.CharField(max_length=64, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["root_type", "root_id", "-timestamp"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


from .bank_models import BankAccount  # noqa: E402,F401  (an organisation's bank account)
from .register_models import RegisterEnterprise, RegisterImportCheckpoint  # noqa: E402,F401  (the enterprise register)
