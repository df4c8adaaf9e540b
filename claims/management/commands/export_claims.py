from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.exports import CLAIM_EXPORT_FIELDS, csv_rows, iter_claim_records


class Command(BaseCommand):
    help = "Export every claim with its quantities, cluster, matches and verdict."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv"],
            default="jsonl",
            help="jsonl: one JSON object per line (default); csv: one row per claim.",
        )
        parser.add_argument(
            "--output",
            default="-",
            metavar="FILE",
            help="File to write (default: standard output).",
        )

    def handle(self, *args, **options) -> None:
        output = options["output"]
        if output == "-":
            self._write(self.stdout, options)
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"--output {output}: folder {path.parent} does not exist")
        try:
            with path.open("w", encoding="utf-8", newline="") as handle:
                count = self._write(handle, options)
        except OSError as exc:
            raise CommandError(f"--output {output}: cannot write ({exc.strerror})") from None
        self.stderr.write(f"{count} claim(s) written to {path}")

    def _write(self, handle, options) -> int:
        count = 0
        if options["format"] == "jsonl":
            for record in iter_claim_records():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        else:
            writer = csv.writer(handle)
            writer.writerow(CLAIM_EXPORT_FIELDS)
            for row in csv_rows(iter_claim_records()):
                writer.writerow(row)
                count += 1
        return count
