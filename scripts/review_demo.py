"""Drive the whole review in headless Chromium against a running workbench.

Meant for the server `make run` starts, with the demo accounts it prints:

    .venv/bin/python scripts/review_demo.py --base-url http://127.0.0.1:8000

A reviewer filters the queue to claims with duplicates, takes one, confirms its
suggested duplicate, adds evidence and submits a verdict; the editor returns it
with a comment; the reviewer revises and resubmits; the editor approves; the
history is checked, a screenshot of the claim page is saved, and
`manage.py export_claims` must show the claim approved with its rating.
Uses Debian's Chromium (/usr/bin/chromium); it never downloads a browser.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/claims/|/$"))


def desk_says(page: Page, text: str) -> None:
    page.locator("#desk").get_by_text(text).first.wait_for()


def step(message: str) -> None:
    print(f"- {message}", flush=True)


def run(args: argparse.Namespace) -> int:
    base = args.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(20_000)

        log_in(page, base, args.reviewer, args.password)
        step(f"{args.reviewer} logged in")
        page.goto(f"{base}/claims/?duplicates=1&status=new")
        row = page.locator("#results tbody tr[id^=claim-row-]").first
        row_id = row.get_attribute("id") or ""
        claim_id = int(row_id.removeprefix("claim-row-"))
        step(f"queue filtered to new claims with duplicates; taking claim {claim_id}")
        row.get_by_role("button", name="Take", exact=True).click()
        expect(page.locator(f"#claim-row-{claim_id}")).to_contain_text("In review")
        page.locator(f"#claim-row-{claim_id}").get_by_role("link").first.click()
        page.wait_for_url(f"**/claims/{claim_id}/")

        page.get_by_role("button", name=re.compile(r"^Confirm match")).first.click()
        desk_says(page, "Match confirmed.")
        step("suggested duplicate confirmed")
        page.get_by_label("URL", exact=True).fill("https://www.defense.gov/News/Releases/")
        page.get_by_label("Title", exact=True).fill("Statement by the Department of Defense")
        page.get_by_label("Quoted passage", exact=True).fill("Iran launched ballistic missiles")
        page.get_by_label("Stance", exact=True).select_option("context")
        page.get_by_role("button", name="Add evidence", exact=True).click()
        desk_says(page, "Evidence added.")
        step("evidence added")
        page.get_by_label("Rating", exact=True).select_option(label="Mostly true")
        page.get_by_label("Rationale", exact=True).fill("First reading of the sources.")
        page.get_by_role("button", name="Submit verdict", exact=True).click()
        desk_says(page, "Verdict submitted for approval.")
        step("verdict submitted")

        log_in(page, base, args.editor, args.password)
        page.goto(f"{base}/claims/{claim_id}/")
        page.get_by_label("Comment", exact=True).fill("Cite the primary source, please.")
        page.get_by_role("button", name="Return", exact=True).click()
        desk_says(page, "Verdict returned to the reviewer.")
        step(f"{args.editor} returned it with a comment")

        log_in(page, base, args.reviewer, args.password)
        page.goto(f"{base}/claims/{claim_id}/")
        page.get_by_label("Rationale", exact=True).fill("Revised: the primary source confirms it.")
        page.get_by_role("button", name="Submit verdict", exact=True).click()
        desk_says(page, "Verdict submitted for approval.")
        step("reviewer revised and resubmitted")

        log_in(page, base, args.editor, args.password)
        page.goto(f"{base}/claims/{claim_id}/")
        page.get_by_role("button", name="Approve", exact=True).click()
        desk_says(page, "Verdict approved.")
        expect(page.locator("#claim-status")).to_have_text("Approved")
        step("editor approved")
        history = page.locator("ol.history")
        for line in [
            "took the claim",
            "confirmed same claim match",
            "added evidence",
            "returned verdict",
            "approved verdict",
        ]:
            expect(history).to_contain_text(line)
        step("history shows every step")
        shot = Path(tempfile.mkdtemp(prefix="workbench-demo-")) / f"claim-{claim_id}.png"
        page.screenshot(path=str(shot), full_page=True)
        step(f"screenshot: {shot}")
        browser.close()

    exported = subprocess.run(
        [sys.executable, "manage.py", "export_claims", "--format", "jsonl"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    record = next(r for r in map(json.loads, exported.splitlines()) if r["id"] == claim_id)
    print(f"export_claims: claim {claim_id} status={record['status']} verdict={record['verdict']}")
    return 0 if record["status"] == "approved" and record["verdict"] == "Mostly true" else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base-url", default="http://127.0.0.1:8000", help="The running workbench."
    )
    parser.add_argument(
        "--reviewer", default="reviewer", help="Reviewer account (default: reviewer)."
    )
    parser.add_argument("--editor", default="editor", help="Editor account (default: editor).")
    parser.add_argument("--password", default="workbench-demo", help="Password of both accounts.")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable.")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
