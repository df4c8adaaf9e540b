"""Verdict exports: the CSV that the queue link, `/export/verdicts.csv`, the
admin action and `manage.py export_verdicts` all stream through one function
(`verdicts_csv`), and the ClaimReview JSON-LD for approved verdicts.

The CSV is made by the database: one query whose every row is a finished
CSV line (cells neutralised and quoted as csv.writer would, lists joined),
read in chunks as UTF-8 bytes, so Python does next to nothing per row (see
`CsvCells` and `_postgresql_query`). ClaimReview reads the verdict rows in
chunks and fetches each chunk's near-duplicate articles in two queries.
Nothing is fetched per row, and no model is instantiated: at a million rows
the ORM's objects would cost more than the CSV itself.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from itertools import islice
from typing import Any, Literal
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured, PermissionDenied
from django.db import NotSupportedError, connections, transaction
from django.db.models import BinaryField, F, Func, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Coalesce
from django.db.models.sql.constants import MULTI
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from psycopg.adapt import Loader

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
from sources.models import Article, Outlet

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


class UtcIsoText(Func):
    """A timestamp as ISO 8601 text in UTC to the second
    ('2026-03-02T09:30:00+00:00'), formatted by SQLite. NULL stays NULL.
    Only for a desk working in UTC (see `_csv_chunks`)."""

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


@dataclass(frozen=True)
class _Dialect:
    """The few spellings that differ between SQLite and PostgreSQL."""

    char: str  # the function giving a character by its code
    find: str  # the function giving a substring's position (0 when absent)
    first_code: str  # the function giving the first character's code point
    postgresql: bool

    def text(self, value: str) -> str:
        """A quoted SQL literal; control characters spelled with `char`."""
        pieces = re.split(r"([\t\r\n])", value)
        return " || ".join(
            f"{self.char}({ord(piece)})" if piece in ("\t", "\r", "\n") else _quoted(piece)
            for piece in pieces
            if piece
        )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_SQLITE = _Dialect(char="char", find="instr", first_code="unicode", postgresql=False)
_POSTGRESQL = _Dialect(char="chr", find="strpos", first_code="ascii", postgresql=True)


def _cell_sql(value: str, dialect: _Dialect) -> str:
    """SQL for one text cell exactly as csv.writer (QUOTE_MINIMAL, CRLF) writes
    the value prefixed with a single quote when it starts with one of the
    FORMULA_TRIGGERS, and '' for NULL: quoted, with its quotes doubled, when
    it holds a comma, a double quote, CR or LF. `value` is SQL without
    parameters that is cheap to repeat (a column or an aggregate, which both
    databases compute once however often a select list names it).

    The usual cell (nothing to quote or prefix) costs four substring searches
    and one comparison of the first character's code; NULL fails every test
    and ends as ''."""
    special = " OR ".join(
        f"{dialect.find}({value}, {dialect.text(c)}) > 0" for c in (",", '"', "\r", "\n")
    )
    # The first character's code point (SQLite's unicode(), PostgreSQL's
    # ascii() in UTF-8): a number compared with numbers, no substring made.
    codes = ", ".join(str(ord(c)) for c in FORMULA_TRIGGERS)
    trigger = f"{dialect.first_code}({value}) IN ({codes})"
    shown = f"CASE WHEN {trigger} THEN '''' || {value} ELSE {value} END"
    return (
        f"CASE WHEN {special} THEN '\"' || REPLACE({shown}, '\"', '\"\"') || '\"' "
        f"WHEN {trigger} THEN '''' || {value} "
        f"ELSE COALESCE({value}, '') END"
    )


def _code_sql(value: str) -> str:
    """SQL for a cell holding a choice's stored value (kind, state, stance):
    lower-case words and underscores from the models' choices, which need
    neither quotes nor a prefix."""
    return f"COALESCE({value}, '')"


def _number_sql(value: str) -> str:
    return f"COALESCE(CAST({value} AS TEXT), '')"


def _date_sql(value: str, dialect: _Dialect) -> str:
    if dialect.postgresql:
        return f"COALESCE(TO_CHAR({value}, 'YYYY-MM-DD'), '')"
    return f"COALESCE(CAST({value} AS TEXT), '')"


# The list cells below are SQLite's (`CsvCells`); PostgreSQL reads the lists
# through grouped joins (`_postgresql_query`). SQLite 3.40 has no ORDER BY
# inside an aggregate; an ordered subquery is not flattened into an aggregate
# query, so its order is kept.


def _quantities_sql(claim: str, q: Callable[[str], str]) -> str:
    """The claim's quantities in span order, joined and neutralised as one cell."""
    table = q(Quantity._meta.db_table)
    joined = f"GROUP_CONCAT(x.{q('text')}, {_SQLITE.text(LIST_SEPARATOR)})"
    source = (
        f"(SELECT y.{q('text')} FROM {table} y WHERE y.{q('claim_id')} = {claim} "
        f"ORDER BY y.{q('start')}, y.{q('id')}) x"
    )
    return f"(SELECT {_cell_sql(joined, _SQLITE)} FROM {source})"


