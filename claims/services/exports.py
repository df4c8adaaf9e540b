"""Verdict exports: the CSV that the queue link, `/export/verdicts.csv`, the
admin action and `manage.py export_verdicts` all stream through one function
(`verdicts_csv`), and the ClaimReview JSON-LD for approved verdicts.

Both read the database in chunks: one query streams the verdict rows with
their claim and article joined in (`iterator(chunk_size=...)`), and a fixed
number of queries per chunk fetch the rows that are lists (quantities,
evidence, matches; near-duplicate articles for ClaimReview). Nothing is
fetched per row, and no model is instantiated: at a million rows the ORM's
objects would cost more than the CSV itself.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from itertools import chain, islice, repeat
from typing import Any, Literal
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Func, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.constants import MULTI
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from claims.claimreview import (
    Appearance,
    Organization,
    ReviewedClaim,
    build_claimreview,
    to_json,
)
from claims.models import (
    Claim,
    ClaimMatch,
    Evidence,
    MatchRelation,
    MatchState,
    Quantity,
    Rating,
    Verdict,
    VerdictState,
)
from claims.queries import ClaimFilters, filter_claims, parse_claim_filters
from sources.models import Outlet

EXPORT_PERMISSION = "claims.export_verdicts"

CSV_COLUMNS = [
    "claim_id",
    "claim_text",
    "claim_kind",
    "quantities",
    "article_title",
    "article_url",
    "outlet",
    "article_published",
    "rating",
    "rating_value",
    "rationale",
    "evidence_urls",
    "evidence_stances",
    "reviewer",
    "submitted_at",
    "approved_by",
    "approved_at",
    "state",
    "cluster_id",
    "duplicate_claim_ids",
    "conflict_claim_ids",
]
LIST_SEPARATOR = " | "
UTF8_BOM = "\ufeff"
# Django's default chunk for iterator() with prefetching; large enough that the
# three list queries per chunk cost little, small enough to keep memory flat.
CHUNK_SIZE = 2000

# OWASP "CSV Injection": a cell starting with one of these is read by
# spreadsheets as a formula (tab and CR because some strip them first); such a
# text cell is prefixed with a single quote, which spreadsheets show as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)

ExportState = Literal["approved", "submitted", "all"]
EXPORT_STATES: tuple[ExportState, ...] = ("approved", "submitted", "all")


class ExportNotAllowed(PermissionDenied):
    """The user may not export verdicts (answered with 403 by views)."""


class ExportSelectionError(ValueError):
    """A selection parameter a user must fix (bad state or date)."""


@dataclass(frozen=True)
class VerdictSelection:
    """Which verdicts an export holds: the queue's claim filters, the
    verdict state, and a start date."""

    filters: ClaimFilters = field(default_factory=ClaimFilters)
    state: ExportState = "approved"
    # Verdicts approved (or, when not approved, submitted or created) on or
    # after this day in the desk's time zone.
    since: date | None = None


def ensure_can_export(user: Any) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(EXPORT_PERMISSION):
        raise ExportNotAllowed("Exporting verdicts needs the export permission (editors).")


def parse_state(value: str) -> ExportState:
    value = value.strip().lower() or "approved"
    if value not in EXPORT_STATES:
        raise ExportSelectionError(
            f"state must be one of {', '.join(EXPORT_STATES)}; got {value!r}"
        )
    return value  # type: ignore[return-value]


def parse_since(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ExportSelectionError(f"since must be a date as YYYY-MM-DD; got {value!r}")
    return parsed


def parse_verdict_selection(params: QueryDict | dict[str, str]) -> VerdictSelection:
    """The queue's filters plus `state` and `since` from query parameters."""
    return VerdictSelection(
        filters=parse_claim_filters(params),
        state=parse_state(params.get("state", "") or ""),
        since=parse_since(params.get("since", "") or ""),
    )


