from django.contrib import admin
from django.db import models
from django.db.models import Count

from claims.models import Claim
from sources.models import Article, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "language", "article_count"]
    search_fields = ["name", "domain"]

    def get_queryset(self, request):
        # One aggregate query instead of a count per row.
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.article_count


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "start", "end", "kind", "checkworthiness", "status"]
    readonly_fields = ["text", "start", "end"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # Claims come from extraction or promotion, never typed in here: their
        # spans must point into the article text.
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "byline", "published", "language", "is_compilation"]
    list_filter = ["is_compilation", "language", ("outlet", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["outlet"]
    search_fields = ["title", "byline", "url"]
    date_hierarchy = "published"
    # Counting tens of thousands of rows on every page load is the slow part.
    show_full_result_count = False
    raw_id_fields = ["compiled_in", "imported_by"]
    readonly_fields = ["text", "content_hash", "imported_at", "origin", "links"]
    inlines = [ClaimInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
