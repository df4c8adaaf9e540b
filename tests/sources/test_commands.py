import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim
from sources.models import Article

pytestmark = pytest.mark.django_db

TEXT = "Troops left\n\nThe last 2,500 troops left the country on 3 March 2021, the ministry said.\n"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_articles_prints_a_line_per_article_and_a_summary(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out, _ = run("import_articles", str(tmp_path / "a.txt"), "--outlet", "Wire")
    assert "imported  a.txt: Troops left" in out
    assert "1 article(s) imported, 0 skipped, 0 file(s) failed" in out


def test_import_articles_reports_a_second_import_as_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    run("import_articles", str(tmp_path))
    out, _ = run("import_articles", str(tmp_path))
    assert "skipped   a.txt" in out
    assert Article.objects.count() == 1


def test_import_articles_refuses_a_missing_path_naming_it(tmp_path):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(CommandError, match="nowhere.txt: no such file or folder"):
        run("import_articles", str(missing))
    assert Article.objects.count() == 0


def test_import_articles_refuses_a_folder_without_article_files(tmp_path):
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n")
    with pytest.raises(CommandError, match="no article files in this folder"):
        run("import_articles", str(tmp_path))
    assert Article.objects.count() == 0


def test_import_articles_refuses_a_binary_file_and_stores_nothing(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    with pytest.raises(CommandError, match="blob.txt"):
        run("import_articles", str(binary))
    assert Article.objects.count() == 0
    assert Claim.objects.count() == 0


def test_import_articles_imports_the_good_files_and_fails_on_the_bad_one(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    with pytest.raises(CommandError, match="1 file\\(s\\) could not be imported"):
        run("import_articles", str(tmp_path))
    assert Article.objects.count() == 1


def test_import_articles_refuses_a_url_that_is_not_http(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="not an http"):
        run("import_articles", str(tmp_path / "a.txt"), "--url", "javascript:alert(1)")


def test_load_seeds_imports_all_five_seed_files_and_is_safe_to_run_again():
    out, _ = run("load_seeds")
    assert "seeds loaded" in out
    origins = set(Article.objects.values_list("origin", flat=True))
    assert len(origins) == 5
    claim_origins = set(Claim.objects.values_list("article__origin", flat=True))
    assert len(claim_origins) == 5
    counts = (Article.objects.count(), Claim.objects.count())
    run("load_seeds")
    assert (Article.objects.count(), Claim.objects.count()) == counts


def test_load_seeds_uses_the_manifest_for_outlets_and_dates():
    run("load_seeds")
    article = Article.objects.get(origin="001_8089d15fc60e32ee.txt")
    assert article.outlet.name == "Global Research"
    assert article.published.isoformat() == "2020-01-07"


def test_load_seeds_refuses_a_folder_without_manifest(tmp_path):
    with pytest.raises(CommandError, match="no manifest"):
        run("load_seeds", "--folder", str(tmp_path))


def test_export_claims_jsonl_emits_claims_whose_text_is_their_article_span():
    run("load_seeds")
    out, _ = run("export_claims", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == Claim.objects.count() > 0
    texts = dict(Article.objects.values_list("pk", "text"))
    for record in records:
        assert texts[record["article_id"]][record["start"] : record["end"]] == record["text"]
    assert set(records[0]) == {
        "id",
        "article_id",
        "article_title",
        "outlet",
        "text",
        "start",
        "end",
        "kind",
        "checkworthiness",
        "status",
        "quantities",
        "cluster",
        "matches",
        "verdict",
    }


def test_export_claims_writes_csv_to_a_file(tmp_path):
    run("load_seeds")
    target = tmp_path / "claims.csv"
    run("export_claims", "--format", "csv", "--output", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,article_id,article_title,outlet,text,start,end,kind")


def test_export_claims_refuses_an_output_in_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("export_claims", "--output", str(tmp_path / "missing" / "x.jsonl"))


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        ("import_articles", ["PATH", "--outlet", "--url"]),
        ("export_claims", ["--format", "--output"]),
        ("load_seeds", ["--folder"]),
        ("create_demo_accounts", ["--password"]),
    ],
)
def test_every_command_documents_every_argument(command, arguments, capsys):
    with pytest.raises(SystemExit):
        call_command(command, "--help")
    help_text = capsys.readouterr().out
    for argument in arguments:
        assert argument in help_text


def test_create_demo_accounts_prints_both_accounts():
    out, _ = run("create_demo_accounts")
    assert "reviewer account: reviewer / workbench-demo" in out
    assert "editor account: editor / workbench-demo" in out