def select_verdicts(selection: VerdictSelection) -> QuerySet[Verdict]:
    verdicts = Verdict.objects.all()
    if selection.state == "approved":
        verdicts = verdicts.filter(state=VerdictState.APPROVED)
    elif selection.state == "submitted":
        verdicts = verdicts.filter(state=VerdictState.SUBMITTED)
    if selection.since is not None:
        start = timezone.make_aware(datetime.combine(selection.since, time.min))
        verdicts = verdicts.alias(
            decided_at=Coalesce("approved_at", "submitted_at", "created_at")
        ).filter(decided_at__gte=start)
    if selection.filters != ClaimFilters():
        # The queue's own filter function picks the claims, so the export and
        # the queue cannot disagree about what "the current filters" mean.
        claims = filter_claims(Claim.objects.all(), selection.filters)
        verdicts = verdicts.filter(claim__in=claims.values("pk"))
    return verdicts.order_by("claim_id")


def verdicts_of_claims(claims: QuerySet[Claim]) -> QuerySet[Verdict]:
    return Verdict.objects.filter(claim__in=claims.values("pk")).order_by("claim_id")


def export_filename(stem: str, extension: str, day: date | None = None) -> str:
    return f"{stem}-{(day or timezone.localdate()).isoformat()}.{extension}"


# ---------------------------------------------------------------- CSV


class Echo:
    """A file-like object whose write() hands the line back to the caller."""

    def write(self, value: str) -> str:
        return value


_USERNAME = get_user_model().USERNAME_FIELD
# Outlets, ratings and people are read once into dicts (small tables), so the
# row query joins three tables instead of seven; dates and times come as
# text, parsed by datetime.fromisoformat rather than the driver's converters.
_ROW_FIELDS = [
    "claim_id",
    "claim__text",
    "claim__kind",
    "claim__article__title",
    "claim__article__url",
    "claim__article__outlet_id",
    "rating_id",
    "rationale",
    "author_id",
    "approved_by_id",
    "state",
    "claim__cluster_id",
    # Annotations last: that is the order Django selects them in, and the
    # rows are read straight off the cursor (see `_row_chunks`).
    "published_text",
    "submitted_text",
    "approved_text",
]


class UtcIsoText(Func):
    """A timestamp as ISO 8601 text in UTC to the second
    ('2026-03-02T09:30:00+00:00'), formatted by the database: a million
    timestamps cost a noticeable share of the export when Python formats them.
    NULL stays NULL. Only for a desk working in UTC (see `verdict_rows`)."""

    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        # Django stores 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC: only the
        # separator and the offset change, and the fraction is dropped (as
        # isoformat(timespec="seconds") does). Text carrying an offset (written
        # by hand) goes through SQLite's own conversion to UTC.
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"CASE WHEN SUBSTR({column}, 20, 1) IN ('', '.') "
            f"THEN SUBSTR({column}, 1, 10) || 'T' || SUBSTR({column}, 12, 8) || '+00:00' "
            f"ELSE STRFTIME('%%Y-%%m-%%dT%%H:%%M:%%S+00:00', {column}) END"
        )
        return sql, [*params, *params, *params, *params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        # to_char truncates the fraction, like isoformat(timespec="seconds").
        return self.as_sql(
            compiler,
            connection,
            template=(
                "TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
            ),
            **extra,
        )


def _as_text(utc: bool) -> dict[str, Func]:
    """Dates and times as text: the date as stored ('YYYY-MM-DD'); the
    timestamps finished by the database when the desk works in UTC, else as
    stored, for `_iso_text`."""
    timestamp = UtcIsoText if utc else (lambda name: Cast(name, TextField()))
    return {
        "published_text": Cast("claim__article__published", TextField()),
        "submitted_text": timestamp("submitted_at"),
        "approved_text": timestamp("approved_at"),
    }


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _iso_text(stored: str, db_zone: tzinfo | None, zone: tzinfo) -> str:
    """A timestamp read as text ('2026-03-02 09:30:00' from SQLite, in the
    connection's zone; '2026-03-02 09:30:00+00' from PostgreSQL) as ISO 8601
    in the desk's zone, to the second."""
    moment = datetime.fromisoformat(stored)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=db_zone)
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _utc_text(stored: str, db_zone: tzinfo | None, zone: tzinfo) -> str:
    """`_iso_text` for the default set-up, where the database hands back UTC
    and the desk works in UTC: only the separator and the offset change, and
    slicing the string is several times faster than parsing it."""
    tail = stored[19:]
    if stored[10:11] == " " and (tail.endswith("+00") or ("+" not in tail and "-" not in tail)):
        return f"{stored[:10]}T{stored[11:19]}+00:00"
    return _iso_text(stored, db_zone, zone)


