"""The enterprise register (KBO/BCE open data) as imported by `werkbaar import-kbo`, and the import's checkpoints."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import format_enterprise_number


class RegisterEnterprise(models.Model):
    """One enterprise of the public register: number, status, names per language, registered seat, main NACE codes."""

    number = models.CharField(_("enterprise number"), max_length=10, unique=True)
    status = models.CharField(_("status"), max_length=4, blank=True)
    juridical_situation = models.CharField(max_length=4, blank=True)
    type_of_enterprise = models.CharField(max_length=2, blank=True)
    juridical_form = models.CharField(max_length=4, blank=True)
    start_date = models.DateField(null=True, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=320, blank=True, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=320, blank=True, db_index=True)
    name_other = models.CharField(_("name (other language)"), max_length=320, blank=True)
    street_nl = models.CharField(max_length=200, blank=True)
    street_fr = models.CharField(max_length=200, blank=True)
    house_number = models.CharField(max_length=40, blank=True)
    box = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    municipality_nl = models.CharField(max_length=200, blank=True)
    municipality_fr = models.CharField(max_length=200, blank=True)
    nace_codes = models.JSONField(_("main activity codes (NACE-BEL)"), default=list, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("register enterprise")
        verbose_name_plural = _("register enterprises")

    def __str__(self) -> str:
        return f"{format_enterprise_number(self.number)} {self.name()}"

    def name(self, language: str = "nl") -> str:
        first, second = (self.name_fr, self.name_nl) if language == "fr" else (self.name_nl, self.name_fr)
        return first or second or self.name_other

    def address(self, language: str = "nl") -> str:
        street = (self.street_fr or self.street_nl) if language == "fr" else (self.street_nl or self.street_fr)
        town = (self.municipality_fr or self.municipality_nl) if language == "fr" else (
            self.municipality_nl or self.municipality_fr)
        line = " ".join(part for part in (street, self.house_number) if part)
        if self.box:
            line += f" {_('box')} {self.box}"
        return ", ".join(part for part in (line, f"{self.postcode} {town}".strip()) if part)


class RegisterImportCheckpoint(models.Model):
    """How far `import-kbo` got in one file of one dump: the data rows committed so far."""

    extract = models.CharField(max_length=40)
    file = models.CharField(max_length=40)
    rows_done = models.PositiveBigIntegerField(default=0)
    skipped = models.PositiveBigIntegerField(default=0)
    finished = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["extract", "file"], name="unique_register_checkpoint")]

    def __str__(self) -> str:
        return f"{self.extract}/{self.file}: {self.rows_done}"
