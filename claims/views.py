from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from claims.models import Claim, ClaimStatus
from claims.queries import filter_claims, parse_claim_filters
from sources.models import Outlet

PAGE_SIZE = 50
CONTEXT_CHARS = 600


@require_GET
@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    filters = parse_claim_filters(request.GET)
    claims = filter_claims(
        Claim.objects.select_related("article__outlet").order_by("-checkworthiness", "id"),
        filters,
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "outlets": Outlet.objects.order_by("name"),
        "statuses": ClaimStatus.choices,
    }
    template = "claims/claim_list.html#results" if request.htmx else "claims/claim_list.html"
    return render(request, template, context)


def _context_window(text: str, start: int, end: int) -> tuple[str, str]:
    """The paragraphs around a span, cut at paragraph breaks where possible."""
    before_start = max(0, start - CONTEXT_CHARS)
    paragraph = text.rfind("\n\n", before_start, start)
    if paragraph >= 0:
        before_start = paragraph + 2
    after_end = min(len(text), end + CONTEXT_CHARS)
    paragraph = text.find("\n\n", end, after_end)
    if paragraph >= 0:
        after_end = paragraph
    return text[before_start:start], text[end:after_end]


@require_GET
@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("article__outlet", "article__compiled_in", "assignee"),
        pk=claim_id,
    )
    before, after = _context_window(claim.article.text, claim.start, claim.end)
    context_sentence = ""
    if claim.context_start is not None and claim.context_end is not None:
        context_sentence = claim.article.text[claim.context_start : claim.context_end]
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "article": claim.article,
            "before": before,
            "after": after,
            "context_sentence": context_sentence,
            "quantities": claim.quantities.all(),
        },
    )
