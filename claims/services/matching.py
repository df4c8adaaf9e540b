"""Match claims across articles: ClaimMatch rows, clusters and learned name
aliases. The decisions come from the pure `claims.matching`; this module reads
claims, keeps the candidate index of this process in step with the database,
and writes the results."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims import embedding, matching
from claims.models import (
    Claim,
    ClaimMatch,
    Cluster,
    MatchState,
    NameAlias,
    Verdict,
    VerdictState,
)
from claims.quantities import ParsedQuantity

ProgressCallback = Callable[[int, int], None]
CHUNK = 2000


@dataclass
class MatchReport:
    claims: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    conflicts: int = 0
    clusters: int = 0
    aliases_learned: int = 0
    pairs: set[tuple[int, int]] = field(default_factory=set, repr=False)


# --------------------------------------------------------------------------
# Name aliases
# --------------------------------------------------------------------------


def active_aliases() -> dict[str, str]:
    return dict(NameAlias.objects.filter(active=True).values_list("variant", "canonical"))


def _fingerprint(aliases: dict[str, str]) -> str:
    joined = "\n".join(f"{k}\t{v}" for k, v in sorted(aliases.items()))
    return hashlib.sha256(joined.encode()).hexdigest()


@transaction.atomic
def learn_name_aliases() -> list[NameAlias]:
    """Store spelling variants of names found in the claims as learned aliases.
    A variant an editor already has (even switched off) is left as it is."""
    known = dict(NameAlias.objects.values_list("variant", "canonical"))
    texts = Claim.objects.order_by("id").values_list("text", flat=True).iterator(chunk_size=CHUNK)
    suggestions = matching.learn_aliases(texts, known)
    existing = {v.casefold() for v in known}
    rows = [
        NameAlias(variant=s.variant, canonical=s.canonical, source=NameAlias.Source.LEARNED)
        for s in suggestions
        if s.variant not in existing
    ]
    NameAlias.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


# --------------------------------------------------------------------------
# One writer of the corpus at a time
# --------------------------------------------------------------------------


# Any bigint would do; this one spells "claimwb", recognisable in pg_locks.
CORPUS_LOCK_KEY = int.from_bytes(b"claimwb", "big")


def lock_corpus() -> None:
    """Wait for, then hold until this transaction ends, the lock that imports,
    matching and reclustering take on PostgreSQL.

    Matching is incremental: new claims are matched against the claims the
    transaction can see. Two imports matching at the same time would each
    see only committed claims, not the other's, and the pairs between their
    articles would never be stored. Held from the start of an import, the lock
    also stops two imports of overlapping files from waiting on each other's
    article and outlet rows in opposite orders (a deadlock), and two writers
    of one cluster from writing its count from snapshots that miss each
    other's claims. A holder never waits for rows a reviewer's transaction
    locked before asking for it (the match being confirmed, a new claim), so
    those cannot deadlock with it. After waiting, the next statement sees
    what the previous holder committed (READ COMMITTED). SQLite needs
    nothing: write transactions begin IMMEDIATE there, which already lets one
    writer in at a time.
    """
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("lock_corpus() holds its lock until commit: call it in a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CORPUS_LOCK_KEY])


# --------------------------------------------------------------------------
# The candidate index of this process
# --------------------------------------------------------------------------


# Ids below the newest indexed one that were missing when it was indexed: a
# concurrent transaction may still commit them (ids are handed out before
# commit). They are looked for again on every refresh while they are within
# this many ids of the newest; older gaps are rolled back or deleted claims.
GAP_WINDOW = 20_000


@dataclass
class _IndexState:
    index: matching.CandidateIndex
    fingerprint: str
    last_id: int
    gaps: set[int] = field(default_factory=set)


_state: _IndexState | None = None
_lock = threading.Lock()


def reset_index() -> None:
    """Forget this process's index; the next match rebuilds it from the database."""
    global _state
    with _lock:
        _state = None


