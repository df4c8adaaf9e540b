"""The verdict CSV against a straightforward rendering of the same verdicts:
model instances, one query per list, csv.writer. The export reads columns off
the cursor and builds its rows a column at a time; this pins every cell of
every row, over several chunks, to what the issue's columns mean."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from claims.models import ClaimMatch, Cluster, Evidence, Rating, Verdict
from claims.services import VerdictSelection, select_verdicts, verdicts_csv
from claims.services.exports import CSV_COLUMNS
from tests.claims.factories_export import approved_verdict, claim_in, submitted_verdict
from tests.factories import (
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    QuantityFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _text(value: str) -> str:
    return "'" + value if value.startswith(TRIGGERS) else value


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds")


def straightforward_csv(verdicts) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for verdict in verdicts.order_by("claim_id"):
        claim = verdict.claim
        article = claim.article
        evidence = list(Evidence.objects.filter(claim=claim).order_by("added_at", "id"))
        matches = ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim)).exclude(
            state="rejected"
        )

        def others(relation, matches=matches, claim=claim):
            ids = sorted(
                match.claim_b_id if match.claim_a_id == claim.pk else match.claim_a_id
                for match in matches
                if match.relation == relation
            )
            return " | ".join(map(str, ids))

        writer.writerow(
            [
                str(claim.pk),
                _text(claim.text),
                claim.kind,
                _text(" | ".join(q.text for q in claim.quantities.order_by("start", "id"))),
                _text(article.title),
                _text(article.url),
                _text(article.outlet.name),
                article.published.isoformat() if article.published else "",
                _text(verdict.rating.label) if verdict.rating else "",
                str(verdict.rating.value) if verdict.rating else "",
                _text(verdict.rationale),
                _text(" | ".join(item.url for item in evidence)),
                " | ".join(item.stance for item in evidence),
                _text(verdict.author.username),
                _when(verdict.submitted_at),
                _text(verdict.approved_by.username) if verdict.approved_by else "",
                _when(verdict.approved_at),
                verdict.state,
                str(claim.cluster_id) if claim.cluster_id else "",
                others("same"),
                others("conflict"),
            ]
        )
    return out.getvalue().encode("utf-8")


def _varied_verdicts() -> None:
    """Verdicts whose cells take every shape a column can: lists of none, one
    and several items stored out of order, formula triggers in each text
    column, commas, quotes, newlines and Arabic, missing values, matches on
    either side of the pair (rejected ones left out), claims left out between."""
    cluster = Cluster.objects.create()
    later = datetime(2026, 3, 5, 8, 0, 0, 123456, tzinfo=UTC)
    Rating.objects.create(label="=Odd label", value=-1, order=99)
    claims = []
    for number in range(14):
        trigger = TRIGGERS[number % len(TRIGGERS)]
        claim = claim_in(
            f"{trigger}Outlet {number}" if number % 4 == 0 else f"Outlet, {number}",
            url=f"{trigger}https://o.example/{number}" if number % 5 == 0 else "",
            published=date(2020, 1, 1) + timedelta(days=number) if number % 3 else None,
            text=(
                f'{trigger}HYPERLINK("x") {number}'
                if number % 2
                else f'قال المتحدث "{number}", ثم\nأضاف'
            ),
            cluster=cluster if number % 3 == 0 else None,
        )
        for start in sorted({(number * 7) % 5, (number * 3) % 4}, reverse=True)[: number % 3]:
            QuantityFactory(
                claim=claim, text=f"{trigger}{start} missiles", start=start, end=start + 1
            )
        for item in range(number % 4):
            EvidenceFactory(
                claim=claim,
                url=f"{trigger if item == 0 else ''}https://evidence.example/{number}/{item}",
                stance=["supports", "refutes", "context"][(number + item) % 3],
            )
        claims.append(claim)
    # Evidence added later than its id suggests: listed by added_at, then id.
    Evidence.objects.filter(claim=claims[3], url__endswith="/0").update(
        added_at=timezone.now() + timedelta(days=1)
    )
    for number, claim in enumerate(claims[1:], start=1):
        ClaimMatchFactory(
            claim_a=claims[number - 1],
            claim_b=claim,
            relation="conflict" if number % 4 == 0 else "same",
            state="rejected" if number % 5 == 0 else "suggested",
        )
    ClaimMatchFactory(claim_a=claims[0], claim_b=claims[7], relation="same")
    ClaimMatchFactory(claim_a=claims[2], claim_b=claims[7], relation="conflict")
    odd = Rating.objects.get(label="=Odd label")
    for number, claim in enumerate(claims):
        if number == 6:
            continue  # no verdict: a gap in the claim ids
        if number % 3 == 0:
            approved_verdict(claim, rationale=f'+{number}, "quoted",\nمرحبا', rating=odd)
        elif number % 3 == 1:
            submitted_verdict(claim, rating=None, rationale="")
        else:
            VerdictFactory(
                claim=claim, state="draft", author=UserFactory(username=f"@rita{number}")
            )
    VerdictFactory(claim=ClaimFactory(), state="approved", approved_at=later, submitted_at=later)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran"])
@pytest.mark.parametrize("chunk_size", [3, 2000])
def test_the_export_writes_what_a_straightforward_rendering_writes(settings, zone, chunk_size):
    settings.TIME_ZONE = zone
    _varied_verdicts()
    verdicts = select_verdicts(VerdictSelection(state="all"))

    expected = straightforward_csv(verdicts)
    data = b"".join(verdicts_csv(verdicts, chunk_size=chunk_size))

    assert expected.count(b"\n") > 20  # the data set is not empty
    assert data.decode("utf-8").splitlines() == expected.decode("utf-8").splitlines()
    assert data == expected


def test_the_straightforward_rendering_tells_a_wrong_list_order_apart():
    # The comparison above can fail: evidence listed by id instead of by
    # added_at is caught.
    _varied_verdicts()
    verdicts = select_verdicts(VerdictSelection(state="all"))
    before = straightforward_csv(verdicts)
    Evidence.objects.filter(added_at__gt=timezone.now()).update(
        added_at=datetime(2000, 1, 1, tzinfo=UTC)
    )

    assert straightforward_csv(verdicts) != before
    assert b"".join(verdicts_csv(verdicts)) == straightforward_csv(verdicts)
    assert Verdict.objects.count() == 14


# Cells at the edges of the quoting and neutralising rules, one per verdict in
# each text column the database formats.
EDGE_TEXTS = [
    "",  # empty, not missing
    "=",  # a trigger alone
    "\r",  # CR alone: prefixed, then quoted
    "\rstarts with CR",
    "\tstarts with a tab",
    '"starts with a quote"',
    'ends with a quote"',
    "a,b",
    "line\nbreak",
    "carriage\rreturn inside",
    "crlf\r\ninside",
    "' already quoted",
    " =space before the trigger",
    "ٱلْعَرَبِيَّة، بفاصلة عربية",
    "emoji 🛰 outside the BMP",
    "🛰 first",
    "-12 a negative number as text",
    "+1 555 0100",
    "@handle",
    "plain",
]


def _edge_verdicts() -> None:
    approver = UserFactory(username='erin, "the" approver')
    for number, text in enumerate(EDGE_TEXTS):
        other = EDGE_TEXTS[(number + 7) % len(EDGE_TEXTS)]
        claim = claim_in(
            f"{other}{number}",
            url=f"{text}https://o.example/{number}",
            text=f"{text}{number}",
        )
        claim.article.title = other
        claim.article.save(update_fields=["title"])
        QuantityFactory(claim=claim, text=text or "0", start=2, end=3)
        QuantityFactory(claim=claim, text=other or "1", start=1, end=2)
        EvidenceFactory(claim=claim, url=f"{other}https://e.example/a,{number}", stance="refutes")
        EvidenceFactory(claim=claim, url=text or "x", stance="context")
        label = Rating.objects.create(label=f"{text}label {number}", value=number - 10, order=50)
        approved_verdict(
            claim,
            approver=approver,
            rating=label,
            rationale=text,
            author=UserFactory(username=f"{other}rita{number}"),
        )


@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns"])
@pytest.mark.parametrize("chunk_size", [4, 2000])
def test_edge_cells_are_written_byte_for_byte_as_the_straightforward_rendering(
    settings, zone, chunk_size
):
    settings.TIME_ZONE = zone
    _edge_verdicts()
    verdicts = select_verdicts(VerdictSelection(state="all"))

    expected = straightforward_csv(verdicts)
    data = b"".join(verdicts_csv(verdicts, chunk_size=chunk_size))

    assert len(list(csv.reader(io.StringIO(expected.decode("utf-8"), newline="")))) == 21
    assert data == expected
