"""claims.synonyms without a database: the table built from WordNet's files,
and the table that ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import synonyms
from claims.synonyms import Synonyms, build

WORDNET = Path("/usr/share/wordnet")


def _index_line(lemma: str, pos: str, offsets: list[str]) -> str:
    # lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets
    return f"{lemma} {pos} {len(offsets)} 1 @ {len(offsets)} 0 {' '.join(offsets)}  \n"


def _data_lines(
    synsets: list[tuple[str, list[str], list[tuple[str, int, int]]]],
) -> tuple[str, dict[str, str]]:
    """A data file of adjective synsets (name, words, antonym pointers as
    (target name, source word number, target word number)), and each
    synset's offset: its byte position in the file, as in WordNet."""
    text = "  1 This is a licence line, as in WordNet's own files.\n"
    offsets: dict[str, str] = {}
    for name, words, pointers in synsets:
        offsets[name] = f"{len(text):08d}"
        # Every field but the offsets has its final width already.
        text += _data_line("00000000", words, [("00000000", *p[1:]) for p in pointers])
    lines = text.splitlines(keepends=True)[:1]
    for name, words, pointers in synsets:
        targets = [(offsets[target], source, goal) for target, source, goal in pointers]
        lines.append(_data_line(offsets[name], words, targets))
    return "".join(lines), offsets


def _data_line(offset: str, words: list[str], pointers: list[tuple[str, int, int]]) -> str:
    written = " ".join(f"{word} 0" for word in words)
    pointed = " ".join(f"! {target} a {source:02x}{goal:02x}" for target, source, goal in pointers)
    return f"{offset} 00 a {len(words):02x} {written} {len(pointers):03d} {pointed} | a gloss\n"


@pytest.fixture
def dict_dir(tmp_path: Path) -> Path:
    """A WordNet database of a few words: index files list a word's senses,
    most frequent first; cntlist.rev counts how often each sense was seen;
    data files hold the synsets and the opposites WordNet points to."""
    adjectives, at = _data_lines(
        [
            ("large", ["large", "big"], [("small", 1, 1)]),
            ("small", ["small", "little"], [("large", 1, 1)]),
            ("high", ["high"], [("low", 1, 1)]),
            ("low", ["low"], [("high", 1, 1)]),
        ]
    )
    (tmp_path / "data.adj").write_text(adjectives, encoding="latin-1")
    for name in ("noun", "verb", "adv"):
        (tmp_path / f"data.{name}").write_text("  1 A licence line.\n", encoding="latin-1")
    index = {
        "noun": [
            ("father", "n", ["10000001"]),
            ("mother", "n", ["10000002"]),
            ("address", "n", ["10000010", "10000011", "10000012"]),
            ("speech", "n", ["10000012", "10000013"]),
            ("chairman", "n", ["10000020"]),
            ("president", "n", ["10000021", "10000022", "10000023", "10000020"]),
        ],
        "verb": [
            ("father", "v", ["20000001"]),
            ("mother", "v", ["20000002", "20000001"]),
            ("address", "v", ["20000010"]),
            ("kidnap", "v", ["20000030"]),
            ("abduct", "v", ["20000030", "20000031"]),
            ("strike", "v", ["20000040"]),
            ("hit", "v", ["20000040"]),
        ],
        "adj": [
            ("large", "a", [at["large"]]),
            ("big", "a", [at["large"]]),
            ("small", "a", [at["small"]]),
            ("little", "a", [at["small"]]),
            ("high", "a", [at["high"]]),
            # "low" as the opposite of "high" is its fourth sense.
            ("low", "a", ["30000001", "30000002", "30000003", at["low"]]),
        ],
        "adv": [],
    }
    for name, entries in index.items():
        (tmp_path / f"index.{name}").write_text(
            "  1 This is a licence line, as in WordNet's own files.\n"
            + "".join(_index_line(*entry) for entry in entries),
            encoding="latin-1",
        )
    (tmp_path / "cntlist.rev").write_text(
        "father%1:18:00:: 1 80\nfather%2:29:00:: 1 2\n"
        "mother%1:18:00:: 1 100\nmother%2:29:00:: 2 2\n"
        "address%1:10:00:: 1 30\naddress%2:32:00:: 1 31\n",
        encoding="latin-1",
    )
    for name in ("noun", "adj", "adv"):
        (tmp_path / f"{name}.exc").write_text("", encoding="latin-1")
    (tmp_path / "verb.exc").write_text(
        "kidnapped kidnap\nstruck strike\nsaw see\n", encoding="latin-1"
    )
    return tmp_path


def test_words_sharing_a_common_sense_are_alike_in_any_form(dict_dir):
    table = Synonyms(build(dict_dir).splitlines())
    assert table.alike("kidnapped", "abducted")
    assert table.alike("abducts", "kidnap")
    assert table.alike("struck", "hit")
    # A word is no synonym of itself: nothing was put for it.
    assert not table.alike("strike", "strike")


def test_only_a_words_most_frequent_senses_count(dict_dir):
    # "address" and "speech" share the third sense of "address".
    assert Synonyms(build(dict_dir, common_senses=3).splitlines()).alike("address", "speech")
    assert not Synonyms(build(dict_dir, common_senses=2).splitlines()).alike("address", "speech")
    # "chairman" is only the fourth sense of "president".
    assert not Synonyms(build(dict_dir).splitlines()).alike("president", "chairman")


def test_a_part_of_speech_a_word_seldom_has_does_not_count(dict_dir):
    table = Synonyms(build(dict_dir).splitlines())
    # "to father" and "to mother" share a sense ("to sire"), but as nouns,
    # as news copy has them, they are other people.
    assert not table.alike("father", "mother")
    # "address" is a verb about as often as a noun: its noun senses count.
    assert table.alike("address", "speech")


def test_opposites_in_a_common_sense_of_both_words_are_opposed_in_any_form(dict_dir):
    table = Synonyms(build(dict_dir).splitlines())
    assert table.opposed("larger", "smaller")
    assert table.opposed("small", "large")
    # WordNet's opposites are of words, not of their synonyms.
    assert not table.opposed("big", "small")
    assert not table.opposed("large", "big")
    # "low" is the opposite of "high" only in its fourth sense.
    assert not table.opposed("high", "low")


def test_the_table_keeps_irregular_forms_only_of_its_own_words(dict_dir):
    text = build(dict_dir)
    assert "= struck strike" in text
    assert "= saw see" not in text
    assert text.startswith("# Built from Princeton WordNet 3.0")


def test_the_shipped_table_knows_what_a_desk_puts_for_a_word_and_not_other_things():
    assert synonyms.alike("speech", "address")
    assert synonyms.alike("kidnapped", "abducted")
    assert synonyms.alike("unveiled", "revealed")
    assert synonyms.alike("quit", "resigned")
    for x, y in [
        ("finance", "foreign"),
        ("rose", "fell"),
        ("president", "chairman"),
        ("father", "mother"),
        ("approved", "rejected"),
        ("final", "semifinal"),
        ("missile", "jet"),
    ]:
        assert not synonyms.alike(x, y), (x, y)
    assert synonyms.opposed("larger", "smaller")
    assert synonyms.opposed("stronger", "weaker")
    assert synonyms.opposed("public", "private")
    assert not synonyms.opposed("larger", "bigger")


@pytest.mark.skipif(not (WORDNET / "index.noun").exists(), reason="wordnet-base not installed")
def test_the_shipped_table_is_what_the_builder_makes_from_wordnet():
    assert synonyms.TABLE.read_text(encoding="utf-8") == build(WORDNET)