def _corpus_index(aliases: dict[str, str]) -> matching.CandidateIndex:
    """The index over every claim in the database. Built from the claims'
    texts in id order, then kept up to date by adding claims with
    higher ids; rebuilt when the aliases change or claims were removed."""
    global _state
    fingerprint = _fingerprint(aliases)
    with _lock:
        newest = Claim.objects.order_by("-id").values_list("id", flat=True).first() or 0
        state = _state
        if state is None or state.fingerprint != fingerprint or newest < state.last_id:
            state = _IndexState(matching.CandidateIndex(), fingerprint, 0)
        # Normalised here from the text rather than read from normalized_text:
        # claims stored by other code paths may not have been normalised yet.
        folder = matching.AliasFolder(aliases)
        rows = (
            Claim.objects.filter(id__gt=state.last_id)
            .order_by("id")
            .values_list("id", "text")
            .iterator(chunk_size=CHUNK)
        )
        if state.gaps:
            # Claims committed after a claim with a higher id was indexed.
            late = (
                set(
                    Claim.objects.filter(id__gte=min(state.gaps), id__lt=state.last_id).values_list(
                        "id", flat=True
                    )
                )
                & state.gaps
            )
            for claim_id, text in (
                Claim.objects.filter(id__in=sorted(late)[:CHUNK])
                .order_by("id")
                .values_list("id", "text")
                if late
                else []
            ):
                state.index.add(claim_id, matching.mask_numbers(matching.normalize(text, folder)))
                state.gaps.discard(claim_id)
        for claim_id, text in rows:
            state.index.add(claim_id, matching.mask_numbers(matching.normalize(text, folder)))
            state.gaps.update(range(max(state.last_id + 1, claim_id - GAP_WINDOW), claim_id))
            state.last_id = claim_id
        if state.gaps:
            floor = state.last_id - GAP_WINDOW
            state.gaps = {gap for gap in state.gaps if gap > floor}
        _state = state
        return state.index


# --------------------------------------------------------------------------
# Preparing claims read from the database
# --------------------------------------------------------------------------


def _claims_with_context(ids: Iterable[int]) -> list[Claim]:
    ordered = sorted(ids)
    found: list[Claim] = []
    # Chunked: SQLite caps the number of parameters in one query.
    for start in range(0, len(ordered), 500):
        found.extend(
            Claim.objects.filter(id__in=ordered[start : start + 500])
            .select_related("article__outlet")
            .prefetch_related("quantities")
            .order_by("id")
        )
    return found


def _prepare(claim: Claim, folder: matching.AliasFolder) -> matching.PreparedClaim:
    quantities = [
        ParsedQuantity(
            text=q.text,
            start=q.start - claim.start,
            end=q.end - claim.start,
            low=q.low,
            high=q.high,
            unit=q.unit,
            qualifier=q.qualifier,
            kind=q.kind,
        )
        for q in claim.quantities.all()
    ]
    prepared = matching.prepare(claim.pk, claim.text, folder, quantities or None)
    prepared.source = claim.article_id
    return prepared


def _appearance(claim: Claim) -> matching.Appearance:
    article = claim.article
    return matching.Appearance(
        claim_id=claim.pk,
        article_id=article.pk,
        outlet_id=article.outlet_id,
        outlet_name=article.outlet.name,
        outlet_domain=article.outlet.domain,
        published=article.published,
        syndicated_from=article.syndicated_from,
    )


# --------------------------------------------------------------------------
# Writing matches
# --------------------------------------------------------------------------


def _pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _write_matches(
    decisions: dict[tuple[int, int], tuple[matching.MatchDecision, str]],
    existing: dict[tuple[int, int], ClaimMatch],
    report: MatchReport,
) -> None:
    """Create new pairs, refresh undecided ones; a reviewer's decision stands."""
    to_create: list[ClaimMatch] = []
    to_update: list[ClaimMatch] = []
    for (a, b), (decision, provenance) in sorted(decisions.items()):
        row = existing.get((a, b))
        if row is None:
            to_create.append(
                ClaimMatch(
                    claim_a_id=a,
                    claim_b_id=b,
                    score=round(decision.score, 2),
                    method=decision.method,
                    relation=decision.relation,
                    state=decision.state,
                    provenance=provenance,
                    explanation=decision.explanation,
                )
            )
            continue
        if row.decided_by_id is not None or row.state == MatchState.REJECTED:
            continue
        values = {
            "score": round(decision.score, 2),
            "method": decision.method,
            "relation": decision.relation,
            "state": decision.state,
            "provenance": provenance,
            "explanation": decision.explanation,
        }
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
    # Another process matching the same pair at the same time wrote it already.
    ClaimMatch.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
    ClaimMatch.objects.bulk_update(
        to_update,
        ["score", "method", "relation", "state", "provenance", "explanation"],
        batch_size=500,
    )
    report.created += len(to_create)
    report.updated += len(to_update)
    report.conflicts += sum(1 for d, _ in decisions.values() if d.relation == "conflict")
    report.pairs |= set(decisions)


