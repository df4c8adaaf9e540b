"""Ten imports of overlapping files at once store every article, claim and
match exactly once, and the same ones as importing the files one after another.

The imports run in real threads, each with its own database connection,
released together by a barrier, against the committed database
(transaction=True); they share this process's candidate index, as the threads
of one web or worker process do. The files overlap every way a desk's do: the
same file twice, a copy of a compilation under another name, a file holding one
article of that compilation, JSON Lines files holding the same articles in
opposite orders, and two batches of reworded stories whose claims match each
other's across files.

Matching is incremental, so what it finds depends on the order the claims
arrive in. The reference is therefore the sequential import of the same files
in the order the concurrent imports took effect (by the ids they were given):
if any import had missed another's committed claims, or stored something twice,
the two databases would differ. The same runs again with five processes of
`import_articles`, each with its own candidate index.

Also here: two imports matching at the same moment (each pauses before
committing), the savepoint that takes an article another import stored after
the look-up, and a match confirmed while an import reclusters the same cluster.
On PostgreSQL these pass because imports, matching and reclustering take one
advisory lock (`claims.services.matching.lock_corpus`); on SQLite because write
transactions begin IMMEDIATE. Without either they fail: interleaved imports, a
missed pair, a cluster count of 3 for 4 claims, or "database is locked".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Min, Q

import claims.services as claim_services
from claims.models import Claim, ClaimMatch, Cluster
from claims.services import matching as matching_services
from sources import services as sources_services
from sources.models import Article
from sources.parsing import content_hash, parse_file
from sources.services import ImportReport, import_file
from tests.browser.conftest import restore_desk_data
from tests.claims.factories_workflow import match_between
from tests.factories import ArticleFactory, ClaimFactory, editor
from tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = [
    "The ministry said 15 missiles struck Ain al-Asad air base on January 8, 2020.",
    "About 110 soldiers were treated for brain injuries after the strike, the Pentagon said.",
    "Iran fired 16 ballistic missiles at two bases in Iraq, the army said on Wednesday.",
    "The drone strike near Baghdad airport killed Qassem Soleimani on January 3, 2020.",
    "Abu Mahdi al-Muhandis was killed in the same strike, the militia said on Friday.",
]
RETOLD = [
    "Officials said 22 missiles struck Ain al-Asad air base on January 8, 2020.",
    "The Pentagon told reporters 110 soldiers were treated for brain injuries after the strike.",
    "Iran fired 15 ballistic missiles at two bases in Iraq, the army told reporters on Wednesday.",
    "A drone strike near Baghdad airport killed Qassem Suleimani on January 3, 2020.",
    # The same story in both batches: one article, imported by whichever batch wins.
    STORIES[4],
]


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


def overlapping_files(seeds_dir: Path, tmp_path: Path) -> list[Path]:
    """Ten files whose articles overlap, in the order they are started."""
    compilation = seeds_dir / "004_72764ede92617b22.txt"
    opinion = seeds_dir / "000_dc19caf96180ef82.txt"
    column = seeds_dir / "001_8089d15fc60e32ee.txt"
    compiled = parse_file(compilation).articles
    opinion_text = parse_file(opinion).articles[0].text
    column_text = parse_file(column).articles[0].text
    picks = [
        {"title": "Pick A", "outlet": "Desk picks", "text": compiled[2].text},
        {"title": "Pick B", "outlet": "Desk picks", "text": opinion_text},
        {"title": "Pick C", "outlet": "Desk picks", "text": compiled[5].text},
    ]
    copy = tmp_path / "compilation-copy.txt"
    shutil.copyfile(compilation, copy)
    one = tmp_path / "one-of-the-compilation.txt"
    one.write_text(compiled[3].text, encoding="utf-8")
    return [
        compilation,
        write_jsonl(tmp_path / "picks.jsonl", picks),
        opinion,
        # The same articles in the opposite order, plus one more.
        write_jsonl(
            tmp_path / "picks-reversed.jsonl",
            [*picks[::-1], {"title": "Column", "outlet": "Reposts", "text": column_text}],
        ),
        compilation,
        write_jsonl(
            tmp_path / "stories.jsonl",
            [
                {"title": f"Story {i}", "outlet": f"Agency {i}", "text": t}
                for i, t in enumerate(STORIES)
            ],
        ),
        one,
        write_jsonl(
            tmp_path / "retold.jsonl",
            [
                {"title": f"Retold {i}", "outlet": f"Paper {i}", "text": t}
                for i, t in enumerate(RETOLD)
            ],
        ),
        copy,
        column,
    ]


def expected_hashes(files: list[Path]) -> tuple[set[str], int]:
    """The distinct articles the files hold (compilation pages included), and
    how many article rows they hold in all, computed by parsing alone."""
    hashes: list[str] = []
    for path in files:
        document = parse_file(path)
        if document.is_compilation:
            hashes.append(content_hash(document.page_text))
        hashes.extend(content_hash(article.text) for article in document.articles)
    return set(hashes), len(hashes)


def import_at_once(files: list[Path]) -> list[ImportReport | BaseException]:
    return race(*(partial(import_file, path) for path in files))


def snapshot() -> dict[str, Any]:
    """The database's articles, claims, matches and clusters, named by content
    (article hash, span) rather than by ids, which differ between runs."""
    articles = dict(Article.objects.values_list("id", "content_hash"))
    claims = {
        pk: (articles[article_id], start, end)
        for pk, article_id, start, end in Claim.objects.values_list(
            "id", "article_id", "start", "end"
        )
    }
    matches = Counter(
        (claims[a], claims[b], relation, state, provenance)
        for a, b, relation, state, provenance in ClaimMatch.objects.values_list(
            "claim_a_id", "claim_b_id", "relation", "state", "provenance"
        )
    )
    members: dict[int, set] = {}
    for pk, cluster_id in Claim.objects.filter(cluster__isnull=False).values_list(
        "id", "cluster_id"
    ):
        members.setdefault(cluster_id, set()).add(claims[pk])
    clusters = Counter(
        (
            frozenset(members.get(cluster.pk, ())),
            claims.get(cluster.first_claim_id),
            cluster.claim_count,
            cluster.outlet_count,
            cluster.independent_outlet_count,
        )
        for cluster in Cluster.objects.all()
    )
    return {
        "articles": Counter(articles.values()),
        # Which file created each article: the first, in the order that took effect.
        "origins": set(Article.objects.values_list("content_hash", "origin")),
        "compilations": set(
            Article.objects.filter(is_compilation=True).values_list("content_hash", flat=True)
        ),
        "claims": Counter(claims.values()),
        "matches": matches,
        "clusters": clusters,
    }


def assert_stored_once_and_consistent(state: dict[str, Any]) -> None:
    for name in ("articles", "claims", "matches"):
        twice = [key for key, n in state[name].items() if n > 1]
        assert not twice, f"{name} stored more than once: {twice[:3]}"
    for claim_id, article_id, start, end, text in Claim.objects.values_list(
        "id", "article_id", "start", "end", "text"
    ):
        assert Article.objects.get(pk=article_id).text[start:end] == text, claim_id
    for a, b in ClaimMatch.objects.values_list("claim_a_id", "claim_b_id"):
        assert a < b
    for cluster in Cluster.objects.all():
        count = Claim.objects.filter(cluster=cluster).count()
        assert count >= 2 and cluster.claim_count == count, cluster
        assert Claim.objects.filter(pk=cluster.first_claim_id, cluster=cluster).exists(), cluster


def assert_same_as_one_after_another(files: list[Path], concurrent: dict[str, Any]) -> list:
    """Empty the database, import the files one by one in this order, and
    compare with what the concurrent imports stored."""
    call_command("flush", interactive=False, verbosity=0)
    matching_services.reset_index()
    replayed = [import_file(path) for path in files]
    sequential = snapshot()
    for name in sequential:
        missing = set(sequential[name]) - set(concurrent[name])
        extra = set(concurrent[name]) - set(sequential[name])
        assert not missing and not extra, (name, sorted(missing)[:3], sorted(extra)[:3])
    assert concurrent == sequential
    return replayed


def test_ten_overlapping_imports_at_once_store_everything_once_as_one_after_another(
    seeds_dir, tmp_path
):
    files = overlapping_files(seeds_dir, tmp_path)
    distinct, rows_in_files = expected_hashes(files)
    # The files really overlap: many article rows name an article another file holds.
    assert rows_in_files - len(distinct) >= 30

    matching_services.reset_index()
    started = time.monotonic()
    results = import_at_once(files)
    elapsed = time.monotonic() - started

    failures = [(files[i].name, r) for i, r in enumerate(results) if isinstance(r, BaseException)]
    assert not failures, failures
    reports: list[ImportReport] = results
    concurrent = snapshot()
    assert set(concurrent["articles"]) == distinct
    assert_stored_once_and_consistent(concurrent)
    assert concurrent["matches"], "the files hold claims that match each other's"
    assert concurrent["clusters"]
    # Each article was created by exactly one import; the others report it skipped.
    created = Counter(item.article.content_hash for r in reports for item in r.created)
    assert all(n == 1 for n in created.values()), created
    assert sum(len(r.imported) for r in reports) == sum(
        len(parse_file(path).articles) for path in files
    )
    for report in reports:
        assert all(reason == "already imported" for _, reason in report.skipped), report.skipped
    # The index these threads share holds every claim.
    index = matching_services._corpus_index(matching_services.active_aliases())
    assert all(pk in index for pk in Claim.objects.values_list("id", flat=True))

    # Replay one after another, in the order the imports took effect.
    def first_created(i: int) -> int:
        return min((item.article.pk for item in reports[i].created), default=1 << 62)

    order = sorted(range(len(files)), key=first_created)
    replayed = assert_same_as_one_after_another([files[i] for i in order], concurrent)
    assert [len(r.created) for r in replayed] == [len(reports[i].created) for i in order]
    assert elapsed < 60


def test_two_imports_matching_at_the_same_moment_still_pair_each_others_claims(
    tmp_path, monkeypatch
):
    """Each import waits, after matching and before committing, for the other
    to match too. Were both let in at once, neither would see the other's
    uncommitted claims, and the two stories would never be paired."""
    files = [
        write_jsonl(
            tmp_path / "first.jsonl", [{"title": "A", "outlet": "Agency", "text": STORIES[0]}]
        ),
        write_jsonl(
            tmp_path / "second.jsonl", [{"title": "B", "outlet": "Paper", "text": RETOLD[0]}]
        ),
    ]
    real = claim_services.match_claims
    matched = {path.name: threading.Event() for path in files}
    waited: list[bool] = []

    def match_then_wait_for_the_other(claims):
        report = real(claims)
        mine = next(iter(claims)).article.origin
        matched[mine].set()
        (other,) = (event for name, event in matched.items() if name != mine)
        waited.append(other.wait(timeout=3))
        return report

    monkeypatch.setattr(claim_services, "match_claims", match_then_wait_for_the_other)
    matching_services.reset_index()
    results = import_at_once(files)
    assert all(isinstance(r, ImportReport) for r in results), results
    # One import waited in vain: the other could not match before it committed.
    assert sorted(waited) == [False, True]
    first, second = (Claim.objects.filter(article__origin=path.name) for path in files)
    assert first.exists() and second.exists()
    pairs = ClaimMatch.objects.filter(
        Q(claim_a__in=first, claim_b__in=second) | Q(claim_a__in=second, claim_b__in=first)
    )
    assert pairs.count() == 1


def test_an_article_another_import_stored_after_the_look_up_is_taken_and_the_file_still_imports(
    tmp_path, monkeypatch
):
    """The look-up misses an article a concurrent import commits just after it;
    the insert then meets the unique hash, and only that insert is undone (a
    savepoint): the rest of the file imports. Without the savepoint the failed
    insert spoils the whole transaction (PostgreSQL and Django's atomic refuse
    every later statement) and the file fails."""
    path = write_jsonl(
        tmp_path / "two.jsonl",
        [
            {"title": "Raced", "outlet": "Agency", "text": STORIES[1]},
            {"title": "Other", "outlet": "Agency", "text": STORIES[2]},
        ],
    )
    raced = parse_file(path).articles[0]
    winner = (
        import_file(
            write_jsonl(tmp_path / "winner.jsonl", [{"title": "Winner", "text": STORIES[1]}])
        )
        .created[0]
        .article
    )
    real = sources_services._stored_article
    missed: list[str] = []

    def miss_the_raced_article(digest: str):
        if digest == content_hash(raced.text) and not missed:
            missed.append(digest)
            return None
        return real(digest)

    monkeypatch.setattr(sources_services, "_stored_article", miss_the_raced_article)
    report = import_file(path)
    assert missed
    assert [(item.article.pk, item.created) for item in report.imported][0] == (winner.pk, False)
    assert report.imported[1].created and report.imported[1].claim_count > 0
    assert Article.objects.filter(content_hash=content_hash(raced.text)).count() == 1
    assert Article.objects.count() == 2
    assert Claim.objects.filter(article=report.imported[1].article).count() == (
        report.imported[1].claim_count
    )


# Starts Django, says it is ready, waits for the go file, then runs the command.
IMPORTER = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.005)
call_command("import_articles", *sys.argv[2:])
"""


