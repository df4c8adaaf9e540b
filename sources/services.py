"""Every write of articles goes through here: commands, views and admin alike."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction

from sources.models import Article, Outlet
from sources.parsing import ParsedArticle, ParsedDocument, ParseError, content_hash, parse_file

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

DEFAULT_OUTLET = "Unknown outlet"
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)


@dataclass
class ImportedArticle:
    article: Article
    created: bool
    claim_count: int = 0


@dataclass
class ImportReport:
    """What one file or paste yielded: articles created and articles skipped."""

    source_name: str
    imported: list[ImportedArticle] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Same-claim and conflict pairs the new claims formed with the corpus.
    matches_created: int = 0

    @property
    def created(self) -> list[ImportedArticle]:
        return [item for item in self.imported if item.created]


@dataclass
class ImportOverrides:
    """What the command line or a manifest says about a file, which wins over
    what the page itself says only where the page is silent."""

    outlet: str = ""
    url: str = ""
    title: str = ""
    published: date | None = None


def get_or_create_outlet(name: str, domain: str = "") -> Outlet:
    name = name.strip() or DEFAULT_OUTLET
    domain = domain.strip().lower()
    if domain:
        outlet = Outlet.objects.filter(domain=domain).first()
        if outlet is not None:
            return outlet
    outlet, created = Outlet.objects.get_or_create(name=name, defaults={"domain": domain})
    if not created and domain and not outlet.domain:
        outlet.domain = domain
        outlet.save(update_fields=["domain"])
    return outlet


def _stored_article(digest: str) -> Article | None:
    return Article.objects.filter(content_hash=digest).first()


def _create_article(
    parsed: ParsedArticle,
    *,
    overrides: ImportOverrides,
    origin: str,
    compiled_in: Article | None,
    user: AbstractBaseUser | None,
) -> tuple[Article, bool]:
    digest = content_hash(parsed.text)
    existing = _stored_article(digest)
    if existing is not None:
        return existing, False
    # A page that names its source by URL ("Source: https://…") gives a domain,
    # which identifies the outlet across its other names.
    stated = parsed.outlet.strip()
    is_domain = bool(_DOMAIN.fullmatch(stated))
    outlet = get_or_create_outlet(stated or overrides.outlet, domain=stated if is_domain else "")
    article = Article(
        outlet=outlet,
        title=parsed.title[:500],
        byline=parsed.byline[:300],
        url=parsed.url or overrides.url,
        published=parsed.published or overrides.published,
        language=parsed.language,
        text=parsed.text,
        comments=parsed.comments,
        links=parsed.links,
        content_hash=digest,
        origin=origin[:500],
        compiled_in=compiled_in,
        syndicated_from=parsed.syndicated_from[:1000],
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    # A concurrent import of the same text may win the race to the unique
    # hash; the savepoint lets us take its row instead of failing the file.
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        return Article.objects.get(content_hash=digest), False
    return article, True


def import_document(
    document: ParsedDocument,
    *,
    overrides: ImportOverrides | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Store the articles of one parsed file, extract their claims and match
    them against the corpus: all or nothing."""
    from claims.services.matching import reset_index

    try:
        return _import_document(document, overrides=overrides, user=user)
    except BaseException:
        # The rolled-back claims may already sit in this process's candidate
        # index, and SQLite can hand their ids to the next import's claims.
        reset_index()
        raise


@transaction.atomic
def _import_document(
    document: ParsedDocument,
    *,
    overrides: ImportOverrides | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    from claims.services import extract_claims, match_claims
    from claims.services.matching import lock_corpus

    limit = settings.IMPORT_MAX_ARTICLES
    if len(document.articles) > limit:
        raise ParseError(
            f"{document.source_name}: holds {len(document.articles)} articles, more than the "
            f"{limit} one import may hold (IMPORT_MAX_ARTICLES); split the file"
        )
    # Imports take their turn (PostgreSQL; SQLite's IMMEDIATE transactions
    # already do), so each one matches against every claim committed before it.
    lock_corpus()
    overrides = overrides or ImportOverrides()
    report = ImportReport(source_name=document.source_name)
    new_claims: list = []
    compilation: Article | None = None
    if document.is_compilation:
        page = ParsedArticle(title=overrides.title or document.source_name, text=document.page_text)
        compilation, _ = _create_article(
            page, overrides=overrides, origin=document.source_name, compiled_in=None, user=user
        )
        if not compilation.is_compilation:
            compilation.is_compilation = True
            compilation.save(update_fields=["is_compilation"])
    for parsed in document.articles:
        if overrides.title and not document.is_compilation:
            # A title given by hand (manifest, command line) is the desk's
            # reading of the page and beats what the parser guessed.
            parsed.title = overrides.title
        article, created = _create_article(
            parsed,
            overrides=overrides,
            origin=document.source_name,
            compiled_in=compilation,
            user=user,
        )
        if not created:
            report.skipped.append((article.title or parsed.title, "already imported"))
            report.imported.append(ImportedArticle(article, created=False))
            continue
        claims = extract_claims(article)
        new_claims.extend(claims)
        report.imported.append(ImportedArticle(article, created=True, claim_count=len(claims)))
        logger.info("imported article %s (%d claims)", article.pk, len(claims))
    # Incremental: only the new claims are matched against the corpus, inside
    # the same transaction, so a failed import leaves no pairs behind.
    if new_claims:
        report.matches_created = match_claims(new_claims).created
    return report


def _check_size(name: str, size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ParseError(
            f"{name}: {size / 1_000_000:.1f} MB is more than the {limit / 1_000_000:.1f} MB "
            "one import may be (IMPORT_MAX_BYTES); split the file"
        )


def import_file(
    path: Path,
    *,
    overrides: ImportOverrides | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Parse and store one file. Raises `ParseError` (nothing stored) when it
    cannot be read or is larger than `IMPORT_MAX_BYTES`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(f"{path.name}: cannot be read ({exc.strerror})") from None
    _check_size(path.name, size)
    document = parse_file(path)
    return import_document(document, overrides=overrides, user=user)


def import_pasted_text(
    text: str,
    *,
    overrides: ImportOverrides | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    from sources.parsing import parse_text

    if not text.strip():
        raise ParseError("pasted text: nothing to import")
    _check_size("pasted text", len(text.encode("utf-8", "surrogatepass")))
    document = parse_text(text, source_name="pasted text")
    return import_document(document, overrides=overrides, user=user)