def _is_utc(zone: tzinfo | None) -> bool:
    return zone is None or zone == UTC or getattr(zone, "key", "") in {"UTC", "Etc/UTC"}


def _neutralised(text: str) -> str:
    return "'" + text if text[:1] in _TRIGGER_SET else text


def _dimensions() -> tuple[dict[int, str], dict[int, tuple[str, str]], dict[int, str]]:
    """Outlet names, rating labels and values, and user names by id, as
    they go into the cells (neutralised once here instead of once per row)."""
    outlets = {pk: _neutralised(name) for pk, name in Outlet.objects.values_list("id", "name")}
    ratings = {
        pk: (_neutralised(label), str(value))
        for pk, label, value in Rating.objects.values_list("id", "label", "value")
    }
    users = {
        pk: _neutralised(name) for pk, name in get_user_model().objects.values_list("id", _USERNAME)
    }
    return outlets, ratings, users


def _live_matches(claims: Q) -> QuerySet[ClaimMatch]:
    """Matches touching the claims, on either side of the pair, not rejected."""
    return ClaimMatch.objects.filter(claims).exclude(state=MatchState.REJECTED)


def _claims_of_chunk(claim_ids: list[int], prefix: str) -> Q:
    """A filter for the chunk's claims (sorted ids). A dense chunk (most
    exports) is read as an id range: a list of 2000 parameters costs more
    to build than the rows it filters. Rows of claims inside the range but not
    in the chunk are read and never looked up."""
    first, last = claim_ids[0], claim_ids[-1]
    if last - first < 2 * len(claim_ids):
        return Q(**{f"{prefix}__gte": first, f"{prefix}__lte": last})
    return Q(**{f"{prefix}__in": claim_ids})


_ByClaim = dict[int, str]


def _fetched(rows: QuerySet) -> Iterator[tuple]:
    """The rows of one of a chunk's small list queries, read off the cursor
    (no server-side cursor: the whole result is read at once)."""
    return chain.from_iterable(_row_chunks(rows, CHUNK_SIZE, chunked_fetch=False))


