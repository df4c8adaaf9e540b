from __future__ import annotations

import pytest

from claims import services
from claims.models import (
    Claim,
    ClaimMatch,
    ClaimStatus,
    Evidence,
    MatchState,
    Rating,
    Verdict,
    VerdictState,
)
from claims.services import VerdictInput
from tests.claims.factories_workflow import claim_in, fast_passwords  # noqa: F401
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    editor,
    rating,
    reviewer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

OK = "ok"
DENIED = "denied"  # the role or person may not: WorkflowPermissionDenied (403)
REFUSED = "refused"  # not in this state: TransitionRefused


def _people() -> dict[str, object]:
    return {
        "alice": reviewer("alice"),  # the assignee of claims in review and later
        "bob": reviewer("bob"),
        "erin": editor("erin"),
        "frank": editor("frank"),
    }


def _act(action: str, actor, claim: Claim, people: dict[str, object]):
    claim.refresh_from_db()
    verdict = Verdict.objects.filter(claim=claim).first()
    verdict_version = verdict.version if verdict else 0
    match action:
        case "take":
            return services.take_claim(actor, claim, version=claim.version)
        case "assign":
            return services.assign_claim(actor, claim, people["bob"], version=claim.version)
        case "submit":
            EvidenceFactory(claim=claim)
            return services.submit_verdict(
                actor, claim, VerdictInput(rating("True"), "Because."), version=verdict_version
            )
        case "draft":
            return services.save_verdict_draft(
                actor, claim, VerdictInput(rating("False"), "Draft."), version=verdict_version
            )
        case "approve":
            return services.approve_verdict(actor, claim, version=verdict_version)
        case "return":
            return services.return_verdict(actor, claim, "Add a source.", version=verdict_version)
        case "reopen":
            return services.reopen_claim(actor, claim, version=claim.version)
        case "not_checkable":
            return services.mark_not_checkable(actor, claim, "Opinion", version=claim.version)
        case "add_evidence":
            return services.add_evidence(actor, claim, url="https://a.example/x", stance="supports")
    raise AssertionError(action)


# (action, actor, state the claim is in, expected outcome, status afterwards when ok)
TRANSITIONS = [
    ("take", "alice", "new", OK, "in_review"),
    ("take", "erin", "new", OK, "in_review"),
    ("take", "bob", "in_review", REFUSED, None),
    ("take", "bob", "submitted", REFUSED, None),
    ("take", "bob", "approved", REFUSED, None),
    ("take", "bob", "not_checkable", REFUSED, None),
    ("assign", "alice", "new", DENIED, None),
    ("assign", "alice", "in_review", DENIED, None),
    ("assign", "erin", "new", OK, "in_review"),
    ("assign", "erin", "in_review", OK, "in_review"),
    ("assign", "erin", "submitted", REFUSED, None),
    ("assign", "erin", "approved", REFUSED, None),
    ("draft", "alice", "in_review", OK, "in_review"),
    ("draft", "bob", "in_review", DENIED, None),
    ("draft", "alice", "submitted", REFUSED, None),
    ("draft", "alice", "approved", REFUSED, None),
    ("submit", "alice", "in_review", OK, "submitted"),
    ("submit", "bob", "in_review", DENIED, None),
    ("submit", "erin", "in_review", DENIED, None),
    ("submit", "alice", "new", REFUSED, None),
    ("submit", "alice", "submitted", REFUSED, None),
    ("submit", "alice", "approved", REFUSED, None),
    ("approve", "erin", "submitted", OK, "approved"),
    ("approve", "alice", "submitted", DENIED, None),
    ("approve", "bob", "submitted", DENIED, None),
    ("approve", "erin", "in_review", REFUSED, None),
    ("approve", "erin", "approved", REFUSED, None),
    ("return", "erin", "submitted", OK, "in_review"),
    ("return", "alice", "submitted", DENIED, None),
    ("return", "erin", "in_review", REFUSED, None),
    ("return", "erin", "approved", REFUSED, None),
    ("reopen", "erin", "approved", OK, "in_review"),
    ("reopen", "erin", "not_checkable", OK, "new"),
    ("reopen", "alice", "approved", DENIED, None),
    ("reopen", "erin", "in_review", REFUSED, None),
    ("reopen", "erin", "submitted", REFUSED, None),
    ("not_checkable", "alice", "new", OK, "not_checkable"),
    ("not_checkable", "alice", "in_review", OK, "not_checkable"),
    ("not_checkable", "bob", "in_review", DENIED, None),
    ("not_checkable", "erin", "in_review", OK, "not_checkable"),
    ("not_checkable", "alice", "submitted", REFUSED, None),
    ("not_checkable", "alice", "approved", REFUSED, None),
    ("add_evidence", "alice", "in_review", OK, "in_review"),
    ("add_evidence", "bob", "in_review", DENIED, None),
    ("add_evidence", "alice", "new", REFUSED, None),
    ("add_evidence", "alice", "submitted", REFUSED, None),
]