def _evidence_sql(claim: str, q: Callable[[str], str]) -> str:
    """Two cells: the claim's evidence URLs (neutralised as one cell) and
    their stances, in the order the evidence was added."""
    table = q(Evidence._meta.db_table)
    sep = _SQLITE.text(LIST_SEPARATOR)
    urls = f"GROUP_CONCAT(x.{q('url')}, {sep})"
    stances = f"GROUP_CONCAT(x.{q('stance')}, {sep})"
    source = (
        f"(SELECT y.{q('url')}, y.{q('stance')} FROM {table} y "
        f"WHERE y.{q('claim_id')} = {claim} ORDER BY y.{q('added_at')}, y.{q('id')}) x"
    )
    cells = f"{_cell_sql(urls, _SQLITE)} || ',' || {_code_sql(stances)}"
    return f"(SELECT {cells} FROM {source})"


def _matches_sql(claim: str, q: Callable[[str], str]) -> tuple[str, list]:
    """Two cells: the ids of the claim's duplicates and of its conflicts
    (matches on either side of the pair, not rejected), in id order."""
    table = q(ClaimMatch._meta.db_table)
    sep = _SQLITE.text(LIST_SEPARATOR)
    pairs = (
        f"SELECT y.{q('claim_b_id')} AS other, y.{q('relation')} AS relation FROM {table} y "
        f"WHERE y.{q('claim_a_id')} = {claim} AND y.{q('state')} <> %s "
        f"UNION ALL SELECT y.{q('claim_a_id')}, y.{q('relation')} FROM {table} y "
        f"WHERE y.{q('claim_b_id')} = {claim} AND y.{q('state')} <> %s"
    )
    params = [MatchState.REJECTED.value, MatchState.REJECTED.value]
    same = f"GROUP_CONCAT(CASE WHEN x.relation = %s THEN x.other END, {sep})"
    other = f"GROUP_CONCAT(CASE WHEN x.relation <> %s THEN x.other END, {sep})"
    # Both arms come off an index in id order (the pair constraint's,
    # match_claim_b_order_idx), so SQLite merges them without sorting.
    source = f"({pairs} ORDER BY 1) x"
    sql = f"(SELECT COALESCE({same}, '') || ',' || COALESCE({other}, '') FROM {source})"
    # The select list's parameters come before the FROM clause's.
    return sql, [MatchRelation.SAME.value, MatchRelation.SAME.value, *params]


def _joined(cells: list[str], *, tail: str) -> str:
    """SQLite SQL for the cells separated by commas, then `tail`, built in one
    call: a chain of || copies the growing line once per cell. SQLite 3.40
    has no concat(); printf builds the line in one buffer ('%%' is how a
    percent sign reaches the database through Django)."""
    template = _SQLITE.text(",".join(["%%s"] * len(cells)) + tail)
    return f"PRINTF({template}, {', '.join(cells)})"


CellKind = Literal["text", "code", "number", "date", "time", "quantities", "evidence", "matches"]
# The CSV columns as the database builds them: what kind of cell, from
# which field. "evidence" and "matches" make two cells each.
_CELLS: list[tuple[CellKind, str]] = [
    ("number", "claim_id"),
    ("text", "claim__text"),
    ("code", "claim__kind"),
    ("quantities", "claim_id"),
    ("text", "claim__article__title"),
    ("text", "claim__article__url"),
    ("text", "claim__article__outlet__name"),
    ("date", "claim__article__published"),
    ("text", "rating__label"),
    ("number", "rating__value"),
    ("text", "rationale"),
    ("evidence", "claim_id"),
    ("text", f"author__{_USERNAME}"),
    ("time", "submitted_at"),
    ("text", f"approved_by__{_USERNAME}"),
    ("time", "approved_at"),
    ("code", "state"),
    ("number", "claim__cluster_id"),
    ("matches", "claim_id"),
]