def _chunk_lists(claim_ids: list[int]) -> tuple[_ByClaim, _ByClaim, _ByClaim, _ByClaim, _ByClaim]:
    """The list-valued cells of one chunk's claims, joined, in three queries:
    quantities, evidence URLs, evidence stances, duplicate and conflict ids.
    Each query is ordered by claim; most claims have one or two items, so
    appending to the joined text beats collecting lists and joining them."""
    separator = LIST_SEPARATOR
    quantities: _ByClaim = {}
    for claim_id, text in _fetched(
        Quantity.objects.filter(_claims_of_chunk(claim_ids, "claim_id"))
        .order_by("claim_id", "start", "id")
        .values_list("claim_id", "text")
    ):
        before = quantities.get(claim_id)
        quantities[claim_id] = text if before is None else before + separator + text
    urls: _ByClaim = {}
    stances: _ByClaim = {}
    for claim_id, url, stance in _fetched(
        Evidence.objects.filter(_claims_of_chunk(claim_ids, "claim_id"))
        .order_by("claim_id", "added_at", "id")
        .values_list("claim_id", "url", "stance")
    ):
        before = urls.get(claim_id)
        if before is None:
            urls[claim_id] = url
            stances[claim_id] = stance
        else:
            urls[claim_id] = before + separator + url
            stances[claim_id] = stances[claim_id] + separator + stance
    wanted = set(claim_ids)
    duplicates: dict[int, list[int]] = defaultdict(list)
    conflicts: dict[int, list[int]] = defaultdict(list)
    touching = _claims_of_chunk(claim_ids, "claim_a_id") | _claims_of_chunk(claim_ids, "claim_b_id")
    # No ORDER BY (the model's is by score): the ids are sorted per claim.
    for claim_a, claim_b, relation in _fetched(
        _live_matches(touching).order_by().values_list("claim_a_id", "claim_b_id", "relation")
    ):
        target = duplicates if relation == MatchRelation.SAME else conflicts
        if claim_a in wanted:
            target[claim_a].append(claim_b)
        if claim_b in wanted:
            target[claim_b].append(claim_a)
    return (
        quantities,
        urls,
        stances,
        {claim_id: _ids(ids) for claim_id, ids in duplicates.items()},
        {claim_id: _ids(ids) for claim_id, ids in conflicts.items()},
    )


def _ids(values: list[int]) -> str:
    return LIST_SEPARATOR.join(map(str, sorted(values)))


def _row_chunks(
    rows: QuerySet, chunk_size: int, *, chunked_fetch: bool = True
) -> Iterator[list[tuple]]:
    """The rows of a values_list() query as the cursor's fetchmany() hands
    them over, one list per chunk. Django's iterator() would hand them over
    one at a time through several generators, a noticeable cost at a million
    rows; the columns read here need no conversion from the database's types."""
    query = rows.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if names != list(rows._fields):
        raise ValueError(f"columns come as {names}, not as asked ({rows._fields})")
    compiler = query.get_compiler(using=rows.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=chunked_fetch, chunk_size=chunk_size)
    # execute_sql answers None instead of an empty iterator when the query
    # can match nothing (an empty `__in`, say).
    return chunks or iter(())


def _neutralised_column(cells: Sequence[str]) -> Sequence[str]:
    """A column of text cells with every cell that starts with a formula
    trigger prefixed. The scan runs in C (str.startswith over the column);
    a column without any trigger, the usual case, is handed back as it is."""
    if any(map(str.startswith, cells, repeat(FORMULA_TRIGGERS))):
        return ["'" + cell if cell[:1] in _TRIGGER_SET else cell for cell in cells]
    return cells


