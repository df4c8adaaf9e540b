"""The in-process candidate index also takes in claims committed late with a
lower id than one it already holds (concurrent imports)."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.services import matching as matching_services
from tests.factories import ClaimFactory


@pytest.mark.django_db
def test_a_claim_committed_later_with_a_lower_id_is_indexed():
    matching_services.reset_index()
    first = ClaimFactory(text="Fifteen missiles struck the air base on Wednesday night.")
    late = ClaimFactory(text="Twenty two rockets hit the northern airport at dawn.")
    newest = ClaimFactory(text="The ministry said soldiers were treated for injuries.")
    # The "late" claim's transaction has its id but has not committed yet.
    late_id, late_text, late_article = late.pk, late.text, late.article
    late.delete()
    index = matching_services._corpus_index({})
    assert first.pk in index and newest.pk in index
    assert late_id not in index
    # Now it commits.
    Claim.objects.create(
        pk=late_id, article=late_article, text=late_text, start=0, end=len(late_text)
    )
    index = matching_services._corpus_index({})
    assert late_id in index
    matching_services.reset_index()


@pytest.mark.django_db
def test_gaps_older_than_the_window_are_forgotten(monkeypatch):
    monkeypatch.setattr(matching_services, "GAP_WINDOW", 2)
    matching_services.reset_index()
    claims = [ClaimFactory(text=f"Claim number {i} says something.") for i in range(6)]
    ids = [claim.pk for claim in claims]
    claims[1].delete()
    claims[4].delete()
    matching_services._corpus_index({})
    state = matching_services._state
    assert state is not None
    assert state.gaps == {ids[4]}
    matching_services.reset_index()
