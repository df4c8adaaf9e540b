from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from claims.models import (
    Claim,
    ClaimMatch,
    Cluster,
    Evidence,
    NameAlias,
    Quantity,
    Rating,
    Verdict,
)
from claims.services import ensure_can_export, verdicts_csv, verdicts_of_claims
from claims.views_export import csv_download


class RatingFilter(admin.SimpleListFilter):
    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(str(rating.pk), rating.label) for rating in Rating.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(verdict__rating_id=self.value())
        return queryset


@admin.action(description="Export selected verdicts as CSV", permissions=["export_verdicts"])
def export_selected_verdicts(modeladmin, request, queryset):
    """The same CSV as /export/verdicts.csv, for the rows ticked in the admin
    (on the claims list: the verdicts of the ticked claims)."""
    ensure_can_export(request.user)
    if queryset.model is Claim:
        verdicts = verdicts_of_claims(queryset)
    else:
        verdicts = Verdict.objects.filter(pk__in=queryset.values("pk")).order_by("claim_id")
    return csv_download(verdicts_csv(verdicts))


def _can_export_verdicts(modeladmin, request) -> bool:
    return request.user.has_perm("claims.export_verdicts")


class VersionCheckedForm(forms.ModelForm):
    """An admin edit carries the version it was opened at, like the desk's
    forms: saving over a change someone made in the meantime (a reviewer's
    draft, another editor's repair) is refused, never silently overwritten.
    The admin saves inside one transaction, so the row locked here stays
    locked until the edit is written."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The hidden version itself differs whenever the row moved on, which
        # alone is no edit to refuse.
        edited = [name for name in self.changed_data if name != "seen_version"]
        if self.instance.pk is None or not edited:
            return cleaned
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            return cleaned
        if cleaned.get("seen_version") != current:
            raise ValidationError(
                f"This {self.instance._meta.verbose_name} was changed by someone else since "
                f"you opened it (now at version {current}). Nothing was saved: reload the "
                "page to see the newer version, then make your change again."
            )
        self.instance.version = current + 1
        return cleaned


class QuantityInline(admin.TabularInline):
    model = Quantity
    fields = ["text", "kind", "low", "high", "unit", "qualifier"]
    readonly_fields = ["text"]
    extra = 0


# Evidence links are typed without a scheme more often than not; https is the
# safe guess (and Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = VersionCheckedForm
    formfield_overrides = HTTPS_URLS
    fields = ["url", "title", "quoted_passage", "stance", "added_by", "seen_version"]
    raw_id_fields = ["added_by"]
    extra = 0


# Who wrote, submitted and approved a verdict, and its state, change only
# through the workflow (claims.services), which refuses an editor approving
# their own verdict and stale edits. In the admin only a superuser may touch
# them, as a repair tool.
VERDICT_WORKFLOW_FIELDS = ["state", "author", "approved_by", "approved_at", "submitted_at"]


class VerdictWorkflowReadOnly:
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + [name for name in VERDICT_WORKFLOW_FIELDS if name not in fields]


class VerdictInline(VerdictWorkflowReadOnly, admin.StackedInline):
    model = Verdict
    form = VersionCheckedForm
    fields = [
        "rating",
        "rationale",
        "author",
        "state",
        "approved_by",
        "return_comment",
        "seen_version",
    ]
    raw_id_fields = ["author", "approved_by"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = VersionCheckedForm
    list_display = ["short_text", "outlet", "kind", "checkworthiness", "status", "verdict_rating"]
    list_filter = [
        "kind",
        "status",
        ("article__outlet", admin.RelatedOnlyFieldListFilter),
        RatingFilter,
    ]
    # outlet and verdict rating are shown per row: joined, not fetched per row.
    list_select_related = ["article__outlet", "verdict__rating"]
    search_fields = ["text"]
    show_full_result_count = False
    raw_id_fields = ["article", "assignee", "cluster", "promoted_by"]
    readonly_fields = ["start", "end", "context_start", "context_end", "normalized_text", "version"]
    inlines = [QuantityInline, EvidenceInline, VerdictInline]
    actions = [export_selected_verdicts]
    has_export_verdicts_permission = _can_export_verdicts

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 120 else claim.text[:117] + "…"

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, claim: Claim) -> str:
        return claim.article.outlet.name

    @admin.display(description="verdict")
    def verdict_rating(self, claim: Claim) -> str:
        try:
            verdict = claim.verdict
        except Verdict.DoesNotExist:
            return "—"
        return f"{verdict.rating or 'unrated'} ({verdict.get_state_display()})"


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "order", "requires_evidence", "active"]
    list_editable = ["value", "order", "requires_evidence", "active"]
    ordering = ["order"]


@admin.register(Verdict)
class VerdictAdmin(VerdictWorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["claim", "rating", "state", "author", "approved_by", "submitted_at"]
    list_filter = ["state", "rating"]
    list_select_related = ["claim", "rating", "author", "approved_by"]
    search_fields = ["claim__text", "rationale"]
    raw_id_fields = ["claim", "author", "approved_by"]
    readonly_fields = ["version"]
    form = VersionCheckedForm
    show_full_result_count = False
    actions = [export_selected_verdicts]
    has_export_verdicts_permission = _can_export_verdicts


@admin.register(ClaimMatch)
class ClaimMatchAdmin(SimpleHistoryAdmin):
    list_display = ["claim_a", "claim_b", "score", "relation", "state", "provenance", "method"]
    list_filter = ["relation", "state", "provenance"]
    list_select_related = ["claim_a", "claim_b"]
    raw_id_fields = ["claim_a", "claim_b", "decided_by"]
    readonly_fields = ["version"]
    form = VersionCheckedForm
    show_full_result_count = False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "first_claim",
        "first_published",
        "claim_count",
        "outlet_count",
        "independent_outlet_count",
    ]
    list_select_related = ["first_claim"]
    raw_id_fields = ["first_claim"]
    show_full_result_count = False


@admin.register(NameAlias)
class NameAliasAdmin(admin.ModelAdmin):
    list_display = ["variant", "canonical", "source", "active"]
    list_filter = ["source", "active"]
    list_editable = ["active"]
    search_fields = ["variant", "canonical"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "url", "stance", "claim", "added_by", "added_at"]
    list_filter = ["stance"]
    list_select_related = ["claim", "added_by"]
    raw_id_fields = ["claim", "added_by"]
    readonly_fields = ["version"]
    form = VersionCheckedForm
    search_fields = ["title", "url", "quoted_passage"]
    show_full_result_count = False