def _existing_matches(ids: Sequence[int]) -> dict[tuple[int, int], ClaimMatch]:
    found: dict[tuple[int, int], ClaimMatch] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in ClaimMatch.objects.filter(Q(claim_a_id__in=chunk) | Q(claim_b_id__in=chunk)):
            found[(row.claim_a_id, row.claim_b_id)] = row
    return found


# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------


def _edges_touching(ids: set[int]) -> list[matching.Edge]:
    edges: dict[int, matching.Edge] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        rows = ClaimMatch.objects.filter(
            Q(claim_a_id__in=chunk) | Q(claim_b_id__in=chunk)
        ).values_list("id", "claim_a_id", "claim_b_id", "relation", "state", "score")
        for pk, a, b, relation, state, score in rows:
            edges[pk] = matching.Edge(a, b, relation, state, score)
    return list(edges.values())


def _links(edge: matching.Edge) -> bool:
    return edge.relation == "same" and (
        edge.state == "confirmed"
        or (edge.state == "suggested" and edge.score >= matching.CLUSTER_THRESHOLD)
    )


def _recluster(seed_ids: set[int]) -> int:
    """Recompute the clusters that hold, or now reach, any of `seed_ids`."""
    members = set(seed_ids)
    frontier = set(seed_ids)
    while frontier:
        clusters = set(
            Claim.objects.filter(id__in=frontier, cluster__isnull=False).values_list(
                "cluster_id", flat=True
            )
        )
        reached = set(Claim.objects.filter(cluster_id__in=clusters).values_list("id", flat=True))
        for edge in _edges_touching(frontier):
            if _links(edge):
                reached |= {edge.a, edge.b}
        frontier = reached - members
        members |= reached
    edges = [e for e in _edges_touching(members) if e.a in members and e.b in members]
    components = matching.clusters_from_edges(edges)
    return _assign_clusters(members, components)


def _assign_clusters(members: set[int], components: list[list[int]]) -> int:
    claims = {c.pk: c for c in _claims_with_context(members)}
    old_clusters = {c.cluster_id for c in claims.values() if c.cluster_id is not None}
    reusable = sorted(old_clusters)
    used: set[int] = set()
    assignment: dict[int, int | None] = dict.fromkeys(claims)
    for component in components:
        present = [claims[i] for i in component if i in claims]
        if len(present) < 2:
            continue
        summary = matching.summarize_cluster([_appearance(c) for c in present])
        preferred = sorted(
            {c.cluster_id for c in present if c.cluster_id is not None and c.cluster_id not in used}
        )
        cluster_id = preferred[0] if preferred else None
        values = {
            "first_claim_id": summary.first_claim_id,
            "first_published": summary.first_published,
            "claim_count": summary.claim_count,
            "outlet_count": summary.outlet_count,
            "independent_outlet_count": summary.independent_outlet_count,
        }
        if cluster_id is None:
            cluster_id = Cluster.objects.create(**values).pk
        else:
            Cluster.objects.filter(pk=cluster_id).update(updated_at=timezone.now(), **values)
        used.add(cluster_id)
        for claim in present:
            assignment[claim.pk] = cluster_id
    changed = [c for c in claims.values() if c.cluster_id != assignment[c.pk]]
    for claim in changed:
        claim.cluster_id = assignment[claim.pk]
    Claim.objects.bulk_update(changed, ["cluster"], batch_size=500)
    orphans = [pk for pk in reusable if pk not in used]
    Cluster.objects.filter(pk__in=orphans, claims__isnull=True).delete()
    return len(used)


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def _normalize_rows(claims: Sequence[Claim], folder: matching.AliasFolder) -> None:
    changed = []
    for claim in claims:
        normalized = matching.normalize(claim.text, folder)
        if claim.normalized_text != normalized:
            claim.normalized_text = normalized
            changed.append(claim)
    Claim.objects.bulk_update(changed, ["normalized_text"], batch_size=500)


