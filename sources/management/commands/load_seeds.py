from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sources.parsing import ParseError
from sources.services import ImportOverrides, get_or_create_outlet, import_file

MANIFEST_COLUMNS = {"file", "outlet", "domain", "url", "title", "published"}


def read_manifest(folder: Path) -> list[tuple[Path, ImportOverrides, str]]:
    manifest = folder / "manifest.csv"
    if not manifest.is_file():
        raise CommandError(
            f"{manifest}: no manifest; it lists file,outlet,domain,url,title,published"
        )
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = MANIFEST_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{manifest}: missing columns {', '.join(sorted(missing))}")
        entries = []
        for line, row in enumerate(reader, start=2):
            path = folder / row["file"]
            if not path.is_file():
                raise CommandError(f"{manifest}, line {line}: {row['file']} is not in {folder}")
            try:
                published = date.fromisoformat(row["published"]) if row["published"] else None
            except ValueError:
                raise CommandError(
                    f"{manifest}, line {line}: published {row['published']!r} is not YYYY-MM-DD"
                ) from None
            overrides = ImportOverrides(
                outlet=row["outlet"], url=row["url"], title=row["title"], published=published
            )
            entries.append((path, overrides, row["domain"]))
    return entries


class Command(BaseCommand):
    help = "Import the seed articles listed in seeds/manifest.csv (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--folder",
            default=str(settings.SEEDS_DIR),
            help="Folder holding the seed files and manifest.csv (default: the project's seeds/).",
        )

    def handle(self, *args, **options) -> None:
        entries = read_manifest(Path(options["folder"]))
        created = skipped = 0
        for path, overrides, domain in entries:
            if overrides.outlet:
                get_or_create_outlet(overrides.outlet, domain)
            try:
                report = import_file(path, overrides=overrides)
            except ParseError as exc:
                raise CommandError(str(exc)) from None
            created += len(report.created)
            skipped += len(report.imported) - len(report.created)
            self.stdout.write(
                f"{path.name}: {len(report.created)} article(s) imported, "
                f"{len(report.imported) - len(report.created)} already there"
            )
        self.stdout.write(f"seeds loaded: {created} article(s) imported, {skipped} already there")
