"""The review workflow: who may move a claim and its verdict from one state to
the next, enforced here so that views, the admin and scripts behave alike.

    new ──take/assign──► in_review ──submit──► submitted ──approve──► approved
     │                      ▲  │                   │                     │
     │                      │  └─not checkable     └──return (comment)───┤
     └─not checkable        └────────────── reopen (editor) ◄────────────┘

Every edit carries the version it was made from (optimistic locking): a stale
edit raises `VersionConflict` and writes nothing. Every write is saved through
the model so django-simple-history records who did it and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.core.validators import URLValidator, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from claims import extraction
from claims.models import (
    Claim,
    ClaimMatch,
    ClaimStatus,
    Evidence,
    MatchRelation,
    MatchState,
    Quantity,
    Rating,
    Stance,
    Verdict,
    VerdictState,
)
from claims.services.extraction import quantity_rows
from claims.services.matching import match_claims, reset_index, update_clusters
from sources.models import Article

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

M = TypeVar("M", bound=models.Model)

PERM_WORK = "claims.change_claim"
PERM_ASSIGN = "claims.assign_claim"
PERM_APPROVE = "claims.approve_verdict"
PERM_PROMOTE = "claims.promote_claim"
PERM_EVIDENCE = "claims.add_evidence"
PERM_EDIT_EVIDENCE = "claims.change_evidence"
PERM_VERDICT = "claims.change_verdict"
PERM_MATCH = "claims.change_claimmatch"


class WorkflowError(Exception):
    """An action the workflow refuses; the message tells the user why."""


class TransitionRefused(WorkflowError):
    """The claim is not in a state where this action makes sense."""


class IncompleteVerdict(WorkflowError):
    """A verdict cannot be submitted yet (rating, rationale or evidence missing)."""


class InvalidInput(WorkflowError):
    """A value the user typed cannot be stored (bad URL, empty reason…)."""


class VersionConflict(WorkflowError):
    """Someone else saved this object since the editor loaded it."""

    def __init__(self, current: models.Model, message: str = "") -> None:
        self.current = current
        super().__init__(
            message
            or (
                f"This {current._meta.verbose_name} was changed by someone else while you were "
                "editing (now at version "
                f"{current.version}). Nothing was saved; review the newer version and try again."
            )
        )


class WorkflowPermissionDenied(PermissionDenied):
    """The user's role does not allow this action. A `PermissionDenied`, so
    Django answers 403 with the helpful page when a view lets it through."""


# --- helpers ----------------------------------------------------------------


def _require(user: User, permission: str, action: str) -> None:
    if not user.is_authenticated or not user.has_perm(permission):
        raise WorkflowPermissionDenied(f"Your role does not allow you to {action}.")


def _lock(model: type[M], pk: int, version: int | None) -> M:
    """The row, locked for this transaction, checked against the version the
    user's edit was made from. select_for_update serialises writers on
    PostgreSQL; the version check catches the edit made from a stale page."""
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise VersionConflict(obj)
    return obj


def _save(obj: M, user: User, reason: str, expected_version: int | None = None) -> M:
    """Save with a version bump, recording the acting user and the reason in
    the history. The conditional update makes the version check atomic on
    every backend, even where select_for_update is a no-op (SQLite)."""
    if obj.pk is not None and expected_version is not None:
        bumped = (
            type(obj)
            .objects.filter(pk=obj.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if not bumped:
            raise VersionConflict(type(obj).objects.get(pk=obj.pk))
        obj.version = expected_version + 1
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()
    return obj


def _verdict_of(claim: Claim) -> Verdict | None:
    return Verdict.objects.select_for_update().filter(claim=claim).first()


def _check_assignee(claim: Claim, user: User, action: str) -> None:
    if claim.assignee_id != user.pk:
        raise WorkflowPermissionDenied(
            f"Only the reviewer this claim is assigned to may {action}"
            + (f" (it is assigned to {claim.assignee})." if claim.assignee_id else ".")
        )


# --- taking and assigning -----------------------------------------------------


@transaction.atomic
def take_claim(user: User, claim: Claim, *, version: int) -> Claim:
    """A reviewer takes a new (or unassigned) claim to work on it."""
    _require(user, PERM_WORK, "take claims")
    claim = _lock(Claim, claim.pk, version)
    if claim.status == ClaimStatus.IN_REVIEW and claim.assignee_id is None:
        pass
    elif claim.status != ClaimStatus.NEW:
        raise TransitionRefused(
            f"Only a new claim can be taken; this one is {claim.get_status_display().lower()}"
            + (f" by {claim.assignee}." if claim.assignee_id else ".")
        )
    claim.status = ClaimStatus.IN_REVIEW
    claim.assignee = user
    return _save(claim, user, "took the claim", version)


@transaction.atomic
def assign_claim(user: User, claim: Claim, assignee: User, *, version: int) -> Claim:
    """An editor gives a new or in-review claim to a reviewer."""
    _require(user, PERM_ASSIGN, "assign claims")
    if not assignee.is_active or not assignee.has_perm(PERM_WORK):
        raise InvalidInput(f"{assignee} cannot review claims.")
    claim = _lock(Claim, claim.pk, version)
    if claim.status not in {ClaimStatus.NEW, ClaimStatus.IN_REVIEW}:
        raise TransitionRefused(
            "Only new or in-review claims can be assigned; this one is "
            f"{claim.get_status_display().lower()}."
        )
    claim.status = ClaimStatus.IN_REVIEW
    claim.assignee = assignee
    return _save(claim, user, f"assigned to {assignee}", version)


@transaction.atomic
def mark_not_checkable(user: User, claim: Claim, reason: str, *, version: int) -> Claim:
    """Set a claim aside as opinion, prediction or otherwise not checkable."""
    _require(user, PERM_WORK, "mark claims not checkable")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the claim is not checkable.")
    claim = _lock(Claim, claim.pk, version)
    if claim.status not in {ClaimStatus.NEW, ClaimStatus.IN_REVIEW}:
        raise TransitionRefused(
            "Only new or in-review claims can be marked not checkable; this one is "
            f"{claim.get_status_display().lower()}."
        )
    if (
        claim.status == ClaimStatus.IN_REVIEW
        and claim.assignee_id not in {None, user.pk}
        and not user.has_perm(PERM_ASSIGN)
    ):
        raise WorkflowPermissionDenied(
            f"This claim is assigned to {claim.assignee}; only they or an editor may set it aside."
        )
    claim.status = ClaimStatus.NOT_CHECKABLE
    claim.not_checkable_reason = reason
    return _save(claim, user, "marked not checkable", version)


# --- verdicts -------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictInput:
    rating: Rating | None
    rationale: str


def _prepare_verdict(
    user: User, claim: Claim, data: VerdictInput, version: int
) -> tuple[Verdict, int | None]:
    """The claim's verdict with the user's edit applied (unsaved), and the
    version to save it against (None for a new verdict)."""
    _require(user, PERM_VERDICT, "write verdicts")
    if claim.status != ClaimStatus.IN_REVIEW:
        raise TransitionRefused(
            "A verdict can only be edited while the claim is in review; this one is "
            f"{claim.get_status_display().lower()}."
        )
    _check_assignee(claim, user, "write its verdict")
    verdict = _verdict_of(claim)
    expected: int | None = version
    if verdict is None:
        if version != 0:
            # The page showed a verdict that has since been deleted.
            raise VersionConflict(claim, "The verdict you edited no longer exists.")
        verdict = Verdict(claim=claim, author=user, state=VerdictState.DRAFT, version=1)
        expected = None
    elif verdict.version != version:
        raise VersionConflict(verdict)
    verdict.rating = data.rating
    verdict.rationale = data.rationale.strip()
    return verdict, expected


@transaction.atomic
def save_verdict_draft(user: User, claim: Claim, data: VerdictInput, *, version: int) -> Verdict:
    """Save the assignee's work in progress. `version` is the verdict's
    version the form was loaded with, 0 when there was no verdict yet."""
    claim = _lock(Claim, claim.pk, None)
    verdict, expected = _prepare_verdict(user, claim, data, version)
    return _save(verdict, user, "saved verdict draft", expected)


@transaction.atomic
def submit_verdict(user: User, claim: Claim, data: VerdictInput, *, version: int) -> Verdict:
    """Save and hand the verdict to an editor. Needs a rating, a rationale and
    at least one piece of evidence unless the rating needs none."""
    claim = _lock(Claim, claim.pk, None)
    problems = []
    if data.rating is None:
        problems.append("choose a rating")
    if not data.rationale.strip():
        problems.append("write a rationale")
    needs_evidence = data.rating is None or data.rating.requires_evidence
    if needs_evidence and not claim.evidence.exists():
        problems.append("add at least one piece of evidence")
    # Check state and ownership first: those errors say more than what's missing.
    _require(user, PERM_VERDICT, "submit verdicts")
    if claim.status != ClaimStatus.IN_REVIEW:
        raise TransitionRefused(
            "Only a claim in review can have its verdict submitted; this one is "
            f"{claim.get_status_display().lower()}."
        )
    _check_assignee(claim, user, "submit its verdict")
    if problems:
        raise IncompleteVerdict("Before submitting, " + ", ".join(problems) + ".")
    verdict, expected = _prepare_verdict(user, claim, data, version)
    verdict.state = VerdictState.SUBMITTED
    verdict.author = user
    verdict.submitted_at = timezone.now()
    verdict.approved_by = None
    verdict.approved_at = None
    _save(verdict, user, "submitted verdict", expected)
    claim.status = ClaimStatus.SUBMITTED
    _save(claim, user, "submitted verdict", claim.version)
    return verdict


def _submitted_verdict(claim: Claim, version: int, action: str) -> tuple[Claim, Verdict]:
    claim = _lock(Claim, claim.pk, None)
    verdict = _verdict_of(claim)
    # Version first: when two editors decide at once, the second must hear that
    # the first one changed it, not that the claim is (now) in another state.
    if verdict is not None and verdict.version != version:
        raise VersionConflict(verdict)
    if claim.status != ClaimStatus.SUBMITTED or verdict is None:
        raise TransitionRefused(
            f"Only a submitted verdict can be {action}; this claim is "
            f"{claim.get_status_display().lower()}."
        )
    return claim, verdict


@transaction.atomic
def approve_verdict(user: User, claim: Claim, *, version: int) -> Verdict:
    """An editor approves a submitted verdict written by someone else."""
    _require(user, PERM_APPROVE, "approve verdicts")
    claim, verdict = _submitted_verdict(claim, version, "approved")
    if verdict.author_id == user.pk:
        raise WorkflowPermissionDenied(
            "Nobody approves their own verdict: ask another editor to approve it."
        )
    verdict.state = VerdictState.APPROVED
    verdict.approved_by = user
    verdict.approved_at = timezone.now()
    verdict.return_comment = ""
    _save(verdict, user, "approved verdict", version)
    claim.status = ClaimStatus.APPROVED
    _save(claim, user, "approved verdict", claim.version)
    return verdict


@transaction.atomic
def return_verdict(user: User, claim: Claim, comment: str, *, version: int) -> Verdict:
    """An editor sends a submitted verdict back to its reviewer with a comment."""
    _require(user, PERM_APPROVE, "return verdicts")
    comment = comment.strip()
    if not comment:
        raise InvalidInput("Write a comment telling the reviewer what to change.")
    claim, verdict = _submitted_verdict(claim, version, "returned")
    verdict.state = VerdictState.RETURNED
    verdict.return_comment = comment
    _save(verdict, user, "returned verdict", version)
    claim.status = ClaimStatus.IN_REVIEW
    if claim.assignee_id is None:
        claim.assignee_id = verdict.author_id
    _save(claim, user, "returned verdict", claim.version)
    return verdict


@transaction.atomic
def reopen_claim(user: User, claim: Claim, comment: str = "", *, version: int) -> Claim:
    """An editor reopens an approved verdict (back to in review, with its
    reviewer) or a claim set aside as not checkable (back to new)."""
    _require(user, PERM_APPROVE, "reopen claims")
    claim = _lock(Claim, claim.pk, version)
    if claim.status == ClaimStatus.NOT_CHECKABLE:
        claim.status = ClaimStatus.NEW
        claim.not_checkable_reason = ""
        claim.assignee = None
        return _save(claim, user, "reopened", version)
    if claim.status != ClaimStatus.APPROVED:
        raise TransitionRefused(
            "Only approved or not-checkable claims can be reopened; this one is "
            f"{claim.get_status_display().lower()}."
        )
    verdict = _verdict_of(claim)
    if verdict is not None:
        verdict.state = VerdictState.RETURNED
        verdict.return_comment = comment.strip() or "Reopened by an editor."
        _save(verdict, user, "reopened verdict", verdict.version)
        if claim.assignee_id is None:
            claim.assignee_id = verdict.author_id
    claim.status = ClaimStatus.IN_REVIEW
    return _save(claim, user, "reopened", version)


@transaction.atomic
def reuse_verdict(user: User, claim: Claim, source: Claim, *, version: int) -> Verdict:
    """Start this claim's verdict from the approved verdict of a claim that
    states the same fact: rating, rationale and evidence are copied, and the
    reviewer still submits it for approval."""
    source_verdict = (
        Verdict.objects.select_related("rating")
        .filter(claim=source, state=VerdictState.APPROVED)
        .first()
    )
    if source_verdict is None:
        raise TransitionRefused(f"Claim {source.pk} has no approved verdict to reuse.")
    same_cluster = source.cluster_id is not None and source.cluster_id == claim.cluster_id
    low, high = sorted([claim.pk, source.pk])
    matched = (
        ClaimMatch.objects.filter(claim_a_id=low, claim_b_id=high, relation=MatchRelation.SAME)
        .exclude(state=MatchState.REJECTED)
        .exists()
    )
    if not (same_cluster or matched):
        raise InvalidInput(
            "Only the verdict on the same claim (its cluster or a matched claim) can be reused."
        )
    claim = _lock(Claim, claim.pk, None)
    note = f"(Reused from the approved verdict on claim {source.pk}.)"
    rationale = f"{source_verdict.rationale}\n\n{note}"
    verdict, expected = _prepare_verdict(
        user, claim, VerdictInput(source_verdict.rating, rationale), version
    )
    _save(verdict, user, f"reused verdict of claim {source.pk}", expected)
    have = set(claim.evidence.values_list("url", flat=True))
    for item in source.evidence.all():
        if item.url not in have:
            _save(
                Evidence(
                    claim=claim,
                    url=item.url,
                    title=item.title,
                    quoted_passage=item.quoted_passage,
                    stance=item.stance,
                    added_by=user,
                ),
                user,
                f"copied from claim {source.pk}",
            )
    return verdict


# --- evidence -------------------------------------------------------------------

_URL = URLValidator(schemes=["http", "https"])


_URL_MESSAGE = "Evidence needs a web address starting with http:// or https://."


def _clean_url(url: str) -> str:
    url = url.strip()
    try:
        _URL(url)
    except ValidationError:
        raise InvalidInput(_URL_MESSAGE) from None
    if urlsplit(url).scheme not in {"http", "https"}:
        raise InvalidInput(_URL_MESSAGE)
    return url


def _check_evidence_editable(user: User, claim: Claim) -> None:
    if claim.status != ClaimStatus.IN_REVIEW:
        raise TransitionRefused(
            "Evidence can only be changed while the claim is in review; this one is "
            f"{claim.get_status_display().lower()}."
        )
    _check_assignee(claim, user, "change its evidence")


def _check_stance(stance: str) -> None:
    if stance not in Stance.values:
        raise InvalidInput("Choose a stance: supports, refutes or context.")


@transaction.atomic
def add_evidence(
    user: User,
    claim: Claim,
    *,
    url: str,
    stance: str,
    title: str = "",
    quoted_passage: str = "",
) -> Evidence:
    """Attach a source to a claim in review. Adding overwrites nothing, so it
    carries no version."""
    _require(user, PERM_EVIDENCE, "add evidence")
    url = _clean_url(url)
    _check_stance(stance)
    claim = _lock(Claim, claim.pk, None)
    _check_evidence_editable(user, claim)
    return _save(
        Evidence(
            claim=claim,
            url=url,
            title=title.strip()[:500],
            quoted_passage=quoted_passage.strip(),
            stance=stance,
            added_by=user,
        ),
        user,
        "added evidence",
    )


@transaction.atomic
def update_evidence(
    user: User,
    evidence: Evidence,
    *,
    version: int,
    url: str,
    stance: str,
    title: str = "",
    quoted_passage: str = "",
) -> Evidence:
    _require(user, PERM_EDIT_EVIDENCE, "edit evidence")
    url = _clean_url(url)
    _check_stance(stance)
    claim = _lock(Claim, evidence.claim_id, None)
    _check_evidence_editable(user, claim)
    evidence = _lock(Evidence, evidence.pk, version)
    evidence.url = url
    evidence.title = title.strip()[:500]
    evidence.quoted_passage = quoted_passage.strip()
    evidence.stance = stance
    return _save(evidence, user, "edited evidence", version)


# --- matches and promotion ---------------------------------------------------------


def _decide_match(user: User, match: ClaimMatch, state: str, version: int) -> ClaimMatch:
    _require(user, PERM_MATCH, "confirm or reject matches")
    match = _lock(ClaimMatch, match.pk, version)
    if match.state == state:
        return match
    match.state = state
    match.decided_by = user
    match.decided_at = timezone.now()
    label = "confirmed" if state == MatchState.CONFIRMED else "rejected"
    return _save(match, user, f"{label} {match.get_relation_display().lower()} match", version)


@transaction.atomic
def confirm_match(user: User, match: ClaimMatch, *, version: int) -> ClaimMatch:
    match = _decide_match(user, match, MatchState.CONFIRMED, version)
    # A confirmed same-claim link can join two clusters.
    update_clusters([match.claim_a, match.claim_b])
    return match


@transaction.atomic
def reject_match(user: User, match: ClaimMatch, *, version: int) -> ClaimMatch:
    match = _decide_match(user, match, MatchState.REJECTED, version)
    # A rejected link can split a cluster in two.
    update_clusters([match.claim_a, match.claim_b])
    return match


def promotable_sentences(article: Article) -> list[extraction.ExtractedClaim]:
    """The article's sentences that are not claims yet, for a reviewer to promote."""
    if article.is_compilation:
        return []
    taken = set(Claim.objects.filter(article=article).values_list("start", "end"))
    return [
        sentence
        for sentence in extraction.analyse(article.text, article.language or "en")
        if (sentence.start, sentence.end) not in taken
    ]


