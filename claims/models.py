from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sources.models import Article


class ClaimKind(models.TextChoices):
    QUANTITY = "quantity", "Quantity"
    STATISTIC = "statistic", "Statistic"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote"
    COMPARISON = "comparison", "Comparison"
    CAUSAL = "causal", "Causal"
    OTHER = "other", "Other"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    NOT_CHECKABLE = "not_checkable", "Not checkable"
    IN_REVIEW = "in_review", "In review"
    SUBMITTED = "submitted", "Verdict submitted"
    APPROVED = "approved", "Approved"


class Cluster(models.Model):
    """A connected group of claims that state the same fact (same-matches that
    are confirmed or scored high enough). Counts are denormalised by the
    matching service so the queue can show them without a join per row."""

    first_claim = models.ForeignKey(
        "Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_published = models.DateField(null=True, blank=True)
    claim_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)
    # Outlets that are neither repeats of one outlet nor copies of a stated source.
    independent_outlet_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cluster {self.pk} ({self.claim_count} claims)"


class Claim(models.Model):
    """A checkable statement: exactly `article.text[start:end]`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # The sentence before a claim that opens with a pronoun ("He said…"), so a
    # reviewer sees who "he" is.
    context_start = models.PositiveIntegerField(null=True, blank=True)
    context_end = models.PositiveIntegerField(null=True, blank=True)
    normalized_text = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=20, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    speaker = models.CharField(max_length=300, blank=True, default="")
    checkworthiness = models.FloatField(default=0.0)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    not_checkable_reason = models.TextField(blank=True, default="")
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promoted_claims",
        help_text="Set when a reviewer promoted a low-scoring sentence into a claim.",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,  # served by the named index below
    )
    # Optimistic locking: an edit carries the version it was made from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["normalized_text", "updated_at"])

    class Meta:
        ordering = ["article_id", "start"]
        permissions = [
            ("assign_claim", "Can assign claims to reviewers"),
            ("promote_claim", "Can promote a sentence into a claim"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_before_end"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0) & Q(checkworthiness__lte=1.0),
                name="claim_checkworthiness_0_1",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claim_span_unique_per_article"
            ),
        ]
        indexes = [
            # Review queue: by status, highest check-worthiness first.
            models.Index(
                fields=["status", "-checkworthiness"], name="claim_queue_status_score_idx"
            ),
            # Review queue: newest first.
            models.Index(fields=["-created_at"], name="claim_queue_newest_idx"),
            # Review queue without a status filter: highest check-worthiness
            # first, the page walked off the index instead of sorting them all.
            models.Index(fields=["-checkworthiness", "-id"], name="claim_queue_score_idx"),
            # "My claims": a reviewer's work by status.
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            # Claims of a cluster ("where else it appears").
            models.Index(fields=["cluster"], name="claim_cluster_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", args=[self.pk])


class QuantityQualifier(models.TextChoices):
    EXACTLY = "exactly", "Exactly"
    ABOUT = "about", "About"
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"
    RANGE = "range", "Range"
    VAGUE = "vague", "Vague"


class QuantityKind(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percent"
    MONEY = "money", "Money"
    MEASURE = "measure", "Measure"
    YEAR = "year", "Year"
    DATE = "date", "Date"
    TIME = "time", "Time of day"
    DURATION = "duration", "Duration"


class Quantity(models.Model):
    """A number stated by a claim, as a value or a range (`low`–`high`)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    kind = models.CharField(
        max_length=12, choices=QuantityKind.choices, default=QuantityKind.NUMBER
    )
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=60, blank=True, default="")
    qualifier = models.CharField(
        max_length=12, choices=QuantityQualifier.choices, default=QuantityQualifier.EXACTLY
    )
    date_value = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=300)
    # Span in the article text, like the claim's.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "quantities"
        ordering = ["claim_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="quantity_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="quantity_start_before_end"
            ),
        ]
        indexes = [
            # Conflict checks compare quantities of one unit across a claim pair.
            models.Index(fields=["unit", "low"], name="quantity_unit_low_idx"),
            # The verdict export reads a chunk's quantities in claim and span
            # order; walking this index spares a sort per chunk.
            models.Index(fields=["claim", "start", "id"], name="quantity_claim_order_idx"),
        ]

    def __str__(self) -> str:
        return self.text


