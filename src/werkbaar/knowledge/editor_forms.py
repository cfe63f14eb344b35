"""Forms of the editor pages: one item form that shows only the fields its content type uses, and the
filters of the editor's list. Tags (themes, audiences, regions, company sizes) are checkboxes stored as
comma tags; sectors and related inspiration-menu actions are checkboxes too."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbaar.actions.models import Action, join_tags, split_tags
from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import Organisation, Sector

from .models import LANGUAGES, Audience, Item, Kind, Region, Status
from .rules import can_edit_item

_TEXTS = {  # translated text fields per content type (title and summary are always there)
    Kind.GOOD_PRACTICE: ("body", "problem", "approach", "effect"),
    Kind.TOOL: ("body",),
    Kind.RESEARCH: ("body",),
    Kind.MEASURE: ("body", "amount", "how_to_apply"),
    Kind.LEGISLATION: ("body",),
}
_OTHERS = {  # other fields per content type
    Kind.GOOD_PRACTICE: ("company_name", "anonymised", "contact_name", "contact_email", "contact_consent",
                         "link", "size_tags"),
    Kind.TOOL: ("publisher", "year", "link", "size_tags"),
    Kind.RESEARCH: ("authors", "publisher", "year", "link"),
    Kind.MEASURE: ("audience_tags", "region_tags", "size_tags", "deadline", "source", "link"),
    Kind.LEGISLATION: ("link", "source", "year", "region_tags"),
}
COMMON = ("slug", "theme_tags", "sectors", "related_actions", "owner_sector", "owner")


def is_reserved(slug: str) -> bool:
    """Is ``/kennis/<slug>/`` already another page of the platform (the editor, the finder, ...)? An item
    there would never be reachable."""
    root = reverse("knowledge:editor").removesuffix("editor/")  # where the platform is mounted (/kennis/)
    try:
        match = resolve(f"{root}{slug}/")
    except Resolver404:
        return False
    return match.view_name != "knowledge:item"


def fields_for(kind: str) -> list[str]:
    """The form fields an item of this content type shows, in order."""
    texts = ("title", "summary", *_TEXTS[kind])
    return [f"{name}_{lang}" for name in texts for lang in LANGUAGES] + list(_OTHERS[kind]) + list(COMMON)


TAGS = {"theme_tags": ("themes", Theme.choices), "audience_tags": ("audiences", Audience.choices),
        "region_tags": ("regions", Region.choices),
        "size_tags": ("company_sizes", [c for c in Organisation.SizeBand.choices if c[0] != "unknown"])}


#: The model fields any content type edits (the form keeps those of its own type).
MODEL_FIELDS = list(dict.fromkeys(f for kind in Kind.values for f in fields_for(kind) if f not in TAGS))


class ItemForm(forms.ModelForm):
    theme_tags = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    audience_tags = forms.MultipleChoiceField(label=_("For whom"), required=False, widget=forms.CheckboxSelectMultiple)
    region_tags = forms.MultipleChoiceField(label=_("Regions"), required=False, widget=forms.CheckboxSelectMultiple)
    size_tags = forms.MultipleChoiceField(label=_("Company sizes"), required=False,
                                          widget=forms.CheckboxSelectMultiple, help_text=_("Empty: every size."))
    note = forms.CharField(label=_("What changed (optional)"), required=False, max_length=300)

    class Meta:
        model = Item
        fields = MODEL_FIELDS
        widgets = {
            "sectors": forms.CheckboxSelectMultiple, "related_actions": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{f"{n}_{lang}": forms.Textarea(attrs={"rows": 6 if n == "body" else 3})
               for n in ("summary", "body", "problem", "approach", "effect", "amount", "how_to_apply")
               for lang in LANGUAGES},
        }

    def __init__(self, *args, kind: str, owner_sectors, owners, department: bool, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = set(fields_for(kind)) | {"note"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(fields_for(kind) + ["note"])
        for name, (attr, choices) in TAGS.items():
            if name in self.fields:
                self.fields[name].choices = choices
                if self.instance.pk and not self.is_bound:
                    self.fields[name].initial = split_tags(getattr(self.instance, attr))
        self.fields["sectors"].queryset = Sector.objects.order_by("name")
        self.fields["related_actions"].queryset = actions
        self.fields["owner_sector"].queryset = owner_sectors
        self.fields["owner_sector"].required = not department
        self.fields["owner_sector"].empty_label = _("The department") if department else None
        self.fields["owner"].queryset = owners
        self.fields["owner"].help_text = _("Items due for review come back to their owner.")
        if "year" in self.fields:
            self.fields["year"].widget.attrs.update(min=1900, max=2100)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if is_reserved(slug):
            raise ValidationError(_("“%(slug)s” is used by the platform itself; choose another address.")
                                  % {"slug": slug})
        return slug

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise ValidationError(_("Give a year between 1900 and 2100."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("contact_consent") and not (data.get("contact_name") or data.get("contact_email")):
            self.add_error("contact_name", _("Name the contact person who agreed to be named."))
        owner, sector = data.get("owner"), data.get("owner_sector")
        if owner is not None and "owner_sector" not in self.errors and not can_edit_item(
                owner, SimpleNamespace(owner_sector_id=sector.pk if sector else None)):
            self.add_error("owner", _("The owner must be an editor of the owning sector (or of the department)."))
        if data.get("anonymised") and data.get("company_name"):
            self.add_error("company_name", _("An anonymised case does not name the company: empty this field "
                                             "or untick “anonymised”."))
        return data

    def save(self, commit=True):
        for name, (attr, _choices) in TAGS.items():
            if name in self.fields:
                setattr(self.instance, attr, join_tags(self.cleaned_data.get(name) or []))
        self.instance.kind = self.kind
        return super().save(commit)


SORTS = {"-updated": ["-updated"], "title": ["title_nl"], "status": ["status", "title_nl"],
         "kind": ["kind", "title_nl"], "reviewed": ["reviewed_at", "title_nl"]}


def _blank(choices):
    return [("", _("All")), *choices]


class EditorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(Status.choices))
    kind = forms.ChoiceField(label=_("Content type"), required=False, choices=_blank(Kind.choices))
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=_blank(Theme.choices))
    owner = forms.ChoiceField(label=pgettext_lazy("knowledge item", "Owner"), required=False)
    review_due = forms.BooleanField(label=_("Review due"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("-updated", _("Recently changed")), ("title", _("Title")), ("status", _("Status")),
        ("kind", _("Content type")), ("reviewed", _("Oldest review first"))])

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("All")), ("me", _("Mine"))] + [
            (str(u.pk), u.get_full_name() or u.username) for u in owners]


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if required:
            self.fields["note"].label = _("Why? (required)")


def public_actions(sector_ids, department: bool):
    """Inspiration-menu actions an item may link to: public ones of the shared menu and of the editor's sectors."""
    qs = Action.objects.filter(active=True, visibility=Action.Visibility.PUBLIC)
    if not department:
        qs = qs.filter(sector__isnull=True) | qs.filter(sector_id__in=sector_ids)
    return qs.order_by("title_nl")
