"""The whole review, driven in headless Chromium against a live server."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import ClaimStatus, VerdictState
from tests.browser.conftest import restore_desk_data
from tests.claims.factories_workflow import match_between
from tests.factories import PASSWORD, ArticleFactory, ClaimFactory, OutletFactory, editor, reviewer

# The live server reads what the test writes, so each test commits (and the
# database is flushed after it).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

CLAIM_TEXT = "Iran fired 15 ballistic missiles at two bases in Iraq on 8 January 2020."
ARTICLE_TEXT = (
    f"{CLAIM_TEXT} The Pentagon confirmed the attack on Wednesday. "
    "He said nobody was killed in the strikes."
)


@pytest.fixture
def desk():
    restore_desk_data()
    alice, erin = reviewer("alice"), editor("erin")
    wire = OutletFactory(name="Desk Wire")
    article = ArticleFactory(outlet=wire, text=ARTICLE_TEXT, title="Missiles hit bases")
    claim = ClaimFactory(article=article, end=len(CLAIM_TEXT), checkworthiness=0.9)
    copy_text = f"{CLAIM_TEXT[:-1]}, officials said."
    elsewhere = ClaimFactory(
        article=ArticleFactory(outlet=OutletFactory(name="Other Post"), text=copy_text),
        end=len(copy_text),
    )
    match = match_between(claim, elsewhere, relation="same", score=93.0)
    ClaimFactory.create_batch(3)  # other outlets' claims the filter must hide
    return {"alice": alice, "erin": erin, "claim": claim, "match": match, "outlet": wire}


def _log_in(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/claims/"))


def _desk_says(page, text: str) -> None:
    page.locator("#desk").get_by_text(text).first.wait_for()


def test_a_claim_goes_from_the_queue_to_an_approved_verdict(browser, live_server, desk):
    from playwright.sync_api import expect

    claim = desk["claim"]
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    # The reviewer filters the queue to one outlet and takes the claim in place.
    _log_in(page, base, "alice")
    page.get_by_label("Outlet").select_option(label="Desk Wire")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    row = page.locator(f"#claim-row-{claim.pk}")
    expect(row).to_contain_text(CLAIM_TEXT[:40])
    assert "outlet=" in page.url  # htmx pushed the filtered URL
    row.get_by_role("button", name="Take", exact=True).click()
    expect(page.locator(f"#claim-row-{claim.pk}")).to_contain_text("In review")

    # Opens it, confirms the suggested duplicate, adds evidence, submits.
    page.locator(f"#claim-row-{claim.pk}").get_by_role("link").first.click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    expect(page.locator(f"mark#claim-{claim.pk}")).to_have_text(CLAIM_TEXT)
    page.get_by_role("button", name=re.compile(r"^Confirm match")).click()
    _desk_says(page, "Match confirmed.")
    page.get_by_label("URL", exact=True).fill(
        "https://www.defense.gov/News/Releases/Release/Article/2052103/"
    )
    page.get_by_label("Title", exact=True).fill(
        "Statement by the Assistant to the Secretary of Defense"
    )
    page.get_by_label("Quoted passage", exact=True).fill(
        "Iran launched more than a dozen ballistic missiles"
    )
    page.get_by_label("Stance", exact=True).select_option("supports")
    page.get_by_role("button", name="Add evidence", exact=True).click()
    _desk_says(page, "Evidence added.")
    page.get_by_label("Rating", exact=True).select_option(label="Mostly true")
    page.get_by_label("Rationale", exact=True).fill("The Pentagon confirms the attack.")
    page.get_by_role("button", name="Submit verdict", exact=True).click()
    _desk_says(page, "Verdict submitted for approval.")
    expect(page.locator("#claim-status")).to_have_text("Verdict submitted")

    # The editor returns it with a comment.
    _log_in(page, base, "erin")
    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_label("Comment", exact=True).fill("Say how many missiles the Pentagon counted.")
    page.get_by_role("button", name="Return", exact=True).click()
    _desk_says(page, "Verdict returned to the reviewer.")
    expect(page.locator("#claim-status")).to_have_text("In review")

    # The reviewer sees the comment on her home page, revises and resubmits.
    _log_in(page, base, "alice")
    page.goto(f"{base}/")
    expect(page.get_by_text("Say how many missiles the Pentagon counted.")).to_be_visible()
    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_label("Rationale", exact=True).fill(
        "The Pentagon confirms the attack but counts 'more than a dozen' missiles, not 15."
    )
    page.get_by_role("button", name="Submit verdict", exact=True).click()
    _desk_says(page, "Verdict submitted for approval.")

    # The editor approves.
    _log_in(page, base, "erin")
    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_role("button", name="Approve", exact=True).click()
    _desk_says(page, "Verdict approved.")
    expect(page.locator("#claim-status")).to_have_text("Approved")

    # The history shows all of it, with who did what.
    history = page.locator("ol.history")
    for line in [
        "alice took the claim",
        "alice confirmed same claim match",
        "alice added evidence",
        "alice submitted verdict",
        "erin returned verdict",
        "erin approved verdict",
    ]:
        expect(history).to_contain_text(line)
    assert history.get_by_text("submitted verdict").count() >= 4  # claim and verdict, twice

    folder = Path(tempfile.mkdtemp(prefix="workbench-screens-"))
    shot = folder / f"claim-{claim.pk}-approved.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nscreenshot of the claim page: {shot}")
    assert shot.stat().st_size > 10_000
    context.close()

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.verdict.state == VerdictState.APPROVED
    assert claim.verdict.approved_by == desk["erin"]
    exported = io.StringIO()
    call_command("export_claims", stdout=exported)
    records = {r["id"]: r for r in map(json.loads, exported.getvalue().splitlines())}
    assert records[claim.pk]["status"] == "approved"
    assert "Mostly true" in json.dumps(records[claim.pk]["verdict"])


def test_the_review_works_without_javascript(browser, live_server, desk):
    from playwright.sync_api import expect

    claim = desk["claim"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, live_server.url, "alice")
    page.get_by_label("Search").fill("ballistic missiles")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(f"#claim-row-{claim.pk}")).to_be_visible()
    page.locator(f"#claim-row-{claim.pk}").get_by_role("button", name="Take", exact=True).click()
    expect(page.locator(f"#claim-row-{claim.pk}")).to_contain_text("In review")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.get_by_label("URL", exact=True).fill("https://example.org/report")
    page.get_by_label("Stance", exact=True).select_option("context")
    page.get_by_role("button", name="Add evidence", exact=True).click()
    expect(page.get_by_text("Evidence added.")).to_be_visible()
    page.get_by_label("Rating", exact=True).select_option(label="True")
    page.get_by_label("Rationale", exact=True).fill("Confirmed.")
    page.get_by_role("button", name="Submit verdict", exact=True).click()
    expect(page.locator("#claim-status")).to_have_text("Verdict submitted")
    context.close()


def test_a_stale_tab_cannot_overwrite_a_newer_verdict(browser, live_server, desk):
    from playwright.sync_api import expect

    from claims.models import Verdict

    claim = desk["claim"]
    claim.status, claim.assignee = ClaimStatus.IN_REVIEW, desk["alice"]
    claim.save()
    context = browser.new_context()
    first = context.new_page()
    first.set_default_timeout(15_000)
    _log_in(first, live_server.url, "alice")
    url = f"{live_server.url}/claims/{claim.pk}/"
    first.goto(url)
    second = context.new_page()
    second.set_default_timeout(15_000)
    second.goto(url)  # both tabs now hold the same (empty) verdict

    first.get_by_label("Rationale", exact=True).fill("Written in the first tab.")
    first.get_by_role("button", name="Save draft", exact=True).click()
    _desk_says(first, "Draft saved.")
    second.get_by_label("Rationale", exact=True).fill("Written in the stale second tab.")
    second.get_by_role("button", name="Save draft", exact=True).click()

    _desk_says(second, "changed by someone else")
    expect(second.get_by_label("Rationale", exact=True)).to_have_value("Written in the first tab.")
    expect(second.locator(".unsaved")).to_contain_text("Written in the stale second tab.")
    assert Verdict.objects.get(claim=claim).rationale == "Written in the first tab."
    context.close()