def promote_sentence(user: User, article: Article, *, start: int, end: int) -> Claim:
    """Make a sentence of the article a claim, taken by the promoting reviewer.
    The span must be exactly one sentence as the extractor splits the text, so
    spans stay exact (`article.text[start:end] == claim.text`)."""
    try:
        return _promote_sentence(user, article, start=start, end=end)
    except BaseException:
        # Matching may have put the rolled-back claim in this process's
        # candidate index, and SQLite can give its id to the next claim.
        reset_index()
        raise


@transaction.atomic
def _promote_sentence(user: User, article: Article, *, start: int, end: int) -> Claim:
    _require(user, PERM_PROMOTE, "promote sentences into claims")
    if article.is_compilation:
        raise InvalidInput("A compilation page has no claims of its own; open its articles.")
    sentence = next(
        (
            item
            for item in extraction.analyse(article.text, article.language or "en")
            if item.start == start and item.end == end
        ),
        None,
    )
    if sentence is None:
        raise InvalidInput("That text is not one sentence of the article.")
    existing = Claim.objects.filter(article=article, start=start, end=end).first()
    if existing is not None:
        raise TransitionRefused(f"That sentence is already claim {existing.pk}.")
    claim = Claim(
        article=article,
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
        context_start=sentence.context_start,
        context_end=sentence.context_end,
        normalized_text=" ".join(sentence.text.lower().split()),
        kind=sentence.kind,
        speaker=sentence.speaker[:300],
        checkworthiness=sentence.checkworthiness,
        status=ClaimStatus.IN_REVIEW,
        assignee=user,
        promoted_by=user,
    )
    _save(claim, user, "promoted sentence into a claim")
    Quantity.objects.bulk_create(quantity_rows(claim, sentence))
    # A promoted sentence is a claim like any other: find where else it appears.
    match_claims([claim])
    return claim