# Embeddings of the sentences this process has read, by text: the same text
# always gives the same vector, so nothing needs storing, and a corpus's gray
# pairs keep meeting the same few claims.
_MEANINGS: OrderedDict[str, np.ndarray] = OrderedDict()
_MEANINGS_KEPT = 20_000
_meanings_lock = threading.Lock()


def _attach_meanings(
    pairs: Sequence[tuple[matching.PreparedClaim, matching.PreparedClaim]],
) -> None:
    """Give the claims of `pairs` (pairs only meaning can decide) their
    sentence embedding, computing the missing ones in one batch."""
    wanted = matching.without_meaning(pairs)
    if not wanted:
        return
    texts = [matching.meaning_text(claim) for claim in wanted]
    with _meanings_lock:
        known = {text: _MEANINGS[text] for text in texts if text in _MEANINGS}
        for text in known:
            _MEANINGS.move_to_end(text)
    missing = sorted(set(texts) - set(known))
    if missing:
        computed = dict(zip(missing, embedding.embed(missing), strict=True))
        known.update(computed)
        with _meanings_lock:
            _MEANINGS.update(computed)
            while len(_MEANINGS) > _MEANINGS_KEPT:
                _MEANINGS.popitem(last=False)
    for claim, text in zip(wanted, texts, strict=True):
        claim.meaning = known[text]


def _match_against_index(
    claims: Sequence[Claim],
    index: matching.CandidateIndex,
    folder: matching.AliasFolder,
    seen: set[tuple[int, int]],
    report: MatchReport,
) -> set[int]:
    """Score each claim against its candidates and write the pairs; returns the
    ids of every claim that got a match."""
    prepared = {c.pk: _prepare(c, folder) for c in claims}
    by_id = {c.pk: c for c in claims}
    # Per claim: each candidate, and whether only the look-up for reworded
    # copies found it.
    hits: dict[int, dict[int, bool]] = {}
    wanted: set[int] = set()
    for claim in claims:
        mine = prepared[claim.pk]
        found = {
            other: False
            for other, _ in index.search(mine.masked, matching.ANCHOR_THRESHOLD, exclude=claim.pk)
        }
        for other, _ in index.search_reworded(
            mine.masked, matching.REWORDED_THRESHOLD, exclude=claim.pk
        ):
            found.setdefault(other, True)
        hits[claim.pk] = {
            other: reworded
            for other, reworded in found.items()
            if _pair_key(claim.pk, other) not in seen
        }
        wanted.update(o for o in hits[claim.pk] if o not in by_id)
    for other in _claims_with_context(wanted):
        by_id[other.pk] = other
        prepared[other.pk] = _prepare(other, folder)
    pairs: list[tuple[int, int]] = []
    read_by_meaning: list[tuple[matching.PreparedClaim, matching.PreparedClaim]] = []
    for claim in claims:
        for other, reworded in hits[claim.pk].items():
            key = _pair_key(claim.pk, other)
            if key in seen or other not in by_id:
                continue
            pair = (prepared[key[0]], prepared[key[1]])
            needs_meaning = matching.needs_meaning(*pair)
            # A pair only the looser look-up found is read by meaning alone
            # (its wording cannot link it); left unseen otherwise, so that
            # the other claim's own look-up decides it as before, whichever
            # side is matched first.
            if reworded and not needs_meaning:
                continue
            seen.add(key)
            pairs.append(key)
            if needs_meaning:
                read_by_meaning.append(pair)
    _attach_meanings(read_by_meaning)
    decisions: dict[tuple[int, int], tuple[matching.MatchDecision, str]] = {}
    for key in pairs:
        decision = matching.decide(prepared[key[0]], prepared[key[1]])
        if decision is None:
            continue
        provenance = matching.provenance(_appearance(by_id[key[0]]), _appearance(by_id[key[1]]))
        decisions[key] = (decision, provenance)
    _write_matches(decisions, _existing_matches([c.pk for c in claims]), report)
    return {i for key in decisions for i in key}