class MatchRelation(models.TextChoices):
    SAME = "same", "Same claim"
    CONFLICT = "conflict", "Conflict"


class MatchState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class MatchProvenance(models.TextChoices):
    INDEPENDENT = "independent", "Independent outlets"
    SAME_OUTLET = "same_outlet", "Repeat in one outlet"
    SYNDICATED = "syndicated", "Syndicated copy"


class ClaimMatch(models.Model):
    """Two claims that state the same fact, or the same fact with different
    numbers, dates or places (a conflict). Stored once per pair with the lower
    claim id first."""

    # Lookups by claim_a use the unique pair constraint's index, by claim_b the
    # named index: no separate foreign-key indexes.
    claim_a = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matches_as_a", db_index=False
    )
    claim_b = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matches_as_b", db_index=False
    )
    score = models.FloatField()
    method = models.CharField(max_length=60)
    relation = models.CharField(max_length=10, choices=MatchRelation.choices)
    state = models.CharField(
        max_length=10, choices=MatchState.choices, default=MatchState.SUGGESTED
    )
    provenance = models.CharField(
        max_length=12, choices=MatchProvenance.choices, default=MatchProvenance.INDEPENDENT
    )
    # Why it matched: scorer scores, aligned words, differing values.
    explanation = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "claim matches"
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="match_pair_stored_once"),
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="match_pair_ordered"
            ),
        ]
        indexes = [
            # Matches of a claim when it is the second of the pair (the unique
            # constraint serves lookups by claim_a).
            models.Index(fields=["claim_b"], name="match_claim_b_idx"),
            # The verdict export lists a claim's matches in id order; as the
            # second of a pair, the other ids come off this index sorted
            # (the unique pair constraint sorts them for the first).
            models.Index(fields=["claim_b", "claim_a"], name="match_claim_b_order_idx"),
            # Editor home: newest conflicts.
            models.Index(fields=["relation", "-created_at"], name="match_relation_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a_id} ~ {self.claim_b_id} ({self.relation}, {self.score:.0f})"

    def other(self, claim_id: int) -> int:
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id


class NameAlias(models.Model):
    """A spelling variant folded into one canonical name before matching
    (Sulaimani → soleimani). Learned from the corpus or added by an editor."""

    class Source(models.TextChoices):
        BUILTIN = "builtin", "Built in"
        LEARNED = "learned", "Learned from the corpus"
        EDITOR = "editor", "Added by an editor"

    variant = models.CharField(max_length=100, unique=True)
    canonical = models.CharField(max_length=100)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "name aliases"
        ordering = ["canonical", "variant"]

    def __str__(self) -> str:
        return f"{self.variant} → {self.canonical}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Evidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True, default="")
    quoted_passage = models.TextField(blank=True, default="")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["added_at", "id"]
        indexes = [
            # The verdict export reads a chunk's evidence in claim and
            # added order; walking this index spares a sort per chunk.
            models.Index(fields=["claim", "added_at", "id"], name="evidence_claim_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Rating(models.Model):
    """One step of the verdict scale, editable by editors."""

    label = models.CharField(max_length=60, unique=True)
    value = models.IntegerField(help_text="Numeric value for ClaimReview; higher is truer.")
    order = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, default="")
    # "Unverifiable" can be given without evidence; every other rating needs some.
    requires_evidence = models.BooleanField(default=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class VerdictState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


class Verdict(models.Model):
    """The desk's verdict on a claim: one per claim, revised in place, every
    revision kept in its history."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True)
    rationale = models.TextField(blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    state = models.CharField(
        max_length=10, choices=VerdictState.choices, default=VerdictState.DRAFT
    )
    return_comment = models.TextField(blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_verdicts",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        permissions = [
            ("approve_verdict", "Can approve, return or reopen verdicts"),
            ("export_verdicts", "Can export verdicts"),
        ]
        indexes = [
            # Editor home and exports: verdicts by state, newest first.
            models.Index(fields=["state", "-submitted_at"], name="verdict_state_submitted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rating or 'unrated'} on claim {self.claim_id}"