class Utf8(Func):
    """Text as its UTF-8 bytes (a BLOB): sqlite3 hands bytes over without
    decoding them, and the export writes bytes."""

    arity = 1
    output_field = BinaryField()
    template = "CAST(%(expressions)s AS BLOB)"


def _offset_text(seconds: int) -> str:
    """A UTC offset as datetime.isoformat writes it: '+01:00', '-03:30'."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


@dataclass(frozen=True)
class ZoneSpan:
    """A time zone's UTC offsets over a stretch of time, for SQLite to write
    local times with: `starts[i]` is the UTC time ('YYYY-MM-DD HH:MM:SS', as
    Django stores it) from which `offsets[i]` (seconds east of UTC) holds."""

    starts: tuple[str, ...]
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, zone: tzinfo, first: datetime, last: datetime) -> ZoneSpan:
        """The offsets of `zone` from `first` to `last` (aware datetimes): a
        day at a time, and to the second where the offset changes."""

        def offset(epoch: int) -> int:
            moment = datetime.fromtimestamp(epoch, tz=zone)
            return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]

        start, end = int(first.timestamp()) - 86_400, int(last.timestamp()) + 86_400
        starts, offsets = [""], [offset(start)]
        day = start
        while day < end:
            following = min(day + 86_400, end)
            if offset(following) != offsets[-1]:
                before, after = day, following  # the change lies in (before, after]
                while after - before > 1:
                    middle = (before + after) // 2
                    if offset(middle) == offsets[-1]:
                        before = middle
                    else:
                        after = middle
                moment = datetime.fromtimestamp(after, tz=UTC)
                starts.append(moment.strftime("%Y-%m-%d %H:%M:%S"))
                offsets.append(offset(after))
            day = following
        return cls(tuple(starts), tuple(offsets))

    def local_iso_sql(self, column: str) -> str:
        """SQLite SQL for `column` as ISO 8601 to the second in this zone
        ('2026-03-02T06:00:00-03:30'): the offset found by a binary search
        over `starts`, written as nested CASEs. Only digits and the
        generated offsets go into it."""

        def pick(low: int, high: int) -> str:
            if high - low == 1:
                seconds = self.offsets[low]
                return (
                    # The fraction cut off first: SQLite's date arithmetic
                    # rounds to the millisecond, and 59.9999 s is no minute.
                    f"STRFTIME('%%Y-%%m-%%dT%%H:%%M:%%S', SUBSTR({column}, 1, 19), "
                    f"'{seconds:+d} seconds')"
                    f" || '{_offset_text(seconds)}'"
                )
            middle = (low + high) // 2
            return (
                f"CASE WHEN {column} < '{self.starts[middle]}' "
                f"THEN {pick(low, middle)} ELSE {pick(middle, high)} END"
            )

        return pick(0, len(self.starts))


class CsvCells(Func):
    """Several consecutive cells of a verdict's CSV line as one text value,
    built by SQLite: each cell neutralised and quoted as `_cell_sql` says,
    lists joined by correlated subqueries. `tail` is literal text after the
    cells (the CRLF that ends the line). PostgreSQL builds its lines in
    `_postgresql_query`."""

    output_field = TextField()

    def __init__(
        self,
        cells: list[tuple[CellKind, str]],
        *,
        tail: str = "",
        zone: ZoneSpan | None = None,
    ) -> None:
        self.kinds = [kind for kind, _ in cells]
        self.tail = tail
        # Times in the desk's zone on SQLite, which has no zone data; in UTC
        # when None.
        self.zone = zone
        super().__init__(*(F(name) for _, name in cells))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        raise NotSupportedError("CsvCells is SQLite's; PostgreSQL uses _postgresql_query")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        q = connection.ops.quote_name
        parts: list[str] = []
        params: list[Any] = []
        for kind, expression in zip(self.kinds, self.source_expressions, strict=True):
            value, value_params = compiler.compile(expression)
            if value_params:  # every cell repeats its column; it must be plain
                raise ValueError(f"a CSV cell needs a plain column, not {value!r}")
            if kind == "text":
                parts.append(_cell_sql(value, _SQLITE))
            elif kind == "code":
                parts.append(_code_sql(value))
            elif kind == "number":
                parts.append(_number_sql(value))
            elif kind == "date":
                parts.append(_date_sql(value, _SQLITE))
            elif kind == "time" and self.zone is not None:
                parts.append(f"COALESCE({self.zone.local_iso_sql(value)}, '')")
            elif kind == "time":
                utc, utc_params = compiler.compile(UtcIsoText(expression))
                parts.append(f"COALESCE({utc}, '')")
                params += utc_params
            elif kind == "quantities":
                parts.append(_quantities_sql(value, q))
            elif kind == "evidence":
                parts.append(_evidence_sql(value, q))
            else:
                sql, sql_params = _matches_sql(value, q)
                parts.append(sql)
                params += sql_params
        return _joined(parts, tail=self.tail), params


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _is_utc(zone: tzinfo | None) -> bool:
    return zone is None or zone == UTC or getattr(zone, "key", "") in {"UTC", "Etc/UTC"}


def _live_matches(claims: Q) -> QuerySet[ClaimMatch]:
    """Matches touching the claims, on either side of the pair, not rejected."""
    return ClaimMatch.objects.filter(claims).exclude(state=MatchState.REJECTED)


def _claims_of_chunk(claim_ids: list[int], prefix: str) -> Q:
    """A filter for the chunk's claims (sorted ids). A dense chunk is read as
    an id range: a list of 2000 parameters costs more to build than the rows
    it filters. Rows of claims inside the range but not in the chunk are read
    and never looked up."""
    first, last = claim_ids[0], claim_ids[-1]
    if last - first < 2 * len(claim_ids):
        return Q(**{f"{prefix}__gte": first, f"{prefix}__lte": last})
    return Q(**{f"{prefix}__in": claim_ids})


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


def _postgresql_query(selection: str, q: Callable[[str], str]) -> str:
    """The export's query on PostgreSQL, times in the session's zone: the verdicts
    whose claim ids `selection` (SQL) selects, each as its CSV line.

    The list cells come from three grouped joins, each aggregating rows read
    in list order from a subquery (the documented way to order an aggregate's
    input), instead of a correlated subquery per row and list: a subplan's
    start-up per row costs PostgreSQL several times the aggregate itself.
    Every part reads only the selected claims' rows."""
    d = _POSTGRESQL
    sep = d.text(LIST_SEPARATOR)
    table = {
        model: q(model._meta.db_table)
        for model in (Verdict, Claim, Quantity, Evidence, ClaimMatch, Rating)
    }
    article, outlet = q(Article._meta.db_table), q(Outlet._meta.db_table)
    user = q(get_user_model()._meta.db_table)
    name = q(_USERNAME)

    def when(column: str) -> str:
        # In the session's time zone, which `_postgresql_chunks` sets to the
        # desk's: the offset as isoformat writes it ("+00:00", "-03:30").
        return f"COALESCE(TO_CHAR({column}, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'), '')"

    cells = [
        _number_sql("v.claim_id"),
        _cell_sql("c.text", d),
        _code_sql("c.kind"),
        _cell_sql("lq.joined", d),
        _cell_sql("a.title", d),
        _cell_sql("a.url", d),
        "o.cell",
        _date_sql("a.published", d),
        "COALESCE(r.label, '')",
        "COALESCE(r.value, '')",
        _cell_sql("v.rationale", d),
        _cell_sql("le.urls", d),
        _code_sql("le.stances"),
        "author.cell",
        when("v.submitted_at"),
        "COALESCE(approver.cell, '')",
        when("v.approved_at"),
        _code_sql("v.state"),
        _number_sql("c.cluster_id"),
        "COALESCE(lm.same, '')",
        "COALESCE(lm.other, '')",
    ]
    # The small tables' cells are made once per outlet, rating and user, not
    # once per row (OFFSET 0 keeps the planner from folding them into the row).
    outlets = f"(SELECT id, {_cell_sql('name', d)} AS cell FROM {outlet} OFFSET 0)"
    ratings = (
        f"(SELECT id, {_cell_sql('label', d)} AS label, {_number_sql('value')} AS value "
        f"FROM {table[Rating]} OFFSET 0)"
    )
    users = f"(SELECT id, {_cell_sql(name, d)} AS cell FROM {user} OFFSET 0)"
    line = " || ',' || ".join(cells) + f" || {d.text(chr(13) + chr(10))}"
    quantities = (
        f"SELECT x.claim_id, STRING_AGG(x.text, {sep}) AS joined FROM ("
        f"SELECT y.claim_id, y.text FROM {table[Quantity]} y WHERE y.claim_id IN ({selection}) "
        f"ORDER BY y.claim_id, y.start, y.id) x GROUP BY x.claim_id"
    )
    evidence = (
        f"SELECT x.claim_id, STRING_AGG(x.url, {sep}) AS urls, "
        f"STRING_AGG(x.stance, {sep}) AS stances FROM ("
        f"SELECT y.claim_id, y.url, y.stance FROM {table[Evidence]} y "
        f"WHERE y.claim_id IN ({selection}) ORDER BY y.claim_id, y.added_at, y.id) x "
        f"GROUP BY x.claim_id"
    )
    ids = f"STRING_AGG(CAST(x.other AS TEXT), {sep})"
    matches = (
        f"SELECT x.claim_id, {ids} FILTER (WHERE x.relation = %s) AS same, "
        f"{ids} FILTER (WHERE x.relation <> %s) AS other FROM ("
        f"SELECT p.claim_id, p.other, p.relation FROM ("
        f"SELECT y.claim_a_id AS claim_id, y.claim_b_id AS other, y.relation, y.state "
        f"FROM {table[ClaimMatch]} y UNION ALL "
        f"SELECT y.claim_b_id, y.claim_a_id, y.relation, y.state FROM {table[ClaimMatch]} y"
        f") p WHERE p.state <> %s AND p.claim_id IN ({selection}) "
        f"ORDER BY p.claim_id, p.other) x GROUP BY x.claim_id"
    )
    return (
        f"SELECT {line} FROM {table[Verdict]} v "
        f"JOIN {table[Claim]} c ON c.id = v.claim_id "
        f"JOIN {article} a ON a.id = c.article_id "
        f"JOIN {outlets} o ON o.id = a.outlet_id "
        f"LEFT JOIN {ratings} r ON r.id = v.rating_id "
        f"JOIN {users} author ON author.id = v.author_id "
        f"LEFT JOIN {users} approver ON approver.id = v.approved_by_id "
        f"LEFT JOIN ({quantities}) lq ON lq.claim_id = v.claim_id "
        f"LEFT JOIN ({evidence}) le ON le.claim_id = v.claim_id "
        f"LEFT JOIN ({matches}) lm ON lm.claim_id = v.claim_id "
        f"WHERE v.claim_id IN ({selection}) ORDER BY v.claim_id"
    )


