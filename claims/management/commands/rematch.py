from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Claim
from claims.services import match_claims, rematch_all


class ProgressBar:
    """A one-line progress bar on a terminal, a line per tenth elsewhere."""

    def __init__(self, stream, width: int = 40) -> None:
        self.stream = stream
        self.width = width
        self.interactive = getattr(stream, "isatty", lambda: False)()
        self._last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * self.width)
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} {done}/{total} claims"
        if self.interactive:
            self.stream.write("\r" + bar, ending="" if done < total else "\n")
            self.stream.flush()
        elif int(share * 10) != self._last_tenth:
            self._last_tenth = int(share * 10)
            self.stream.write(bar)


class Command(BaseCommand):
    help = (
        "Match claims across articles: near-duplicates, conflicts and clusters. "
        "Without --all, only claims that have no match yet are matched against the corpus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Rebuild everything: learn name aliases, renormalise and re-match every claim, "
            "recompute clusters (pairs a reviewer decided are kept).",
        )

    def handle(self, *args, **options) -> None:
        if not Claim.objects.exists():
            raise CommandError("There are no claims to match; import articles first.")
        progress = ProgressBar(self.stdout)
        if options["all"]:
            report = rematch_all(progress=progress)
        else:
            unmatched = list(
                Claim.objects.filter(matches_as_a__isnull=True, matches_as_b__isnull=True)
                .order_by("id")
                .only("id")
            )
            report = match_claims(unmatched)
            progress(len(unmatched), len(unmatched))
        self.stdout.write(
            f"claims matched: {report.claims}; pairs created: {report.created}, "
            f"updated: {report.updated}, removed: {report.removed}; conflicts: {report.conflicts}; "
            f"clusters: {report.clusters}; name aliases learned: {report.aliases_learned}"
        )
        sys.stdout.flush()
