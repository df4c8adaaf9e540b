from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Cluster, Evidence, Verdict, VerdictState
from tests.claims.factories_workflow import (  # noqa: F401
    claim_in,
    fast_passwords,
    match_between,
)
from tests.claims.test_workflow import DENIED, OK, TRANSITIONS
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    QuantityFactory,
    editor,
    rating,
    reviewer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post_action(client, action: str, claim: Claim, people, **extra):
    claim.refresh_from_db()
    verdict = Verdict.objects.filter(claim=claim).first()
    verdict_version = verdict.version if verdict else 0
    url = {
        "take": "claims:take",
        "assign": "claims:assign",
        "submit": "claims:verdict",
        "draft": "claims:verdict",
        "approve": "claims:review",
        "return": "claims:review",
        "reopen": "claims:reopen",
        "not_checkable": "claims:not_checkable",
        "add_evidence": "claims:evidence",
    }[action]
    data = {
        "take": {"version": claim.version},
        "assign": {"version": claim.version, "assignee": people["bob"].pk},
        "submit": {
            "version": verdict_version,
            "rating": rating("True").pk,
            "rationale": "Because.",
            "action": "submit",
        },
        "draft": {"version": verdict_version, "rationale": "Draft", "action": "draft"},
        "approve": {"version": verdict_version, "action": "approve"},
        "return": {"version": verdict_version, "action": "return", "comment": "Add a source."},
        "reopen": {"version": claim.version},
        "not_checkable": {"version": claim.version, "reason": "Opinion"},
        "add_evidence": {"url": "https://a.example/x", "stance": "supports"},
    }[action]
    if action == "submit":
        EvidenceFactory(claim=claim)
    return client.post(reverse(url, args=[claim.pk]), data, **extra)


@pytest.mark.parametrize(("action", "actor", "state", "expected", "after"), TRANSITIONS)
def test_each_transition_through_the_pages_answers_by_role_and_state(
    client, action, actor, state, expected, after
):
    people = {
        "alice": reviewer("alice"),
        "bob": reviewer("bob"),
        "erin": editor("erin"),
        "frank": editor("frank"),
    }
    claim = claim_in(state, assignee=people["alice"])
    version = Claim.objects.get(pk=claim.pk).version
    client.force_login(people[actor])
    response = _post_action(client, action, claim, people)
    claim.refresh_from_db()
    if expected == OK:
        assert response.status_code == 302
        assert response["Location"] == claim.get_absolute_url()
        assert claim.status == after
    else:
        assert response.status_code == (403 if expected == DENIED else 400)
        assert claim.status == state
        assert claim.version == version


def test_a_reviewer_cannot_approve_and_gets_a_helpful_403(client):
    alice = reviewer("alice")
    claim = claim_in("submitted", assignee=reviewer("bob"))
    client.force_login(alice)
    response = client.post(
        reverse("claims:review", args=[claim.pk]),
        {"version": claim.verdict.version, "action": "approve"},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "does not allow you to approve verdicts" in page
    assert "Editors" in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.verdict.state == VerdictState.SUBMITTED
    assert claim.verdict.approved_by is None


def test_a_refused_htmx_approval_answers_with_the_desk_and_the_reason(client):
    claim = claim_in("submitted", assignee=reviewer("bob"))
    client.force_login(reviewer("alice"))
    response = client.post(
        reverse("claims:review", args=[claim.pk]),
        {"version": claim.verdict.version, "action": "approve"},
        **HTMX,
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="desk"')
    assert "does not allow you to approve" in page
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_a_stale_second_verdict_edit_is_refused_with_nothing_lost(client):
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    client.force_login(alice)
    url = reverse("claims:verdict", args=[claim.pk])
    first = client.post(url, {"version": 0, "rationale": "First tab", "action": "draft"})
    assert first.status_code == 302
    second = client.post(url, {"version": 0, "rationale": "Second tab text", "action": "draft"})
    assert second.status_code == 409
    page = second.content.decode()
    assert "changed by someone else" in page
    # The newer version is in the form, and the refused text is shown beside it.
    assert "First tab</textarea>" in page
    assert "Your edit, not saved" in page
    assert "Second tab text" in page
    assert Verdict.objects.get(claim=claim).rationale == "First tab"


def test_submitting_without_evidence_keeps_what_the_reviewer_typed(client):
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    client.force_login(alice)
    response = client.post(
        reverse("claims:verdict", args=[claim.pk]),
        {"version": 0, "rating": rating("False").pk, "rationale": "My careful reasoning"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "add at least one piece of evidence" in page
    assert "My careful reasoning</textarea>" in page
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW


def test_the_claim_page_labels_every_control_a_reviewer_uses(client):
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    client.force_login(alice)
    page = client.get(claim.get_absolute_url()).content.decode()
    for label in ["URL", "Title", "Quoted passage", "Stance", "Rating", "Rationale"]:
        assert f">{label}</label>" in page, label
    for button in ["Add evidence", "Submit verdict", "Mark not checkable"]:
        assert f">{button}</button>" in page, button
    assert 'dir="auto"' in page


def test_the_claim_page_offers_approve_and_return_with_a_comment_to_editors(client):
    claim = claim_in("submitted")
    client.force_login(editor("frank"))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert ">Comment</label>" in page
    assert ">Approve</button>" in page
    assert ">Return</button>" in page


def test_the_claim_page_hides_approve_from_the_verdicts_author(client):
    erin = editor("erin")
    claim = claim_in("submitted", assignee=erin)
    client.force_login(erin)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert ">Approve</button>" not in page
    assert "another editor must approve it" in page


def test_the_claim_page_shows_the_context_sentence_of_a_pronoun_claim(client):
    text = "The minister spoke on Monday. He said 40 people died in the strike."
    article = ArticleFactory(text=text)
    start = text.index("He said")
    claim = ClaimFactory(
        article=article, start=start, end=len(text), context_start=0, context_end=start - 1
    )
    client.force_login(reviewer("alice"))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Context (the sentence before):" in page
    assert "The minister spoke on Monday." in page
    assert f'<mark id="claim-{claim.pk}">He said 40 people died in the strike.</mark>' in page


def test_conflicts_show_the_differing_values_highlighted(client):
    claim = ClaimFactory()
    other = ClaimFactory()
    a, b = sorted([claim, other], key=lambda c: c.pk)
    a_value = a.text.split()[3] + " buildings"
    b_value = b.text.split()[3] + " buildings"
    ClaimMatchFactory(
        claim_a=a,
        claim_b=b,
        relation="conflict",
        explanation={"differences": [{"kind": "quantity", "a": a_value, "b": b_value}]},
    )
    client.force_login(reviewer("alice"))
    page = client.get(b.get_absolute_url()).content.decode()
    assert f'this claim says <mark class="diff">{b_value}</mark>' in page
    assert f'the other says <mark class="diff">{a_value}</mark>' in page
    assert "Conflict" in page


def test_a_pair_read_by_meaning_shows_how_alike_the_sentences_mean(client):
    by_meaning = ClaimMatchFactory(
        relation="conflict",
        explanation={"scores": {"combined": 64.2, "meaning": 0.812}, "differences": []},
    )
    by_words = ClaimMatchFactory(explanation={"scores": {"combined": 91.0}, "differences": []})
    client.force_login(reviewer("alice"))
    page = client.get(by_meaning.claim_a.get_absolute_url()).content.decode()
    assert "meaning 0.81" in page
    page = client.get(by_words.claim_a.get_absolute_url()).content.decode()
    assert "meaning " not in page


def test_a_reviewer_confirms_a_suggested_duplicate_in_place(client):
    alice = reviewer("alice")
    match = ClaimMatchFactory()
    client.force_login(alice)
    response = client.post(
        reverse("claims:match", args=[match.claim_a_id, match.pk]),
        {"version": match.version, "decision": "confirm"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Match confirmed." in response.content.decode()
    match.refresh_from_db()
    assert match.state == "confirmed"


def test_an_approved_claim_in_the_cluster_is_shown_as_already_checked_and_reusable(client):
    alice = reviewer("alice")
    cluster = Cluster.objects.create(claim_count=2)
    checked = claim_in("approved", assignee=reviewer("bob"), cluster=cluster)
    claim = claim_in("in_review", assignee=alice, cluster=cluster)
    client.force_login(alice)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Already checked" in page
    assert reverse("claims:detail", args=[checked.pk]) in page
    assert "Reuse this verdict" in page
    response = client.post(
        reverse("claims:reuse", args=[claim.pk]), {"version": 0, "source": checked.pk}
    )
    assert response.status_code == 302
    assert Verdict.objects.get(claim=claim).rating == checked.verdict.rating


def test_the_history_on_the_claim_page_says_who_did_what(client):
    alice, erin = reviewer("alice"), editor("erin")
    claim = ClaimFactory()
    client.force_login(alice)
    client.post(reverse("claims:take", args=[claim.pk]), {"version": claim.version})
    client.post(
        reverse("claims:evidence", args=[claim.pk]),
        {"url": "https://ministry.example/report", "title": "Report", "stance": "refutes"},
    )
    client.force_login(erin)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<strong>alice</strong> took the claim" in page
    assert "<strong>alice</strong> added evidence" in page
    assert 'New</del> → <ins dir="auto">In review' not in page  # raw values, not labels
    assert 'new</del> → <ins dir="auto">in_review</ins>' in page


def test_evidence_with_a_non_web_url_is_refused_by_the_form(client):
    alice = reviewer("alice")
    claim = claim_in("in_review", assignee=alice)
    client.force_login(alice)
    response = client.post(
        reverse("claims:evidence", args=[claim.pk]),
        {"url": "javascript:alert(1)", "stance": "supports"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(claim=claim).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    claim = ClaimFactory()
    for url in [reverse("home"), reverse("claims:list"), claim.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_desk_role_gets_a_403_that_says_what_to_do(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="visitor"))
    for url in [reverse("home"), reverse("claims:list"), ClaimFactory().get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 403
        assert "has no role on the desk yet" in response.content.decode()


# --- queue -------------------------------------------------------------------


def test_the_queue_filters_by_outlet_kind_status_assignee_and_text(client):
    alice = reviewer("alice")
    wanted = ClaimFactory(kind="statistic", status="in_review", assignee=alice)
    ClaimFactory(kind="statistic")
    ClaimFactory(kind="quote", status="in_review", assignee=alice)
    client.force_login(alice)
    response = client.get(
        reverse("claims:list"),
        {
            "outlet": wanted.article.outlet_id,
            "kind": "statistic",
            "status": "in_review",
            "assignee": "me",
            "q": wanted.text.split()[3],
        },
    )
    assert [c.pk for c in response.context["page"]] == [wanted.pk]


def test_the_queue_filters_claims_with_conflicts_duplicates_or_a_rating(client):
    conflicted, duplicated, plain = ClaimFactory(), ClaimFactory(), ClaimFactory()
    match_between(conflicted, ClaimFactory(), relation="conflict")
    match_between(ClaimFactory(), duplicated, relation="same")
    rejected = ClaimFactory()
    match_between(rejected, ClaimFactory(), relation="same", state="rejected")
    rated = claim_in("approved", assignee=reviewer("alice"))
    client.force_login(reviewer("bob"))

    def selected(**params) -> set[int]:
        return {c.pk for c in client.get(reverse("claims:list"), params).context["page"]}

    assert conflicted.pk in selected(conflict="1")
    assert plain.pk not in selected(conflict="1")
    assert duplicated.pk in selected(duplicates="1")
    assert rejected.pk not in selected(duplicates="1")
    assert selected(rating=rated.verdict.rating_id) == {rated.pk}


def test_the_queue_orders_by_score_or_newest_first(client):
    older_high = ClaimFactory(checkworthiness=0.95)
    newer_low = ClaimFactory(checkworthiness=0.55)
    client.force_login(reviewer("alice"))
    by_score = [c.pk for c in client.get(reverse("claims:list")).context["page"]]
    newest = [c.pk for c in client.get(reverse("claims:list"), {"order": "newest"}).context["page"]]
    assert by_score == [older_high.pk, newer_low.pk]
    assert newest == [newer_low.pk, older_high.pk]


def test_the_queue_counts_claims_per_status(client):
    ClaimFactory.create_batch(3)
    claim_in("in_review", assignee=reviewer("alice"))
    client.force_login(reviewer("bob"))
    response = client.get(reverse("claims:list"), {"status": "new"})
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts["new"] == 3
    assert counts["in_review"] == 1
    assert response.context["total_count"] == 4
    assert response.context["page"].paginator.count == 3


def test_a_broad_text_search_counts_no_further_than_the_limit(client, monkeypatch):
    monkeypatch.setattr("claims.views.SEARCH_COUNT_LIMIT", 3)
    ClaimFactory.create_batch(4, text="Sixteen missiles hit the base on Wednesday.")
    claim_in("approved", text="Two missiles missed the base.")
    ClaimFactory(text="The parliament voted to expel foreign troops.")
    client.force_login(reviewer("bob"))
    broad = client.get(reverse("claims:list"), {"q": "missiles"})
    assert broad.context["counts_complete"] is False
    assert broad.context["listing_complete"] is False
    assert broad.context["total_count"] == 3
    assert broad.context["page"].paginator.count == 3
    assert "More than 3 claims match" in broad.content.decode()
    # Within one status the search may select few enough to count exactly.
    narrow = client.get(reverse("claims:list"), {"q": "missiles", "status": "approved"})
    assert narrow.context["listing_complete"] is True
    assert narrow.context["page"].paginator.count == 1
    assert "1 claim" in narrow.content.decode()
    exact = client.get(reverse("claims:list"), {"q": "parliament"})
    assert exact.context["counts_complete"] is True
    assert exact.context["total_count"] == 1


def test_the_queue_paginates_with_filters_kept(client):
    from claims import views

    ClaimFactory.create_batch(views.PAGE_SIZE + 3, kind="event")
    ClaimFactory(kind="quote")
    client.force_login(reviewer("alice"))
    first = client.get(reverse("claims:list"), {"kind": "event"})
    assert len(first.context["page"]) == views.PAGE_SIZE
    assert "kind=event&amp;page=2" in first.content.decode()
    second = client.get(reverse("claims:list"), {"kind": "event", "page": 2})
    assert len(second.context["page"]) == 3
    seen = {c.pk for c in first.context["page"]} | {c.pk for c in second.context["page"]}
    assert len(seen) == views.PAGE_SIZE + 3


def test_htmx_filtering_answers_with_the_results_only(client):
    ClaimFactory()
    client.force_login(reviewer("alice"))
    response = client.get(reverse("claims:list"), {"status": "new"}, **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results">')
    assert "<html" not in page


def test_take_in_the_queue_answers_with_the_updated_row(client):
    alice = reviewer("alice")
    claim = ClaimFactory()
    client.force_login(alice)
    response = client.post(
        reverse("claims:take", args=[claim.pk]),
        {"version": claim.version, "from": "queue", "next": "/claims/?status=new"},
        **HTMX,
    )
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="claim-row-{claim.pk}">')
    assert "In review" in row
    assert "alice" in row
    assert Claim.objects.get(pk=claim.pk).assignee == alice


def test_take_without_javascript_returns_to_the_filtered_queue(client):
    claim = ClaimFactory()
    client.force_login(reviewer("alice"))
    response = client.post(
        reverse("claims:take", args=[claim.pk]),
        {"version": claim.version, "from": "queue", "next": "/claims/?status=new"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/claims/?status=new"


def test_take_never_redirects_off_site(client):
    claim = ClaimFactory()
    client.force_login(reviewer("alice"))
    response = client.post(
        reverse("claims:take", args=[claim.pk]),
        {"version": claim.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == claim.get_absolute_url()


def test_an_editor_assigns_in_the_queue_and_a_reviewer_may_not(client):
    bob = reviewer("bob")
    claim = ClaimFactory()
    client.force_login(editor("erin"))
    queue = client.get(reverse("claims:list")).content.decode()
    assert f'id="assign-{claim.pk}"' in queue
    response = client.post(
        reverse("claims:assign", args=[claim.pk]),
        {"version": claim.version, "assignee": bob.pk, "from": "queue"},
        **HTMX,
    )
    assert "bob" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee == bob
    client.force_login(reviewer("alice"))
    assert f'id="assign-{claim.pk}"' not in client.get(reverse("claims:list")).content.decode()
    refused = client.post(
        reverse("claims:assign", args=[claim.pk]), {"version": 2, "assignee": bob.pk}
    )
    assert refused.status_code == 403


# --- query budgets ---------------------------------------------------------------


def _populate(n: int) -> None:
    alice = reviewer("alice")
    for index in range(n):
        claim = ClaimFactory(status="in_review" if index % 2 else "new")
        if index % 2:
            claim.assignee = alice
            claim.save()
        if index % 3 == 0:
            ClaimMatchFactory(claim_a=claim, claim_b=ClaimFactory(), relation="conflict")
    for _ in range(max(1, n // 10)):
        claim_in("approved", assignee=alice)


@pytest.mark.parametrize("size", [3, 40])
def test_the_queue_answers_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    _populate(size)
    erin = editor("erin")
    client.force_login(erin)
    # session, user, user and group permissions, status counts, count, the
    # page's ids, the page's rows with their conflict/duplicate flags,
    # outlets, ratings, desk members.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("claims:list"), {"order": "newest"})
    assert response.status_code == 200
    assert len(response.context["page"]) > 0


@pytest.mark.parametrize("viewer", ["erin", "alice"])
@pytest.mark.parametrize("size", [2, 30])
def test_the_claim_page_answers_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size, viewer
):
    alice, erin = reviewer("alice"), editor("erin")
    cluster = Cluster.objects.create(claim_count=size)
    claim = claim_in("in_review", assignee=alice, cluster=cluster)
    for _ in range(size):
        QuantityFactory(claim=claim)
        EvidenceFactory(claim=claim, added_by=alice)
        other = ClaimFactory(cluster=cluster)
        ClaimMatchFactory(
            claim_a=claim, claim_b=other, state="confirmed", decided_by=alice, explanation={}
        )
    for _ in range(max(1, size // 5)):
        claim_in("approved", assignee=alice, cluster=cluster)
    client.force_login(erin if viewer == "erin" else alice)
    # session, user, user and group permissions, the claim with its
    # article, outlet, cluster and verdict, matches, already checked,
    # quantities, evidence, history (4 tables, users, ratings), then desk
    # members for the editor or the rating choices for the assignee.
    with django_assert_max_num_queries(16):
        response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["match_rows"]) == size


# --- home ------------------------------------------------------------------------


def test_a_reviewers_home_lists_work_in_review_returned_and_approved(client):
    alice = reviewer("alice")
    working = claim_in("in_review", assignee=alice)
    returned = claim_in("submitted", assignee=alice)
    returned.verdict.state = VerdictState.RETURNED
    returned.verdict.return_comment = "Which ministry?"
    returned.verdict.save()
    Claim.objects.filter(pk=returned.pk).update(status="in_review")
    approved = claim_in("approved", assignee=alice)
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert [c.pk for c in response.context["in_review"]] == [working.pk]
    assert [c.pk for c in response.context["returned"]] == [returned.pk]
    assert [c.pk for c in response.context["approved"]] == [approved.pk]
    assert "Which ministry?" in response.content.decode()
    assert "awaiting" not in response.context


def test_a_reviewers_home_lists_approved_claims_they_wrote_or_held_newest_first(client):
    alice, bob = reviewer("alice"), reviewer("bob")
    written = claim_in("approved", assignee=bob, author=alice)
    held = claim_in("approved", assignee=alice, author=bob)
    claim_in("approved", assignee=bob, author=bob)
    Verdict.objects.filter(claim=written).update(
        approved_at=held.verdict.approved_at + timedelta(minutes=5)
    )
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert [c.pk for c in response.context["approved"]] == [written.pk, held.pk]


def test_an_editors_home_lists_approvals_unassigned_claims_and_conflicts(
    client, django_assert_max_num_queries
):
    waiting = [claim_in("submitted", assignee=reviewer(f"r{i}")) for i in range(3)]
    fresh = ClaimFactory(checkworthiness=0.99)
    conflict = match_between(ClaimFactory(), ClaimFactory(), relation="conflict")
    client.force_login(editor("erin"))
    # session, user, two permission queries, then one query per list (six),
    # the approved list taking three (the ids by author, by assignee, rows).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert {c.pk for c in response.context["awaiting"]} == {c.pk for c in waiting}
    assert response.context["unassigned"][0].pk == fresh.pk
    assert [m.pk for m in response.context["conflicts"]] == [conflict.pk]