class _Utf8Loader(Loader):
    """Text as the bytes the server sent (UTF-8, the database's encoding)."""

    def load(self, data: Any) -> bytes:
        return bytes(data)


def _postgresql_chunks(
    verdicts: QuerySet[Verdict], chunk_size: int, zone_name: str
) -> Iterator[bytes]:
    """`_csv_chunks` on PostgreSQL (see `_postgresql_query`), its times
    written in the desk's time zone `zone_name` (an IANA name).

    Run in a transaction with the JIT compiler off (at these sizes its
    compilation costs more than it saves) and the session's time zone set to
    the desk's, then put back: Django reads timestamps in UTC. With psycopg 3 the rows are
    streamed in chunks, each line read as the UTF-8 bytes the server sends,
    so Python neither decodes nor encodes it; otherwise they are fetched
    through a server-side cursor (inside the transaction, so not WITH HOLD:
    the server makes rows as they are fetched)."""
    connection = connections[verdicts.db]
    try:
        selection, selection_params = (
            verdicts.order_by().values("claim_id").query.get_compiler(using=verdicts.db).as_sql()
        )
    except EmptyResultSet:  # a filter that can match nothing (an empty `__in`)
        return
    sql = _postgresql_query(selection, connection.ops.quote_name)
    # Parameters in the order their placeholders come: the quantities' and
    # the evidence's selections, the matches' relation, relation, state and
    # selection, the verdicts' selection.
    params = [
        *selection_params,
        *selection_params,
        MatchRelation.SAME.value,
        MatchRelation.SAME.value,
        MatchState.REJECTED.value,
        *selection_params,
        *selection_params,
    ]
    with transaction.atomic(using=verdicts.db), _session_time_zone(connection, zone_name):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            driver_cursor = cursor.cursor
            if hasattr(driver_cursor, "stream"):  # psycopg 3
                # Streamed: the server sends rows as it makes them while
                # Python writes the previous ones, instead of both waiting on
                # each other at every FETCH of a server-side cursor.
                driver_cursor.adapters.register_loader("text", _Utf8Loader)
                # Logged like any query when Django logs queries (DEBUG, tests).
                logged = getattr(cursor, "debug_sql", None)
                with logged(sql, params) if logged else nullcontext():
                    rows = driver_cursor.stream(sql, params, size=chunk_size)
                    try:
                        for chunk in _batched(rows, chunk_size):
                            yield b"".join([line for (line,) in chunk])
                    finally:
                        # Cancels the query if the download stops early,
                        # before the transaction ends.
                        rows.close()
                return
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(chunk_size):
                yield "".join([line for (line,) in chunk]).encode("utf-8")


