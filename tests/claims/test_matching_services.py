"""Matching services and the rematch command, on the database."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim, ClaimMatch, Cluster, NameAlias
from claims.services import checked_elsewhere, match_claims, rematch_all, update_clusters
from claims.services.matching import reset_index
from tests.factories import ArticleFactory, OutletFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

STRIKE = (
    "Soleimani was killed together with al-Muhandis in a US drone strike "
    "at Baghdad airport on 3 January 2020."
)


@pytest.fixture(autouse=True)
def fresh_index():
    # The index lives for the process; each test has its own database rows.
    reset_index()
    yield
    reset_index()


def make_claim(
    text: str,
    outlet: str,
    published: date | None = None,
    syndicated_from: str = "",
    domain: str = "",
) -> Claim:
    article = ArticleFactory(
        outlet=OutletFactory(name=outlet, domain=domain),
        text=text,
        published=published,
        syndicated_from=syndicated_from,
    )
    return Claim.objects.create(article=article, text=text, start=0, end=len(text))


def test_a_claim_reprinted_by_another_outlet_is_stored_once_lower_id_first():
    first = make_claim(STRIKE, "Press TV")
    second = make_claim(STRIKE.replace("Soleimani", "Sulaimani"), "Al Mayadeen")
    NameAlias.objects.create(variant="Sulaimani", canonical="Soleimani")

    report = match_claims([second])

    match = ClaimMatch.objects.get()
    assert (match.claim_a_id, match.claim_b_id) == (first.pk, second.pk)
    assert (match.relation, match.state, match.provenance) == ("same", "confirmed", "independent")
    assert set(match.explanation) == {"scorer", "scores", "aligned", "differences"}
    assert match.explanation["differences"] == []
    assert "baghdad" in match.explanation["aligned"]
    assert report.created == 1
    second.refresh_from_db()
    assert "soleimani" in second.normalized_text


def test_matching_again_writes_no_second_row_and_keeps_a_reviewers_rejection(erin):
    make_claim(STRIKE, "Press TV")
    second = make_claim(STRIKE + " Officials confirmed it.", "Al Mayadeen")
    match_claims([second])
    match_claims([second])
    assert ClaimMatch.objects.count() == 1

    ClaimMatch.objects.update(state="rejected", decided_by=erin)
    rematch_all()
    match_claims([second])

    match = ClaimMatch.objects.get()
    assert match.state == "rejected"
    assert not Cluster.objects.exists()


def test_a_pair_with_different_numbers_is_a_conflict_and_never_clustered():
    make_claim("Iran fired 15 ballistic missiles at the Ain al-Asad airbase in Iraq.", "A")
    second = make_claim("Iran fired 22 ballistic missiles at the Ain al-Asad airbase in Iraq.", "B")

    match_claims([second])

    match = ClaimMatch.objects.get()
    assert match.relation == "conflict"
    assert match.state == "suggested"
    [difference] = match.explanation["differences"]
    assert difference["kind"] == "quantity"
    assert difference["a"].startswith("15") and difference["b"].startswith("22")
    assert not Claim.objects.filter(cluster__isnull=False).exists()


def test_a_cluster_counts_outlets_independent_voices_and_its_first_appearance():
    original = make_claim(STRIKE, "Press TV", date(2020, 1, 3), domain="presstv.ir")
    repeat = make_claim(STRIKE + " ", "Press TV", date(2020, 1, 4), domain="presstv.ir")
    copy = make_claim(
        STRIKE + "  ", "Global Research", date(2020, 1, 7), syndicated_from="https://presstv.ir/a"
    )
    other = make_claim(STRIKE + "   ", "Al Mayadeen", date(2020, 1, 5))

    match_claims([repeat, copy, other])

    cluster = Cluster.objects.get()
    assert set(cluster.claims.values_list("id", flat=True)) == {
        original.pk,
        repeat.pk,
        copy.pk,
        other.pk,
    }
    assert cluster.first_claim_id == original.pk
    assert cluster.first_published == date(2020, 1, 3)
    assert (cluster.claim_count, cluster.outlet_count, cluster.independent_outlet_count) == (
        4,
        3,
        2,
    )
    provenance = {
        frozenset((m.claim_a_id, m.claim_b_id)): m.provenance for m in ClaimMatch.objects.all()
    }
    assert provenance[frozenset((original.pk, repeat.pk))] == "same_outlet"
    assert provenance[frozenset((original.pk, copy.pk))] == "syndicated"
    assert provenance[frozenset((original.pk, other.pk))] == "independent"


def test_a_new_claim_joins_the_existing_cluster():
    first = make_claim(STRIKE, "Press TV")
    second = make_claim(STRIKE + " ", "Al Mayadeen")
    match_claims([first, second])
    cluster_id = Claim.objects.get(pk=first.pk).cluster_id

    third = make_claim(STRIKE + "  ", "Tasnim")
    match_claims([third])

    third.refresh_from_db()
    assert third.cluster_id == cluster_id
    assert Cluster.objects.get().claim_count == 3


def test_rematch_all_learns_aliases_and_respects_an_editors_switched_off_alias():
    texts = [
        "General Qassem Soleimani was killed near Baghdad airport by a US drone.",
        "General Qassem Sulaimani was killed near Baghdad airport by a US drone.",
        "Qassem Soleimani led the Quds Force for more than twenty years in the region.",
        "Missiles hit the Ayn Al Asad airbase in Anbar province on Wednesday night.",
        "Missiles hit the Ain al-Asad airbase in Anbar province on Wednesday night.",
        "Missiles hit the Ain al-Asad airbase in Anbar province, officials said.",
    ]
    for i, text in enumerate(texts):
        make_claim(text, f"Outlet {i}")
    NameAlias.objects.create(variant="ayn", canonical="ain", active=False)

    report = rematch_all()

    learned = NameAlias.objects.get(variant="sulaimani")
    assert (learned.canonical, learned.source, learned.active) == ("soleimani", "learned", True)
    assert report.aliases_learned >= 1
    assert NameAlias.objects.filter(variant="ayn").get().active is False
    assert Claim.objects.filter(normalized_text__contains="sulaimani").count() == 0
    assert Claim.objects.filter(normalized_text__contains="ayn al asad").count() == 1


def test_matching_a_batch_of_new_claims_costs_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    make_claim(STRIKE, "Press TV")
    new = [make_claim(STRIKE + " " * i, f"Outlet {i}") for i in range(1, 9)]
    match_claims(new[:1])
    # Reading claims, matches and clusters in chunks, not once per claim or pair.
    with django_assert_max_num_queries(40):
        match_claims(new[1:])
    assert ClaimMatch.objects.count() == 36


def test_rematch_command_shows_progress_and_a_summary():
    make_claim(STRIKE, "Press TV")
    make_claim(STRIKE + " ", "Al Mayadeen")
    out = io.StringIO()

    call_command("rematch", "--all", stdout=out)

    output = out.getvalue()
    assert "100%" in output
    assert re.search(r"claims matched: 2; pairs created: 1\b", output)


def test_rematch_without_all_matches_only_claims_without_matches():
    make_claim(STRIKE, "Press TV")
    make_claim(STRIKE + " ", "Al Mayadeen")
    out = io.StringIO()
    call_command("rematch", stdout=out)
    assert ClaimMatch.objects.count() == 1
    call_command("rematch", stdout=out)
    assert ClaimMatch.objects.count() == 1


def test_rematch_says_what_to_do_when_there_are_no_claims():
    with pytest.raises(CommandError, match="import articles first"):
        call_command("rematch", "--all", stdout=io.StringIO())


def test_after_loading_the_seeds_the_strike_on_soleimani_and_al_muhandis_is_linked():
    call_command("load_seeds", stdout=io.StringIO())
    call_command("rematch", "--all", stdout=io.StringIO())

    # The claims that state the killing of both men at Baghdad airport, in
    # whatever words and spellings.
    stating = {
        c.pk
        for c in Claim.objects.all()
        if all(
            re.search(name, c.text, re.IGNORECASE)
            for name in (r"Sol[ea]imani|Sul[ea]imani", r"Muhand[ie]s", "Baghdad")
        )
    }
    links = ClaimMatch.objects.filter(
        claim_a_id__in=stating, claim_b_id__in=stating, relation="same"
    ).select_related("claim_a__article", "claim_b__article")
    neighbours: dict[int, set[int]] = {}
    for match in links:
        neighbours.setdefault(match.claim_a_id, set()).add(match.claim_b_id)
        neighbours.setdefault(match.claim_b_id, set()).add(match.claim_a_id)
        # Each link says whether one outlet repeats itself or another outlet does.
        same_outlet = match.claim_a.article.outlet_id == match.claim_b.article.outlet_id
        assert (match.provenance == "same_outlet") == same_outlet
    start = max(neighbours, key=lambda pk: len(neighbours[pk]))
    group, frontier = {start}, [start]
    while frontier:
        for other in neighbours[frontier.pop()] - group:
            group.add(other)
            frontier.append(other)
    # Reworded reports of the strike (not only verbatim repeats) are linked.
    assert len(group) >= 3


def test_a_user_is_not_needed_to_match(db):
    # Matching runs from imports and commands, with no request user.
    UserFactory()
    assert match_claims([]).created == 0


def test_a_claim_in_a_cluster_with_an_approved_verdict_is_already_checked(erin):
    first = make_claim(STRIKE, "Press TV")
    second = make_claim(STRIKE + " ", "Al Mayadeen")
    third = make_claim("The runway of the airbase is 3,990 m long and 45 m wide in all.", "X")
    match_claims([first, second, third])
    assert checked_elsewhere(Claim.objects.get(pk=second.pk)) is None

    verdict = VerdictFactory(claim=first, state="approved", approved_by=erin)

    assert checked_elsewhere(Claim.objects.get(pk=second.pk)) == verdict
    assert checked_elsewhere(Claim.objects.get(pk=first.pk)) is None
    assert checked_elsewhere(Claim.objects.get(pk=third.pk)) is None


def test_confirming_a_suggested_match_puts_both_claims_in_one_cluster(erin):
    first = make_claim(STRIKE, "Press TV")
    second = make_claim(
        "Soleimani and al-Muhandis were killed by a US drone strike near Baghdad airport.",
        "Al Mayadeen",
    )
    match_claims([second])
    match = ClaimMatch.objects.get()
    assert (match.relation, match.state) == ("same", "suggested")
    assert match.score < 90
    assert Claim.objects.filter(cluster__isnull=False).count() == 0

    ClaimMatch.objects.filter(pk=match.pk).update(state="confirmed", decided_by=erin)
    assert update_clusters([first]) == 1

    assert Claim.objects.get(pk=first.pk).cluster_id == Claim.objects.get(pk=second.pk).cluster_id
    assert Cluster.objects.get().independent_outlet_count == 2


@pytest.mark.parametrize(
    ("first", "second", "relation", "meaning_at_least", "differences"),
    [
        # another count in other words: a conflict
        (
            "The Pentagon said it was deploying 3,500 extra troops to the region.",
            "The Pentagon said some 750 additional soldiers were being sent to the region.",
            "conflict",
            0.78,
            [{"kind": "quantity", "a": "3,500 extra troops", "b": "some 750 additional soldiers"}],
        ),
        # the same names and values in other words: the same claim, suggested
        (
            "Iran fired waves of ballistic missiles at two bases in Iraq housing US troops.",
            "Waves of ballistic missiles were launched by Iran against two Iraqi bases where "
            "American troops are stationed.",
            "same",
            0.72,
            [],
        ),
    ],
)
def test_a_reworded_copy_is_stored_as_read_by_meaning_suggested_and_never_clustered(
    first, second, relation, meaning_at_least, differences
):
    make_claim(first, "AP")
    reworded = make_claim(second, "Reuters")

    report = match_claims([reworded])

    match = ClaimMatch.objects.get()
    assert (match.relation, match.state) == (relation, "suggested")
    assert match.method.startswith("all-MiniLM-L6-v2+")
    assert match.explanation["scores"]["meaning"] >= meaning_at_least
    assert match.explanation["differences"] == differences
    assert report.conflicts == (relation == "conflict")
    # A suggestion clusters nothing until a reviewer confirms it.
    assert not Claim.objects.filter(cluster__isnull=False).exists()


def test_a_pair_only_the_reworded_lookup_finds_is_linked_by_meaning_or_not_at_all():
    # Two sentences of the seeds that both name Soleimani and the Quds Force,
    # which anchors a pair the prefix filter retrieves. Found only by the
    # looser look-up, and with no value in dispute, they are left apart.
    make_claim(
        "The assassination of Major General Qassem Soleimani, commander of the Quds Force "
        "of the Islamic Revolutionary Guards Corps (IRGC), alongside Abu Mahdi al-Muhandis, "
        "deputy commander of Iraq’s Hashd al-Shaabi forces, by laser-guided AGM-114 "
        "Hellfire missiles launched from two US MQ-9 Reaper drones, was an act of war.",
        "Al Mayadeen",
    )
    second = make_claim(
        "With the appointment of General Soleimani as the commander of the Quds Force in 1997, "
        "the activities of this organization entered a new phase.",
        "Tasnim",
    )

    match_claims([second])

    assert not ClaimMatch.objects.exists()


def test_the_same_words_with_another_action_are_not_stored_as_the_same_claim():
    make_claim(
        "Trump's campaign filed a lawsuit seeking to halt the counting of ballots in Michigan.",
        "AP",
    )
    second = make_claim(
        "Trump's campaign dropped its lawsuit seeking to halt the counting of ballots in Michigan.",
        "Reuters",
    )
    reprint = make_claim(
        "Trump's campaign filed a lawsuit seeking to halt the counting of ballots in Michigan, "
        "officials said.",
        "Fox",
    )

    match_claims([second, reprint])

    [match] = ClaimMatch.objects.all()
    assert (match.claim_b_id, match.relation) == (reprint.pk, "same")


@pytest.mark.parametrize(("kept", "embedded_texts"), [(2, 2), (1, 3)])
def test_a_process_embeds_a_sentence_once_and_keeps_a_bounded_number(
    monkeypatch, kept, embedded_texts
):
    from claims import embedding
    from claims.services import matching as matching_services

    embedded: list[str] = []
    real_embed = embedding.embed

    def counting_embed(texts):
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(embedding, "embed", counting_embed)
    monkeypatch.setattr(matching_services, "_MEANINGS_KEPT", kept)
    monkeypatch.setattr(matching_services, "_MEANINGS", type(matching_services._MEANINGS)())
    make_claim("The Pentagon said it was deploying 3,500 extra troops to the region.", "AP")
    second = make_claim(
        "The Pentagon said some 750 additional soldiers were being sent to the region.",
        "Reuters",
    )

    match_claims([second])
    rematch_all()

    # Both sentences once, though the pair was read twice; with room for one
    # vector, the one let go is embedded again.
    assert len(embedded) == embedded_texts
    assert len(matching_services._MEANINGS) == kept
    assert ClaimMatch.objects.get().relation == "conflict"
