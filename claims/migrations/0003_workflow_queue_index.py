"""Indexes for the review queue at 100k+ claims.

- claim_queue_score_idx: the queue without a status filter, highest
  check-worthiness first, walked off the index instead of sorting every claim.
- claim_queue_text_search_idx (PostgreSQL only): the queue's text search,
  `text__icontains`, which Django writes as `UPPER(text) LIKE UPPER('%…%')`;
  a pg_trgm GIN index on UPPER(text) answers it without reading every claim.
  It lives outside the model state (SQLite has no GIN), and when the database
  user may not create the pg_trgm extension the migration carries on without
  it: search then still works, by a sequential scan.
"""

import logging

from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

TEXT_SEARCH_INDEX = "claim_queue_text_search_idx"


def add_text_search_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TEXT_SEARCH_INDEX} ON claims_claim "
                "USING gin (UPPER(text) gin_trgm_ops)"
            )
    except DatabaseError as exc:
        logger.warning("queue text search index not created (%s); search will scan", exc)


def drop_text_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TEXT_SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_default_ratings_and_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-checkworthiness", "-id"], name="claim_queue_score_idx"),
        ),
        migrations.RunPython(add_text_search_index, drop_text_search_index),
    ]