@contextmanager
def _session_time_zone(connection: Any, zone_name: str) -> Iterator[None]:
    """Inside a transaction: the session's time zone set to `zone_name`, then
    put back. On an error or a download stopped early the transaction (or its
    savepoint) is rolled back, which undoes the setting by itself."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('TimeZone')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [zone_name])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [before])


def _zone_name(zone: tzinfo | None) -> str:
    """The IANA name PostgreSQL knows the desk's zone by."""
    if _is_utc(zone):
        return "UTC"
    name = getattr(zone, "key", None)
    if not name:
        raise ImproperlyConfigured(
            f"The verdict export writes times in the desk's time zone by its IANA name "
            f"(TIME_ZONE, e.g. 'Europe/London'); {zone!r} has none."
        )
    return name


def _zone_span(verdicts: QuerySet[Verdict], zone: tzinfo) -> ZoneSpan:
    """The desk zone's offsets over the times the selected verdicts hold."""
    times = verdicts.order_by().aggregate(
        first_submitted=Min("submitted_at"),
        last_submitted=Max("submitted_at"),
        first_approved=Min("approved_at"),
        last_approved=Max("approved_at"),
    )
    found = [moment for moment in times.values() if moment is not None]
    if not found:
        found = [datetime.now(UTC)]
    return ZoneSpan.of(zone, min(found), max(found))


