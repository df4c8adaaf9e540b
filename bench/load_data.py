"""Fill the load-test database: N claims over N/10 articles, matches, verdicts,
and one reviewer per simulated user with claims in review assigned to them and
a ready session (logging in 50 people with the production password hasher
would measure PBKDF2, not the desk).

    DATABASE_URL=postgres://… .venv/bin/python bench/load_data.py --claims 100000 \
        --users 50 --out bench/out/load_users.json

Run by bench/load_test on a fresh database after `migrate`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

WORDS = [
    "Iran",
    "fired",
    "ballistic",
    "missiles",
    "at",
    "two",
    "bases",
    "in",
    "Iraq",
    "officials",
    "said",
    "the",
    "Pentagon",
    "confirmed",
    "drones",
    "struck",
    "near",
    "Baghdad",
    "airport",
    "killing",
    "commander",
    "ministry",
    "reported",
]
PER_ARTICLE = 10
IN_REVIEW_PER_USER = 200


def populate(n: int, user_count: int, seed: int = 7) -> dict[str, object]:
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from claims.models import Claim, ClaimMatch, ClaimStatus, Quantity, Rating, Verdict
    from claims.roles import EDITORS, REVIEWERS
    from sources.models import Article, Outlet

    rng = random.Random(seed)
    users_model = get_user_model()
    with transaction.atomic():
        editor = users_model.objects.create_user("load-editor", password="load-password-1")
        editor.groups.add(Group.objects.get(name=EDITORS))
        reviewers = []
        for index in range(user_count):
            user = users_model.objects.create_user(
                f"load-reviewer-{index}", password="load-password-1"
            )
            reviewers.append(user)
        Group.objects.get(name=REVIEWERS).user_set.add(*reviewers)

        outlets = Outlet.objects.bulk_create([Outlet(name=f"Outlet {i}") for i in range(25)])
        articles = []
        sentences_of: list[list[tuple[int, int, str]]] = []
        for index in range(max(1, n // PER_ARTICLE)):
            sentences = []
            parts = []
            position = 0
            for _ in range(PER_ARTICLE):
                words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
                sentence = f"{rng.randint(2, 900)} {words}."
                sentences.append((position, position + len(sentence), sentence))
                parts.append(sentence)
                position += len(sentence) + 1
            text = " ".join(parts)
            sentences_of.append(sentences)
            articles.append(
                Article(
                    outlet=outlets[index % len(outlets)],
                    title=f"Article {index}",
                    text=text,
                    content_hash=hashlib.sha256(f"{index}:{text}".encode()).hexdigest(),
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=2000)

        statuses = (
            [ClaimStatus.NEW] * 80
            + [ClaimStatus.SUBMITTED] * 5
            + [ClaimStatus.APPROVED] * 12
            + [ClaimStatus.NOT_CHECKABLE] * 3
        )
        kinds = ["quantity", "statistic", "event", "quote", "comparison", "causal", "other"]
        claims = []
        for index in range(n):
            start, end, text = sentences_of[index // PER_ARTICLE][index % PER_ARTICLE]
            status = rng.choice(statuses)
            claims.append(
                Claim(
                    article=articles[index // PER_ARTICLE],
                    text=text,
                    start=start,
                    end=end,
                    normalized_text=text.lower(),
                    kind=rng.choice(kinds),
                    checkworthiness=round(rng.uniform(0.5, 1.0), 3),
                    status=status,
                    not_checkable_reason="Opinion" if status == ClaimStatus.NOT_CHECKABLE else "",
                    assignee=rng.choice([editor, *reviewers])
                    if status in {ClaimStatus.SUBMITTED, ClaimStatus.APPROVED}
                    else None,
                )
            )
        # Each simulated reviewer gets claims of their own in review, with no
        # verdict yet: the load test adds evidence and saves verdicts on them.
        mine: dict[int, list[int]] = {}
        slots = rng.sample(range(n), min(n, IN_REVIEW_PER_USER * len(reviewers)))
        for number, index in enumerate(slots):
            user = reviewers[number % len(reviewers)]
            claims[index].status = ClaimStatus.IN_REVIEW
            claims[index].assignee = user
        claims = Claim.objects.bulk_create(claims, batch_size=2000)
        for claim in claims:
            if claim.status == ClaimStatus.IN_REVIEW:
                mine.setdefault(claim.assignee_id, []).append(claim.pk)

        Quantity.objects.bulk_create(
            [
                Quantity(
                    claim=claim,
                    kind="count",
                    low=3,
                    high=3,
                    unit="missiles",
                    text=claim.text.split(" ", 1)[0],
                    start=claim.start,
                    end=claim.start + len(claim.text.split(" ", 1)[0]),
                )
                for claim in claims[: n // 2]
            ],
            batch_size=5000,
        )
        ratings = list(Rating.objects.all())
        now = timezone.now()
        Verdict.objects.bulk_create(
            [
                Verdict(
                    claim=claim,
                    rating=rng.choice(ratings),
                    rationale="Load-test verdict.",
                    author=claim.assignee,
                    state="approved" if claim.status == ClaimStatus.APPROVED else "submitted",
                    submitted_at=now,
                    approved_by=editor if claim.status == ClaimStatus.APPROVED else None,
                    approved_at=now if claim.status == ClaimStatus.APPROVED else None,
                )
                for claim in claims
                if claim.status in {ClaimStatus.SUBMITTED, ClaimStatus.APPROVED}
            ],
            batch_size=2000,
        )
        pairs: set[tuple[int, int]] = set()
        matches = []
        for _ in range(n // 10):
            a, b = sorted(rng.sample(range(len(claims)), 2))
            if (a, b) in pairs:
                continue
            pairs.add((a, b))
            matches.append(
                ClaimMatch(
                    claim_a=claims[a],
                    claim_b=claims[b],
                    score=rng.uniform(80, 100),
                    method="token_set_ratio",
                    relation=rng.choice(["same", "same", "conflict"]),
                )
            )
        ClaimMatch.objects.bulk_create(matches, batch_size=2000)

        people = []
        for user in reviewers:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            people.append(
                {
                    "username": user.username,
                    "session": session.session_key,
                    "claims": mine.get(user.pk, []),
                }
            )
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "claim_ids": [claims[0].pk, claims[-1].pk],
        "ratings": [rating.pk for rating in ratings],
        "users": people,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from claims.models import Claim

    if Claim.objects.exists():
        print("load_data: the database already holds claims; use a fresh one", file=sys.stderr)
        return 2
    started = time.perf_counter()
    data = populate(args.claims, args.users)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data))
    print(f"claims_loaded: {Claim.objects.count()}")
    print(f"load_data_seconds: {time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
