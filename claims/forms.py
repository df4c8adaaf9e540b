"""Forms only validate; views hand `cleaned_data` to the workflow services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from claims.models import Rating, Stance
from claims.roles import EDITORS, REVIEWERS


class VersionedForm(forms.Form):
    # The version of the object the page showed: a stale edit is refused.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Several of these forms share the claim page: ids must not collide.
    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class EvidenceForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)

    url = forms.URLField(label="URL", max_length=1000, assume_scheme="https")
    title = forms.CharField(label="Title", max_length=500, required=False)
    quoted_passage = forms.CharField(
        label="Quoted passage", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    stance = forms.ChoiceField(label="Stance", choices=Stance.choices)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Use a web address starting with http:// or https://.")
        return url


class VerdictForm(VersionedForm):
    id_prefix = "verdict"
    rating = forms.ModelChoiceField(
        label="Rating",
        queryset=Rating.objects.filter(active=True),
        required=False,
        empty_label="— choose a rating —",
    )
    rationale = forms.CharField(
        label="Rationale", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewForm(VersionedForm):
    """Approve or return a submitted verdict; returning needs the comment."""

    id_prefix = "review"
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NotCheckableForm(VersionedForm):
    id_prefix = "notcheckable"
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(VersionedForm):
    id_prefix = "reopen"
    comment = forms.CharField(label="Why reopen", required=False)


def desk_members() -> QuerySet:
    """Everyone a claim can be assigned to."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=[REVIEWERS, EDITORS]) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )


class AssignForm(VersionedForm):
    id_prefix = "assign"
    assignee = forms.ModelChoiceField(label="Assign to", queryset=desk_members())


class PromoteForm(forms.Form):
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReuseForm(VersionedForm):
    id_prefix = "reuse"
    source = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
