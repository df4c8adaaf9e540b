from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Outlet(models.Model):
    """A publisher of articles. The domain identifies it when known, so that
    "Source: https://www.presstv.ir/…" and a manifest entry land on one row."""

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, default="")
    language = models.CharField(max_length=12, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"],
                condition=~Q(domain=""),
                name="outlet_domain_unique_when_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One article as imported. `text` is the cleaned article text that every
    claim span points into; it never changes after import, or the spans would
    lie. Re-importing the same text is a no-op thanks to `content_hash`."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500, blank=True, default="")
    byline = models.CharField(max_length=300, blank=True, default="")
    url = models.URLField(max_length=1000, blank=True, default="")
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True, default="")
    text = models.TextField()
    # Reader comments are kept with the article for context but never become claims.
    comments = models.TextField(blank=True, default="")
    links = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    origin = models.CharField(max_length=500, blank=True, default="")
    compiled_in = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compiled_articles",
        help_text="The compilation page this article was found in.",
    )
    # A compilation page is kept as the parent of the articles split out of it;
    # its own text is not mined for claims (its articles are).
    is_compilation = models.BooleanField(default=False)
    syndicated_from = models.CharField(max_length=1000, blank=True, default="")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-published", "-id"]
        permissions = [("import_articles", "Can import articles")]
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="article_content_hash_unique"),
        ]
        indexes = [
            # Article lists filtered by outlet, newest first.
            models.Index(fields=["outlet", "-published"], name="article_outlet_published_idx"),
            # Cluster first appearance: earliest published article among a cluster's claims.
            models.Index(fields=["published"], name="article_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("sources:article", args=[self.pk])
