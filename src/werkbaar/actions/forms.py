"""Forms of the actions app: menu filters and curation, plans, plan actions, progress, dialogue, feedback."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Action, ActionPlan, DialogueMeeting, FeedbackAnswer, PlanItem, join_tags, split_tags
from .taxonomy import Actor, Effort, Horizon, Level, Scope, Theme, indicator_choices

SORTS = [
    ("relevance", _("Relevance")),
    ("title", _("Title")),
    ("theme", _("Theme")),
    ("effort", _("Effort (low first)")),
    ("-updated", _("Recently changed")),
]


ALL = _("All")


def _blank(choices):
    return [("", ALL), *choices]


class MenuFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=_blank(Theme.choices))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_blank(Level.choices))
    horizon = forms.ChoiceField(label=_("Horizon"), required=False, choices=_blank(Horizon.choices))
    scope = forms.ChoiceField(label=_("Scope"), required=False, choices=_blank(Scope.choices))
    effort = forms.ChoiceField(label=_("Effort"), required=False, choices=_blank(Effort.choices))
    actor = forms.ChoiceField(label=_("Who acts"), required=False, choices=_blank(Actor.choices))
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = _blank(indicator_choices((get_language() or "nl")[:2]))
        self.fields["sector"].choices = [("", _("All")), ("shared", _("Shared menu only"))] + [
            (s.code, s.name) for s in sectors]


class ActionForm(forms.ModelForm):
    indicator_tags = forms.MultipleChoiceField(label=_("Indicators addressed"), widget=forms.CheckboxSelectMultiple)
    actor_tags = forms.MultipleChoiceField(label=_("Who acts"), choices=Actor.choices,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Action
        fields = ["key", "title_nl", "title_fr", "title_en", "description_nl", "description_fr", "description_en",
                  "theme", "level", "horizon", "scope", "effort", "source", "sector", "visibility", "active"]
        widgets = {f"description_{lang}": forms.Textarea(attrs={"rows": 4}) for lang in ("nl", "fr", "en")}

    def __init__(self, *args, sectors=None, shared_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_tags"].choices = indicator_choices((get_language() or "nl")[:2])
        if self.instance.pk:
            self.fields["indicator_tags"].initial = self.instance.indicator_list
            self.fields["actor_tags"].initial = self.instance.actor_list
            self.fields["key"].disabled = True
        self.fields["sector"].queryset = sectors
        self.fields["sector"].required = not shared_allowed
        self.shared_allowed = shared_allowed

    def clean(self):
        data = super().clean()
        if not self.shared_allowed and not data.get("sector"):
            raise ValidationError(_("Sector staff add actions for their own sector."))
        if data.get("visibility") == Action.Visibility.SECTOR and not data.get("sector"):
            self.add_error("visibility", _("Only a sector-specific action can be limited to its sector."))
        return data

    def save(self, commit=True):
        self.instance.indicators = join_tags(self.cleaned_data["indicator_tags"])
        self.instance.actors = join_tags(self.cleaned_data["actor_tags"])
        return super().save(commit)


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "campaign", "follow_up_campaign"]

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["follow_up_campaign"].queryset = campaigns

    def clean_campaign(self):
        """A scan with too few answers has no results to act on (issue 16): refused with the number needed."""
        from werkbaar.insights.report import too_few_text
        from werkbaar.insights.services import too_few_answers

        campaign = self.cleaned_data.get("campaign")
        if campaign is not None and too_few_answers(campaign):
            raise ValidationError(too_few_text(campaign.min_group_size))
        return campaign

    def clean(self):
        data = super().clean()
        first, follow = data.get("campaign"), data.get("follow_up_campaign")
        if first and follow and first.pk == follow.pk:
            self.add_error("follow_up_campaign", _("The follow-up campaign must be a later measurement."))
        elif first and follow and follow.opens_on <= first.opens_on:
            self.add_error("follow_up_campaign", _("The follow-up campaign must open after the first one."))
        return data


class PlanItemForm(forms.ModelForm):
    indicator_tags = forms.MultipleChoiceField(label=_("Indicators addressed"), required=False,
                                               widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = PlanItem
        fields = ["title", "action", "finding", "goal", "owner", "owner_name", "deadline", "budget", "status",
                  "done_on"]
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, owners=None, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_tags"].choices = indicator_choices((get_language() or "nl")[:2])
        self.fields["indicator_tags"].initial = split_tags(self.instance.indicators) if self.instance.pk else (
            split_tags(self.initial.get("indicators", "")))
        self.fields["owner"].queryset = owners
        self.fields["action"].queryset = actions
        self.fields["action"].required = False

    def clean(self):
        data = super().clean()
        if data.get("budget") is not None and data["budget"] < 0:
            self.add_error("budget", _("The budget cannot be negative."))
        if data.get("status") == "done" and not data.get("done_on"):
            self.add_error("done_on", _("Give the date the action was done."))
        return data

    def save(self, commit=True):
        tags = self.cleaned_data.get("indicator_tags") or []
        if not tags and self.cleaned_data.get("action"):
            tags = self.cleaned_data["action"].indicator_list
        self.instance.indicators = join_tags(tags)
        return super().save(commit)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = DialogueMeeting
        fields = ["held_on", "body", "decision", "decision_text", "minutes"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "decision_text": forms.Textarea(attrs={"rows": 3})}

    MAX_MINUTES = 10 * 1024 * 1024
    ALLOWED = (".pdf", ".docx", ".odt", ".txt", ".doc")

    def clean_minutes(self):
        f = self.cleaned_data.get("minutes")
        if f and hasattr(f, "size"):
            if f.size > self.MAX_MINUTES:
                raise ValidationError(_("The minutes may be at most 10 MB."))
            if not f.name.lower().endswith(self.ALLOWED):
                raise ValidationError(_("Upload the minutes as PDF, Word, OpenDocument or text."))
        return f


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FeedbackRoundForm(forms.Form):
    count = forms.IntegerField(label=_("Number of workers concerned (codes)"), min_value=1, max_value=5000)
    opens_on = forms.DateField(label=_("Opens on"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Default: a month after the action was done."))
    min_group_size = forms.IntegerField(label=_("Minimum number of answers before results are shown"),
                                        min_value=3, required=False)


class FeedbackCodeForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=40)

    def clean_code(self):
        """Spaces and dashes are ignored; anything but letters and digits is not a code (and no URL part)."""
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not re.fullmatch(r"[A-Za-z0-9]+", code):
            raise ValidationError(_("This code is not known."))
        return code


class FeedbackAnswerForm(forms.Form):
    helped = forms.TypedChoiceField(label=_("Did this action help you?"), coerce=int,
                                    choices=FeedbackAnswer.Helped.choices, widget=forms.RadioSelect)
    more_workable = forms.TypedChoiceField(label=_("Has your work become more workable since?"), coerce=int,
                                           choices=FeedbackAnswer.Helped.choices, widget=forms.RadioSelect,
                                           required=False, empty_value=None)
