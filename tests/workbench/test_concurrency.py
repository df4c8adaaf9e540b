"""Two people saving the same thing at the same moment: one wins, the other is
told, and nothing is lost or written twice.

Each race runs the competing calls in real threads, each with its own database
connection, released together by a barrier, against the committed database
(transaction=True). On PostgreSQL the rows are locked (SELECT … FOR UPDATE);
on SQLite write transactions begin IMMEDIATE, so writers queue. Either way the
loser meets the winner's version and gets `VersionConflict`. Whatever the
interleaving, the outcome asserted is the same; each race runs several rounds
so that overlapping interleavings actually happen.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.test import Client

from claims import services
from claims.models import Claim, ClaimMatch, ClaimStatus, Evidence, MatchState, Rating, Verdict
from tests.browser.conftest import restore_desk_data
from tests.claims.factories_workflow import claim_in, match_between
from tests.factories import ClaimFactory, EvidenceFactory, editor, reviewer
from tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


def winner_and_loser(results: list[Any]) -> tuple[int, Exception]:
    """The index of the one success; the other must be a conflict, nothing else."""
    failures = [r for r in results if isinstance(r, Exception)]
    successes = [i for i, r in enumerate(results) if not isinstance(r, Exception)]
    assert len(successes) == 1, results
    assert len(failures) == len(results) - 1, results
    for failure in failures:
        assert isinstance(failure, services.VersionConflict), repr(failure)
        assert "changed by someone else" in str(failure) or "no longer exists" in str(failure)
    return successes[0], failures[0]


def history_count(obj: Any) -> int:
    return obj.history.count()


@pytest.fixture
def people(fast_passwords):
    # Committed tests end with a flush that empties the ratings and role groups too.
    restore_desk_data()
    return {
        "alice": reviewer("alice"),
        "bob": reviewer("bob"),
        "erin": editor("erin"),
        "ed": editor("ed"),
    }


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_two_tabs_saving_the_same_verdict_draft_one_wins_and_nothing_is_lost(people):
    alice = people["alice"]
    true, false = Rating.objects.get(label="True"), Rating.objects.get(label="False")
    for _ in range(ROUNDS):
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=alice)
        services.save_verdict_draft(
            alice, claim, services.VerdictInput(true, "First draft."), version=0
        )
        verdict = Verdict.objects.get(claim=claim)
        start_version, start_history = verdict.version, history_count(verdict)
        edits = [
            services.VerdictInput(true, "Tab one: satellite images show it."),
            services.VerdictInput(false, "Tab two: the ministry denied it."),
        ]
        results = race(
            *[
                partial(services.save_verdict_draft, alice, claim, data, version=start_version)
                for data in edits
            ]
        )
        won, _ = winner_and_loser(results)
        verdict.refresh_from_db()
        assert verdict.version == start_version + 1
        assert (verdict.rating, verdict.rationale) == (edits[won].rating, edits[won].rationale)
        assert history_count(verdict) == start_history + 1


def test_two_tabs_writing_the_first_verdict_create_exactly_one(people):
    alice = people["alice"]
    true = Rating.objects.get(label="True")
    for _ in range(ROUNDS):
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=alice)
        texts = ["One tab's rationale.", "The other tab's rationale."]
        results = race(
            *[
                partial(
                    services.save_verdict_draft,
                    alice,
                    claim,
                    services.VerdictInput(true, text),
                    version=0,
                )
                for text in texts
            ]
        )
        won, _ = winner_and_loser(results)
        verdicts = list(Verdict.objects.filter(claim=claim))
        assert len(verdicts) == 1
        assert verdicts[0].rationale == texts[won]
        assert verdicts[0].version == 1


def test_two_editors_deciding_the_same_submitted_verdict_one_approves_or_returns(people):
    alice, erin, ed = people["alice"], people["erin"], people["ed"]
    for _ in range(ROUNDS):
        claim = claim_in(ClaimStatus.SUBMITTED, assignee=alice)
        version = claim.verdict.version
        results = race(
            lambda claim=claim, version=version: services.approve_verdict(
                erin, claim, version=version
            ),
            lambda claim=claim, version=version: services.return_verdict(
                ed, claim, "Find a second source.", version=version
            ),
        )
        won, _ = winner_and_loser(results)
        claim.refresh_from_db()
        verdict = Verdict.objects.get(claim=claim)
        assert verdict.version == version + 1
        if won == 0:
            assert (claim.status, verdict.state, verdict.approved_by) == (
                "approved",
                "approved",
                erin,
            )
        else:
            assert (claim.status, verdict.state, verdict.return_comment) == (
                "in_review",
                "returned",
                "Find a second source.",
            )
            assert verdict.approved_by is None


def test_two_reviewers_taking_the_same_claim_only_one_gets_it(people):
    alice, bob = people["alice"], people["bob"]
    for _ in range(ROUNDS):
        claim = ClaimFactory()
        version = claim.version
        results = race(
            *[partial(services.take_claim, who, claim, version=version) for who in (alice, bob)]
        )
        won, _ = winner_and_loser(results)
        claim.refresh_from_db()
        assert claim.assignee == (alice, bob)[won]
        assert claim.version == version + 1
        assert history_count(claim) == 2  # created, then taken once


def test_taking_a_claim_while_an_editor_sets_it_aside_does_one_or_the_other(people):
    alice, erin = people["alice"], people["erin"]
    for _ in range(ROUNDS):
        claim = ClaimFactory()
        version = claim.version
        results = race(
            partial(services.take_claim, alice, claim, version=version),
            partial(services.mark_not_checkable, erin, claim, "A prediction.", version=version),
        )
        won, _ = winner_and_loser(results)
        claim.refresh_from_db()
        expected = [
            ("in_review", alice.pk, ""),
            ("not_checkable", None, "A prediction."),
        ][won]
        assert (claim.status, claim.assignee_id, claim.not_checkable_reason) == expected
        assert claim.version == version + 1


def test_confirming_and_rejecting_the_same_match_at_once_keeps_one_decision(people):
    alice, bob = people["alice"], people["bob"]
    for _ in range(ROUNDS):
        match = match_between(ClaimFactory(), ClaimFactory())
        version = match.version
        results = race(
            partial(services.confirm_match, alice, match, version=version),
            partial(services.reject_match, bob, match, version=version),
        )
        won, _ = winner_and_loser(results)
        match = ClaimMatch.objects.get(pk=match.pk)
        assert (match.state, match.decided_by) == [
            (MatchState.CONFIRMED, alice),
            (MatchState.REJECTED, bob),
        ][won]
        assert match.version == version + 1
        assert history_count(match) == 2


def test_two_tabs_editing_the_same_evidence_keep_one_edit(people):
    alice = people["alice"]
    for _ in range(ROUNDS):
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=alice)
        evidence = EvidenceFactory(claim=claim, added_by=alice)
        version = evidence.version
        urls = ["https://one.example/report", "https://two.example/report"]
        results = race(
            *[
                partial(
                    services.update_evidence,
                    alice,
                    evidence,
                    version=version,
                    url=url,
                    stance="refutes",
                )
                for url in urls
            ]
        )
        won, _ = winner_and_loser(results)
        evidence = Evidence.objects.get(pk=evidence.pk)
        assert evidence.url == urls[won]
        assert evidence.version == version + 1
        assert history_count(evidence) == 2


def test_evidence_added_from_many_tabs_at_once_is_stored_once_each(people):
    """Adding carries no version: every add is kept, none twice."""
    alice = people["alice"]
    claim = claim_in(ClaimStatus.IN_REVIEW, assignee=alice)
    urls = [f"https://source{n}.example/" for n in range(6)]
    results = race(
        *[
            (lambda url=url: services.add_evidence(alice, claim, url=url, stance="supports"))
            for url in urls
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Evidence.objects.filter(claim=claim).values_list("url", flat=True)) == urls


def test_the_losing_tab_gets_a_409_page_with_its_text_kept(people):
    """Over HTTP: two browser sessions of the assignee post a draft at once."""
    alice = people["alice"]
    claim = claim_in(ClaimStatus.IN_REVIEW, assignee=alice)
    rating = (
        Rating.objects.get(label="Mostly true").pk
        if Rating.objects.filter(label="Mostly true").exists()
        else Rating.objects.get(label="True").pk
    )
    texts = ["Rationale typed in tab one.", "Rationale typed in tab two."]
    clients = []
    for _ in texts:
        client = Client()
        client.force_login(alice)
        clients.append(client)

    def post(client: Client, text: str) -> Any:
        return client.post(
            f"/claims/{claim.pk}/verdict/",
            {"version": 0, "rating": rating, "rationale": text, "action": "draft"},
        )

    responses = race(*[(lambda c=c, t=t: post(c, t)) for c, t in zip(clients, texts, strict=True)])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302, 409]
    loser = next(r for r in responses if r.status_code == 409)
    winner_text = texts[[r.status_code for r in responses].index(302)]
    loser_text = texts[[r.status_code for r in responses].index(409)]
    page = loser.content.decode()
    assert "changed by someone else" in page or "no longer exists" in page
    assert loser_text in page  # what the losing tab typed is not lost
    assert Verdict.objects.get(claim=claim).rationale == winner_text
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW
