"""The four ways to get the verdict CSV — queue link, /export/verdicts.csv,
admin action, manage.py export_verdicts — and who may use them."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import Context, Template

from claims.management.commands.export_verdicts import Command
from tests.claims.factories_export import approved_verdict, claim_in, submitted_verdict
from tests.factories import VerdictFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desk(erin):
    """Verdicts in two outlets and every state, with text a spreadsheet could trip on."""
    approver = erin
    verdicts = [
        approved_verdict(
            claim_in("Press TV"), approver=approver, rationale='Says "15, not 22",\nقال'
        ),
        approved_verdict(
            claim_in("Al Jazeera", text="=HYPERLINK(1)"),
            approver=approver,
            approved_at=datetime(2026, 5, 1, tzinfo=UTC),
        ),
        submitted_verdict(claim_in("Al Jazeera")),
        VerdictFactory(claim=claim_in("Press TV"), state="draft"),
    ]
    return verdicts


def command_bytes(tmp_path, *args) -> bytes:
    target = tmp_path / "out.csv"
    call_command("export_verdicts", *args, "--output", str(target), stderr=io.StringIO())
    return target.read_bytes()


def download(client, query="") -> bytes:
    response = client.get(f"/export/verdicts.csv{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_an_editor_downloads_the_csv(erin_client, desk):
    data = download(erin_client)
    lines = data.decode("utf-8").splitlines()
    assert lines[0].startswith("claim_id,claim_text,claim_kind,quantities,")
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))) == 3


def test_a_reviewer_without_the_export_permission_gets_403(alice_client, desk):
    assert alice_client.get("/export/verdicts.csv").status_code == 403
    assert alice_client.get("/export/claimreview.jsonl").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, desk):
    response = client.get("/export/verdicts.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_bad_state_or_date_is_a_400_that_says_what_is_wrong(erin_client):
    response = erin_client.get("/export/verdicts.csv?state=published")
    assert response.status_code == 400
    assert b"state must be one of approved, submitted, all" in response.content
    response = erin_client.get("/export/verdicts.csv?since=yesterday")
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content


@pytest.mark.parametrize(
    ("query", "arguments"),
    [
        ("", []),
        ("?state=all", ["--state", "all"]),
        ("?state=submitted", ["--state", "submitted"]),
        ("?since=2026-04-01", ["--since", "2026-04-01"]),
        ("?state=all&excel=1", ["--state", "all", "--excel"]),
    ],
)
def test_the_command_and_the_download_are_byte_identical(
    erin_client, desk, tmp_path, query, arguments
):
    web = download(erin_client, query)
    assert web.count(b"\r\n") >= 2  # the header and at least one row
    assert command_bytes(tmp_path, *arguments) == web


def test_the_outlet_filter_by_name_matches_the_queue_filter_by_id(erin_client, desk, tmp_path):
    outlet = desk[1].claim.article.outlet
    web = download(erin_client, f"?outlet={outlet.pk}&state=all")
    from_command = command_bytes(tmp_path, "--outlet", "al jazeera", "--state", "all")
    assert from_command == web
    rows = list(csv.DictReader(io.StringIO(web.decode("utf-8"), newline="")))
    assert {row["outlet"] for row in rows} == {"Al Jazeera"}
    assert len(rows) == 2


def test_the_command_writes_to_standard_output(desk, tmp_path):
    out = io.StringIO()
    call_command("export_verdicts", stdout=out)
    assert out.getvalue().encode("utf-8") == command_bytes(tmp_path)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "1 May"], "--since: since must be a date as YYYY-MM-DD"),
        (["--since", "2026-02-30"], "--since"),
        (["--outlet", "Nowhere News"], "no such outlet"),
        (["--output", "/no/such/folder/out.csv"], "does not exist"),
        (["--format", "claimreview", "--excel"], "--excel applies to --format csv only"),
    ],
)
def test_the_command_refuses_bad_input_with_a_message(desk, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_verdicts", *arguments)


def test_the_command_refuses_an_unknown_state(desk):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_verdicts", "--state", "published")


def test_every_argument_of_the_command_has_help():
    parser = Command().create_parser("manage.py", "export_verdicts")
    ours = {"--state", "--since", "--outlet", "--output", "--format", "--excel", "--base-url"}
    actions = {option: action for action in parser._actions for option in action.option_strings}
    assert ours <= actions.keys()
    for option in ours:
        assert actions[option].help, option
    assert "approved (default)" in parser.format_help()


def test_the_admin_action_exports_the_ticked_verdicts(erin_client, desk):
    ticked = [desk[0], desk[3]]
    response = erin_client.post(
        "/admin/claims/verdict/",
        {"action": "export_selected_verdicts", "_selected_action": [v.pk for v in ticked]},
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [row["claim_id"] for row in rows] == [str(v.claim_id) for v in ticked]


def test_the_admin_action_on_claims_exports_their_verdicts(erin_client, desk, tmp_path):
    response = erin_client.post(
        "/admin/claims/claim/",
        {
            "action": "export_selected_verdicts",
            "_selected_action": [v.claim_id for v in desk],
        },
    )
    assert b"".join(response.streaming_content) == command_bytes(tmp_path, "--state", "all")


def test_the_admin_action_is_offered_only_with_the_export_permission(client, desk):
    staff = editor("sam")
    staff.groups.clear()
    staff.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename__in=["view_verdict", "change_verdict"])
    )
    client.force_login(staff)
    page = client.get("/admin/claims/verdict/")
    assert page.status_code == 200
    assert b"export_selected_verdicts" not in page.content


def test_the_queue_link_carries_the_current_filters(erin):
    html = Template('{% include "claims/_export_link.html" %}').render(
        Context({"query": "outlet=3&status=approved", "perms": PermWrapper(erin)})
    )
    assert 'href="/export/verdicts.csv?outlet=3&amp;status=approved&amp;state=all"' in html


def test_the_queue_link_is_hidden_without_the_export_permission(alice):
    html = Template('{% include "claims/_export_link.html" %}').render(
        Context({"query": "", "perms": PermWrapper(alice)})
    )
    assert "/export/" not in html


def test_the_admin_action_is_offered_to_editors(erin_client, desk):
    for page in ["/admin/claims/verdict/", "/admin/claims/claim/"]:
        content = erin_client.get(page).content
        assert b'value="export_selected_verdicts"' in content
        assert b"Export selected verdicts as CSV" in content
