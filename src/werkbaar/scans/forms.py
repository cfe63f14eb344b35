"""Forms of the scans app: campaign, code batch, instrument upload, paper import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from werkbaar.analysis.instrument import InstrumentError, load_instrument_text, shipped_instruments
from werkbaar.core.untrusted import UntrustedFileError

from .models import GROUPING_QUESTIONS, MIN_GROUP_SIZE_FLOOR, QUESTIONNAIRE_LANGUAGES, Campaign, UploadedInstrument

#: The questionnaire languages a band can be translated into (Dutch is the band itself).
TRANSLATED_LANGUAGES = [(code, label) for code, label in QUESTIONNAIRE_LANGUAGES if code != "nl"]


def band_field(key: str, language: str) -> str:
    """The form field holding a grouping question's bands in one language (``bands_team_fr``)."""
    return f"bands_{key}_{language.replace('-', '_')}"


def instrument_choices(uploaded_qs) -> list[tuple[str, str]]:
    """'shipped:<id>' and 'uploaded:<pk>' choices."""
    lang = get_language() or "nl"
    choices = [(f"shipped:{i.id}", f"{i.title_in(lang)} ({i.id} {i.version})") for i in shipped_instruments().values()]
    choices += [(f"uploaded:{u.pk}", str(u)) for u in uploaded_qs]
    return choices


class CampaignForm(forms.ModelForm):
    instrument = forms.ChoiceField(label=_("Instrument"))
    modules = forms.MultipleChoiceField(
        label=_("Modules"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Extra questions for a sector, e.g. the service-voucher module."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=QUESTIONNAIRE_LANGUAGES, widget=forms.CheckboxSelectMultiple,
        initial=["nl", "nl-easy", "fr", "en"],
    )

    class Meta:
        model = Campaign
        fields = ["organisation", "name", "opens_on", "closes_on", "min_group_size", "population_size"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisations, uploaded_instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["instrument"].choices = instrument_choices(uploaded_instruments)
        self._uploaded = {str(u.pk): u for u in uploaded_instruments}
        modules = []
        lang = get_language() or "nl"
        for inst in shipped_instruments().values():
            modules += [(m.id, f"{inst.module_title(m.id, lang)} ({inst.id})") for m in inst.modules]
        for u in uploaded_instruments:
            try:
                inst = u.load()
                modules += [(m.id, f"{inst.module_title(m.id, lang)} ({u.instrument_id})") for m in inst.modules]
            except InstrumentError:
                continue
        self.fields["modules"].choices = list(dict.fromkeys(modules))
        self.fields["min_group_size"].min_value = MIN_GROUP_SIZE_FLOOR
        self.fields["min_group_size"].widget.attrs["min"] = MIN_GROUP_SIZE_FLOOR
        for key, label in GROUPING_QUESTIONS:
            self.fields[f"bands_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Bands to choose from in Dutch, one per line (at least two). Leave empty to not ask "
                            "this. The Dutch band is what the results and exports show."),
            )
            for lang, lang_label in TRANSLATED_LANGUAGES:
                self.fields[band_field(key, lang)] = forms.CharField(
                    label=_("%(question)s in %(language)s") % {"question": label, "language": lang_label},
                    required=False, widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("One line per Dutch band, in the same order. An empty line shows the Dutch band."),
                )
        if self.instance.pk:
            self.initial["instrument"] = (
                f"uploaded:{self.instance.uploaded_instrument_id}" if self.instance.uploaded_instrument_id
                else f"shipped:{self.instance.instrument_ref}"
            )
            self.initial["modules"] = self.instance.modules
            self.initial["languages"] = self.instance.languages
            for key, _label in GROUPING_QUESTIONS:
                self.initial[f"bands_{key}"] = "\n".join(self.instance.bands(key))
                for lang, _lang_label in TRANSLATED_LANGUAGES:
                    labels = [self.instance.band_label(key, band, lang) for band in self.instance.bands(key)]
                    labels = ["" if label == band else label for label, band in zip(labels, self.instance.bands(key), strict=True)]
                    self.initial[band_field(key, lang)] = "\n".join(labels).rstrip("\n")
        else:
            self.initial.setdefault("instrument", "shipped:werkbaarheidsscan-basis")

    #: Model.clean() speaks of model fields that this form shows under another name (or not at all).
    MODEL_ERROR_FIELDS = {"instrument_ref": "instrument", "uploaded_instrument": "instrument", "grouping": NON_FIELD_ERRORS,
                          "band_labels": NON_FIELD_ERRORS}

    def grouping_fieldsets(self):
        """(question label, Dutch bands field, its translation fields, any filled in) per grouping question."""
        out = []
        for key, label in GROUPING_QUESTIONS:
            translations = [self[band_field(key, lang)] for lang, _l in TRANSLATED_LANGUAGES]
            opened = any(t.errors or (t.value() or "").strip() for t in translations)
            out.append((label, self[f"bands_{key}"], translations, opened))
        return out

    def plain_fields(self):
        """The visible fields that are not bands (the template shows the bands per question)."""
        return [f for f in self.visible_fields() if not f.name.startswith("bands_")]

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for field, messages in errors.error_dict.items():
                target = self.MODEL_ERROR_FIELDS.get(field, field)
                if target != NON_FIELD_ERRORS and target not in self.fields:
                    target = NON_FIELD_ERRORS
                if target != NON_FIELD_ERRORS and target in self.errors:
                    continue  # the form already explained this field
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)

    def clean_min_group_size(self):
        value = self.cleaned_data["min_group_size"]
        if value is None or value < MIN_GROUP_SIZE_FLOOR:
            raise ValidationError(_("The minimum group size is at least 3."))
        return value

    def clean(self):
        data = super().clean()
        grouping = {}
        for key, _label in GROUPING_QUESTIONS:
            raw = data.get(f"bands_{key}") or ""
            bands = [line.strip() for line in raw.splitlines() if line.strip()]
            if len(bands) == 1:
                self.add_error(f"bands_{key}", _("Give at least two bands, or none."))
            elif len(bands) != len(set(bands)):
                self.add_error(f"bands_{key}", _("Each band must be different."))
            elif bands:
                grouping[key] = bands
        self.instance.grouping = grouping
        self.instance.band_labels = self._band_labels(data, grouping)
        choice = data.get("instrument") or ""
        kind, _sep, ref = choice.partition(":")
        if kind == "uploaded" and ref in self._uploaded:
            self.instance.uploaded_instrument = self._uploaded[ref]
            self.instance.instrument_ref = self._uploaded[ref].instrument_id
        else:
            self.instance.uploaded_instrument = None
            self.instance.instrument_ref = ref
        self.instance.modules = data.get("modules") or []
        self.instance.languages = data.get("languages") or []
        try:
            instrument = self.instance.instrument()
        except (KeyError, InstrumentError):
            self.add_error("instrument", _("Unknown instrument."))
            return data
        wrong = [m for m in self.instance.modules if m not in instrument.module_by_id]
        if wrong:
            self.add_error("modules", _("Not a module of this instrument: %(modules)s") % {"modules": ", ".join(wrong)})
        if not [lang for lang in self.instance.languages if lang in instrument.languages]:
            self.add_error("languages", _("Choose at least one language the instrument is available in."))
        return data


    def _band_labels(self, data, grouping) -> dict:
        """{key: {language: {band: label}}} from the translation fields, lines matched to bands by position."""
        out: dict = {}
        for key, _label in GROUPING_QUESTIONS:
            bands = grouping.get(key, [])
            for lang, _lang_label in TRANSLATED_LANGUAGES:
                name = band_field(key, lang)
                lines = [line.strip() for line in (data.get(name) or "").splitlines()]
                while lines and not lines[-1]:
                    lines.pop()
                if not lines:
                    continue
                if len(lines) > len(bands):
                    self.add_error(name, _("There are %(lines)s lines but only %(bands)s Dutch bands; give one line "
                                           "per Dutch band.") % {"lines": len(lines), "bands": len(bands)})
                    continue
                given = [line for line in lines if line]
                if len(given) != len(set(given)):
                    self.add_error(name, _("Each band must be different."))
                    continue
                labels = {band: line for band, line in zip(bands, lines, strict=False) if line and line != band}
                if labels:
                    out.setdefault(key, {})[lang] = labels
        return out


class CodeBatchForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=5000,
        help_text=_("One code per worker. Print the sheet and hand each worker one code."),
    )


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Instrument file (YAML)"))

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sectors is not None:
            self.fields["sector"] = forms.ModelChoiceField(
                label=_("Sector"), queryset=sectors, required=False,
                help_text=_("Empty: every sector may use it."),
            )
        self.problems = []
        self.instrument = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or "upload.yaml"
        if not name.lower().endswith((".yaml", ".yml")):
            raise ValidationError(_("Upload a .yaml or .yml file."))
        if upload.size > 1024 * 1024:
            raise ValidationError(_("The file is larger than 1 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file must be UTF-8 text."))
        try:
            self.instrument = load_instrument_text(text, source=name)
        except InstrumentError as exc:
            if isinstance(exc.__cause__, UntrustedFileError):  # refused before parsing: one clear message
                raise ValidationError(str(exc.__cause__))
            self.problems = exc.problems
            raise ValidationError(_("The instrument file has %(n)s problem(s); see the list below.") % {
                "n": len(exc.problems)})
        if self.instrument.id in shipped_instruments():
            raise ValidationError(_("A shipped instrument already has the id %(id)s; choose another id.") % {
                "id": self.instrument.id})
        if UploadedInstrument.objects.filter(instrument_id=self.instrument.id, version=self.instrument.version).exists():
            raise ValidationError(_("Version %(version)s of %(id)s was already uploaded; raise the version.") % {
                "version": self.instrument.version, "id": self.instrument.id})
        self.text = text
        return upload


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with answers (XLSX or CSV)"),
        help_text=_("First row: item ids (e.g. wd1), grouping questions (e.g. team) and optionally language."),
    )
    confirm_anonymous = forms.BooleanField(
        label=_("The file contains no names, codes or other data that identify a worker."), required=True,
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        return upload
