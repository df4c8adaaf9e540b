"""The reviewer desk: thin views over `claims.services`.

Every action is a plain form POST that redirects back (so pages work without
JavaScript); with htmx the same POST answers with the part of the page it
changed, rendered from the page template's partial.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.forms import (
    AssignForm,
    EvidenceForm,
    NotCheckableForm,
    ReopenForm,
    ReuseForm,
    ReviewForm,
    VerdictForm,
    desk_members,
)
from claims.history import claim_history
from claims.models import (
    Claim,
    ClaimKind,
    ClaimMatch,
    ClaimStatus,
    MatchRelation,
    MatchState,
    Rating,
    Verdict,
    VerdictState,
)
from claims.queries import (
    capped_count,
    filter_claims,
    order_claims,
    parse_claim_filters,
    status_counts,
)
from sources.models import Outlet

PAGE_SIZE = 50
# A text search counts its matches up to this many (see status_counts).
SEARCH_COUNT_LIMIT = 1000
CONTEXT_CHARS = 600
HOME_LIST_SIZE = 10
MATCHES_SHOWN = 50

VIEW_CLAIMS = "claims.view_claim"
# Lists show an article's title and outlet, never its body: don't fetch it.
ARTICLE_BODY = ("article__text", "article__comments", "article__links")


def _both_sides(fields: tuple[str, ...]) -> list[str]:
    return [f"claim_{side}__{name}" for side in "ab" for name in fields]


def _can_assign(user: Any) -> bool:
    return user.has_perm("claims.assign_claim")


def queue_rows(ids: list[int]) -> list[Claim]:
    """The claims of one queue page, in the order of `ids`, with what a row
    shows: two queries however large the tables, both by primary key or index.
    The conflict and duplicate flags come from the matches of these claims
    only, rather than from a subquery that would scan every match."""
    claims = (
        Claim.objects.filter(pk__in=ids)
        .select_related("article__outlet", "assignee", "verdict__rating")
        .defer(*ARTICLE_BODY)
    )
    by_id = {claim.pk: claim for claim in claims.order_by()}
    flags: dict[int, set[str]] = {pk: set() for pk in by_id}
    live = (
        ClaimMatch.objects.filter(Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids))
        .exclude(state=MatchState.REJECTED)
        .order_by()
        .values_list("claim_a_id", "claim_b_id", "relation")
    )
    for claim_a, claim_b, relation in live if by_id else []:
        for pk in (claim_a, claim_b):
            if pk in flags:
                flags[pk].add(relation)
    rows = []
    for pk in ids:
        if pk in by_id:
            claim = by_id[pk]
            claim.conflicted = MatchRelation.CONFLICT in flags[pk]
            claim.duplicated = MatchRelation.SAME in flags[pk]
            claim.takeable = _takeable(claim)
            claim.assignable = claim.status in {ClaimStatus.NEW, ClaimStatus.IN_REVIEW}
            rows.append(claim)
    return rows


def _row_context(user: Any) -> dict[str, Any]:
    """What every queue row needs besides its claim, worked out once per
    request: the template then does no permission logic per row, and the
    assignee options are rendered once, not once per row."""
    can_assign = _can_assign(user)
    members = list(desk_members()) if can_assign else []
    return {
        "can_take": user.has_perm("claims.change_claim"),
        "can_assign": can_assign,
        "member_options": format_html_join(
            "", '<option value="{}">{}</option>', ((m.pk, m.get_username()) for m in members)
        ),
    }


def _takeable(claim: Claim) -> bool:
    return claim.status == ClaimStatus.NEW or (
        claim.status == ClaimStatus.IN_REVIEW and claim.assignee_id is None
    )


# --- home -------------------------------------------------------------------------


def _approved_for(rows: QuerySet[Claim], user: Any) -> list[Claim]:
    """The newest approved verdicts the user wrote or whose claim they hold.
    One query with `author OR assignee` spans two tables, so PostgreSQL
    scans every claim for it; two indexed look-ups, merged here, do not."""
    approved = (
        Verdict.objects.filter(state=VerdictState.APPROVED)
        .exclude(approved_at=None)
        .order_by("-approved_at")
    )
    newest = {
        claim_id: approved_at
        for lookup in ({"author": user}, {"claim__assignee": user})
        for claim_id, approved_at in approved.filter(**lookup).values_list(
            "claim_id", "approved_at"
        )[:HOME_LIST_SIZE]
    }
    ids = sorted(newest, key=lambda pk: newest[pk], reverse=True)[:HOME_LIST_SIZE]
    by_id = rows.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


@require_GET
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = Claim.objects.select_related(
        "article__outlet", "assignee", "verdict__rating", "verdict__author"
    ).defer(*ARTICLE_BODY)
    mine = rows.filter(assignee=user, status=ClaimStatus.IN_REVIEW)
    context: dict[str, Any] = {
        "in_review": mine.exclude(verdict__state=VerdictState.RETURNED).order_by("-updated_at")[
            :HOME_LIST_SIZE
        ],
        "returned": mine.filter(verdict__state=VerdictState.RETURNED).order_by("-updated_at")[
            :HOME_LIST_SIZE
        ],
        "approved": _approved_for(rows, user),
        "is_editor": _can_assign(user) or user.has_perm("claims.approve_verdict"),
    }
    if context["is_editor"]:
        context["awaiting"] = rows.filter(status=ClaimStatus.SUBMITTED).order_by(
            "verdict__submitted_at"
        )[:HOME_LIST_SIZE]
        context["unassigned"] = rows.filter(status=ClaimStatus.NEW, assignee=None).order_by(
            "-checkworthiness", "-id"
        )[:HOME_LIST_SIZE]
        context["conflicts"] = (
            ClaimMatch.objects.filter(relation=MatchRelation.CONFLICT)
            .exclude(state=MatchState.REJECTED)
            .select_related("claim_a__article__outlet", "claim_b__article__outlet")
            .defer(*_both_sides(ARTICLE_BODY))
            .order_by("-created_at")[:HOME_LIST_SIZE]
        )
    return render(request, "claims/home.html", context)


# --- queue ------------------------------------------------------------------------


def _queue_context(request: HttpRequest) -> dict[str, Any]:
    filters = parse_claim_filters(request.GET)
    selected = filter_claims(Claim.objects.all(), filters, request.user)
    without_status = filter_claims(
        Claim.objects.all(),
        parse_claim_filters({**request.GET.dict(), "status": ""}),
        request.user,
    )
    limit = SEARCH_COUNT_LIMIT if filters.q else None
    counts = status_counts(without_status, limit=limit)
    # Two steps: the page's ids from the claims table alone (an index walk or
    # a top-N sort of narrow rows), then those rows with everything they
    # show. Joining first would join every selected claim before the LIMIT.
    paginator = Paginator(order_claims(selected, filters).values_list("pk", flat=True), PAGE_SIZE)
    if counts.complete:
        # The per-status counts already hold the total: no second COUNT(*).
        listed = counts.by_status[filters.status] if filters.status else counts.total
    elif filters.status and limit is not None:
        listed = capped_count(selected, limit)
    else:
        listed = counts.total
    listing_complete = limit is None or listed <= limit
    # Past the limit, only the first `limit` claims are paged through.
    paginator.count = listed if limit is None else min(listed, limit)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = queue_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        **_row_context(request.user),
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "status_counts": [
            (value, label, counts.by_status[value]) for value, label in ClaimStatus.choices
        ],
        "total_count": counts.total if limit is None else min(counts.total, limit),
        "counts_complete": counts.complete,
        "listing_complete": listing_complete,
        "outlets": Outlet.objects.order_by("name").only("id", "name"),
        "statuses": ClaimStatus.choices,
        "kinds": ClaimKind.choices,
        "ratings": Rating.objects.all(),
        "next_url": request.get_full_path(),
    }


@require_GET
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_list(request: HttpRequest) -> HttpResponse:
    context = _queue_context(request)
    template = "claims/claim_list.html#results" if request.htmx else "claims/claim_list.html"
    return render(request, template, context)


# --- claim page ---------------------------------------------------------------------


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


def _load_claim(claim_id: int) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related(
            "article__outlet",
            "article__compiled_in",
            "assignee",
            "cluster",
            "verdict__rating",
            "verdict__author",
            "verdict__approved_by",
        ),
        pk=claim_id,
    )


def _verdict(claim: Claim) -> Verdict | None:
    try:
        return claim.verdict
    except Verdict.DoesNotExist:
        return None


def _match_rows(claim: Claim) -> list[dict[str, Any]]:
    matches = (
        ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .select_related("claim_a__article__outlet", "claim_b__article__outlet", "decided_by")
        .defer(*_both_sides(ARTICLE_BODY))
        .order_by("relation", "-score")[:MATCHES_SHOWN]
    )
    rows = []
    for match in matches:
        mine_is_a = match.claim_a_id == claim.pk
        other = match.claim_b if mine_is_a else match.claim_a
        differences = []
        for difference in (match.explanation or {}).get("differences", []) or []:
            a, b = str(difference.get("a", "")), str(difference.get("b", ""))
            mine, theirs = (a, b) if mine_is_a else (b, a)
            differences.append({"kind": difference.get("kind", ""), "mine": mine, "theirs": theirs})
        rows.append(
            {
                "match": match,
                "other": other,
                "differences": differences,
                "mine_values": [d["mine"] for d in differences],
                "their_values": [d["theirs"] for d in differences],
                "aligned": (match.explanation or {}).get("aligned", []),
                # Read by sentence meaning (claims.embedding), not wording alone.
                "meaning": ((match.explanation or {}).get("scores") or {}).get("meaning"),
            }
        )
    return rows


def _already_checked(claim: Claim, match_rows: list[dict[str, Any]]) -> list[Claim]:
    """Approved claims stating the same fact: the cluster, or live same-matches."""
    same = Q(
        pk__in=[
            row["other"].pk
            for row in match_rows
            if row["match"].relation == MatchRelation.SAME
            and row["match"].state != MatchState.REJECTED
        ]
    )
    if claim.cluster_id is not None:
        same |= Q(cluster_id=claim.cluster_id)
    return list(
        Claim.objects.filter(same, status=ClaimStatus.APPROVED)
        .exclude(pk=claim.pk)
        .select_related("verdict__rating", "article__outlet")
        .defer(*ARTICLE_BODY)
        .order_by("-verdict__approved_at")[:5]
    )


def _claim_context(
    request: HttpRequest,
    claim: Claim,
    *,
    verdict_form: VerdictForm | None = None,
    evidence_form: EvidenceForm | None = None,
    review_form: ReviewForm | None = None,
    not_checkable_form: NotCheckableForm | None = None,
    error: str = "",
    unsaved: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = request.user
    verdict = _verdict(claim)
    verdict_version = verdict.version if verdict else 0
    article = claim.article
    before, after = _context_window(article.text, claim.start, claim.end)
    context_sentence = ""
    if claim.context_start is not None and claim.context_end is not None:
        context_sentence = article.text[claim.context_start : claim.context_end]
    match_rows = _match_rows(claim)
    is_assignee = claim.assignee_id == user.pk
    in_review = claim.status == ClaimStatus.IN_REVIEW
    can_approve = user.has_perm("claims.approve_verdict")
    can_assign = _can_assign(user)
    return {
        "claim": claim,
        "article": article,
        "verdict": verdict,
        "before": before,
        "after": after,
        "context_sentence": context_sentence,
        "quantities": list(claim.quantities.all()),
        "match_rows": match_rows,
        "already_checked": _already_checked(claim, match_rows),
        "evidence": list(claim.evidence.select_related("added_by")),
        "history": claim_history(claim),
        "error": error,
        "unsaved": unsaved,
        "can_take": user.has_perm("claims.change_claim")
        and (
            claim.status == ClaimStatus.NEW
            or (claim.status == ClaimStatus.IN_REVIEW and claim.assignee_id is None)
        ),
        "can_work": in_review and is_assignee,
        "can_decide_matches": user.has_perm("claims.change_claimmatch"),
        "can_review": can_approve and claim.status == ClaimStatus.SUBMITTED,
        "own_verdict": verdict is not None and verdict.author_id == user.pk,
        "can_reopen": can_approve
        and claim.status in {ClaimStatus.APPROVED, ClaimStatus.NOT_CHECKABLE},
        "can_set_aside": user.has_perm("claims.change_claim")
        and (
            claim.status == ClaimStatus.NEW
            or (in_review and (is_assignee or claim.assignee_id is None or can_assign))
        ),
        "can_assign": can_assign and claim.status in {ClaimStatus.NEW, ClaimStatus.IN_REVIEW},
        "members": list(desk_members()) if can_assign else [],
        "verdict_form": verdict_form
        or VerdictForm(
            initial={
                "version": verdict_version,
                "rating": verdict.rating_id if verdict else None,
                "rationale": verdict.rationale if verdict else "",
            }
        ),
        "evidence_form": evidence_form or EvidenceForm(),
        "review_form": review_form or ReviewForm(initial={"version": verdict_version}),
        "not_checkable_form": not_checkable_form
        or NotCheckableForm(initial={"version": claim.version}),
        "reopen_form": ReopenForm(initial={"version": claim.version}),
    }


@require_GET
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _load_claim(claim_id)
    return render(request, "claims/claim_detail.html", _claim_context(request, claim))


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _done(request: HttpRequest, claim_id: int, message: str) -> HttpResponse:
    """After a successful action: the changed desk for htmx, else back to the page."""
    if request.htmx:
        claim = _load_claim(claim_id)
        context = _claim_context(request, claim)
        context["notice"] = message
        return render(request, "claims/claim_detail.html#desk", context)
    messages.success(request, message)
    return HttpResponseRedirect(_safe_next(request) or _load_claim(claim_id).get_absolute_url())


def _refused(request: HttpRequest, claim_id: int, exc: Exception, **forms: Any) -> HttpResponse:
    """The page again with the reason, the current state and what the user
    typed. htmx swaps only 2xx answers, so it gets a 200 with the message."""
    claim = _load_claim(claim_id)
    context = _claim_context(request, claim, error=str(exc), **forms)
    if isinstance(exc, services.VersionConflict):
        status = 409
    elif isinstance(exc, services.WorkflowPermissionDenied):
        status = 403
    else:
        status = 400
    if request.htmx:
        return render(request, "claims/claim_detail.html#desk", context)
    return render(request, "claims/claim_detail.html", context, status=status)


def _action(
    request: HttpRequest,
    claim_id: int,
    perform: Callable[[], object],
    message: str,
    **forms: Any,
) -> HttpResponse:
    """Run a service call and answer; a role refusal outside htmx is a 403 page."""
    try:
        perform()
    except services.WorkflowPermissionDenied as exc:
        if request.htmx:
            return _refused(request, claim_id, exc, **forms)
        raise
    except services.WorkflowError as exc:
        return _refused(request, claim_id, exc, **forms)
    return _done(request, claim_id, message)


def _versioned(request: HttpRequest, form_class: type = ReopenForm) -> Any:
    form = form_class(request.POST)
    return form, (form.cleaned_data if form.is_valid() else None)


def _bad_form(request: HttpRequest, claim_id: int, message: str, **forms: Any) -> HttpResponse:
    return _refused(request, claim_id, services.InvalidInput(message), **forms)


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_take(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    _, data = _versioned(request)
    if data is None:
        return _bad_form(request, claim_id, "The form was incomplete; reload the page.")

    def perform() -> Claim:
        return services.take_claim(request.user, claim, version=data["version"])

    if request.htmx and request.POST.get("from") == "queue":
        return _queue_row_action(request, claim, perform)
    return _action(request, claim_id, perform, "You took this claim.")


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_assign(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    if not _can_assign(request.user):
        raise services.WorkflowPermissionDenied("Your role does not allow you to assign claims.")
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, claim_id, "Choose who to assign the claim to.")
    assignee = form.cleaned_data["assignee"]

    def perform() -> Claim:
        return services.assign_claim(
            request.user, claim, assignee, version=form.cleaned_data["version"]
        )

    if request.htmx and request.POST.get("from") == "queue":
        return _queue_row_action(request, claim, perform)
    return _action(request, claim_id, perform, f"Assigned to {assignee}.")


def _queue_row_action(
    request: HttpRequest, claim: Claim, perform: Callable[[], object]
) -> HttpResponse:
    """Take or assign from the queue: answer with the row, updated or with the reason."""
    error = ""
    try:
        perform()
    except (services.WorkflowError, services.WorkflowPermissionDenied) as exc:
        error = str(exc)
    return render(
        request,
        "claims/claim_list.html#row",
        {
            **_row_context(request.user),
            "claim": queue_rows([claim.pk])[0],
            "row_error": error,
            "next_url": _safe_next(request) or "",
        },
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_verdict(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, claim_id, "Check the verdict form.", verdict_form=form)
    data = services.VerdictInput(form.cleaned_data["rating"], form.cleaned_data["rationale"])
    version = form.cleaned_data["version"]
    submit = request.POST.get("action") != "draft"
    try:
        if submit:
            services.submit_verdict(request.user, claim, data, version=version)
        else:
            services.save_verdict_draft(request.user, claim, data, version=version)
    except services.WorkflowPermissionDenied as exc:
        if request.htmx:
            return _refused(request, claim_id, exc, verdict_form=form)
        raise
    except services.VersionConflict as exc:
        # The newer verdict is shown in the form; what this user typed is kept
        # beside it so nothing is lost.
        unsaved = {
            "rating": str(data.rating or ""),
            "rationale": data.rationale,
        }
        return _refused(request, claim_id, exc, unsaved=unsaved)
    except services.WorkflowError as exc:
        return _refused(request, claim_id, exc, verdict_form=form)
    return _done(
        request,
        claim_id,
        "Verdict submitted for approval." if submit else "Draft saved.",
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Approve or return a submitted verdict."""
    claim = get_object_or_404(Claim, pk=claim_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, claim_id, "The form was incomplete; reload the page.")
    version, comment = form.cleaned_data["version"], form.cleaned_data["comment"]
    if request.POST.get("action") == "return":
        return _action(
            request,
            claim_id,
            lambda: services.return_verdict(request.user, claim, comment, version=version),
            "Verdict returned to the reviewer.",
            review_form=form,
        )
    return _action(
        request,
        claim_id,
        lambda: services.approve_verdict(request.user, claim, version=version),
        "Verdict approved.",
        review_form=form,
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_reopen(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    _, data = _versioned(request)
    if data is None:
        return _bad_form(request, claim_id, "The form was incomplete; reload the page.")
    return _action(
        request,
        claim_id,
        lambda: services.reopen_claim(
            request.user, claim, data.get("comment", ""), version=data["version"]
        ),
        "Claim reopened.",
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_not_checkable(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    form = NotCheckableForm(request.POST)
    if not form.is_valid():
        return _bad_form(
            request, claim_id, "Say why the claim is not checkable.", not_checkable_form=form
        )
    return _action(
        request,
        claim_id,
        lambda: services.mark_not_checkable(
            request.user, claim, form.cleaned_data["reason"], version=form.cleaned_data["version"]
        ),
        "Marked not checkable.",
        not_checkable_form=form,
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, claim_id, "Check the evidence form.", evidence_form=form)
    return _action(
        request,
        claim_id,
        lambda: services.add_evidence(request.user, claim, **form.cleaned_data),
        "Evidence added.",
        evidence_form=form,
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def claim_reuse(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    form = ReuseForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, claim_id, "The form was incomplete; reload the page.")
    source = get_object_or_404(Claim, pk=form.cleaned_data["source"])
    return _action(
        request,
        claim_id,
        lambda: services.reuse_verdict(
            request.user, claim, source, version=form.cleaned_data["version"]
        ),
        f"Verdict of claim {source.pk} copied into your draft; check it and submit.",
    )


@require_POST
@login_required
@permission_required(VIEW_CLAIMS, raise_exception=True)
def match_decide(request: HttpRequest, claim_id: int, match_id: int) -> HttpResponse:
    match = get_object_or_404(
        ClaimMatch, Q(claim_a_id=claim_id) | Q(claim_b_id=claim_id), pk=match_id
    )
    _, data = _versioned(request)
    if data is None:
        return _bad_form(request, claim_id, "The form was incomplete; reload the page.")
    confirm = request.POST.get("decision") == "confirm"
    decide = services.confirm_match if confirm else services.reject_match
    return _action(
        request,
        claim_id,
        lambda: decide(request.user, match, version=data["version"]),
        "Match confirmed." if confirm else "Match rejected.",
    )
