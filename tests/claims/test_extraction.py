"""Sentence segmentation, check-worthiness, kinds, speakers and context."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from claims.extraction import analyse, extract_claims, find_speaker, split_sentences
from sources.parsing import parse_file

SEEDS = Path(settings.SEEDS_DIR)


@pytest.fixture(scope="module")
def seed_articles():
    return [a for f in sorted(SEEDS.glob("0*.txt")) for a in parse_file(f).articles]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gen. Soleimani met Lt. Col. Smith at the U.S. embassy. It was approx. 8.5 m wide.",
            [
                "Gen. Soleimani met Lt. Col. Smith at the U.S. embassy.",
                "It was approx. 8.5 m wide.",
            ],
        ),
        (
            "Elijah J. Magnier wrote it. Crater nr. 1 is 28 m away. "
            "Dr. Vaezi agreed, e.g. on this.",
            [
                "Elijah J. Magnier wrote it.",
                "Crater nr. 1 is 28 m away.",
                "Dr. Vaezi agreed, e.g. on this.",
            ],
        ),
        (
            "He said: “The nobleman died. Palestine has lost him.” Then he left.",
            ["He said: “The nobleman died. Palestine has lost him.”", "Then he left."],
        ),
        (
            "The spread is 8.5 m. So the limits range between 2.5 and 19.5 m. The median is 7 m.",
            [
                "The spread is 8.5 m.",
                "So the limits range between 2.5 and 19.5 m.",
                "The median is 7 m.",
            ],
        ),
    ],
)
def test_sentences_survive_abbreviations_initials_decimals_and_quotes(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_arabic_punctuation_ends_sentences():
    text = "قال المتحدث إن الهجوم فشل. هل هذا صحيح؟ نعم، بالتأكيد!"
    assert len(split_sentences(text, "ar")) == 3


def test_every_span_is_exact_on_the_seeds(seed_articles):
    count = 0
    for article in seed_articles:
        for claim in analyse(article.text, article.language):
            assert article.text[claim.start : claim.end] == claim.text
            assert 0.0 <= claim.checkworthiness <= 1.0
            for quantity in claim.quantities:
                assert article.text[quantity.start : quantity.end] == quantity.text
            count += 1
    assert count > 500


@pytest.mark.parametrize(
    "sentence",
    [
        "Reports indicate that around 15 to 16 missiles were fired from multiple locations "
        "inside Iran, with at least 10 missiles fired from bases in the Kermanshah area.",
        "Iran shot a barrage of missiles on US military bases in Iraq on Jan. 8, 2020 as a "
        "form of revenge for assassinating their top Iranian general.",
        "The Pentagon announced that over 100 American soldiers suffered traumatic brain "
        "injuries as a result of the missile strike at the base.",
        "According to Airforce Technology, the Ain al-Asad air force base was the largest "
        "coalition base in western Iraq.",
    ],
)
def test_verifiable_statements_become_claims(sentence):
    assert extract_claims(sentence, threshold=settings.CLAIM_THRESHOLD)


@pytest.mark.parametrize(
    "sentence",
    [
        "How could an election allow the rise to power of a figure so puffed up with arrogance?",
        "The Iranian political and military leadership should approach the assassination "
        "of Soleimani with a cool head.",
        "Look at Iraq’s morass.",
        "Lone Wolf",
        "Proofread by: C.G.B. and Maurice Brasher",
        "All Global Research articles can be read in 51 languages by activating the "
        "“Translate Website” drop down menu on the top banner of our home page.",
        "We are making such material available to our readers under the provisions of "
        '"fair use" in an effort to advance a better understanding of political issues.',
    ],
)
def test_opinion_rhetoric_and_furniture_score_below_the_threshold(sentence):
    (only,) = analyse(sentence)
    assert only.checkworthiness < settings.CLAIM_THRESHOLD


def test_the_accuracy_analysis_statistics_are_typed_as_statistics():
    article = parse_file(next(SEEDS.glob("004_*.txt"))).articles[0]
    claims = extract_claims(article.text)
    by_value = {}
    for claim in claims:
        if claim.kind == "statistic":
            for quantity in claim.quantities:
                by_value[(quantity.low, quantity.unit)] = claim.text
    assert (11.0, "m") in by_value
    assert (8.5, "m") in by_value
    assert (7.0, "m") in by_value
    assert "spread" in by_value[(8.5, "m")]
    assert "median" in by_value[(7.0, "m")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Hezbollah lost 23 officers buried at the hill.", "quantity"),
        ("The median value of the nine strikes is 7 m.", "statistic"),
        ("Iranian nationals made up 82 of the 176 victims, or about 47 percent.", "statistic"),
        ("Only one in nine of the strikes fell more than 20 m from its target.", "statistic"),
        ("The strike killed one in Baghdad and two in Kirkuk on Friday.", "quantity"),
        (
            "It was the largest military base in Iraq by area size, officials in Baghdad noted.",
            "quote",
        ),
        ("Ain al-Asad was the largest coalition base in western Iraq.", "comparison"),
        ("Canada moved its troops to Kuwait because of the missile strike.", "causal"),
        ("Soleimani was assassinated at Baghdad airport on January 3, 2020.", "event"),
    ],
)
def test_claims_are_typed(sentence, kind):
    (only,) = analyse(sentence)
    assert only.kind == kind


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Dr. Vaezi asserted that this martyrdom “broke the backbone.”", "Dr. Vaezi"),
        ("According to Callamard, the strike was a violation of sovereignty.", "Callamard"),
        ("Baqeri said that Soleimani could unite the Ummah.", "Baqeri"),
        (
            "The Iranian foreign ministry also said that the strike was illegal.",
            "Iranian foreign ministry",
        ),
        ("It rained all day in Tehran on Monday.", ""),
        (
            "The jihadist leader tells Al-Ahed News, “It was as if a load was lifted.”",
            "jihadist leader",
        ),
        ("According to the report, the advisers told him that it could spiral.", "report"),
        ("Iranian president Hassan Rouhani recently said: “We are not excited.”", "Hassan Rouhani"),
        ("The general pointed out that they tried for 30 years.", "general"),
        ("He said it was the only way forward.", ""),
    ],
)
def test_the_speaker_of_an_attributed_statement_is_recorded(sentence, speaker):
    assert find_speaker(sentence) == speaker


def test_a_claim_opening_with_a_pronoun_points_to_the_sentence_before():
    text = "General Vance retired in 2020. He said the Pentagon alerted Ottawa in advance."
    first, second = analyse(text)
    assert (first.context_start, first.context_end) == (None, None)
    assert text[second.context_start : second.context_end] == first.text


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker"),
    [
        ("Taliban downed a US plane used by the CIA.", "event", ""),
        ("“It was the most elegant way,” the source told the paper.", "quote", "source"),
        ("It seems inevitable that the talks will fail.", "other", ""),
    ],
)
def test_events_and_unnamed_sources_are_typed(sentence, kind, speaker):
    (only,) = analyse(sentence)
    assert (only.kind, only.speaker) == (kind, speaker)


def test_a_number_reported_by_someone_is_a_quantity_claim_that_keeps_its_speaker():
    (only,) = analyse("Iran fired 22 ballistic missiles at two bases in Iraq, the Pentagon said.")
    assert (only.kind, only.speaker) == ("quantity", "Pentagon")
