"""Who gets what: every URL of the project × every role, against a table.

The URLs are read from the resolver, so a new URL without a row here fails
`test_every_url_of_the_project_has_a_row_in_the_matrix`. Each request runs
against objects made for it in the state the action needs, with a valid form,
so that the answer shows the role check and not the form validation. A POST
also records whether it wrote to the database (`+write`), because an htmx
refusal answers 200 with the reason rather than 403.

Outcomes: ok 200, redirect 302 elsewhere, login 302 to the login page,
admin-login 302 to the admin's login, bad 400, forbidden 403, missing 404,
not-allowed 405, conflict 409.

To print what the project answers now (to review a change to this table):
MATRIX_PRINT=1 .venv/bin/python -m pytest tests/workbench/test_permission_matrix.py -s
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from claims import services
from claims.models import Claim, ClaimStatus, Cluster, NameAlias, Rating
from claims.roles import REVIEWERS
from tests.claims.factories_workflow import claim_in, match_between
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimMatchFactory,
    UserFactory,
    editor,
    reviewer,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "reviewer", "editor", "superuser")
# A GET, a plain form POST, and the same POST sent by htmx.
METHODS = ("GET", "POST", "HTMX")

# fmt: off
# route, method: anonymous, outsider (logged in, no desk role), reviewer, editor, superuser
MATRIX: dict[tuple[str, str], tuple[str, str, str, str, str]] = {
    # --- the desk ------------------------------------------------------------------------
    ("", "GET"): ("login", "forbidden", "ok", "ok", "ok"),
    ("", "POST"): ("not-allowed",) * 5,
    ("claims/", "GET"): ("login", "forbidden", "ok", "ok", "ok"),
    ("claims/", "POST"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/", "GET"): ("login", "forbidden", "ok", "ok", "ok"),
    ("claims/<int:claim_id>/", "POST"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/take/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/take/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/take/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/assign/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/assign/", "POST"): (
        "login", "forbidden", "forbidden", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/assign/", "HTMX"): (
        "login", "forbidden", "forbidden", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/verdict/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/verdict/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/verdict/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/review/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/review/", "POST"): (
        "login", "forbidden", "forbidden", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/review/", "HTMX"): (
        "login", "forbidden", "ok", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/reopen/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/reopen/", "POST"): (
        "login", "forbidden", "forbidden", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/reopen/", "HTMX"): (
        "login", "forbidden", "ok", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/not-checkable/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/not-checkable/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/not-checkable/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/evidence/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/evidence/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/evidence/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/reuse/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/reuse/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/reuse/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("claims/<int:claim_id>/matches/<int:match_id>/", "GET"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/matches/<int:match_id>/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("claims/<int:claim_id>/matches/<int:match_id>/", "HTMX"): (
        "login", "forbidden", "ok+write", "ok+write", "ok+write"),
    ("articles/<int:article_id>/", "GET"): ("login", "forbidden", "ok", "ok", "ok"),
    ("articles/<int:article_id>/", "POST"): ("not-allowed",) * 5,
    ("articles/<int:article_id>/promote/", "GET"): ("not-allowed",) * 5,
    ("articles/<int:article_id>/promote/", "POST"): (
        "login", "forbidden", "redirect+write", "redirect+write", "redirect+write"),
    ("articles/import/", "GET"): ("login", "forbidden", "forbidden", "ok", "ok"),
    ("articles/import/", "POST"): ("login", "forbidden", "forbidden", "ok+write", "ok+write"),
    # --- exports -------------------------------------------------------------------------
    ("export/verdicts.csv", "GET"): ("login", "forbidden", "forbidden", "ok", "ok"),
    ("export/verdicts.csv", "POST"): ("not-allowed",) * 5,
    ("export/claimreview.jsonl", "GET"): ("login", "forbidden", "forbidden", "ok", "ok"),
    ("export/claimreview.jsonl", "POST"): ("not-allowed",) * 5,
    ("claims/<int:claim_id>/claimreview.json", "GET"): ("login", "forbidden", "ok", "ok", "ok"),
    ("claims/<int:claim_id>/claimreview.json", "POST"): ("not-allowed",) * 5,
    # --- accounts ------------------------------------------------------------------------
    ("accounts/login/", "GET"): ("ok",) * 5,
    ("accounts/login/", "POST"): ("ok",) * 5,  # wrong password: the form again
    ("accounts/logout/", "GET"): ("not-allowed",) * 5,
    ("accounts/logout/", "POST"): ("login",) * 5,
    ("accounts/password_change/", "GET"): ("login", "ok", "ok", "ok", "ok"),
    ("accounts/password_change/", "POST"): ("login", "ok", "ok", "ok", "ok"),
    ("accounts/password_change/done/", "GET"): ("login", "ok", "ok", "ok", "ok"),
    ("accounts/password_change/done/", "POST"): ("login",) + ("not-allowed",) * 4,
    ("accounts/password_reset/", "GET"): ("ok",) * 5,
    ("accounts/password_reset/", "POST"): ("ok",) * 5,  # no address: the form again
    ("accounts/password_reset/done/", "GET"): ("ok",) * 5,
    ("accounts/password_reset/done/", "POST"): ("not-allowed",) * 5,
    ("accounts/reset/<uidb64>/<token>/", "GET"): ("ok",) * 5,  # "invalid link"
    ("accounts/reset/<uidb64>/<token>/", "POST"): ("ok",) * 5,
    ("accounts/reset/done/", "GET"): ("ok",) * 5,
    ("accounts/reset/done/", "POST"): ("not-allowed",) * 5,
}
# fmt: on

# The admin: only staff get in; what an editor may do there follows the
# Editors group's model permissions. Per model, what the editor may do:
# v(iew), a(dd), c(hange), d(elete); "" = nothing. Superusers may do all
# except where the admin itself refuses (ADMIN_NOBODY).
ADMIN_EDITOR_RIGHTS = {
    "auth.group": "",
    "auth.user": "",
    "axes.accessattempt": "",
    "axes.accesslog": "",
    "axes.accessfailurelog": "",
    "sources.outlet": "vac",
    "sources.article": "vac",
    "claims.claim": "vac",
    "claims.rating": "vac",
    "claims.verdict": "vac",
    "claims.claimmatch": "vc",
    "claims.cluster": "vc",
    "claims.namealias": "vacd",
    "claims.evidence": "vacd",
}
# Where the admin itself decides, for whoever has the rights: django-axes'
# logs are written by logins, never added by hand, and every field of theirs is
# read-only, so a change form saves nothing but the admin's log entry.
ADMIN_SPECIAL = {
    (model, view): answer
    for model in ("axes.accessattempt", "axes.accesslog", "axes.accessfailurelog")
    for view, answer in (
        ("add", "forbidden"),
        ("add-post", "forbidden"),
        ("change-post", "redirect+write"),
    )
}

# fmt: off
ADMIN_SITE: dict[tuple[str, str], tuple[str, str, str, str, str]] = {
    ("admin/", "GET"): ("admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/", "POST"): ("admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/login/", "GET"): ("ok", "ok", "ok", "redirect", "redirect"),
    ("admin/login/", "POST"): ("ok", "ok", "ok", "ok", "ok"),  # wrong password
    # Logging out needs no login; from the admin it leads to the desk's login page.
    ("admin/logout/", "GET"): ("redirect", "redirect", "redirect", "not-allowed", "not-allowed"),
    ("admin/logout/", "POST"): ("redirect", "redirect", "redirect", "login", "login"),
    ("admin/password_change/", "GET"): ("admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/password_change/", "POST"): ("admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/password_change/done/", "GET"): (
        "admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/password_change/done/", "POST"): (
        "admin-login", "admin-login", "admin-login", "not-allowed", "not-allowed"),
    # Without its parameters the autocomplete refuses everyone.
    ("admin/autocomplete/", "GET"): (
        "admin-login", "admin-login", "admin-login", "forbidden", "forbidden"),
    ("admin/autocomplete/", "POST"): (
        "admin-login", "admin-login", "admin-login", "not-allowed", "not-allowed"),
    ("admin/jsi18n/", "GET"): ("admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/jsi18n/", "POST"): (
        "admin-login", "admin-login", "admin-login", "not-allowed", "not-allowed"),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "GET"): (
        "admin-login", "admin-login", "admin-login", "redirect", "redirect"),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "POST"): (
        "admin-login", "admin-login", "admin-login", "redirect", "redirect"),
    # The claims app's index for the editor; auth's for the superuser only.
    ("admin/^(?P<app_label>auth|axes|sources|claims)/$", "GET"): (
        "admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/^(?P<app_label>auth|axes|sources|claims)/$", "POST"): (
        "admin-login", "admin-login", "admin-login", "ok", "ok"),
    ("admin/(?P<url>.*)$", "GET"): ("admin-login", "admin-login", "admin-login",
                                    "missing", "missing"),
    ("admin/(?P<url>.*)$", "POST"): ("admin-login", "admin-login", "admin-login",
                                     "missing", "missing"),
}
# fmt: on

ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")
# The model admin's views, by the rest of their route.
ADMIN_VIEWS = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/change/": "change",
    "<path:object_id>/": "redirect",
    "^([^/]+)/history/([^/]+)/$": "history-entry",
    "<id>/password/": "password",
}


def admin_model_outcome(model: str, view: str, method: str, role: str) -> str:
    """What the table above says a role gets from one model admin view."""
    if role in {"anonymous", "outsider", "reviewer"}:
        return "admin-login"
    rights = "vacd" if role == "superuser" else ADMIN_EDITOR_RIGHTS[model]
    can_view = "v" in rights or "c" in rights
    post = method != "GET"
    key = f"{view}-post" if post else view
    if (model, key) in ADMIN_SPECIAL and rights:
        return ADMIN_SPECIAL[(model, key)]
    if view == "redirect":
        return "redirect"
    if view == "password":
        # Setting another user's password is changing that user.
        return "ok" if "c" in rights else "forbidden"
    if view == "changelist":
        return "ok" if can_view else "forbidden"
    if view == "add":
        return "ok" if "a" in rights else "forbidden"
    if view in {"history", "history-entry"}:
        return "ok" if can_view else "forbidden"
    if view == "change":
        if post:
            return "ok" if "c" in rights else "forbidden"
        return "ok" if can_view else "forbidden"
    if view == "delete":
        return "ok" if "d" in rights else "forbidden"
    raise AssertionError(f"no rule for the admin view {view!r}")


# --- the project's URLs --------------------------------------------------------------


def project_routes() -> list[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver().url_patterns, ""))


def expected(route: str, method: str) -> tuple[str, ...] | None:
    """The row for a route and method, or None when the table has none."""
    if (route, method) in MATRIX:
        return MATRIX[(route, method)]
    if (route, "GET" if method == "HTMX" else method) in ADMIN_SITE and method != "HTMX":
        return ADMIN_SITE[(route, method)]
    found = ADMIN_MODEL_ROUTE.match(route)
    if found and method != "HTMX" and (route, "GET") not in ADMIN_SITE:
        model = f"{found['app']}.{found['model']}"
        view = ADMIN_VIEWS.get(found["rest"])
        if model in ADMIN_EDITOR_RIGHTS and view is not None:
            return tuple(admin_model_outcome(model, view, method, role) for role in ROLES)
    return None


def cases() -> list[tuple[str, str]]:
    """Every route with every method it has a row for (htmx only for the desk's actions)."""
    found = []
    for route in project_routes():
        for method in METHODS:
            if expected(route, method) is not None:
                found.append((route, method))
    return found


def test_every_url_of_the_project_has_a_row_in_the_matrix():
    routes = project_routes()
    assert len(routes) > 100  # the admin's too
    missing = [
        f"{route} {method}"
        for route in routes
        for method in ("GET", "POST")
        if expected(route, method) is None
    ]
    assert missing == [], "URLs without a row in the permission matrix:\n" + "\n".join(missing)
    # The desk's actions answer htmx differently (a 200 with the reason): each has an htmx row.
    without_htmx = [
        route
        for route in routes
        if route.startswith("claims/")
        and MATRIX.get((route, "POST"), ("not-allowed",))[0] != "not-allowed"
        and (route, "HTMX") not in MATRIX
    ]
    assert without_htmx == []
    # No stale rows either: every row names a URL that exists.
    stale = [key for key in MATRIX if key[0] not in routes]
    stale += [key for key in ADMIN_SITE if key[0] not in routes]
    assert stale == []


# --- the world each request meets -------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    admin_objects: dict[str, Any] = field(default_factory=dict)


def make_world() -> World:
    alice = reviewer("alice")
    users = {
        "anonymous": None,
        "outsider": UserFactory(username="olga"),
        "reviewer": alice,
        "editor": editor("erin"),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    claim = claim_in(ClaimStatus.APPROVED)
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1")
    cluster = Cluster.objects.create(first_claim=claim)
    objects = {
        "auth.group": Group.objects.get(name=REVIEWERS),
        "auth.user": alice,
        "axes.accessattempt": AccessAttempt.objects.first(),
        "axes.accesslog": AccessLog.objects.first(),
        "axes.accessfailurelog": AccessFailureLog.objects.first(),
        "sources.outlet": claim.article.outlet,
        "sources.article": claim.article,
        "claims.claim": claim,
        "claims.rating": Rating.objects.first(),
        "claims.verdict": claim.verdict,
        "claims.claimmatch": ClaimMatchFactory(),
        "claims.cluster": cluster,
        "claims.namealias": NameAlias.objects.create(variant="Pentagon", canonical="DoD"),
        "claims.evidence": claim.evidence.first(),
    }
    return World(users=users, admin_objects=objects)


def assignee_for(world: World, role: str) -> Any:
    """Work assigned to the requester, so the request tests the role (the
    assignee rule has its own tests); work of anonymous requests is alice's."""
    return world.users[role] or world.users["reviewer"]


def desk_scenario(route: str, world: World, role: str) -> tuple[str, dict[str, Any]]:
    """The URL and a valid form for one desk route, on objects made for this request."""
    me = assignee_for(world, role)
    if route in {"claims/<int:claim_id>/", "claims/<int:claim_id>/take/"}:
        claim = ClaimFactory()
        action = route.split("/")[2]
        return f"/claims/{claim.pk}/" + (f"{action}/" if action else ""), {"version": claim.version}
    if route == "claims/<int:claim_id>/assign/":
        claim = ClaimFactory()
        return f"/claims/{claim.pk}/assign/", {
            "version": claim.version,
            "assignee": world.users["reviewer"].pk,
        }
    if route == "claims/<int:claim_id>/verdict/":
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=me)
        return f"/claims/{claim.pk}/verdict/", {
            "version": 0,
            "rating": Rating.objects.get(label="True").pk,
            "rationale": "Satellite images show it.",
            "action": "draft",
        }
    if route == "claims/<int:claim_id>/review/":
        claim = claim_in(ClaimStatus.SUBMITTED, author=world.users["reviewer"])
        return f"/claims/{claim.pk}/review/", {
            "version": claim.verdict.version,
            "action": "approve",
        }
    if route == "claims/<int:claim_id>/reopen/":
        claim = claim_in(ClaimStatus.APPROVED)
        return f"/claims/{claim.pk}/reopen/", {"version": claim.version, "comment": "Recheck"}
    if route == "claims/<int:claim_id>/not-checkable/":
        claim = ClaimFactory()
        return f"/claims/{claim.pk}/not-checkable/", {
            "version": claim.version,
            "reason": "An opinion.",
        }
    if route == "claims/<int:claim_id>/evidence/":
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=me)
        return f"/claims/{claim.pk}/evidence/", {
            "url": "https://evidence.example/report",
            "stance": "supports",
            "title": "Report",
            "quoted_passage": "",
        }
    if route == "claims/<int:claim_id>/reuse/":
        claim = claim_in(ClaimStatus.IN_REVIEW, assignee=me)
        source = claim_in(ClaimStatus.APPROVED, author=world.users["reviewer"])
        match_between(claim, source, relation="same")
        return f"/claims/{claim.pk}/reuse/", {"version": 0, "source": source.pk}
    if route == "claims/<int:claim_id>/matches/<int:match_id>/":
        claim, other = ClaimFactory(), ClaimFactory()
        match = match_between(claim, other)
        return f"/claims/{claim.pk}/matches/{match.pk}/", {
            "version": match.version,
            "decision": "confirm",
        }
    if route == "claims/<int:claim_id>/claimreview.json":
        claim = claim_in(ClaimStatus.APPROVED, author=world.users["reviewer"])
        return f"/claims/{claim.pk}/claimreview.json", {}
    if route in {"articles/<int:article_id>/", "articles/<int:article_id>/promote/"}:
        article = ArticleFactory()
        sentence = services.promotable_sentences(article)[0]
        suffix = route.split("/", 2)[2]
        return f"/articles/{article.pk}/{suffix}", {"start": sentence.start, "end": sentence.end}
    if route == "articles/import/":
        return "/articles/import/", {
            "text": "# Strike on the base\n\nThe strike hit 12 buildings on 8 January 2020.\n",
            "new_outlet": f"Matrix outlet {role}",
        }
    if route == "accounts/login/" or route == "admin/login/":
        return "/" + route, {"username": "alice", "password": "wrong"}
    if route == "accounts/reset/<uidb64>/<token>/":
        return "/accounts/reset/MQ/no-such-token/", {}
    if route == "admin/r/<path:content_type_id>/<path:object_id>/":
        claim = world.admin_objects["claims.claim"]
        return f"/admin/r/{ContentType.objects.get_for_model(Claim).pk}/{claim.pk}/", {}
    if route == "admin/^(?P<app_label>auth|axes|sources|claims)/$":
        return "/admin/claims/", {}
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/", {}
    found = ADMIN_MODEL_ROUTE.match(route)
    if found and f"{found['app']}.{found['model']}" in world.admin_objects:
        obj = world.admin_objects[f"{found['app']}.{found['model']}"]
        rest = found["rest"]
        if rest == "^([^/]+)/history/([^/]+)/$":
            entry = obj.history.order_by("history_id").first()
            rest = f"{obj.pk}/history/{entry.history_id}/"
        rest = rest.replace("<path:object_id>", str(obj.pk)).replace("<id>", str(obj.pk))
        return f"/admin/{found['app']}/{found['model']}/{rest}", {}
    assert "<" not in route and "^" not in route, f"no scenario for {route}"
    return "/" + route, {}