def _chunk_rows(verdicts: QuerySet[Verdict], chunk_size: int) -> Iterator[Iterator[tuple]]:
    """The CSV rows (without header) of `verdicts`, one lazy iterator of row
    tuples per chunk.

    Built a column at a time: the chunk is transposed with zip(*chunk), each
    column is looked up or neutralised with map() over C functions, and zip()
    puts the rows back together while the writer consumes them (reusing one
    tuple for all of them). No Python statement runs per row, and no list is
    made per row, so the cyclic collector has next to nothing to scan."""
    zone = timezone.get_current_timezone()
    db_zone = connections[verdicts.db].timezone
    utc = _is_utc(db_zone) and _is_utc(zone)
    outlets, ratings, users = _dimensions()
    labels = {pk: label for pk, (label, _) in ratings.items()}
    values = {pk: value for pk, (_, value) in ratings.items()}
    rows = verdicts.order_by("claim_id").annotate(**_as_text(utc)).values_list(*_ROW_FIELDS)
    # Ids and None go to the writer as they are: csv writes them as str() and "".
    for chunk in _row_chunks(rows, chunk_size):
        (
            claim_ids,
            texts,
            kinds,
            titles,
            urls,
            outlet_ids,
            rating_ids,
            rationales,
            author_ids,
            approver_ids,
            states,
            cluster_ids,
            published,
            submitted_at,
            approved_at,
        ) = zip(*chunk, strict=True)
        del chunk
        quantities, evidence, stances, duplicates, conflicts = _chunk_lists(claim_ids)
        if not utc:
            submitted_at = [_iso_text(at, db_zone, zone) if at else "" for at in submitted_at]
            approved_at = [_iso_text(at, db_zone, zone) if at else "" for at in approved_at]
        blank = repeat("")
        yield zip(
            claim_ids,
            _neutralised_column(texts),
            kinds,
            _neutralised_column(list(map(quantities.get, claim_ids, blank))),
            _neutralised_column(titles),
            _neutralised_column(urls),
            map(outlets.get, outlet_ids, blank),
            published,
            map(labels.get, rating_ids, blank),
            map(values.get, rating_ids, blank),
            _neutralised_column(rationales),
            _neutralised_column(list(map(evidence.get, claim_ids, blank))),
            map(stances.get, claim_ids, blank),
            map(users.get, author_ids, blank),
            submitted_at,
            map(users.get, approver_ids, blank),
            approved_at,
            states,
            cluster_ids,
            map(duplicates.get, claim_ids, blank),
            map(conflicts.get, claim_ids, blank),
            strict=True,
        )


def verdict_rows(
    verdicts: QuerySet[Verdict], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[list[str]]]:
    """The CSV rows (without header) of `verdicts`, one list per chunk."""
    for rows in _chunk_rows(verdicts, chunk_size):
        yield list(map(list, rows))


