from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.queries import ClaimFilters
from claims.services import (
    ExportSelectionError,
    VerdictSelection,
    claimreview_lines,
    select_verdicts,
    verdicts_csv,
)
from claims.services.exports import EXPORT_STATES, parse_since
from sources.models import Outlet


class Command(BaseCommand):
    help = (
        "Export verdicts as CSV (the same bytes as /export/verdicts.csv for the same "
        "selection) or as ClaimReview JSON Lines (approved verdicts only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--state",
            choices=EXPORT_STATES,
            default="approved",
            help="Which verdicts: approved (default), submitted (awaiting approval) or all "
            "(every state, drafts and returned included).",
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            default="",
            help="Only verdicts approved (or, if not approved, submitted or created) on or "
            "after DATE, as YYYY-MM-DD in the desk's time zone.",
        )
        parser.add_argument(
            "--outlet",
            metavar="NAME",
            default="",
            help="Only verdicts on claims from this outlet (its name, any letter case).",
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            default="-",
            help="File to write (default: standard output). An existing file is replaced.",
        )
        parser.add_argument(
            "--format",
            choices=["csv", "claimreview"],
            default="csv",
            help="csv: one row per verdict (default); claimreview: one schema.org "
            "ClaimReview JSON object per line, approved verdicts only.",
        )
        parser.add_argument(
            "--excel",
            action="store_true",
            help="CSV only: start the file with a UTF-8 byte-order mark so Excel reads "
            "Arabic and other non-Latin text correctly.",
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            default=settings.ORGANIZATION_URL,
            help="ClaimReview only: the address the workbench is served at, for the claim "
            "page links (default: the ORGANIZATION_URL setting).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            since = parse_since(options["since"])
        except ExportSelectionError as exc:
            raise CommandError(f"--since: {exc}") from None
        filters = ClaimFilters()
        if options["outlet"]:
            outlet = Outlet.objects.filter(name__iexact=options["outlet"].strip()).first()
            if outlet is None:
                raise CommandError(
                    f"--outlet {options['outlet']!r}: no such outlet; the outlets are listed "
                    "in the admin under Sources › Outlets"
                )
            filters = ClaimFilters(outlet=outlet.pk)
        if options["excel"] and options["format"] != "csv":
            raise CommandError("--excel applies to --format csv only")
        verdicts = select_verdicts(
            VerdictSelection(filters=filters, state=options["state"], since=since)
        )
        if options["format"] == "csv":
            chunks = verdicts_csv(verdicts, excel=options["excel"])
        else:
            chunks = claimreview_lines(verdicts, base_url=options["base_url"])

        output = options["output"]
        if output == "-":
            self._to_stdout(chunks)
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"--output {output}: folder {path.parent} does not exist")
        try:
            with path.open("wb") as handle:
                size = 0
                for chunk in chunks:
                    handle.write(chunk)
                    size += len(chunk)
        except OSError as exc:
            raise CommandError(f"--output {output}: cannot write ({exc.strerror})") from None
        self.stderr.write(f"{size} bytes written to {path}")

    def _to_stdout(self, chunks: Iterator[bytes]) -> None:
        stream = getattr(self.stdout, "_out", sys.stdout)
        # The bytes must be the web download's bytes: write them past any
        # newline translation of a text stream when there is a byte buffer.
        buffer = getattr(stream, "buffer", None)
        for chunk in chunks:
            if buffer is not None:
                buffer.write(chunk)
            else:
                # Each chunk is whole UTF-8 text, so it decodes on its own.
                stream.write(chunk.decode("utf-8"))
        if buffer is not None:
            buffer.flush()
        stream.flush()