def database_url() -> str:
    """The test database, for a process started by the test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_ten_overlapping_imports_in_five_processes_at_once_store_everything_once(
    seeds_dir, tmp_path
):
    """Each process has its own candidate index, which sees the other
    processes' claims only through the database."""
    files = overlapping_files(seeds_dir, tmp_path)
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(go), *map(str, files[i::5])],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(5)
    ]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        go.touch()
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "FAILED" not in out + err and "0 file(s) failed" in out, out + err
    concurrent = snapshot()
    distinct, _ = expected_hashes(files)
    assert set(concurrent["articles"]) == distinct
    assert_stored_once_and_consistent(concurrent)
    assert concurrent["matches"]
    # The order the imports took effect: by the first article each file created.
    first_ids = dict(
        Article.objects.values("origin").annotate(first=Min("id")).values_list("origin", "first")
    )
    order = sorted(files, key=lambda path: first_ids.get(path.name, 1 << 62))
    assert_same_as_one_after_another(order, concurrent)


def test_a_match_confirmed_while_an_import_reclusters_leaves_the_cluster_counts_right(
    monkeypatch,
):
    """An import's new claim joins cluster {a, b} while an editor confirms the
    match that brings d into it. Whichever goes second must see the other's
    members, or the cluster's stored count says 3 while 4 claims point at it."""
    restore_desk_data()
    ed = editor("ed")
    said = "About 110 soldiers were treated for brain injuries after the strike, the Pentagon said."
    told = "The Pentagon said 110 soldiers were treated for brain injuries after the strike."
    a = ClaimFactory(article=ArticleFactory(text=said))
    b = ClaimFactory(article=ArticleFactory(text=told))
    d = ClaimFactory(article=ArticleFactory(text="Some 110 soldiers got brain injuries there."))
    match_between(a, b, score=95.0)
    pending = match_between(b, d, score=60.0)
    claim_services.update_clusters([a])
    cluster = Claim.objects.get(pk=a.pk).cluster
    assert cluster is not None and cluster.claim_count == 2

    real = claim_services.match_claims
    matched, confirmed = threading.Event(), threading.Event()

    def match_then_wait_for_the_confirmation(claims):
        report = real(claims)
        matched.set()
        confirmed.wait(timeout=3)
        return report

    monkeypatch.setattr(claim_services, "match_claims", match_then_wait_for_the_confirmation)
    matching_services.reset_index()

    def confirm():
        assert matched.wait(timeout=30)
        try:
            return claim_services.confirm_match(ed, pending, version=pending.version)
        finally:
            confirmed.set()

    path_text = f"{said} Officials gave no names."

    def import_the_same_claim_again():
        return sources_services.import_pasted_text(path_text)

    results = race(import_the_same_claim_again, confirm)
    assert not [r for r in results if isinstance(r, BaseException)], results
    c = Claim.objects.get(article__text=path_text, text=said)
    clustered = Claim.objects.filter(cluster=cluster)
    assert set(clustered.values_list("id", flat=True)) >= {a.pk, b.pk, c.pk, d.pk}
    cluster.refresh_from_db()
    assert cluster.claim_count == clustered.count()
    assert_stored_once_and_consistent(snapshot())