def _csv_chunks(verdicts: QuerySet[Verdict], chunk_size: int) -> Iterator[bytes]:
    """The CSV lines (without header) of `verdicts`, CRLF-ended, in UTF-8,
    one bytes object per chunk, times in the desk's zone.

    The database builds each line (see `CsvCells`, `_postgresql_query`) and
    hands it over as bytes, so Python only reads one value per row and joins
    a chunk of them. PostgreSQL writes the times in the session's zone;
    SQLite, which knows no zones, is given the desk zone's offsets over the
    selected times (`ZoneSpan`)."""
    connection = connections[verdicts.db]
    if not _is_utc(connection.timezone):
        raise ImproperlyConfigured(
            "The verdict export reads stored times as UTC: leave TIME_ZONE out of DATABASES."
        )
    zone = timezone.get_current_timezone()
    verdicts = verdicts.order_by("claim_id")
    if connection.vendor == "postgresql":
        yield from _postgresql_chunks(verdicts, chunk_size, _zone_name(zone))
        return
    span = None if _is_utc(zone) else _zone_span(verdicts, zone)
    rows = verdicts.annotate(csv_line=Utf8(CsvCells(_CELLS, tail="\r\n", zone=span))).values_list(
        "csv_line"
    )
    for chunk in _row_chunks(rows, chunk_size):
        yield b"".join([line for (line,) in chunk])


def verdict_rows(
    verdicts: QuerySet[Verdict], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[list[str]]]:
    """The CSV rows (without header) of `verdicts` as lists of cells, one
    list per chunk: the export's lines read back by the csv module."""
    for lines in _csv_chunks(verdicts, chunk_size):
        yield list(csv.reader(io.StringIO(lines.decode("utf-8"), newline="")))


def verdicts_csv(
    verdicts: QuerySet[Verdict], *, excel: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """The verdict CSV as UTF-8 byte chunks: the header, then one chunk per
    database chunk. RFC 4180 (quoted as needed, CRLF line ends); `excel`
    starts it with a byte-order mark so Excel reads it as UTF-8."""
    header = csv.writer(Echo()).writerow(CSV_COLUMNS)
    yield ((UTF8_BOM if excel else "") + header).encode("utf-8")
    yield from _csv_chunks(verdicts, chunk_size)


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
