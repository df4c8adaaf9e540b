"""The import form: files or pasted text, and the outlet they come from."""

from __future__ import annotations

from typing import Any

from django import forms

from sources.models import Outlet


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(label="Files", required=False)
    text = forms.CharField(
        label="Or paste the article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
    )
    outlet = forms.ModelChoiceField(
        label="Outlet",
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label="— as the page says, or a new outlet below —",
    )
    new_outlet = forms.CharField(label="New outlet", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("files") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose at least one file or paste some text.")
        if data.get("outlet") and (data.get("new_outlet") or "").strip():
            raise forms.ValidationError("Choose an outlet or name a new one, not both.")
        return data

    def outlet_name(self) -> str:
        if self.cleaned_data.get("outlet"):
            return self.cleaned_data["outlet"].name
        return (self.cleaned_data.get("new_outlet") or "").strip()
