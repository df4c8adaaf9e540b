"""Locust users for bench/load_test: logged-in reviewers browsing the queue
and claim pages and submitting evidence and verdict drafts on their own
claims, with CSRF, plus two baselines (a static file, the login page).

The users are locust's FastHttpUser (geventhttpclient): the load generator
runs on the same two cores as the server, and the requests-based HttpUser
spends several times more CPU per request, time the server then waits for.

Every write that got a success answer (302) is recorded in LOAD_LEDGER (JSON
Lines) so that bench/load_report.py can check the database holds exactly
those writes: no lost one, no duplicate.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid

from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession
from requests.cookies import create_cookie

DATA = json.loads(open(os.environ["LOAD_USERS"]).read())  # noqa: SIM115
LEDGER_PATH = os.environ["LOAD_LEDGER"]
STATIC_PATH = os.environ.get("LOAD_STATIC", "/static/css/workbench.css")
FIRST_CLAIM, LAST_CLAIM = DATA["claim_ids"]
RATINGS = DATA["ratings"]
QUEUE_PAGES = int(os.environ.get("LOAD_QUEUE_PAGES", "200"))
THINK_MIN = float(os.environ.get("LOAD_THINK_MIN", "1"))
THINK_MAX = float(os.environ.get("LOAD_THINK_MAX", "3"))

_people = itertools.cycle(DATA["users"])
_people_lock = threading.Lock()
_ledger_lock = threading.Lock()
_ledger = open(LEDGER_PATH, "a", encoding="utf-8")  # noqa: SIM115


def record(entry: dict) -> None:
    with _ledger_lock:
        _ledger.write(json.dumps(entry) + "\n")
        _ledger.flush()


@events.quitting.add_listener
def _close_ledger(environment, **kwargs) -> None:
    _ledger.close()


class Reviewer(FastHttpUser):
    wait_time = between(THINK_MIN, THINK_MAX)

    def on_start(self) -> None:
        with _people_lock:
            person = next(_people)
        self.username = person["username"]
        self.claims = person["claims"]
        # The verdict version this user's pages last showed, per claim: the
        # form carries it like a browser tab would.
        self.versions: dict[int, int] = {}
        self.client.cookiejar.set_cookie(create_cookie(DATA["session_cookie"], person["session"]))
        # The login-page baseline is fetched as an anonymous visitor: its own
        # session, its own (empty) cookie jar.
        self.anonymous = FastHttpSession(
            self.host, request_event=self.environment.events.request, user=self
        )
        # A first page sets the CSRF cookie.
        self.client.get("/", name="home")

    def _csrf(self) -> dict[str, str]:
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        return {"X-CSRFToken": token}

    @task(4)
    def queue(self) -> None:
        self.client.get("/claims/", name="page: queue")

    @task(2)
    def queue_page(self) -> None:
        page = random.randint(2, QUEUE_PAGES)
        status = random.choice(["", "new", "approved", "submitted"])
        self.client.get(
            f"/claims/?page={page}" + (f"&status={status}" if status else ""),
            name="page: queue (page, status filter)",
        )

    @task(1)
    def queue_search(self) -> None:
        word = random.choice(["missiles", "Baghdad", "417", "commander"])
        self.client.get(f"/claims/?q={word}", name="page: queue (text search)")

    @task(4)
    def claim_page(self) -> None:
        claim_id = random.randint(FIRST_CLAIM, LAST_CLAIM)
        self.client.get(f"/claims/{claim_id}/", name="page: claim")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="page: home")

    @task(2)
    def add_evidence(self) -> None:
        claim_id = random.choice(self.claims)
        url = f"https://evidence.example/{self.username}/{uuid.uuid4().hex}"
        with self.client.post(
            f"/claims/{claim_id}/evidence/",
            data={"url": url, "stance": "supports", "title": "Load test", "quoted_passage": ""},
            headers=self._csrf(),
            allow_redirects=False,
            name="write: add evidence",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                record({"kind": "evidence", "claim": claim_id, "url": url})
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(2)
    def save_verdict(self) -> None:
        claim_id = random.choice(self.claims)
        if claim_id not in self.versions:
            # Open the claim before the first edit. The generated claims have no
            # verdict yet and only their assignee (this user) edits them, so the
            # form's version starts at 0 and goes up by one per saved draft.
            self.client.get(f"/claims/{claim_id}/", name="page: claim")
            self.versions[claim_id] = 0
        version = self.versions[claim_id]
        rationale = f"Checked by {self.username}: {uuid.uuid4().hex}"
        with self.client.post(
            f"/claims/{claim_id}/verdict/",
            data={
                "version": version,
                "rating": random.choice(RATINGS),
                "rationale": rationale,
                "action": "draft",
            },
            headers=self._csrf(),
            allow_redirects=False,
            name="write: save verdict draft",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                self.versions[claim_id] = version + 1
                record({"kind": "verdict", "claim": claim_id, "rationale": rationale})
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(1)
    def baseline_static(self) -> None:
        self.client.get(STATIC_PATH, name="baseline: static file")

    @task(1)
    def baseline_login_page(self) -> None:
        self.anonymous.get("/accounts/login/", name="baseline: login page")


# Raw samples for bench/load_report.py: one line per request (name, ms, ok),
# so that percentiles over all pages together are computed from the samples.
_samples: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _sample(name, response_time, exception, **kwargs) -> None:
    _samples.append((name, response_time, exception is None))


@events.quitting.add_listener
def _write_samples(environment, **kwargs) -> None:
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as handle:
        json.dump(_samples, handle)