@pytest.mark.parametrize(("action", "actor", "state", "expected", "after"), TRANSITIONS)
def test_the_workflow_allows_or_refuses_each_transition_by_role_and_state(
    action, actor, state, expected, after
):
    people = _people()
    claim = claim_in(state, assignee=people["alice"])
    before_version = Claim.objects.get(pk=claim.pk).version
    before_history = Claim.history.filter(id=claim.pk).count()
    if expected == OK:
        _act(action, people[actor], claim, people)
        claim.refresh_from_db()
        assert claim.status == after
    else:
        error = (
            services.WorkflowPermissionDenied if expected == DENIED else services.TransitionRefused
        )
        with pytest.raises(error):
            _act(action, people[actor], claim, people)
        claim.refresh_from_db()
        assert claim.status == state
        assert claim.version == before_version
        assert Claim.history.filter(id=claim.pk).count() == before_history


def test_an_editor_cannot_approve_a_verdict_they_wrote():
    erin, frank = editor("erin"), editor("frank")
    claim = claim_in("submitted", assignee=erin)
    verdict = claim.verdict
    with pytest.raises(services.WorkflowPermissionDenied, match="own verdict"):
        services.approve_verdict(erin, claim, version=verdict.version)
    services.approve_verdict(frank, claim, version=verdict.version)
    verdict.refresh_from_db()
    assert (verdict.state, verdict.approved_by) == (VerdictState.APPROVED, frank)


def test_a_verdict_is_not_submitted_without_rating_rationale_and_evidence():
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    with pytest.raises(services.IncompleteVerdict) as refused:
        services.submit_verdict(alice, claim, VerdictInput(None, "  "), version=0)
    message = str(refused.value)
    assert "rating" in message
    assert "rationale" in message
    assert "evidence" in message
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert not Verdict.objects.filter(claim=claim).exists()


def test_a_rating_that_needs_no_evidence_can_be_submitted_without_any():
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    unverifiable = Rating.objects.get(label="Unverifiable")
    assert unverifiable.requires_evidence is False
    services.submit_verdict(alice, claim, VerdictInput(unverifiable, "No record."), version=0)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    with pytest.raises(services.IncompleteVerdict, match="evidence"):
        other = claim_in("in_review", assignee=alice)
        services.submit_verdict(alice, other, VerdictInput(rating("False"), "No."), version=0)


def test_a_stale_verdict_edit_is_refused_and_the_first_edit_is_kept():
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    first = services.save_verdict_draft(alice, claim, VerdictInput(rating("True"), "v1"), version=0)
    loaded_version = first.version
    services.save_verdict_draft(
        alice, claim, VerdictInput(rating("False"), "second tab"), version=loaded_version
    )
    with pytest.raises(services.VersionConflict) as conflict:
        services.save_verdict_draft(
            alice, claim, VerdictInput(rating("Mixed"), "stale tab"), version=loaded_version
        )
    assert conflict.value.current.rationale == "second tab"
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rationale, verdict.rating.label) == ("second tab", "False")
    assert verdict.version == loaded_version + 1


def test_a_stale_claim_edit_is_refused_and_saves_nothing():
    alice, bob = reviewer("alice"), reviewer("bob")
    claim = ClaimFactory()
    stale_version = claim.version
    services.take_claim(alice, claim, version=stale_version)
    with pytest.raises(services.VersionConflict):
        services.mark_not_checkable(bob, claim, "Opinion", version=stale_version)
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == (ClaimStatus.IN_REVIEW, alice)


def test_a_new_verdict_edit_is_refused_when_someone_created_one_meanwhile():
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    services.save_verdict_draft(alice, claim, VerdictInput(rating("True"), "mine"), version=0)
    with pytest.raises(services.VersionConflict):
        services.save_verdict_draft(alice, claim, VerdictInput(None, "other tab"), version=0)
    assert Verdict.objects.get(claim=claim).rationale == "mine"


def test_the_whole_review_is_recorded_in_history_with_who_did_it():
    alice, erin = reviewer("alice"), editor("erin")
    claim = ClaimFactory()
    services.take_claim(alice, claim, version=claim.version)
    services.add_evidence(alice, claim, url="https://a.example/1", stance="supports")
    verdict = services.submit_verdict(alice, claim, VerdictInput(rating("True"), "A"), version=0)
    verdict = services.return_verdict(erin, claim, "Cite the ministry.", version=verdict.version)
    verdict = services.submit_verdict(
        alice, claim, VerdictInput(rating("Mostly true"), "B"), version=verdict.version
    )
    services.approve_verdict(erin, claim, version=verdict.version)

    claim_history = list(
        Claim.history.filter(id=claim.pk)
        .order_by("history_date")
        .values_list("status", "history_user__username", "history_change_reason")
    )
    assert claim_history[1:] == [
        ("in_review", "alice", "took the claim"),
        ("submitted", "alice", "submitted verdict"),
        ("in_review", "erin", "returned verdict"),
        ("submitted", "alice", "submitted verdict"),
        ("approved", "erin", "approved verdict"),
    ]
    verdict_states = list(
        Verdict.history.filter(id=verdict.pk)
        .order_by("history_date")
        .values_list("state", "rationale", "history_user__username")
    )
    assert verdict_states == [
        ("submitted", "A", "alice"),
        ("returned", "A", "erin"),
        ("submitted", "B", "alice"),
        ("approved", "B", "erin"),
    ]
    assert Evidence.history.filter(claim_id=claim.pk, history_user=alice).count() == 1


