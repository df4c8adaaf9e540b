from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import services as claim_services
from claims.forms import PromoteForm
from sources import services
from sources.forms import ImportForm
from sources.models import Article
from sources.parsing import ParseError


@require_GET
@login_required
@permission_required("sources.view_article", raise_exception=True)
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "compiled_in", "imported_by"), pk=article_id
    )
    claims = list(article.claims.select_related("assignee").order_by("start"))
    segments: list[tuple[str, object]] = []
    position = 0
    for claim in claims:
        if claim.start < position:
            continue
        segments.append((article.text[position : claim.start], None))
        segments.append((claim.text, claim))
        position = claim.end
    segments.append((article.text[position:], None))
    can_promote = request.user.has_perm("claims.promote_claim")
    return render(
        request,
        "sources/article_detail.html",
        {
            "article": article,
            "segments": segments,
            "claims": claims,
            "claim_count": len(claims),
            "compiled": article.compiled_articles.order_by("id") if article.is_compilation else [],
            "promotable": claim_services.promotable_sentences(article) if can_promote else [],
        },
    )


@require_POST
@login_required
@permission_required("sources.view_article", raise_exception=True)
def article_promote(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    form = PromoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a sentence to promote.")
        return redirect(article)
    try:
        claim = claim_services.promote_sentence(
            request.user, article, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    except claim_services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(article)
    messages.success(request, "The sentence is now a claim, in review by you.")
    return redirect(claim)


def _import_upload(upload: Any, overrides: services.ImportOverrides, user: Any) -> Any:
    """Run one uploaded file through the file importer, from a private temp
    copy under its own (base) name so reports name the file the user chose."""
    name = Path(upload.name or "upload.txt").name or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="workbench-import-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return services.import_file(path, overrides=overrides, user=user)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("sources.import_articles", raise_exception=True)
def import_articles(request: HttpRequest) -> HttpResponse:
    """Editors upload files or paste text; the page reports what was imported,
    what was skipped and why, and which inputs could not be read."""
    reports: list[Any] = []
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            overrides = services.ImportOverrides(outlet=form.outlet_name())
            for upload in form.cleaned_data["files"]:
                try:
                    reports.append(_import_upload(upload, overrides, request.user))
                except ParseError as exc:
                    errors.append(str(exc))
            text = form.cleaned_data["text"]
            if text.strip():
                try:
                    reports.append(
                        services.import_pasted_text(text, overrides=overrides, user=request.user)
                    )
                except ParseError as exc:
                    errors.append(str(exc))
            if not errors:
                form = ImportForm()
    else:
        form = ImportForm()
    return render(
        request,
        "sources/import.html",
        {"form": form, "reports": reports, "errors": errors},
        status=400 if errors and not reports else 200,
    )