def fingerprint() -> list[tuple[str, int, int]]:
    """Rows and versions of everything the desk and the admin write (history included)."""
    models = [
        *apps.get_app_config("claims").get_models(),
        *apps.get_app_config("sources").get_models(),
        LogEntry,
        Group,
    ]
    found = []
    for model in models:
        fields = {f.name for f in model._meta.concrete_fields}
        aggregate = {"n": Count("pk")}
        if "version" in fields:
            aggregate["v"] = Sum("version")
        row = model.objects.aggregate(**aggregate)
        found.append((model._meta.label, row["n"], row.get("v") or 0))
    return found


def outcome(response: Any) -> str:
    if response.status_code in {301, 302}:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
        return "redirect"
    return {
        200: "ok",
        400: "bad",
        403: "forbidden",
        404: "missing",
        405: "not-allowed",
        409: "conflict",
    }.get(response.status_code, str(response.status_code))


def request(world: World, role: str, route: str, method: str) -> str:
    url, data = desk_scenario(route, world, role)
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if method == "GET":
        return outcome(client.get(url, data if route.startswith("accounts/reset") else None))
    before = fingerprint()
    headers = {"HX-Request": "true"} if method == "HTMX" else {}
    response = client.post(url, data, headers=headers)
    wrote = fingerprint() != before
    return outcome(response) + ("+write" if wrote else "")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_matrix_allows_on_every_url(role, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = make_world()
    index = ROLES.index(role)
    wrong = []
    observed = []
    for route, method in cases():
        got = request(world, role, route, method)
        want = expected(route, method)[index]
        observed.append((route, method, got))
        if got != want:
            wrong.append(f"{method:5} {route}: expected {want}, got {got}")
    if os.environ.get("MATRIX_PRINT"):
        for route, method, got in observed:
            print(f"{role:10} {method:5} {route:60} {got}")
    assert wrong == [], f"{role}: " + "; ".join(wrong)


def test_a_refused_htmx_action_writes_nothing_and_says_why(client, alice):
    """The htmx answer to a refusal is a 200 that htmx swaps in: it must carry
    the reason, and nothing may have been written."""
    claim = claim_in(ClaimStatus.SUBMITTED, author=alice)
    verdict = claim.verdict
    client.force_login(alice)
    response = client.post(
        f"/claims/{claim.pk}/review/",
        {"version": verdict.version, "action": "approve"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "does not allow you to approve" in response.content.decode()
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert (claim.status, verdict.state, verdict.approved_by_id) == ("submitted", "submitted", None)


def test_an_editor_cannot_approve_their_own_verdict_through_the_admin(client, erin):
    claim = claim_in(ClaimStatus.SUBMITTED, assignee=erin)
    verdict = claim.verdict
    client.force_login(erin)
    page = client.get(f"/admin/claims/verdict/{verdict.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "state" not in form.fields
    assert "approved_by" not in form.fields