@transaction.atomic
def match_claims(claims: Iterable[Claim]) -> MatchReport:
    """Match new claims against the whole corpus (and each other): store each
    pair once, with lower id first, and update the clusters they touch. Safe
    to run again: pairs already stored are refreshed, never duplicated, and a
    reviewer's confirmation or rejection is kept."""
    report = MatchReport()
    ids = sorted({c.pk for c in claims})
    if not ids:
        return report
    lock_corpus()
    aliases = active_aliases()
    folder = matching.AliasFolder(aliases)
    rows = _claims_with_context(ids)
    _normalize_rows(rows, folder)
    index = _corpus_index(aliases)
    touched = _match_against_index(rows, index, folder, set(), report)
    report.claims = len(rows)
    report.clusters = _recluster(touched | set(ids))
    return report


@transaction.atomic
def rematch_all(progress: ProgressCallback | None = None) -> MatchReport:
    """Rebuild everything: learn name aliases, renormalise every claim, match
    every claim against the corpus, drop undecided pairs no longer found, and
    recompute all clusters. Decided pairs (confirmed or rejected by a person)
    are kept."""
    lock_corpus()
    report = MatchReport()
    report.aliases_learned = len(learn_name_aliases())
    aliases = active_aliases()
    folder = matching.AliasFolder(aliases)
    total = Claim.objects.count()
    all_ids = list(Claim.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(all_ids), CHUNK):
        chunk = list(Claim.objects.filter(id__in=all_ids[start : start + CHUNK]).order_by("id"))
        _normalize_rows(chunk, folder)
    reset_index()
    index = _corpus_index(aliases)
    seen: set[tuple[int, int]] = set()
    done = 0
    for start in range(0, len(all_ids), CHUNK):
        rows = _claims_with_context(all_ids[start : start + CHUNK])
        _match_against_index(rows, index, folder, seen, report)
        done += len(rows)
        if progress:
            progress(done, total)
    stale = ClaimMatch.objects.filter(decided_by__isnull=True).exclude(state=MatchState.REJECTED)
    stale_ids = [
        pk
        for pk, a, b in stale.values_list("id", "claim_a_id", "claim_b_id")
        if (a, b) not in report.pairs
    ]
    report.removed = len(stale_ids)
    for start in range(0, len(stale_ids), 500):
        ClaimMatch.objects.filter(id__in=stale_ids[start : start + 500]).delete()
    edges = [
        matching.Edge(a, b, relation, state, score)
        for a, b, relation, state, score in ClaimMatch.objects.values_list(
            "claim_a_id", "claim_b_id", "relation", "state", "score"
        ).iterator(chunk_size=CHUNK)
    ]
    components = matching.clusters_from_edges(edges)
    clustered = set(Claim.objects.filter(cluster__isnull=False).values_list("id", flat=True))
    members = clustered | {i for component in components for i in component}
    report.clusters = _assign_clusters(members, components)
    Cluster.objects.filter(claims__isnull=True).delete()
    report.claims = total
    return report


@transaction.atomic
def update_clusters(claims: Iterable[Claim]) -> int:
    """Recompute the clusters of these claims, e.g. after a reviewer confirmed
    or rejected one of their matches. Returns how many clusters they are in."""
    # An import reclustering at the same time would otherwise write the
    # cluster's count from a snapshot without this decision's claims, or the
    # other way round.
    lock_corpus()
    return _recluster({c.pk for c in claims})


def checked_elsewhere(claim: Claim) -> Verdict | None:
    """The approved verdict of another claim in this claim's cluster (the
    earliest approved), so the claim page can show "already checked" with its
    rating and a link, and a reviewer can reuse it."""
    if claim.cluster_id is None:
        return None
    return (
        Verdict.objects.filter(claim__cluster_id=claim.cluster_id, state=VerdictState.APPROVED)
        .exclude(claim_id=claim.pk)
        .select_related("rating", "claim__article__outlet")
        .order_by("approved_at", "id")
        .first()
    )