def verdicts_csv(
    verdicts: QuerySet[Verdict], *, excel: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """The verdict CSV as UTF-8 byte chunks: the header, then one chunk per
    database chunk. RFC 4180 (quoted as needed, CRLF line ends); `excel`
    starts it with a byte-order mark so Excel reads it as UTF-8."""
    writer = csv.writer(Echo())
    header = writer.writerow(CSV_COLUMNS)
    yield ((UTF8_BOM if excel else "") + header).encode("utf-8")
    for rows in _chunk_rows(verdicts, chunk_size):
        yield "".join(map(writer.writerow, rows)).encode("utf-8")


# ---------------------------------------------------------------- ClaimReview


def publisher() -> Organization:
    return Organization(name=settings.ORGANIZATION_NAME, url=settings.ORGANIZATION_URL)


def claim_page_url(claim_id: int, base_url: str) -> str:
    return urljoin(base_url, reverse("claims:detail", args=[claim_id])) + f"#claim-{claim_id}"


def rating_scale() -> tuple[int, int]:
    """(worst, best) over the active ratings of the scale."""
    bounds = Rating.objects.filter(active=True).aggregate(worst=Min("value"), best=Max("value"))
    return bounds["worst"] or 0, bounds["best"] or 0


def _outlet(name: str, domain: str) -> Organization:
    return Organization(name=name, url=f"https://{domain}/" if domain else "")


_REVIEW_FIELDS = [
    "claim_id",
    "claim__text",
    "claim__cluster_id",
    "claim__article_id",
    "claim__article__url",
    "claim__article__title",
    "claim__article__published",
    "claim__article__outlet__name",
    "claim__article__outlet__domain",
    "rating__label",
    "rating__value",
    "approved_at",
]
_APPEARANCE_FIELDS = [
    "id",
    "cluster_id",
    "article_id",
    "article__url",
    "article__title",
    "article__published",
    "article__outlet__name",
    "article__outlet__domain",
]


def _near_duplicates(
    rows: list[tuple],
) -> dict[int, list[Appearance]]:
    """For each claim of a chunk, the articles of the claims that state the
    same fact: its confirmed or suggested same-claim matches and its cluster.
    Two queries per chunk."""
    claim_ids = [row[0] for row in rows]
    wanted = set(claim_ids)
    linked: dict[int, set[int]] = defaultdict(set)
    touching = _claims_of_chunk(claim_ids, "claim_a_id") | _claims_of_chunk(claim_ids, "claim_b_id")
    for claim_a, claim_b in (
        _live_matches(touching)
        .filter(relation=MatchRelation.SAME)
        .values_list("claim_a_id", "claim_b_id")
    ):
        if claim_a in wanted:
            linked[claim_a].add(claim_b)
        if claim_b in wanted:
            linked[claim_b].add(claim_a)
    cluster_of = {row[0]: row[2] for row in rows if row[2] is not None}
    matched = set().union(*linked.values()) if linked else set()
    if not matched and not cluster_of:
        return {}
    others = (
        Claim.objects.filter(Q(id__in=matched) | Q(cluster_id__in=set(cluster_of.values())))
        .order_by("article__published", "article_id", "id")
        .values_list(*_APPEARANCE_FIELDS)
    )
    by_cluster: dict[int, list[tuple[int, Appearance]]] = defaultdict(list)
    by_claim: dict[int, Appearance] = {}
    for other_id, cluster_id, article_id, url, title, published, name, domain in others:
        appearance = Appearance(article_id, url, title, published, _outlet(name, domain))
        by_claim[other_id] = appearance
        if cluster_id is not None:
            by_cluster[cluster_id].append((other_id, appearance))
    result: dict[int, list[Appearance]] = {}
    for claim_id in claim_ids:
        items = [by_claim[other] for other in sorted(linked.get(claim_id, ())) if other in by_claim]
        cluster_id = cluster_of.get(claim_id)
        if cluster_id is not None:
            items += [item for other, item in by_cluster[cluster_id] if other != claim_id]
        result[claim_id] = items
    return result


def claimreviews(
    verdicts: QuerySet[Verdict], *, base_url: str, chunk_size: int = CHUNK_SIZE
) -> Iterator[dict[str, Any]]:
    """ClaimReview documents for the approved verdicts among `verdicts`;
    any other state is dropped here, whatever the caller selected."""
    worst, best = rating_scale()
    organization = publisher()
    zone = timezone.get_current_timezone()
    rows = (
        verdicts.filter(
            state=VerdictState.APPROVED, rating__isnull=False, approved_at__isnull=False
        )
        .order_by("claim_id")
        .values_list(*_REVIEW_FIELDS)
    )
    for chunk in _batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        near = _near_duplicates(chunk)
        for (
            claim_id,
            text,
            _cluster_id,
            article_id,
            url,
            title,
            published,
            outlet,
            domain,
            label,
            value,
            approved_at,
        ) in chunk:
            review = ReviewedClaim(
                claim_id=claim_id,
                claim_text=text,
                page_url=claim_page_url(claim_id, base_url),
                approved_at=approved_at.astimezone(zone),
                rating_label=label,
                rating_value=value,
                best_rating=max(best, value),
                worst_rating=min(worst, value),
                publisher=organization,
                appearance=Appearance(article_id, url, title, published, _outlet(outlet, domain)),
                other_appearances=near.get(claim_id, []),
            )
            yield build_claimreview(review)


def claimreview_for_claim(claim_id: int, *, base_url: str) -> dict[str, Any] | None:
    """The ClaimReview of one claim, or None unless its verdict is approved."""
    return next(claimreviews(Verdict.objects.filter(claim_id=claim_id), base_url=base_url), None)


def claimreview_lines(
    verdicts: QuerySet[Verdict], *, base_url: str, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """JSON Lines of ClaimReview documents, one UTF-8 chunk per database chunk."""
    batch: list[str] = []
    for document in claimreviews(verdicts, base_url=base_url, chunk_size=chunk_size):
        batch.append(to_json(document) + "\n")
        if len(batch) >= chunk_size:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")
