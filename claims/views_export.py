"""Downloads of verdicts: CSV and ClaimReview JSON Lines for editors, and the
ClaimReview of one approved verdict."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required, permission_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_GET

from claims.services import (
    ExportSelectionError,
    claimreview_for_claim,
    claimreview_lines,
    ensure_can_export,
    parse_verdict_selection,
    select_verdicts,
    verdicts_csv,
)
from claims.services.exports import export_filename

_TRUE = {"1", "true", "yes", "on"}


def download(chunks: Iterator[bytes], filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(chunks: Iterator[bytes]) -> StreamingHttpResponse:
    return download(chunks, export_filename("verdicts", "csv"), "text/csv; charset=utf-8")


@require_GET
@login_required
def verdicts_csv_view(request: HttpRequest) -> HttpResponse:
    ensure_can_export(request.user)
    try:
        selection = parse_verdict_selection(request.GET)
    except ExportSelectionError as exc:
        return HttpResponseBadRequest(str(exc))
    excel = request.GET.get("excel", "").strip().lower() in _TRUE
    return csv_download(verdicts_csv(select_verdicts(selection), excel=excel))


@require_GET
@login_required
def claimreview_jsonl_view(request: HttpRequest) -> HttpResponse:
    ensure_can_export(request.user)
    try:
        selection = parse_verdict_selection(request.GET)
    except ExportSelectionError as exc:
        return HttpResponseBadRequest(str(exc))
    chunks = claimreview_lines(select_verdicts(selection), base_url=request.build_absolute_uri("/"))
    return download(
        chunks, export_filename("claimreview", "jsonl"), "application/jsonl; charset=utf-8"
    )


@require_GET
@login_required
# Like every desk page: a login without a desk role sees nothing of the desk.
@permission_required("claims.view_verdict", raise_exception=True)
def claimreview_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    document = claimreview_for_claim(claim_id, base_url=request.build_absolute_uri("/"))
    if document is None:
        raise Http404("This claim has no approved verdict.")
    return JsonResponse(
        document,
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
