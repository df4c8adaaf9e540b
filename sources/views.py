from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sources.models import Article


@require_GET
@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "compiled_in"), pk=article_id
    )
    claims = list(article.claims.order_by("start"))
    segments: list[tuple[str, object]] = []
    position = 0
    for claim in claims:
        if claim.start < position:
            continue
        segments.append((article.text[position : claim.start], None))
        segments.append((claim.text, claim))
        position = claim.end
    segments.append((article.text[position:], None))
    return render(
        request,
        "sources/article_detail.html",
        {"article": article, "segments": segments, "claim_count": len(claims)},
    )
