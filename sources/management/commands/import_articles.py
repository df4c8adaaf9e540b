from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator

from sources.parsing import SUPPORTED_SUFFIXES, ParseError
from sources.services import ImportOverrides, import_file


def collect_files(paths: list[str]) -> list[Path]:
    """Expand folders into the article files they hold; refuse what is not there."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUPPORTED_SUFFIXES
                and child.name.lower() != "readme.md"
            )
            if not found:
                raise CommandError(
                    f"{path}: no article files in this folder "
                    f"(looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})"
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return files


class Command(BaseCommand):
    help = (
        "Import article files: plain text (.txt), Markdown (.md), web pages (.html, .htm) and "
        'JSON Lines (.jsonl, one article per line with a "text" field); UTF-8, UTF-16 with a '
        "byte-order mark and legacy single-byte encodings are read. A folder imports every "
        "article file in it. A page that holds several articles is split into them. Each file "
        "is stored whole or not at all; articles already imported are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders to import.")
        parser.add_argument(
            "--outlet",
            default="",
            help="Outlet name for articles whose page does not name one.",
        )
        parser.add_argument(
            "--url", default="", help="Original URL of the article, when importing one file."
        )

    def handle(self, *args, **options) -> None:
        if options["url"]:
            try:
                URLValidator(schemes=["http", "https"])(options["url"])
            except ValidationError:
                raise CommandError(f"--url {options['url']!r} is not an http(s) URL") from None
        files = collect_files(options["paths"])
        overrides = ImportOverrides(outlet=options["outlet"], url=options["url"])
        failures: list[str] = []
        created = skipped = 0
        for path in files:
            try:
                report = import_file(path, overrides=overrides)
            except ParseError as exc:
                failures.append(str(exc))
                self.stderr.write(f"FAILED  {exc}")
                continue
            for item in report.imported:
                label = item.article.title or "(untitled)"
                if item.created:
                    created += 1
                    language = f", {item.article.language}" if item.article.language else ""
                    self.stdout.write(
                        f"imported  {path.name}: {label} ({item.claim_count} claims{language})"
                    )
                else:
                    skipped += 1
                    self.stdout.write(f"skipped   {path.name}: {label} (already imported)")
        self.stdout.write(
            f"{created} article(s) imported, {skipped} skipped, {len(failures)} file(s) failed"
        )
        if failures:
            raise CommandError(
                f"{len(failures)} file(s) could not be imported:\n  " + "\n  ".join(failures)
            )