def test_a_returned_verdict_keeps_the_editors_comment_for_the_reviewer():
    erin = editor("erin")
    claim = claim_in("submitted")
    services.return_verdict(erin, claim, "Which ministry?", version=claim.verdict.version)
    claim.refresh_from_db()
    assert claim.verdict.return_comment == "Which ministry?"
    assert claim.verdict.state == VerdictState.RETURNED
    with pytest.raises(services.InvalidInput):
        other = claim_in("submitted", assignee=reviewer("bob"))
        services.return_verdict(erin, other, "  ", version=other.verdict.version)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example/a", "file:///etc/passwd", "not a url", ""]
)
def test_evidence_must_be_a_web_address(url):
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    with pytest.raises(services.InvalidInput, match="http"):
        services.add_evidence(alice, claim, url=url, stance="supports")
    assert not claim.evidence.exists()


def test_evidence_edits_carry_their_version():
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    item = services.add_evidence(alice, claim, url="https://a.example/1", stance="supports")
    services.update_evidence(
        alice, item, version=item.version, url="https://a.example/2", stance="refutes"
    )
    with pytest.raises(services.VersionConflict):
        services.update_evidence(
            alice, item, version=item.version, url="https://a.example/3", stance="context"
        )
    item.refresh_from_db()
    assert (item.url, item.stance) == ("https://a.example/2", "refutes")


def test_a_promotion_rolled_back_after_matching_leaves_no_claim_in_the_index(monkeypatch):
    from claims.services import matching as matching_services
    from claims.services import workflow

    alice = reviewer("alice")
    text = "Tehran said 15 missiles were fired at the base. It was a cold night."
    article = ArticleFactory(text=text)
    start, end = 0, text.index("base.") + len("base.")

    def match_then_fail(claims):
        matching_services.match_claims(claims)
        assert matching_services._state is not None
        raise RuntimeError("the database went away")

    monkeypatch.setattr(workflow, "match_claims", match_then_fail)
    with pytest.raises(RuntimeError):
        services.promote_sentence(alice, article, start=start, end=end)
    assert not Claim.objects.filter(article=article).exists()
    assert matching_services._state is None


def test_a_reviewer_confirms_and_rejects_suggested_matches():
    alice = reviewer("alice")
    match = ClaimMatchFactory()
    services.confirm_match(alice, match, version=match.version)
    match.refresh_from_db()
    assert (match.state, match.decided_by) == (MatchState.CONFIRMED, alice)
    with pytest.raises(services.VersionConflict):
        services.reject_match(alice, match, version=1)
    services.reject_match(alice, match, version=match.version)
    assert ClaimMatch.objects.get(pk=match.pk).state == MatchState.REJECTED
    assert ClaimMatch.history.filter(id=match.pk, history_user=alice).count() == 2


def test_a_reviewer_promotes_one_exact_sentence_of_the_article():
    alice = reviewer("alice")
    text = "Tehran said 15 missiles were fired. It was a cold night. Nobody saw the launch."
    article = ArticleFactory(text=text)
    start = text.index("It was")
    end = text.index("night.") + len("night.")
    claim = services.promote_sentence(alice, article, start=start, end=end)
    assert claim.text == text[start:end] == "It was a cold night."
    assert (claim.status, claim.assignee, claim.promoted_by) == ("in_review", alice, alice)
    assert claim.context_start == 0
    with pytest.raises(services.TransitionRefused):
        services.promote_sentence(alice, article, start=start, end=end)
    with pytest.raises(services.InvalidInput):
        services.promote_sentence(alice, article, start=start, end=end - 3)
    promotable = {s.text for s in services.promotable_sentences(article)}
    assert "It was a cold night." not in promotable
    assert "Nobody saw the launch." in promotable


def test_an_approved_verdict_in_the_cluster_can_be_reused():
    from claims.models import Cluster

    alice = reviewer("alice")
    cluster = Cluster.objects.create(claim_count=2)
    checked = claim_in("approved", assignee=reviewer("bob"), cluster=cluster)
    claim = claim_in("in_review", assignee=alice, cluster=cluster)
    verdict = services.reuse_verdict(alice, claim, checked, version=0)
    assert verdict.rating == checked.verdict.rating
    assert f"claim {checked.pk}" in verdict.rationale
    assert list(claim.evidence.values_list("url", flat=True)) == list(
        checked.evidence.values_list("url", flat=True)
    )
    stranger = claim_in("approved", assignee=reviewer("bob"))
    with pytest.raises(services.InvalidInput):
        services.reuse_verdict(alice, claim, stranger, version=verdict.version)
