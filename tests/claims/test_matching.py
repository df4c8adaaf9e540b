"""claims.matching without a database: normalisation, aliases, scores, tiers,
conflicts, clusters, provenance and the candidate index."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from claims import matching
from claims.matching import AliasFolder, Appearance, Edge, decide, normalize, prepare

ALIASES = AliasFolder(
    {
        "Sulaimani": "Soleimani",
        "Suleimani": "Soleimani",
        "al-Muhandes": "al-Muhandis",
        "Ayn": "Ain",
        "Assad": "Asad",
        "Ghaani": "Qaani",
    }
)


def test_it_folds_case_punctuation_quotes_dashes_diacritics_and_markdown():
    text = "**Gen. Qāsem Soleimani’s** “death” — near [Baghdad](https://x.example/a) airport"
    assert normalize(text) == "gen qasem soleimani death near baghdad airport"


def test_it_keeps_numbers_whole():
    assert normalize("A runway of 3,990 m and 11.5 km") == "a runway of 3990 m and 11.5 km"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Sulaimani was killed", "Soleimani was killed"),
        ("Suleimani was killed", "Soleimani was killed"),
        ("Abu Mahdi al-Muhandes", "Abu Mahdi al-Muhandis"),
        ("Ayn Al Asad airbase", "Ain al-Asad airbase"),
        ("Ain al-Assad airbase", "Ain al-Asad airbase"),
        ("Esmail Ghaani said", "Esmail Qaani said"),
    ],
)
def test_it_folds_spelling_variants_of_names_with_the_alias_map(variant, canonical):
    assert normalize(variant, ALIASES) == normalize(canonical, ALIASES)
    assert normalize(variant) != normalize(canonical)


def test_multi_word_aliases_and_chains_resolve_to_the_canonical_name():
    folder = AliasFolder({"Abu Mahdi al-Muhandes": "Muhandis", "Muhandis": "al-Muhandis"})
    assert normalize("with Abu Mahdi al-Muhandes", folder) == "with al muhandis"


def test_it_learns_name_variants_that_share_neighbours():
    corpus = [
        "General Qassem Soleimani was killed near Baghdad airport.",
        "Qassem Soleimani led the Quds Force for two decades.",
        "General Qassem Sulaimani was killed near Baghdad airport.",
        "Qassem Suleimani led the Quds Force.",
        "Missiles hit the Ayn Al Asad airbase in Anbar.",
        "Missiles hit the Ain al-Asad airbase in Anbar.",
        "Missiles hit the Ain al-Assad airbase in Anbar.",
        "Abu Mahdi al-Muhandis was killed with him.",
        "Abu Mahdi al-Muhandes was killed with him.",
        "Esmail Qaani succeeded him at the Quds Force.",
        "Esmail Ghaani succeeded him at the Quds Force.",
        "Iran and Iraq share a border; Iran said so.",
    ]
    learned = {s.variant: s.canonical for s in matching.learn_aliases(corpus)}

    def folded_together(x: str, y: str) -> bool:
        return learned.get(x) == y or learned.get(y) == x

    # The more frequent spelling is the canonical one.
    assert learned["sulaimani"] == "soleimani"
    assert learned["suleimani"] == "soleimani"
    assert folded_together("muhandes", "muhandis")
    assert folded_together("ghaani", "qaani")
    assert folded_together("ayn", "ain")
    assert folded_together("assad", "asad")
    # Different countries with the same neighbours are not spellings of one name.
    assert "iraq" not in learned and "iran" not in learned


def test_it_does_not_suggest_a_variant_an_editor_already_has():
    corpus = ["General Soleimani spoke.", "General Sulaimani spoke.", "General Soleimani left."]
    assert matching.learn_aliases(corpus, known={"Sulaimani": "Soleimani"}) == []


def _pair(a: str, b: str, aliases: AliasFolder | None = ALIASES) -> matching.MatchDecision | None:
    return decide(prepare(1, a, aliases), prepare(2, b, aliases))


def test_a_reordered_claim_is_suggested_as_the_same():
    decision = _pair(
        "Iranian missiles struck the Ain al-Asad airbase in western Iraq on 8 January 2020.",
        "On 8 January 2020, Iranian missiles struck the Ain al-Asad airbase in western Iraq.",
    )
    assert decision is not None
    assert decision.relation == "same"
    assert decision.explanation["scores"]["token_set_ratio"] == 100
    assert decision.explanation["differences"] == []
    assert "airbase" in decision.explanation["aligned"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Turkish officials said 37 migrants drowned off the coast of Izmir on Monday.",
            "Thirty-seven migrants died when their boat sank near Izmir on Monday, according "
            "to Turkish officials.",
        ),
        (
            "Israeli jets struck the T4 airbase near Homs, killing 14 people, including seven "
            "Iranians.",
            "Fourteen people, seven of them Iranian, were killed when Israeli warplanes hit the "
            "T4 air base in Homs province.",
        ),
    ],
)
def test_a_reworded_copy_with_the_same_names_and_values_is_suggested(a, b):
    assert fuzz.token_set_ratio(normalize(a), normalize(b)) < matching.SUGGEST_THRESHOLD
    decision = _pair(a, b)
    assert decision is not None
    assert (decision.relation, decision.state) == ("same", "suggested")


def test_a_short_claim_inside_a_longer_sentence_is_suggested():
    decision = _pair(
        "Soleimani was killed in a US drone strike near Baghdad airport.",
        "Officials in Tehran said on Friday that Soleimani was killed in a US drone strike "
        "near Baghdad airport, and vowed revenge.",
    )
    assert decision is not None and decision.relation == "same"
    assert decision.explanation["scores"]["partial_ratio"] >= 90


def test_a_near_verbatim_copy_of_eight_words_or_more_is_confirmed():
    decision = _pair(
        "Sulaimani was killed by a US drone strike at Baghdad airport on 3 January 2020.",
        "Soleimani was killed by a US drone strike at Baghdad airport on 3 January 2020",
    )
    assert decision is not None
    assert (decision.relation, decision.state) == ("same", "confirmed")


def test_a_near_verbatim_claim_under_eight_words_is_never_confirmed():
    decision = _pair(
        "Soleimani killed near Baghdad airport by drones.",
        "Soleimani killed near Baghdad airport by drones",
    )
    assert decision is not None
    assert (decision.relation, decision.state) == ("same", "suggested")


def test_unrelated_claims_do_not_match():
    assert (
        _pair(
            "The runway at the base is 3,990 m long and 45 m wide.",
            "Parliament voted to expel foreign troops from the country on Sunday.",
        )
        is None
    )


@pytest.mark.parametrize(
    ("a", "b", "kind", "value_a", "value_b"),
    [
        (
            "Iran fired 15 missiles at the Ain al-Asad airbase in western Iraq.",
            "Iran fired 22 missiles at the Ain al-Asad airbase in western Iraq.",
            "quantity",
            "15 missiles",
            "22 missiles",
        ),
        (
            "Iran fired 10 to 12 missiles at the Ain al-Asad airbase in western Iraq.",
            "Iran fired 15 to 16 missiles at the Ain al-Asad airbase in western Iraq.",
            "quantity",
            "10 to 12 missiles",
            "15 to 16 missiles",
        ),
        (
            "In 2014, 80 percent of the territory of Syria was held by armed groups.",
            "In 2014, two-thirds of the territory of Syria was held by armed groups.",
            "quantity",
            "80 percent",
            "two-thirds",
        ),
        # a comma ends what a number counts
        (
            "The Spaniard won the Open by one stroke, becoming the first European to win it twice.",
            "The Spaniard won the Open by three strokes, becoming the first European to win it "
            "twice.",
            "quantity",
            "one stroke",
            "three strokes",
        ),
        # a share at the start is a value, not who acts
        (
            "Half of the island was left without power after the storm, the governor said.",
            "A third of the island was left without power after the storm, the governor said.",
            "quantity",
            "Half",
            "A third",
        ),
        (
            "Soleimani was appointed commander of the Quds Force of the IRGC in 1997.",
            "Soleimani was appointed commander of the Quds Force of the IRGC in 1998.",
            "year",
            "1997",
            "1998",
        ),
        (
            "Soleimani was killed in a drone strike at Baghdad airport on 3 January 2020.",
            "Soleimani was killed in a drone strike at Baghdad airport on January 4, 2020.",
            "date",
            "3 January 2020",
            "January 4, 2020",
        ),
        (
            "Iranian missiles slammed into the Ain al-Asad base, wounding dozens of troops.",
            "Iranian missiles slammed into the Erbil base, wounding dozens of troops.",
            "place",
            "ain al asad",
            "erbil",
        ),
        (
            "Thousands of protesters marched in Washington against the war on Saturday.",
            "Thousands of protesters marched in Paris against the war on Saturday.",
            "place",
            "washington",
            "paris",
        ),
        (
            "Youth unemployment in Iraq is around 36 percent, according to the World Bank.",
            "Youth unemployment in Iraq is about one in six, according to the World Bank.",
            "quantity",
            "around 36 percent",
            "one in six",
        ),
        (
            "Iranian missiles struck the Ain al-Asad air base shortly after midnight.",
            "Iranian missiles struck the Balad air base shortly after midnight.",
            "place",
            "ain al asad",
            "balad",
        ),
        (
            "The prime minister announced his resignation in November 2019 after weeks of "
            "protests.",
            "The prime minister announced his resignation in October 2019 after weeks of protests.",
            "date",
            "November 2019",
            "October 2019",
        ),
        (
            "The crash killed all 176 people aboard the Ukrainian airliner, officials said.",
            "The crash killed all 167 people on board the Ukrainian airliner, officials said.",
            "quantity",
            "176 people",
            "167 people",
        ),
        (
            "The stampede in Kerman killed 56 people and injured more than 200.",
            "The stampede in Kerman killed 56 people and left 48 injured.",
            "quantity",
            "more than 200",
            "48 injured",
        ),
        (
            "Iranian ballistic missiles struck the US base at Erbil early on Wednesday.",
            "Iranian ballistic missiles struck the US base at Ain al-Asad early on Wednesday.",
            "place",
            "erbil",
            "ain al asad",
        ),
        (
            "Soleimani's body arrived in Iran on Sunday, and his funeral in Tehran was held on "
            "Tuesday.",
            "Soleimani's body arrived in Iran on Sunday, and his funeral in Tehran was held on "
            "Monday.",
            "weekday",
            "Tuesday",
            "Monday",
        ),
        (
            "Terence Crawford knocked down Errol Spence Jr. three times before the fight was "
            "stopped in the ninth round.",
            "Terence Crawford knocked down Errol Spence Jr. twice before the fight was stopped "
            "in the ninth round.",
            "quantity",
            "three",
            "twice",
        ),
    ],
)
def test_claims_that_agree_in_words_but_not_in_values_are_conflicts(a, b, kind, value_a, value_b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "conflict"
    assert decision.state == "suggested"
    assert {"kind": kind, "a": value_a, "b": value_b} in decision.explanation["differences"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Iran fired 15 to 16 missiles at the Ain al-Asad airbase in western Iraq.",
            "Iran fired 16 missiles at the Ain al-Asad airbase in western Iraq.",
        ),
        (
            "Soleimani was killed in a drone strike at Baghdad airport on 3 January 2020.",
            "Soleimani was killed in a drone strike at Baghdad airport on January 3.",
        ),
        (
            "Soleimani was killed in a drone strike at Baghdad airport on 3 January 2020.",
            "Sulaimani was killed in a drone strike at Baghdad airport on 3 January 2020.",
        ),
    ],
)
def test_overlapping_ranges_partial_dates_and_name_variants_are_no_conflict(a, b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "same"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # another actor at the start of the sentence
        (
            "Germany suspended its training mission in Iraq after the killing of Soleimani.",
            "Denmark suspended its training mission in Iraq after the killing of Soleimani.",
        ),
        (
            "Esmail Qaani was appointed to lead the Quds Force after Soleimani's death.",
            "Mohammad Hejazi was appointed deputy commander of the Quds Force after "
            "Soleimani's death.",
        ),
        # another actor inside the sentence
        (
            "The strike near Baghdad airport killed Qassem Soleimani and four others.",
            "The strike near Baghdad airport killed Abu Mahdi al-Muhandis and four others.",
        ),
        (
            "Iraq's caretaker prime minister said the US had violated the terms of its "
            "military presence in the country.",
            "Iraq's caretaker prime minister said Iran had violated the terms of its "
            "military presence in the country.",
        ),
        # another subject in the same words
        (
            "The Iraqi government called the drone strike a flagrant violation of Iraq's "
            "sovereignty.",
            "The Iraqi parliament called the drone strike a flagrant violation of Iraq's "
            "sovereignty.",
        ),
        (
            "Lebanese investigators were given access to the warehouse records of Beirut port.",
            "The FBI was given access to the warehouse records of Beirut port.",
        ),
        # who or what it is about, put for another at the end
        (
            "Protesters gathered outside the French embassy in Beirut to condemn the arrest "
            "of Riad Salameh.",
            "Protesters gathered outside the French embassy in Beirut to condemn the killing "
            "of Lokman Slim.",
        ),
        # a word and its negated form
        (
            "The UN special rapporteur said the killing of the general was unlawful under "
            "international law.",
            "The UN special rapporteur said the killing of the general was lawful under "
            "international law.",
        ),
        (
            "The House of Representatives passed a resolution limiting the president's war powers.",
            "The House of Representatives rejected a resolution limiting the president's war "
            "powers.",
        ),
        # a negation only one claim makes
        (
            "The Revolutionary Guards said the missile strikes were revenge for the killing.",
            "The Revolutionary Guards denied the missile strikes were revenge for the killing.",
        ),
        (
            "The World Health Organization declared the outbreak a global health emergency.",
            "The World Health Organization declared the outbreak no longer a global health "
            "emergency.",
        ),
        # opposite events in the same frame
        (
            "Police arrested three men in connection with the shooting outside the stadium.",
            "Police released three men arrested in connection with the shooting outside the "
            "stadium.",
        ),
        (
            "NATO suspended its training mission in Iraq after the killing of Soleimani.",
            "NATO resumed its training mission in Iraq weeks after the killing of Soleimani.",
        ),
        (
            "The company beat analysts' expectations as quarterly revenue rose.",
            "The company missed analysts' expectations as quarterly revenue fell.",
        ),
        # the other side of a vote
        (
            "The city council voted on Tuesday to close the old bridge to heavy trucks.",
            "The city council voted on Tuesday against closing the old bridge to heavy trucks.",
        ),
        (
            "Most senators argued for lifting the embargo on the island, the chamber's "
            "record shows.",
            "Most senators argued against lifting the embargo on the island, the chamber's record "
            "shows.",
        ),
        # a refusal in its -ing form
        (
            "The ministry said the company had handed over the test results to inspectors.",
            "The ministry said the company was refusing to hand over the test results to "
            "inspectors.",
        ),
        # what one denies the other states
        (
            "Investigators said the fire was started by a faulty heater, not by arson.",
            "Investigators said the fire was started by arson, not by a faulty heater.",
        ),
        # one denies what the other states, though both negate something
        (
            "The minister said the inquiry had not yet finished its work and would question more "
            "officials.",
            "The minister said the inquiry had finished its work and did not need to question "
            "more officials.",
        ),
        # "spared" denies what "struck" states
        (
            "The shells struck the school and the clinic in the northern district.",
            "The shells struck the school but spared the clinic in the northern district.",
        ),
        (
            "Witnesses said the helicopter turned back toward the airfield before it crashed.",
            "Witnesses said the helicopter kept flying away from the airfield before it crashed.",
        ),
        # Iran is not Iraq, though one letter apart
        (
            "Iran's foreign ministry condemned the strike on Sunday as a violation of sovereignty.",
            "Iraq's foreign ministry condemned the strike on Sunday as a violation of sovereignty.",
        ),
        # before / after, cut / hold, as expected / surprising
        (
            "The governor said his office was told of the attack before the missiles were fired.",
            "The governor said his office was told of the attack after the missiles were fired.",
        ),
        (
            "The central bank voted 5-4 to cut interest rates, with the governor casting the "
            "deciding vote.",
            "The central bank voted 5-4 to hold interest rates, with the governor casting the "
            "deciding vote.",
        ),
        (
            "The port authority placed six officials under house arrest pending the inquiry.",
            "The port authority released six officials from house arrest pending the inquiry.",
        ),
        # "against" / "in favour of", "more" / "less", "allowed" / "barred"
        (
            "MPs voted against leaving the bloc without a deal in a series of votes.",
            "MPs voted in favour of leaving the bloc without a deal in a series of votes.",
        ),
        (
            "The central bank raised rates by half a point on Thursday, more than markets had "
            "expected.",
            "The central bank raised rates by half a point on Thursday, less than markets had "
            "expected.",
        ),
        (
            "A spokesman said women would be allowed to attend university under the new rules.",
            "A spokesman said women would be barred from attending university under the new rules.",
        ),
        # two names change places around the same verb
        (
            "France's Teddy Riner beat South Korea's Kim Min-jong in the judo final in Paris.",
            "South Korea's Kim Min-jong beat France's Teddy Riner in the judo final in Paris.",
        ),
        # another bank at the start, though both names have "Bank"
        (
            "The European Central Bank left interest rates unchanged on Thursday, as markets "
            "had expected.",
            "The Bank of England left interest rates unchanged on Thursday, as markets had "
            "expected.",
        ),
        (
            "A federal appeals court on Friday upheld a lower court's ruling that blocked the law.",
            "A federal appeals court on Friday overturned a lower court's ruling that blocked the "
            "law.",
        ),
        # the same two verdicts given to others; one name for another at the start
        (
            "A Dutch court convicted three men of murder over the downing and acquitted a fourth.",
            "A Dutch court acquitted three men of murder over the downing and convicted a fourth.",
        ),
        (
            "Abu Mahdi al-Muhandis was killed in a drone strike near the airport early on Friday.",
            "Qassem Soleimani was killed in a drone strike near the airport early on Friday.",
        ),
        (
            "The aid chief was confirmed dead in the rubble of the mission's collapsed "
            "headquarters.",
            "The aid chief was pulled alive from the rubble of the mission's collapsed "
            "headquarters.",
        ),
        # who said it and who it is about change places
        (
            "Finance Minister Olaf Brandt said the bank governors had quietly backed the plan.",
            "The bank governors said Finance Minister Olaf Brandt had quietly backed the plan.",
        ),
        # another actor begins the same words; a nationality put for another
        (
            "Colorado's Supreme Court ruled that the former president may not appear on the "
            "state's primary ballot.",
            "Maine's secretary of state ruled that the former president may not appear on the "
            "state's primary ballot.",
        ),
        (
            "Giorgia Meloni's Brothers of Italy won the most votes in Sunday's election, "
            "official results showed.",
            "Matteo Salvini's League won the most votes in Sunday's election, official results "
            "showed.",
        ),
        (
            "Most of the passengers on the flight from Tehran to Kyiv were Iranian or Canadian "
            "citizens.",
            "Most of the passengers on the flight from Tehran to Kyiv were Ukrainian or Canadian "
            "citizens.",
        ),
        # the one stretch that differs names others, however long
        (
            "Rebels led by Hayat Tahrir al-Sham seized control of most of Aleppo, Syria's "
            "second-largest city.",
            "Rebels led by the Turkish-backed Syrian National Army seized control of most of "
            "Aleppo, Syria's second-largest city.",
        ),
        (
            "U.S. Defense Secretary Mark Esper said the United States had no plans to withdraw "
            "its troops from Iraq.",
            "U.S. Secretary of State Mike Pompeo said the United States had no plans to withdraw "
            "its troops from Iraq.",
        ),
        # counted things change places; verbs whose past the stemmer misses
        (
            "Police said the gunman killed 19 children and two teachers at the elementary school.",
            "Police said the gunman killed 19 teachers and two children at the elementary school.",
        ),
        (
            "The central bank raised its key interest rate to 16% in December, citing inflation.",
            "The central bank held its key interest rate at 16% in December, citing inflation.",
        ),
        (
            "The militia commander was killed in the same strike as the general, the group said.",
            "The militia commander survived the strike that killed the general, the group said.",
        ),
        # from one place to the other, and back
        (
            "The navy said the fire on the container ship had spread from the cargo hold to the "
            "engine room.",
            "The navy said the fire on the container ship had spread from the engine room to the "
            "cargo hold.",
        ),
        # another bearing, the same side losing, two things changing places
        (
            "The epicentre lay about 40 kilometres east of the port city, seismologists said.",
            "The epicentre lay about 40 kilometres west of the port city, seismologists said.",
        ),
        (
            "Spain beat Italy on penalties in the semi-final at Wembley on Tuesday night.",
            "Spain lost to Italy on penalties in the semi-final at Wembley on Tuesday night.",
        ),
        (
            "The pilot was shut out of the cabin by the flight engineer shortly before the crash.",
            "The flight engineer was shut out of the cabin by the pilot shortly before the crash.",
        ),
        (
            "Ursula von der Leyen defeated Manfred Weber in the party's vote on Friday.",
            "Manfred Weber defeated Ursula von der Leyen in the party's vote on Friday.",
        ),
        (
            "The minister was arrested shortly after landing at the capital's airport on a flight "
            "from Dubai.",
            "The minister was arrested shortly after leaving the capital's airport on a flight "
            "from Dubai.",
        ),
        (
            "Parliament swore in the former army chief as president on Tuesday after the vote.",
            "Parliament swore in the former army chief as prime minister on Tuesday after the "
            "vote.",
        ),
        (
            "The ruling coalition lost its majority in the upper house election on Sunday, "
            "officials said.",
            "The ruling coalition lost its majority in the lower house election on Sunday, "
            "officials said.",
        ),
        # the two sides trade places, one of them rejoined
        (
            "The striker left Celtic to join Rangers in a record transfer in January 2024.",
            "The striker left Rangers to rejoin Celtic in a record transfer in January 2024.",
        ),
        # two countries at the start
        (
            "Iran launched drones at the Tanf garrison in southern Syria early on Monday, "
            "officials said.",
            "Iraqi militias launched drones at the Tanf garrison in southern Syria early on "
            "Monday, officials said.",
        ),
        (
            "Police stopped the minister's car as it was leaving the capital's airport on Monday.",
            "Police stopped the minister's car as it was heading to the capital's airport on "
            "Monday.",
        ),
        (
            "The central bank signalled two rate cuts next year after holding rates on Wednesday.",
            "The central bank signalled two rate hikes next year after holding rates on Wednesday.",
        ),
        (
            "Rescue teams reached the trapped miners before dawn on Sunday, the operator said.",
            "Rescue teams were unable to reach the trapped miners before dawn on Sunday, the "
            "operator said.",
        ),
        (
            "The army deployed tanks around the president's residence after thousands of "
            "protesters marched through the city.",
            "The army deployed tanks around the prime minister's residence after thousands of "
            "protesters marched through the city.",
        ),
        # one long stretch names another man who shares a first name
        (
            "Soldiers arrested Prime Minister Abdalla Hamdani and several cabinet ministers "
            "before dawn on Monday, his office said.",
            "Soldiers arrested Sovereign Council chief Abdel Fattah al-Nouri and several cabinet "
            "ministers before dawn on Monday, his office said.",
        ),
        # a clause stating something more: another, larger claim
        (
            "The opposition leader was detained at the airport in Minsk on Friday, his lawyer "
            "said.",
            "The opposition leader was detained at the airport in Minsk on Friday, and was "
            "questioned overnight by state security officers, his lawyer said.",
        ),
        (
            "The freighter ran aground off the coast of Sri Lanka on Monday, the navy said.",
            "The freighter ran aground off the coast of Sri Lanka on Monday and spilled tonnes of "
            "oil onto nearby beaches, the navy said.",
        ),
        # opposites the desk's list does not hold, from WordNet
        (
            "The regulator said the bank's capital buffers were stronger than required under "
            "the new rules.",
            "The regulator said the bank's capital buffers were weaker than required under the "
            "new rules.",
        ),
        (
            "The committee said the second reading of the bill would take place in public on "
            "Thursday.",
            "The committee said the second reading of the bill would take place in private on "
            "Thursday.",
        ),
        # one word of a closed set, or a bearing with no point in common, for another
        (
            "China will raise the retirement age for female white-collar workers from 55 to 58.",
            "China will raise the retirement age for female blue-collar workers from 55 to 58.",
        ),
        (
            "The spillway of the Guajataca Dam in northwestern Puerto Rico was damaged by Maria, "
            "prompting the evacuation of nearby towns.",
            "The spillway of the Guajataca Dam in southeastern Puerto Rico was damaged by Maria, "
            "prompting the evacuation of nearby towns.",
        ),
        (
            "The Constitutional Council rejected a bid by left-wing lawmakers to hold a "
            "referendum on the retirement age.",
            "The Constitutional Council rejected a bid by far-right lawmakers to hold a "
            "referendum on the retirement age.",
        ),
        (
            "Neeraj Chopra won gold in the men's javelin final at the world championships in "
            "Budapest.",
            "Neeraj Chopra won gold in the women's javelin final at the world championships in "
            "Budapest.",
        ),
        # another speaker opens the sentence: an agency after "The", a person's
        # full name before another description
        (
            "Valisure, an online pharmacy, said it had detected benzene in 78 batches of "
            "sunscreen and after-sun products.",
            "The Food and Drug Administration said it had detected benzene in 78 batches of "
            "sunscreen and after-sun products.",
        ),
        (
            "Amir Ali Hajizadeh, commander of the Revolutionary Guards' aerospace force, said he "
            "accepted full responsibility for the downing of the plane.",
            "Hossein Salami, commander-in-chief of the Revolutionary Guards, said he accepted "
            "full responsibility for the downing of the plane.",
        ),
        # a clause more, naming what else was done
        (
            "Iran said it would no longer observe any limits on uranium enrichment under the 2015 "
            "nuclear deal.",
            "Iran said it would no longer observe any limits on uranium enrichment under the 2015 "
            "nuclear deal and would withdraw from the Non-Proliferation Treaty.",
        ),
        (
            "Derek Chauvin was stabbed by a fellow inmate at the federal prison in Tucson, "
            "Arizona, the Bureau of Prisons said.",
            "Derek Chauvin was stabbed by a fellow inmate at the federal prison in Tucson, "
            "Arizona, and died of his wounds, the Bureau of Prisons said.",
        ),
        # another office, though the other side names it elsewhere
        (
            "Former Israeli Prime Minister Ehud Olmert was convicted of taking bribes while "
            "serving as mayor of Jerusalem.",
            "Former Israeli Prime Minister Ehud Olmert was convicted of taking bribes while "
            "serving as prime minister.",
        ),
        (
            "The military said Vice President Myint Swe, a former general, would serve as acting "
            "commander-in-chief during the state of emergency.",
            "The military said Vice President Myint Swe, a former general, would serve as acting "
            "president during the state of emergency.",
        ),
        # a negation more, though both negate elsewhere
        (
            "The minister said the talks appeared to be making progress and that no deal had "
            "been signed yet.",
            "The minister said the talks did not appear to be making progress and that no deal "
            "had been signed yet.",
        ),
        # another currency, another fuel
        (
            "The central bank scrapped its cap on the franc against the euro on Thursday, sending "
            "the currency soaring.",
            "The central bank scrapped its cap on the franc against the dollar on Thursday, "
            "sending the currency soaring.",
        ),
        (
            "The carmaker admitted that about 11 million of its diesel vehicles were fitted with "
            "software to cheat emissions tests.",
            "The carmaker admitted that about 11 million of its petrol vehicles were fitted with "
            "software to cheat emissions tests.",
        ),
    ],
)
def test_claims_that_share_words_but_state_another_fact_are_not_linked(a, b):
    assert fuzz.token_set_ratio(normalize(a), normalize(b)) >= matching.SUGGEST_THRESHOLD
    assert _pair(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "value_a", "value_b"),
    [
        (
            "About 5,200 US troops are stationed in Iraq to fight the Islamic State group.",
            "About 6,000 US troops are stationed in Iraq to fight the Islamic State group.",
            "About 5,200",
            "About 6,000",
        ),
        (
            "Oil prices jumped more than 4 percent after news of the strike on Friday.",
            "Oil prices jumped more than 10 percent after news of the strike on Friday.",
            "more than 4 percent",
            "more than 10 percent",
        ),
        (
            "Satellite images showed at least five structures at the base had been hit.",
            "Satellite images showed at least 12 structures at the base had been hit.",
            "at least five structures",
            "at least 12 structures",
        ),
        (
            "The central bank raised its benchmark rate to 5.25 percent on Wednesday.",
            "The central bank raised its benchmark rate to 5.5 percent on Wednesday.",
            "5.25 percent",
            "5.5 percent",
        ),
        (
            "President Trump said no Americans were harmed in the Iranian missile attack.",
            "President Trump said two Americans were harmed in the Iranian missile attack.",
            "no Americans",
            "two",
        ),
    ],
)
def test_the_same_bound_or_counted_noun_with_other_numbers_is_a_conflict(a, b, value_a, value_b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "conflict"
    assert {"kind": "quantity", "a": value_a, "b": value_b} in decision.explanation["differences"]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Iran fired 15 ballistic missiles at the base.", "missile"),
        ("About 5,200 US troops are stationed in Iraq.", "troop"),
        ("The strike killed 12 young men in the city.", "man"),
        ("Police arrested three men over the shooting.", "man"),
        ("He said no Americans were harmed.", "american"),
        ("He said two Americans were harmed.", "american"),
    ],
)
def test_a_counted_number_takes_the_head_noun_of_its_phrase_as_unit(text, unit):
    assert [fact.key for fact in matching.extract_facts(text)] == [unit]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # both claims negate, in other words
        (
            "Jack Ferry, company spokesman, said a search is ongoing but would not comment.",
            "Company spokesman Jack Ferry said a search is ongoing but declined to comment.",
        ),
        # a contraction printed with a space
        (
            'But Peterson added, "I don \'t know anybody in the committee who is fighting it."',
            "But Peterson added, I dont know anybody in the committee who is fighting it.",
        ),
        # a transliteration the alias list does not know yet
        (
            "Esmail Qaani was named the new commander of the Quds Force hours after the strike.",
            "Esmail Ghaani was named the new commander of the Quds Force, hours after the strike.",
        ),
        (
            "President Trump said no Americans were harmed in the attack on Ain al-Asad base.",
            "President Trump said no Americans were harmed in the attack on the Ayn Al Asad base.",
        ),
        # a dateline, a hyphen, a number in words, a synonym for the subject
        (
            "Canadian Prime Minister Justin Trudeau said intelligence showed the plane was "
            "shot down by an Iranian missile.",
            "OTTAWA (Reuters) — Canadian Prime Minister Justin Trudeau said intelligence "
            "showed the plane was shot down by an Iranian missile.",
        ),
        (
            "The parliament on Sunday passed a nonbinding resolution calling on the "
            "government to end the presence of foreign troops.",
            "The parliament on Sunday passed a non-binding resolution calling on the "
            "government to end the presence of foreign troops.",
        ),
        (
            "Trump said the United States had identified 52 Iranian sites it would hit if "
            "Iran attacked.",
            "Trump said the United States had identified fifty-two Iranian sites it would "
            "hit if Iran attacked.",
        ),
        (
            "Iraqi lawmakers voted on Sunday to expel all foreign troops from the country.",
            "Iraqi legislators voted on Sunday to expel all foreign troops from the country.",
        ),
        # the United States under its other names
        (
            "The Iraqi parliament voted to expel US troops after the strike on Baghdad airport.",
            "The Iraqi parliament voted to expel American troops after the strike on Baghdad "
            "airport.",
        ),
        (
            "Iraq's prime minister said the U.S. had violated the terms of its presence.",
            "Iraq's prime minister said Washington had violated the terms of its presence.",
        ),
        (
            "Iraq's prime minister said the United States had violated the terms of its presence.",
            "Iraq's prime minister said the US had violated the terms of its presence.",
        ),
        # "not only" denies nothing; what a "not" reaches is not stated
        (
            "The storm not only flooded the harbour but also cut power to the old town.",
            "The storm flooded the harbour and also cut power to the old town, not only homes.",
        ),
        (
            "At 12 months there was still a difference in function, although it was not a "
            "significant one.",
            "At 12 months, there was still a difference in function, but it was not considered "
            "significant.",
        ),
        # Britain and the UK
        (
            "The company completed its takeover after Britain's competition regulator cleared "
            "the revised deal.",
            "The company completed its takeover after the UK competition regulator cleared the "
            "revised deal.",
        ),
        # a name and its abbreviation at the start
        (
            "The BOJ ended eight years of negative interest rates on Tuesday, raising borrowing "
            "costs.",
            "The Bank of Japan ended eight years of negative interest rates on Tuesday, raising "
            "borrowing costs.",
        ),
        # the attribution moved to the end, or only the speaker's title moved
        (
            "Adel Abdul Mahdi said Washington had told Iraq about the strike shortly before.",
            "Washington told Iraq about the strike shortly before, Adel Abdul Mahdi said.",
        ),
        (
            "Three rockets landed inside the Green Zone near the embassy without causing "
            "casualties.",
            "Three rockets landed near the embassy inside the Green Zone, causing no casualties.",
        ),
        (
            "The parliament voted in favour of the motion to expel the foreign troops on Sunday.",
            "The parliament voted in favor of the motion to expel the foreign troops on Sunday.",
        ),
    ],
)
def test_negations_on_both_sides_and_unknown_spellings_still_read_as_the_same_claim(a, b):
    decision = matching.decide(prepare(1, a), prepare(2, b))
    assert decision is not None
    assert decision.relation == "same"


def test_without_aliases_a_spelling_variant_reads_as_another_name():
    a = "Iranian ballistic missiles struck the US base at Ayn Al Asad early on Wednesday."
    b = "Iranian ballistic missiles struck the US base at Ain al-Asad early on Wednesday."
    assert _pair(a, b, ALIASES).relation == "same"


def test_clusters_join_confirmed_and_high_score_links_only():
    edges = [
        Edge(1, 2, "same", "confirmed", 96),
        Edge(2, 3, "same", "suggested", 93),
        Edge(3, 4, "same", "suggested", 70),  # too weak to cluster
        Edge(5, 6, "same", "rejected", 99),
        Edge(7, 8, "conflict", "suggested", 99),
    ]
    assert matching.clusters_from_edges(edges) == [[1, 2, 3]]


def test_a_chain_of_links_never_puts_a_conflicting_pair_in_one_cluster():
    edges = [
        Edge(1, 2, "same", "suggested", 95),
        Edge(2, 3, "same", "suggested", 92),
        Edge(1, 3, "conflict", "suggested", 90),
    ]
    clusters = matching.clusters_from_edges(edges)
    assert clusters == [[1, 2]]


def _appearance(claim_id, outlet_id, name, published=None, syndicated_from="", domain=""):
    return Appearance(
        claim_id=claim_id,
        article_id=claim_id,
        outlet_id=outlet_id,
        outlet_name=name,
        outlet_domain=domain,
        published=published,
        syndicated_from=syndicated_from,
    )


def test_provenance_tells_repeats_and_syndicated_copies_from_independent_outlets():
    press_tv = _appearance(1, 10, "Press TV", domain="presstv.ir")
    press_tv_again = _appearance(2, 10, "Press TV", domain="presstv.ir")
    copy = _appearance(3, 20, "Global Research", syndicated_from="https://www.presstv.ir/x")
    other = _appearance(4, 30, "Al Mayadeen")
    assert matching.provenance(press_tv, press_tv_again) == "same_outlet"
    assert matching.provenance(press_tv, copy) == "syndicated"
    assert matching.provenance(press_tv, other) == "independent"


def test_a_cluster_counts_outlets_and_independent_voices_and_its_first_appearance():
    members = [
        _appearance(5, 10, "Press TV", date(2020, 1, 4), domain="presstv.ir"),
        _appearance(6, 10, "Press TV", date(2020, 1, 5), domain="presstv.ir"),
        _appearance(7, 20, "Global Research", date(2020, 1, 7), "Press TV"),
        _appearance(8, 30, "Al Mayadeen", date(2020, 1, 3)),
        _appearance(9, 40, "Undated blog"),
    ]
    summary = matching.summarize_cluster(members)
    assert summary.first_claim_id == 8
    assert summary.first_published == date(2020, 1, 3)
    assert summary.claim_count == 5
    assert summary.outlet_count == 4
    assert summary.independent_outlet_count == 3


def _synthetic_corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    places = ["Baghdad", "Erbil", "Damascus", "Tehran", "Beirut", "Anbar", "Basra", "Mosul"]
    texts: list[str] = []
    for i in range(n):
        if i > 5 and rng.random() < 0.3:
            base = texts[rng.randrange(i)].split()
            if rng.random() < 0.5:
                del base[rng.randrange(len(base))]
            else:
                rng.shuffle(base)
            texts.append(" ".join(base))
        else:
            body = rng.choices(words, k=rng.randint(8, 30))
            texts.append(
                f"{rng.randint(2, 90)} missiles hit {rng.choice(places)} " + " ".join(body)
            )
    return texts


def test_the_candidate_index_finds_what_an_exhaustive_scan_finds():
    texts = [matching.mask_numbers(normalize(t)) for t in _synthetic_corpus(1500)]
    index = matching.CandidateIndex()
    for claim_id, text in enumerate(texts):
        index.add(claim_id, text)
    queries = list(range(0, 1500, 15))
    scores = process.cdist(
        [texts[q] for q in queries], texts, scorer=fuzz.token_set_ratio, score_cutoff=85
    )
    relevant = found = 0
    for row, q in enumerate(queries):
        truth = {i for i, score in enumerate(scores[row]) if score and i != q}
        hits = {claim_id for claim_id, _ in index.search(texts[q], 85, exclude=q)}
        assert hits <= truth | {q}
        relevant += len(truth)
        found += len(truth & hits)
    assert relevant > 20
    assert found / relevant >= 0.95


def test_the_index_gives_the_same_answers_when_rebuilt_in_id_order():
    texts = [matching.mask_numbers(normalize(t)) for t in _synthetic_corpus(300, seed=3)]
    incremental = matching.CandidateIndex()
    for claim_id, text in enumerate(texts[:200]):
        incremental.add(claim_id, text)
    for claim_id, text in enumerate(texts[200:], start=200):
        incremental.add(claim_id, text)
    rebuilt = matching.CandidateIndex()
    for claim_id, text in enumerate(texts):
        rebuilt.add(claim_id, text)
    for q in range(0, 300, 7):
        assert incremental.search(texts[q], 80) == rebuilt.search(texts[q], 80)


# --------------------------------------------------------------------------
# Reworded copies whose values disagree: read by meaning
# --------------------------------------------------------------------------


def _with_meanings(a: matching.PreparedClaim, b: matching.PreparedClaim) -> None:
    from claims import embedding

    wanted = matching.claims_needing_meaning([(a, b)])
    for claim, vector in zip(
        wanted, embedding.embed([matching.meaning_text(c) for c in wanted]), strict=True
    ):
        claim.meaning = vector


def test_a_reworded_copy_with_another_number_is_a_conflict_once_its_meaning_is_read():
    a = prepare(1, "The missiles flew approximately 425 km to reach the base, officials said.")
    b = prepare(2, "To reach the base, the missiles covered a distance of roughly 500 kilometres.")
    assert decide(a, b) is None  # the wording alone is too far apart
    assert matching.needs_meaning(a, b)

    _with_meanings(a, b)
    decision = decide(a, b)

    assert decision is not None
    assert (decision.relation, decision.state) == ("conflict", "suggested")
    assert decision.explanation["scores"]["meaning"] >= matching.MEANING_THRESHOLD
    assert decision.method.startswith("all-MiniLM-L6-v2+rapidfuzz")
    [difference] = decision.explanation["differences"]
    assert (difference["kind"], difference["a"], difference["b"]) == (
        "quantity",
        "approximately 425 km",
        "roughly 500 kilometres",
    )


def test_a_reworded_pair_with_the_same_names_and_values_is_suggested_when_it_means_the_same():
    a = prepare(1, "The missiles flew approximately 425 km to reach the base, officials said.")
    b = prepare(2, "To reach the base, the missiles covered a distance of roughly 425 kilometres.")
    assert decide(a, b) is None  # the wording alone is too far apart
    assert matching.needs_meaning(a, b)
    _with_meanings(a, b)
    decision = decide(a, b)
    assert (decision.relation, decision.state) == ("same", "suggested")
    assert decision.explanation["scores"]["meaning"] >= matching.SAME_MEANING_THRESHOLD
    a.meaning = np.array([1.0, 0.0], dtype=np.float32)
    below = matching.SAME_MEANING_THRESHOLD - 0.02
    b.meaning = np.array([below, (1 - below**2) ** 0.5], dtype=np.float32)
    assert decide(a, b) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # another actor in other words
        (
            "The Ukrainian embassy in Tehran initially blamed engine failure for the crash.",
            "At first, Iran's civil aviation authority put the crash down to engine failure.",
        ),
        # another central bank, on another day
        (
            "The Federal Reserve kept its benchmark interest rate unchanged on Wednesday.",
            "On Thursday the European Central Bank left its key rates where they were.",
        ),
    ],
)
def test_meaning_never_links_a_reworded_pair_that_names_others(a, b):
    first, second = prepare(1, a), prepare(2, b)
    first.meaning = second.meaning = np.ones(4, dtype=np.float32) / 2  # identical meaning
    assert decide(first, second) is None


def test_each_side_stating_both_events_in_other_words_is_no_opposite():
    first = prepare(
        1, "The explosion at the port killed more than 200 people and injured about 6,000 others."
    )
    second = prepare(
        2, "Over two hundred people died and some six thousand were wounded in the port blast."
    )
    assert matching.compare_events(first.tokens, second.tokens) == []
    killed = prepare(3, "The explosion at the port killed more than 200 people on Tuesday.")
    wounded = prepare(4, "The explosion at the port wounded more than 200 people on Tuesday.")
    assert [d.kind for d in matching.compare_events(killed.tokens, wounded.tokens)] == ["event"]


def test_capitals_and_the_united_states_names_stand_for_one_another():
    first = prepare(1, "Tehran said it would stop observing the limits, US officials said.")
    second = prepare(2, "Iran will no longer respect the limits, according to American officials.")
    first.meaning = second.meaning = np.ones(4, dtype=np.float32) / 2
    assert matching.needs_meaning(first, second)
    assert decide(first, second).relation == "same"
    # a name written in lower case on the other side is still named there
    deaths = prepare(
        3, "The country passed 100,000 coronavirus deaths in late May, officials said."
    )
    toll = prepare(
        4, "By the end of May the COVID-19 death toll had passed 100,000, officials said."
    )
    assert matching.needs_meaning(deaths, toll)


def test_a_sentence_about_another_thing_with_another_number_stays_apart():
    a = prepare(1, "The missiles flew approximately 425 km to reach the base, officials said.")
    b = prepare(2, "The base covered roughly 500 square kilometres of desert west of the river.")
    _with_meanings(a, b)
    assert decide(a, b) is None


def test_below_the_meaning_threshold_a_reworded_pair_is_not_linked():
    a = prepare(1, "The missiles flew approximately 425 km to reach the base, officials said.")
    b = prepare(2, "To reach the base, the missiles covered a distance of roughly 500 kilometres.")
    below = matching.MEANING_THRESHOLD - 0.02
    a.meaning = np.array([1.0, 0.0], dtype=np.float32)
    b.meaning = np.array([below, (1 - below**2) ** 0.5], dtype=np.float32)
    assert decide(a, b) is None
    above = matching.MEANING_THRESHOLD + 0.02
    b.meaning = np.array([above, (1 - above**2) ** 0.5], dtype=np.float32)
    assert decide(a, b).relation == "conflict"


def test_a_reworded_pair_naming_the_same_people_is_read_for_values_from_a_lower_meaning():
    a = prepare(1, "Iraqi health officials said 25 protesters died on Friday in Mosul.")
    b = prepare(2, "Friday's clashes in Mosul left 12 Iraqi demonstrators dead, officials said.")
    # another city, and Kurdish officials: two names the first does not have
    other = prepare(
        3, "Friday's clashes in Basra left 12 demonstrators dead, Kurdish officials said."
    )
    middle = (matching.NAMED_MEANING_THRESHOLD + matching.MEANING_THRESHOLD) / 2
    a.meaning = np.array([1.0, 0.0], dtype=np.float32)
    b.meaning = other.meaning = np.array([middle, (1 - middle**2) ** 0.5], dtype=np.float32)
    assert decide(a, b).relation == "conflict"
    assert decide(a, other) is None
    # one name more on one side ("Iraqi") still names the same
    unnamed = prepare(4, "Health officials said 25 protesters died on Friday in Mosul.")
    unnamed.meaning = a.meaning
    assert decide(unnamed, b).relation == "conflict"


def test_a_reworded_pair_naming_the_same_people_is_read_for_another_year():
    a = prepare(1, "Imad Mughniyah was assassinated in Damascus in 2008, Hezbollah said.")
    b = prepare(2, "Hezbollah said Imad Mughniyah was killed by a car bomb in Damascus in 2006.")
    elsewhere = prepare(3, "Hezbollah said a commander was killed by a car bomb in Beirut in 2006.")
    a.meaning = b.meaning = elsewhere.meaning = np.ones(4, dtype=np.float32) / 2
    assert [d["kind"] for d in decide(a, b).explanation["differences"]] == ["year"]
    assert decide(a, elsewhere) is None


def test_sharing_a_name_and_a_near_miss_is_enough_for_the_lower_meaning_bar():
    a = prepare(
        1, "Soleimani was killed in a drone strike near Baghdad International Airport on January 3."
    )
    b = prepare(
        2,
        "A drone destroyed the convoy carrying Soleimani outside the Iraqi capital's "
        "airport on January 2, officials in Tehran said.",
    )
    years_apart = prepare(
        3,
        "A drone destroyed the convoy carrying Soleimani outside the Iraqi "
        "capital's airport in November 2017, officials in Tehran said.",
    )
    middle = (matching.NAMED_MEANING_THRESHOLD + matching.MEANING_THRESHOLD) / 2
    a.meaning = np.array([1.0, 0.0], dtype=np.float32)
    b.meaning = years_apart.meaning = np.array([middle, (1 - middle**2) ** 0.5], dtype=np.float32)
    assert matching.compare_facts(a.facts, b.facts)[0].near_miss
    assert decide(a, b).relation == "conflict"
    assert decide(a, years_apart) is None


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        (
            "The resolution passed with 170 lawmakers.",
            "The resolution passed with 130 members.",
            True,
        ),
        (
            "The resolution passed with 170 lawmakers.",
            "The resolution passed with 13 members.",
            False,
        ),
        ("The flight was delayed by 69 days.", "The flight was delayed by 70 days.", True),
    ],
)
def test_values_of_one_measure_close_to_each_other_are_a_near_miss(a, b, near):
    [difference] = matching.compare_facts(prepare(1, a).facts, prepare(2, b).facts)
    assert difference.near_miss is near


def _values_differing(text_a: str, text_b: str) -> list[tuple[str, str, str]]:
    differences = matching.compare_facts(prepare(1, text_a).facts, prepare(2, text_b).facts)
    return [(d.kind, d.a, d.b) for d in differences]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "Tehran called it the fifth and final step in scaling back its commitments.",
            "Tehran called it the fourth and final step in scaling back its commitments.",
            [("quantity", "fifth and final step", "fourth and final step")],
        ),
        (
            "Crude exports have fallen by more than 80 percent since the sanctions.",
            "Since the sanctions, crude exports have roughly halved.",
            [("quantity", "more than 80 percent", "halved")],
        ),
        # two ranges agree only on both ends
        (
            "The perimeter was extended from 21 km to 34 km.",
            "The perimeter was extended from 21 to 43 kilometres.",
            [("quantity", "21 km to 34 km", "21 to 43 kilometres")],
        ),
        (
            "The perimeter was extended from 21 km to 34 km.",
            "The perimeter was extended from 21 to 34 kilometres.",
            [],
        ),
        (
            "Daily infections topped four hundred thousand for the first time.",
            "Daily infections topped 400,000 for the first time.",
            [],
        ),
        (
            "Argentina won the shootout 4-2 after the final ended 3-3 following extra time.",
            "Argentina won the shootout 4-3 after the final ended 3-3 following extra time.",
            [("score", "4-2", "4-3")],
        ),
        # one rank each, whatever noun each puts after it
        (
            "The bank raised its key rate to 5.25% on Thursday, the 14th consecutive increase.",
            "The bank lifted borrowing costs for a 12th straight time on Thursday, to 5.25%.",
            [("quantity", "14th consecutive", "12th straight")],
        ),
        # the same numbers put to other nouns
        (
            "Labour won 411 of the 650 seats in the House of Commons, giving Starmer a majority "
            "of 174.",
            "With 411 seats out of 650, Starmer's party secured a 174-seat Commons majority.",
            [],
        ),
        # "about" a round number reaches a tenth, one written to more figures a twentieth
        (
            "Biden won a record 81 million votes in the election.",
            "Biden won roughly 74 million votes in the election.",
            [("quantity", "81 million votes", "roughly 74 million votes")],
        ),
        (
            "Biden won a record 77 million votes in the election.",
            "Biden won roughly 74 million votes in the election.",
            [],
        ),
        (
            "Officials said 33 protesters were arrested.",
            "Officials said about 30 protesters were arrested.",
            [],
        ),
        # a bare month after "in"; cars are vehicles
        (
            "Employers added 150,000 jobs in October as unemployment ticked up.",
            "Employers added 150,000 jobs in September as unemployment ticked up.",
            [("date", "in October", "in September")],
        ),
        (
            "Tesla delivered 1.81 million vehicles in 2023.",
            "The company handed over 1.31 million cars to customers in 2023.",
            [("quantity", "1.81 million vehicles", "1.31 million cars")],
        ),
        # a score at the end of a sentence; the part counts the whole's noun
        (
            "Messi scored twice before Argentina won the shootout 4-2.",
            "Argentina won the shootout 4-2 after Messi had scored two goals.",
            [],
        ),
        (
            "The Freedom Party won 37 of the 150 seats in the lower house.",
            "With 35 seats in the 150-member lower house, the Freedom Party came first.",
            [("quantity", "37", "35 seats")],
        ),
        # "4 percent" is not "3.75 percent" rounded
        (
            "The bank raised rates by 25 basis points, taking its deposit rate to 4 percent.",
            "The bank raised rates by 25 basis points, taking its deposit rate to 3.75 percent.",
            [("quantity", "4 percent", "3.75 percent")],
        ),
        # magnitudes however written; a tally in words
        (
            "A magnitude 6.4 earthquake struck the island on Sunday, officials said.",
            "A 6.1-magnitude quake struck the island on Sunday, officials said.",
            [("quantity", "magnitude 6.4", "6.1-magnitude")],
        ),
        (
            "The quake, which measured 5.8, struck just after noon.",
            "The tremor registered magnitude 5.8 and struck just after noon.",
            [],
        ),
        (
            "The earthquake had a magnitude of 6.9 and struck just after noon.",
            "The tremor, 6.2 in magnitude, struck just after noon.",
            [("quantity", "magnitude of 6.9", "6.2 in magnitude")],
        ),
        (
            "The justices voted five to four to strike down the state law.",
            "The court's 6-3 ruling struck down the state law.",
            [("score", "voted five to four", "6-3")],
        ),
        # rate moves in points however written; a half a year; a share of one total
        (
            "The Fed cut its key rate by a full percentage point on Sunday.",
            "The Fed cut its key rate by half a percentage point on Sunday.",
            [("quantity", "a full percentage point", "half a percentage point")],
        ),
        (
            "The bank lifted rates by 50 basis points on Thursday.",
            "The bank lifted rates by half a percentage point on Thursday.",
            [],
        ),
        (
            "The bank lifted rates by 75 basis points on Thursday.",
            "On Thursday the bank made a 50-basis-point hike.",
            [("quantity", "75 basis points", "50-basis-point hike")],
        ),
        (
            "The former officer was sentenced to 22 and a half years in prison.",
            "The former officer was given a 30-year prison term.",
            [("quantity", "22 and a half years", "30-year")],
        ),
        (
            "The firm laid off roughly half of its 7,500 employees on Friday.",
            "The firm cut about a third of its 7,500-strong workforce on Friday.",
            [("quantity", "half", "a third")],
        ),
        # temperatures, dozens, and a count both state under one noun
        (
            "Temperatures last year were 1.6C above pre-industrial levels, the agency said.",
            "Temperatures last year were 1.4 °C above pre-industrial levels, the agency said.",
            [("quantity", "1.6C", "1.4 °C")],
        ),
        (
            "More than 30 rockets struck the base near Kirkuk, killing a contractor.",
            "A contractor was killed when about a dozen rockets slammed into the base near Kirkuk.",
            [("quantity", "More than 30 rockets", "about a dozen rockets")],
        ),
        (
            "Three of the four strings of the Nord Stream 1 and 2 pipelines were damaged.",
            "Two of the four strings of the Nord Stream 1 and 2 pipelines were damaged.",
            [("quantity", "Three", "Two")],
        ),
        (
            "The cartel agreed to cut output by a record 9.7 million barrels per day.",
            "The cartel agreed to cut output by a record 9.7 million bpd.",
            [],
        ),
        # bounds from below however written; a ratio is no count; counts both
        # state set aside
        (
            "The storm killed at least 48 people in and around the port, officials said.",
            "Officials said the death toll in the port area had risen to no fewer than 27.",
            [("quantity", "at least 48 people", "no fewer than 27")],
        ),
        (
            "Cases surged to more than 58,000 last year, about 30 times the number a year before.",
            "The region logged over 42,000 infections last year, a thirtyfold jump.",
            [("quantity", "more than 58,000 last year", "over 42,000 infections")],
        ),
        (
            "Trump won 312 electoral votes to Kamala Harris's 226.",
            "Harris finished with 232 electoral votes against Trump's 312.",
            [("quantity", "226", "232 electoral votes")],
        ),
        # a bound at the far end of a range meets it at one value only
        (
            "Between 40 and 50 people were hurt in the crush outside the stadium, police said.",
            "More than 50 people were hurt in the crush outside the stadium, police said.",
            [("quantity", "40 and 50 people", "More than 50 people")],
        ),
        (
            "Between 40 and 50 people were hurt in the crush outside the stadium, police said.",
            "Up to 40 people were hurt in the crush outside the stadium, police said.",
            [("quantity", "40 and 50 people", "Up to 40 people")],
        ),
        (
            "Between 40 and 50 people were hurt in the crush outside the stadium, police said.",
            "More than 40 people were hurt in the crush outside the stadium, police said.",
            [],
        ),
        # the one day of the week each names
        (
            "The bridge collapsed early Tuesday after a cargo ship struck it.",
            "The bridge collapsed early Wednesday after a cargo ship struck it.",
            [("weekday", "Tuesday", "Wednesday")],
        ),
        ("The bridge collapsed on Tuesday.", "On Tuesday morning the bridge collapsed.", []),
        # an age range is no score
        ("The vaccine was approved for people aged 16-18.", "It was approved for ages 16-18.", []),
    ],
)
def test_ranks_scores_halving_ranges_and_numbers_in_words_are_compared(a, b, expected):
    assert _values_differing(a, b) == expected


def test_two_single_counts_under_different_nouns_are_compared():
    lawmakers = "The Iraqi parliament passed the resolution with the votes of 170 lawmakers."
    assert _values_differing(
        lawmakers, "The Iraqi parliament passed the resolution with the votes of 130 members."
    ) == [("quantity", "170 lawmakers", "130 members")]
    assert (
        _values_differing(
            lawmakers, "The Iraqi parliament passed the resolution with the votes of 170 members."
        )
        == []
    )


def test_clock_times_are_compared_across_formats():
    facts = {
        text: prepare(1, text).facts
        for text in (
            "The strike hit the convoy at 00:52 local time.",
            "The strike hit the convoy at 01:20 local time.",
            "The barrage began at 1:34 a.m. local time.",
            "The barrage began at 01:34 local time.",
            "The barrage began at 13:34 local time.",
        )
    }
    texts = list(facts)
    [difference] = matching.compare_facts(facts[texts[0]], facts[texts[1]])
    assert (difference.kind, difference.a, difference.b) == ("time", "00:52", "01:20")
    assert matching.compare_facts(facts[texts[2]], facts[texts[3]]) == []
    # "01:34" says no half of the day, so 13:34 may be the same time...
    assert matching.compare_facts(facts[texts[3]], facts[texts[4]]) == []
    # ...but "1:34 a.m." does.
    assert [d.kind for d in matching.compare_facts(facts[texts[2]], facts[texts[4]])] == ["time"]


def test_a_name_after_the_town_of_is_a_place():
    a = prepare(
        1, "The Ukrainian airliner came down near the town of Shahedshahr, west of the capital."
    )
    b = prepare(2, "The Ukrainian airliner came down near the town of Parand, west of the capital.")
    decision = decide(a, b)
    assert decision is not None and decision.relation == "conflict"
    assert [d["kind"] for d in decision.explanation["differences"]] == ["place"]


def test_the_reworded_lookup_finds_a_copy_that_shares_too_few_rare_words_for_the_prefix_filter():
    index = matching.CandidateIndex()
    first = prepare(1, "The Pentagon said it was deploying 3,500 extra troops to the region.")
    index.add(1, first.masked)
    index.add(2, prepare(2, "The region's oil exports fell sharply in the spring.").masked)
    query = prepare(
        3, "The Pentagon said some 750 additional soldiers were being sent to the region."
    )

    assert index.search(query.masked, matching.ANCHOR_THRESHOLD) == []
    assert [claim_id for claim_id, _ in index.search_reworded(query.masked, 55)] == [1]
    assert index.search_reworded(query.masked, 55, exclude=1) == []


def test_a_short_name_one_letter_off_is_another_actor_wherever_it_stands():
    iran = prepare(1, "The Iran delegation walked out of the talks in Vienna on Monday.").tokens
    iraq = prepare(2, "The Iraq delegation walked out of the talks in Vienna on Monday.").tokens
    qaani = prepare(3, "Esmail Qaani walked out of the talks in Vienna on Monday.").tokens
    ghaani = prepare(4, "Esmail Ghaani walked out of the talks in Vienna on Monday.").tokens
    assert matching._one_thing_swapped(iran, iraq) is not None
    assert matching._one_thing_swapped(qaani, ghaani) is None


def test_a_short_claim_is_linked_only_as_a_conflict_read_by_meaning():
    a = prepare(1, "Sixty-three Canadians were on board the downed Boeing.")
    b = prepare(2, "The downed Boeing was carrying 57 Canadian citizens.")
    same = prepare(3, "The downed Boeing was carrying 63 Canadian citizens.")
    assert a.content_words < matching.MIN_CONTENT_WORDS
    assert decide(a, b) is None  # without its meaning
    _with_meanings(a, b)
    decision = decide(a, b)
    assert (decision.relation, decision.state) == ("conflict", "suggested")
    # The same value in other words: too little said to link it as the same claim.
    assert not matching.needs_meaning(a, same)
    same.meaning = a.meaning
    assert decide(a, same) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the sides change places around a converse verb
        (
            "Argentina beat France on penalties in the final in Qatar.",
            "France lost the final in Qatar to Argentina on penalties.",
        ),
        # one bearing in two forms on each side
        (
            "The army told people in northern Gaza to move south within a day.",
            "People in the north of the strip were told by the army to go southward within a day.",
        ),
        # two names joined by "and" change places
        (
            "Germany and France sent troops to the border on Monday.",
            "France and Germany sent troops to the border on Monday.",
        ),
        # one currency spelled two ways, one colour spelled two ways
        (
            "A Moscow court ordered the miner to pay a record 146.2 billion roubles in damages "
            "over the spill.",
            "A Moscow court ordered the miner to pay a record 146.2 billion rubles in damages over "
            "the spill.",
        ),
        (
            "Protesters in grey hoodies blocked the bridge for three hours on Saturday morning.",
            "Protesters in gray hoodies blocked the bridge for three hours on Saturday morning.",
        ),
        # bearings that share a point of the compass
        (
            "Militants attacked a checkpoint in northern Iraq on Sunday, killing four men.",
            "Militants attacked a checkpoint in northwestern Iraq on Sunday, killing four men.",
        ),
    ],
)
def test_words_that_only_seem_opposite_are_no_other_fact(a, b):
    first, second = prepare(1, a), prepare(2, b)
    assert matching.compare_events(first.tokens, second.tokens) == []
    assert matching.things_swapped(first.tokens, second.tokens) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Temperatures hit 1.6C above pre-industrial levels.", [("°c", 1.6)]),
        ("It was 45 degrees Celsius in the shade.", [("°c", 45.0)]),
        ("The thermometer read 104F at noon.", [("°f", 104.0)]),
        # an aircraft's name is no temperature
        ("The air force sold 25 F-35 jets.", [("#sold", 25.0)]),
        # grams and g-force are values; a network generation is not
        ("The firm recalled 500g packs of sliced ham.", [("g", 500.0)]),
        ("The driver was subjected to a force of 53g in the crash.", [("g", 53.0)]),
        ("Sensors put the impact at 45G.", [("g", 45.0)]),
        ("The operator switched on its 5G network in 40 cities.", [("citie", 40.0)]),
        # pence written onto the number
        ("Petrol hit a record 191.5p a litre last week.", [("gbx", 191.5)]),
    ],
)
def test_temperatures_are_values_and_aircraft_names_are_not(text, expected):
    assert [(f.key, f.low) for f in prepare(1, text).facts] == expected


def test_an_abbreviation_a_dateline_or_a_name_written_two_ways_is_no_other_actor():
    from claims import embedding

    decision = _pair(
        "The BOJ ended eight years of negative interest rates on Tuesday, raising borrowing "
        "costs for the first time in 17 years.",
        "The Bank of Japan ended eight years of negative interest rates on Tuesday, raising "
        "borrowing costs for the first time in 17 years.",
    )
    assert decision is not None and decision.relation == "same"
    assert matching.without_furniture("LONDON/DUBAI (Reuters) - OPEC agreed.") == "OPEC agreed."
    for dateline in (
        "SEOUL, South Korea (AP) — ",
        "KYIV, June 6 (Reuters) - ",
        "LE MANS, France — ",
    ):
        assert matching.without_furniture(dateline + "Toyota won.") == "Toyota won."
    for claim in ("UN: More than a million people have fled Sudan.", "EU - China talks failed."):
        assert matching.without_furniture(claim) == claim
    # a handle with no date after it is part of the claim; initials one word
    tagged = "Trump attacked CNN - and its anchor Jake Tapper (@jaketapper)"
    assert matching.without_furniture(tagged) == tagged
    assert normalize("Washington, D.C. U.S. Capitol Police") == "washington dc u s capitol police"
    # only names added: the same fact, told more fully
    decision = _pair(
        "Sales fell to $3.3bn in 2002 as the bad news hit the US market, the company said.",
        "Sales fell to $3.3bn in 2002 as the bad news from the Women's Health Initiative hit the "
        "US market, the company said.",
    )
    assert decision is not None and decision.relation == "same"
    assert (
        matching.without_furniture(
            "Women in Rome drank turpentine — Facts Zone (@facts_zone) April 8, 2016"
        )
        == "Women in Rome drank turpentine"
    )
    # a unit or a state abbreviated, a verb wire copy puts for another
    for first, second in [
        (
            "LONDON/DUBAI (Reuters) - The cartel agreed on Sunday to cut output by a record "
            "9.7 million bpd for May and June.",
            "The cartel agreed on Sunday to cut output by a record 9.7 million barrels per day "
            "for May and June.",
        ),
        (
            "The storm made landfall near Atlantic City, N.J., on Monday evening, forecasters "
            "said.",
            "The storm made landfall near Atlantic City, New Jersey, on Monday evening, "
            "forecasters said.",
        ),
        (
            "Iran fired more than a dozen ballistic missiles against at least two Iraqi bases "
            "hosting U.S. troops, the Pentagon said.",
            "Iran launched more than a dozen ballistic missiles against at least two Iraqi bases "
            "hosting U.S. troops, the Pentagon said.",
        ),
        (
            "Major League Baseball suspended Houston Astros manager A.J. Hinch and general "
            "manager Jeff Luhnow for one year for the sign-stealing scheme.",
            "Major League Baseball suspended Houston Astros manager AJ Hinch and general "
            "manager Jeff Luhnow for one year for the sign-stealing scheme.",
        ),
    ]:
        first_claim, second_claim = prepare(1, first), prepare(2, second)
        first_claim.meaning, second_claim.meaning = embedding.embed(
            [first_claim.text, second_claim.text]
        )
        decision = decide(first_claim, second_claim)
        assert decision is not None and decision.relation == "same", first
    # the attribution in other words, with one name written two ways
    decision = _pair(
        "“Some people will be found inside your home to respond to your crime,” General "
        "Soleimani's successor Brigadier General Esmaeil Qaani said on Friday.",
        "“Some people will be found inside your home to respond to your crime,” General "
        "Ghaani warned.",
    )
    assert decision is not None and decision.relation == "same"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a value more is read as a value
        (
            "India's Bharatiya Janata Party won 303 of the 543 seats in the lower house, giving "
            "Prime Minister Narendra Modi a second term.",
            "India's Bharatiya Janata Party won 303 of the 543 seats in the lower house, giving "
            "Prime Minister Narendra Modi a second five-year term.",
        ),
        # who said it, told in other words
        (
            '"Our decision today is quite limited," the judges stated in their opinion on the '
            "appeal.",
            '"Our decision today is quite limited," they said in their opinion on the appeal.',
        ),
        # who said it, and who they are
        (
            '"To be wedged between these two monsters and hold as well as we did makes it that '
            'much better," said Rory Bruer, Sony head of distribution.',
            '"To be wedged between these two monsters and hold as well as we did makes it that '
            'much better."',
        ),
    ],
)
def test_a_value_or_the_speaker_added_is_no_fact_added(a, b):
    decision = _pair(a, b)
    assert decision is not None and decision.relation == "same"


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        # a description of whom both name added
        (
            "Boeing said on Friday it would cut about 10 percent of its workforce over the "
            "coming months.",
            "U.S. planemaker Boeing said on Friday it would cut about 10 percent of its workforce "
            "over the coming months.",
            "same",
        ),
        (
            "Thousands of protesters rallied in Tbilisi on Sunday against the foreign agents law, "
            "police said.",
            "Thousands of protesters rallied in the Georgian capital Tbilisi on Sunday against the "
            "foreign agents law, police said.",
            "same",
        ),
        (
            "Floods killed at least 40 people in the province after days of heavy rain, officials "
            "said.",
            "Floods killed at least 40 people in the remote mountainous province after days of "
            "heavy rain, officials said.",
            "same",
        ),
        # "still to" and "yet to" say the same; both sides negate, in other verbs
        (
            "Most of the victims of the ferry fire have yet to be identified, the coast guard "
            "said.",
            "Most of the victims of the ferry fire are still to be identified, the coast guard "
            "said.",
            "same",
        ),
        (
            "No group has claimed the attack on the hotel, and the Taliban denied involvement in "
            "it.",
            "No group has claimed the attack on the hotel, and the Taliban rejected involvement in "
            "it.",
            "same",
        ),
        # a word that names someone's entourage, here a thing
        (
            "A FlixBus coach overturned on a motorway near Leipzig on Wednesday, killing four "
            "passengers.",
            "A FlixBus overturned on a motorway near Leipzig on Wednesday, killing four "
            "passengers.",
            "same",
        ),
        # a currency that is a value's unit is read with the value
        (
            "The European Commission fined Google 4.34 billion euros for abusing the dominance "
            "of Android.",
            "The European Commission fined Google 5 billion dollars for abusing the dominance of "
            "Android.",
            "conflict",
        ),
    ],
)
def test_descriptions_negations_in_other_words_and_units_keep_one_claim(a, b, relation):
    from claims import embedding

    first, second = prepare(1, a), prepare(2, b)
    first.meaning, second.meaning = embedding.embed(
        [matching.meaning_text(first), matching.meaning_text(second)]
    )
    decision = decide(first, second)
    assert decision is not None and decision.relation == relation


def test_a_closed_set_word_put_for_another_is_another_event():
    first = prepare(1, "Chopra won gold in the men's javelin final in Budapest on Sunday.")
    second = prepare(2, "Chopra won gold in the women's javelin final in Budapest on Sunday.")
    assert matching.compare_events(first.tokens, second.tokens) == [
        matching.Difference("event", "men", "women")
    ]


def test_a_vague_count_and_one_place_do_not_put_a_pair_before_a_reviewer():
    a = prepare(1, "Thousands of mourners gathered in Baghdad for the funeral of the commander.")
    b = prepare(2, "Thousands of protesters gathered in Baghdad to demand early elections.")
    assert not matching._anchored(a, b, matching.score_texts(a.masked, b.masked))
    assert decide(a, b) is None
    c = prepare(3, "Hundreds of thousands rallied in Baghdad on Friday behind Moqtada al-Sadr.")
    d = prepare(4, "Moqtada al-Sadr's followers, hundreds of thousands, filled Baghdad on Friday.")
    assert matching._anchored(c, d, matching.score_texts(c.masked, d.masked))


def test_before_and_after_are_opposites_only_in_one_frame():
    a = prepare(1, "The jury deliberated for about ten hours over two days before convicting him.")
    b = prepare(2, "After about ten hours of deliberations over two days, the jury convicted him.")
    assert matching.compare_events(a.tokens, b.tokens, frame=False) == []
    assert matching.compare_events(a.tokens, b.tokens, frame=True) != []


def test_a_cause_put_for_another_in_several_words_is_another_fact():
    a = prepare(
        1, "At a briefing on Tuesday the governor blamed frozen wind turbines for the outages."
    )
    b = prepare(
        2, "At a briefing on Tuesday the governor blamed frozen natural gas wells for the outages."
    )
    assert decide(a, b).relation == "same"  # the wording alone links them
    assert matching.needs_meaning(a, b)
    _with_meanings(a, b)
    assert decide(a, b) is None


def test_a_verb_put_for_another_action_in_the_same_words_is_another_fact():
    from claims import embedding

    a = prepare(
        1, "Trump's campaign filed a lawsuit seeking to halt the counting of ballots in Michigan."
    )
    b = prepare(
        2,
        "Trump's campaign dropped its lawsuit seeking to halt the counting of ballots in Michigan.",
    )
    assert decide(a, b).relation == "same"  # the wording alone links them
    assert matching.words_put_for_others(a.tokens, b.tokens) == ({"fil"}, {"drop"})
    assert matching.needs_meaning(a, b)

    a.meaning, b.meaning = embedding.embed([a.text, b.text])

    assert decide(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        (
            "The fire broke out in the engine room of the Greek-flagged ferry shortly after it "
            "left the island of Corfu on Sunday.",
            "The fire broke out on the car deck of the Greek-flagged ferry shortly after it left "
            "the island of Corfu on Sunday.",
            False,
        ),
        (
            "Investigators said the blast on Friday was caused by a gas leak in the basement of "
            "the old hotel.",
            "Investigators said the blast on Friday was caused by a gas leak on the lower floor of "
            "the old hotel.",
            True,
        ),
        # one modifier put for another, all else the same: alone the two
        # words are far apart, in context they are not close enough
        (
            "Rishi Sunak appointed Grant Shapps as Britain's energy secretary on Tuesday, "
            "replacing Kwasi Kwarteng.",
            "Rishi Sunak appointed Grant Shapps as Britain's transport secretary on Tuesday, "
            "replacing Kwasi Kwarteng.",
            False,
        ),
        (
            "The Nikkei 225 closed 2 percent lower on Friday, dragged down by heavy selling in "
            "banking shares.",
            "The Nikkei 225 closed 2 percent lower on Friday, dragged down by heavy selling in "
            "shipping shares.",
            False,
        ),
        # a little less far apart alone, but its context does not bring it back
        (
            "Sentries fired warning shots after mistaking the fishing trawler for a naval patrol "
            "boat near the strait.",
            "Sentries fired warning shots after mistaking the fishing trawler for a smuggling "
            "speedboat near the strait.",
            False,
        ),
        # as near alone, but a reprint's one word in a long sentence
        (
            "The finance ministry said the money raised from the bond sale was not enough to "
            "cover the budget gap this year.",
            "The finance ministry said the money raised from the bond sale was not sufficient to "
            "cover the budget gap this year.",
            True,
        ),
        # a synonym alone is as far apart, in context it is close
        (
            "Shares of the carmaker fell sharply on Tuesday after it warned of weaker demand in "
            "China, analysts said.",
            "Shares of the carmaker fell sharply on Tuesday after it warned of lower demand in "
            "China, analysts said.",
            True,
        ),
    ],
)
def test_a_thing_put_for_another_is_read_alone_by_meaning(a, b, linked):
    from claims import embedding

    first, second = prepare(1, a), prepare(2, b)
    assert matching.needs_meaning(first, second)
    first.meaning, second.meaning = embedding.embed([first.text, second.text])
    assert matching.meaning_similarity(first, second) >= matching.SWAP_MEANING_THRESHOLD
    assert (decide(first, second) is not None) is linked


def test_one_stretch_told_of_another_event_in_less_alike_sentences_is_read_by_meaning():
    from claims import embedding

    first = prepare(
        1,
        "Iran briefly detained Britain's ambassador in Tehran, Rob Macaire, at the funeral "
        "procession for Soleimani.",
    )
    second = prepare(
        2,
        "Iran briefly detained Britain's ambassador in Tehran, Rob Macaire, at a vigil for "
        "victims of the plane crash.",
    )
    assert fuzz.ratio(first.normalized, second.normalized) < matching.SWAP_FRAME_RATIO
    first.meaning, second.meaning = embedding.embed(
        [matching.meaning_text(first), matching.meaning_text(second)]
    )
    assert decide(first, second) is None


def test_a_synonym_or_a_spelling_put_for_a_word_is_no_other_fact():
    from claims import embedding

    a = prepare(
        1, "Brig. Gen. Esmail Ghaani was appointed to lead the Quds Force hours after the strike."
    )
    b = prepare(
        2, "Brigadier General Esmail Qaani was named to lead the Quds Force hours after the strike."
    )
    assert matching.words_put_for_others(a.tokens, b.tokens) == (set(), set())
    c = prepare(3, "Iran fired missiles at the base where US soldiers were stationed in Iraq.")
    d = prepare(4, "Iran fired missiles at the base where US troops were stationed in Iraq.")
    assert matching.words_put_for_others(c.tokens, d.tokens) == (set(), set())
    e = prepare(
        5, "Officials in Baghdad said the convoy was struck as it left the airport after midnight."
    )
    f = prepare(
        6, "Officials in Baghdad said the convoy was hit as it left the airport after midnight."
    )
    # "hit" / "struck" is on the desk's list of words put for one another.
    assert matching.words_put_for_others(e.tokens, f.tokens) == (set(), set())
    e.meaning, f.meaning = embedding.embed([e.text, f.text])
    assert decide(e, f).relation == "same"


def test_an_hour_alone_and_a_single_unit_are_values():
    assert _values_differing(
        "The airliner took off at 6:12 a.m., nearly three hours behind schedule.",
        "The airliner took off at 6:12 a.m., nearly an hour behind schedule.",
    ) == [("quantity", "nearly three hours", "an hour")]
    assert _values_differing(
        "The drone strike took place at around 3 a.m. local time on Friday.",
        "The drone strike took place at around 1 a.m. local time on Friday.",
    ) == [("time", "3 a.m.", "1 a.m.")]


def test_meaning_reads_no_disagreement_inside_one_article_nor_over_a_year_alone():
    # Two sentences of one analysis in the seeds: a detail and the average.
    detail = prepare(
        1,
        "The left half of the building shows a primary blast circle of approximately 17 m "
        "in radius, with an overall damage radius of approximately 25 m.",
    )
    average = prepare(2, "Finally, the average blast (damage) circle is estimated at 21 m.")
    assert matching.needs_meaning(detail, average)
    detail.source = average.source = 7
    assert not matching.needs_meaning(detail, average)
    detail.meaning = average.meaning = np.ones(4, dtype=np.float32) / 2
    assert decide(detail, average) is None

    war = prepare(
        3,
        "Soleimani's field presence in the Israeli war on Lebanon in 2006 made him a hero "
        "of the Resistance.",
    )
    isis = prepare(
        4,
        "Everyone in the Resistance knows how Soleimani led the fight against ISIS "
        "in Iraq in 2014.",
    )
    assert [d.kind for d in matching.compare_facts(war.facts, isis.facts)] == ["year"]
    war.meaning = isis.meaning = np.ones(4, dtype=np.float32) / 2
    assert not matching.needs_meaning(war, isis)
    assert decide(war, isis) is None


def test_a_generic_word_for_a_specific_one_is_no_other_fact_but_a_prefix_makes_another():
    person = prepare(1, "Neil Armstrong became the first person to walk on the moon in July 1969.")
    man = prepare(2, "Neil Armstrong became the first man to walk on the moon in July 1969.")
    woman = prepare(3, "Neil Armstrong became the first woman to walk on the moon in July 1969.")
    assert matching.words_put_for_others(person.tokens, man.tokens) == (set(), set())
    assert decide(person, man).relation == "same"
    assert matching.words_put_for_others(man.tokens, woman.tokens) == ({"man"}, {"woman"})
    assert decide(man, woman) is None
    final = prepare(
        4, "Real Betis beat Valencia 2-1 in the Copa del Rey final in Seville on Saturday."
    )
    semi = prepare(
        5, "Real Betis beat Valencia 2-1 in the Copa del Rey semifinal in Seville on Saturday."
    )
    assert decide(final, semi) is None
    assert decide(final, prepare(6, final.text.replace("final", "quarterfinal"))) is None
    # The prefix written apart: "semi-finals", "ex-husband".
    assert decide(final, prepare(7, final.text.replace("final", "semi-finals"))) is None
    husband = prepare(8, "Police said the husband of the singer was arrested at the scene.")
    assert decide(husband, prepare(9, husband.text.replace("husband", "ex-husband"))) is None


def test_a_name_put_for_a_word_in_the_same_words_is_read_by_meaning():
    from claims import embedding

    state = prepare(
        1,
        "Meta sued to block a Texas law that would bar the platform from removing posts, "
        "arguing it violates the First Amendment.",
    )
    federal = prepare(
        2,
        "Meta sued to block a federal law that would bar the platform from removing posts, "
        "arguing it violates the First Amendment.",
    )
    assert decide(state, federal).relation == "same"  # the wording alone links them
    assert matching.needs_meaning(state, federal)
    state.meaning, federal.meaning = embedding.embed([state.text, federal.text])
    assert decide(state, federal) is None
    # who said it, named at the start in other words, is no other thing
    agency = prepare(
        3,
        "The agency said the new strain was spreading rapidly in Congo and neighbouring countries.",
    )
    who = prepare(
        4, "The WHO said the new strain was spreading rapidly in Congo and neighbouring countries."
    )
    assert not matching.needs_meaning(agency, who)
    assert decide(agency, who).relation == "same"


def test_letters_that_end_another_word_are_no_spelling_of_it():
    stern = prepare(1, "The tanker ran aground with its stern stuck on the eastern sandbank.")
    bow = prepare(2, "The tanker ran aground with its bow stuck on the eastern sandbank.")
    assert matching.words_put_for_others(stern.tokens, bow.tokens) == ({"stern"}, {"bow"})
    defence = prepare(3, "The tanker ran aground near the defence ministry's eastern base.")
    defense = prepare(4, "The tanker ran aground near the defense ministry's eastern base.")
    assert matching.words_put_for_others(defence.tokens, defense.tokens) == (set(), set())


def test_how_a_quote_is_attributed_puts_no_word_for_another():
    said = prepare(1, '"We will respond to this crime," Soleimani\'s successor Esmail Qaani said.')
    warned = prepare(2, '"We will respond to this crime," General Qaani warned.')
    assert matching.words_put_for_others(said.tokens, warned.tokens) == ({"successor"}, set())
    assert not matching._words_swapped(
        said, warned, matching.words_put_for_others(said.tokens, warned.tokens)
    )


def test_what_was_chosen_and_what_was_passed_over_changing_places_is_another_fact():
    repair = prepare(
        1, "The council chose to repair the old bridge rather than build a new one, the mayor said."
    )
    build = prepare(
        2, "The council chose to build a new bridge rather than repair the old one, the mayor said."
    )
    assert matching.alternatives_swapped(repair.tokens, build.tokens) is not None
    assert decide(repair, build) is None
    # the same choice, the alternative told first
    fronted = prepare(
        3,
        "Rather than build a new bridge, the council chose to repair the old one, the mayor said.",
    )
    assert matching.alternatives_swapped(repair.tokens, fronted.tokens) is None
    instead = prepare(
        4,
        "The council chose to repair the old bridge instead of building a new one, the mayor said.",
    )
    assert matching.alternatives_swapped(repair.tokens, instead.tokens) is None
    assert decide(repair, instead).relation == "same"


def test_a_but_clause_only_one_side_sets_against_the_same_words_is_another_outcome():
    both = prepare(
        1,
        "All nine miners and their foreman were rescued on Sunday from the flooded coal pit in "
        "Shanxi province, state media reported.",
    )
    one = prepare(
        2,
        "All nine miners were rescued on Sunday from the flooded coal pit in Shanxi province, "
        "but their foreman is missing, state media reported.",
    )
    assert matching.contrast_added(both, one) is not None
    assert decide(both, one) is None
    # "But" opening a sentence sets nothing against
    opening = prepare(3, "But " + both.text)
    assert matching.contrast_added(both, opening) is None
    assert decide(both, opening).relation == "same"


def test_institutions_sharing_a_generic_word_of_their_names_are_other_actors():
    india = prepare(
        1, "India's Supreme Court ruled on Monday that the ban on the film was unconstitutional."
    )
    kerala = prepare(
        2, "Kerala's Court of Appeal ruled on Monday that the ban on the film was unconstitutional."
    )
    assert [d.kind for d in matching.compare_names(india.tokens, kerala.tokens, True)] == ["name"]
    assert decide(india, kerala) is None
    # one court, one name more on one side
    same = prepare(
        3, "The Indian Supreme Court ruled on Monday that the ban on the film was unconstitutional."
    )
    assert decide(india, same).relation == "same"


def test_a_country_and_its_adjective_are_one_name():
    noun = prepare(
        1,
        "Britain's Prime Minister Theresa May announced her resignation on Friday in Downing "
        "Street.",
    )
    adjective = prepare(
        2,
        "British Prime Minister Theresa May announced her resignation on Friday in Downing Street.",
    )
    assert matching.compare_names(noun.tokens, adjective.tokens, True) == []
    assert decide(noun, adjective).relation == "same"


def test_a_third_before_a_noun_is_an_ordinal_not_a_share():
    assert _values_differing(
        "Celtic won the Scottish league title for a fourth consecutive season on Sunday.",
        "Celtic won the Scottish league title for a third consecutive season on Sunday.",
    ) == [("quantity", "fourth consecutive", "third consecutive")]
    assert _values_differing(
        "The company cut its workforce by a third, the union said on Sunday.",
        "The company cut its workforce by a quarter, the union said on Sunday.",
    ) == [("quantity", "a third", "a quarter")]


def test_a_race_time_on_a_clock_and_written_out_compare():
    assert _values_differing(
        "Kipchoge lowered the marathon world record to 2:01:09 in Berlin on Sunday.",
        "Kipchoge lowered the marathon world record to 2 hours, 1 minute and 39 seconds in "
        "Berlin on Sunday.",
    ) == [("quantity", "2:01:09", "2 hours, 1 minute and 39 seconds")]
    assert (
        _values_differing(
            "Kipchoge lowered the marathon world record to 2:01:09 in Berlin on Sunday.",
            "Kipchoge lowered the marathon world record to 2 hours, 1 minute and 9 seconds in "
            "Berlin on Sunday.",
        )
        == []
    )


def test_someone_named_by_who_they_are_to_a_person_both_name_is_another_person():
    leader = prepare(
        1,
        "A court in Lima convicted former Peruvian president Alberto Fujimori of ordering "
        "the killings of 25 people.",
    )
    brother = prepare(
        2,
        "A court in Lima convicted the brother of former Peruvian president Alberto Fujimori "
        "of ordering the killings of 25 people.",
    )
    assert matching.relation_added(leader, brother) is not None
    assert decide(leader, brother) is None
    # someone the person has about them, after the name
    golfer = prepare(
        5,
        "Scottie Scheffler was handcuffed and detained by police outside Valhalla before the "
        "second round of the PGA Championship.",
    )
    caddie = prepare(
        6,
        "Scottie Scheffler's caddie was handcuffed and detained by police outside Valhalla "
        "before the second round of the PGA Championship.",
    )
    assert matching.relation_added(golfer, caddie) is not None
    assert decide(golfer, caddie) is None
    # a title after the name is the same person's
    said = prepare(3, '"We will appeal the ruling," company spokesman Michael Mudd said on Friday.')
    titled = prepare(
        4, '"We will appeal the ruling," said Michael Mudd, spokesman for the company, on Friday.'
    )
    assert matching.relation_added(said, titled) is None


def test_a_numbered_game_is_a_rank_and_shots_are_strokes():
    assert _values_differing(
        "Gukesh won the world title by winning game 14 of his match against Ding Liren.",
        "Gukesh won the world title by winning the 13th game of his match against Ding Liren.",
    ) == [("quantity", "game 14", "13th game")]
    assert _values_differing(
        "Schauffele won the Open at Royal Troon by two strokes on Sunday.",
        "Schauffele won the Open at Royal Troon by three shots on Sunday.",
    ) == [("quantity", "two strokes", "three shots")]


def test_a_bound_both_state_of_something_unnamed_is_set_aside_for_the_count_left():
    assert _values_differing(
        "The stampede at the funeral killed 56 people and injured more than 200.",
        "State media said 40 mourners died and more than 200 were hurt in the funeral stampede.",
    ) == [("quantity", "56 people", "40 mourners")]
    # a bound of other things named on both sides is no count both state
    assert (
        _values_differing(
            "The fire killed at least 100 people, the deadliest in more than a century.",
            "With at least 115 dead, the fire was the deadliest in over 100 years.",
        )
        != []
    )


def test_one_longer_stretch_put_for_another_is_read_by_meaning_too():
    from claims import embedding

    accounts = prepare(
        1,
        "Norway's parliament passed a law on Thursday banning children under 15 from opening "
        "social media accounts without consent.",
    )
    phones = prepare(
        2,
        "Norway's parliament passed a law on Thursday banning children under 15 from using "
        "mobile phones in schools without consent.",
    )
    lonely = matching.words_put_for_others(accounts.tokens, phones.tokens)
    assert sum(map(len, lonely)) > matching.SWAPPED_WORDS
    assert decide(accounts, phones).relation == "same"  # the wording alone links them
    assert matching.needs_meaning(accounts, phones)
    accounts.meaning, phones.meaning = embedding.embed([accounts.text, phones.text])
    assert decide(accounts, phones) is None


def test_a_number_word_or_a_weekday_opening_a_sentence_is_a_value_not_a_name():
    assert _values_differing(
        "Three of the four strings of the pipeline were damaged in the September 2022 blasts.",
        "Two of the four strings of the pipeline were damaged in the September 2022 blasts.",
    ) == [("quantity", "Three", "Two")]
    sunday = prepare(1, "Iran announced on Sunday that it would no longer observe the limits.")
    monday = prepare(2, "Iran announced on Monday that it would no longer observe the limits.")
    decision = decide(sunday, monday)
    assert decision.relation == "conflict"
    assert [d["kind"] for d in decision.explanation["differences"]] == ["weekday"]


def test_a_bound_on_a_value_is_no_event_and_a_moved_first_word_no_name():
    opened = prepare(1, "Brent crude surged almost 20 percent when trading opened on Monday.")
    close = prepare(2, "Brent crude surged close to 10 percent when trading began on Monday.")
    assert matching.compare_events(opened.tokens, close.tokens, frame=False) == []
    # "more than markets had expected" is no bound on a value
    more = prepare(3, "The ECB raised rates by 50 basis points, more than markets had expected.")
    less = prepare(4, "The ECB raised rates by 50 basis points, less than markets had expected.")
    assert matching.compare_events(more.tokens, less.tokens) != []
    landslides = prepare(
        5, "Landslides in Wayanad have killed 215 people, officials said on Friday."
    )
    officials = prepare(
        6, "Officials put the number of people killed in the Wayanad landslides at 308 on Friday."
    )
    assert matching.compare_names(landslides.tokens, officials.tokens, sentence_start=True) == []


def test_one_subject_doing_a_thing_and_having_it_done_is_another_fact():
    beaten = prepare(
        1,
        "Leinster were beaten 27-24 by Toulouse in the Champions Cup final in Dublin on Saturday.",
    )
    beat = prepare(
        2, "Leinster beat Toulouse 27-24 in the Champions Cup final in Dublin on Saturday."
    )
    assert matching.voice_turned(beaten.tokens, beat.tokens) is not None
    assert decide(beaten, beat) is None
    # The doer first in the active sentence: the same fact.
    same = prepare(
        3, "Toulouse beat Leinster 27-24 in the Champions Cup final in Dublin on Saturday."
    )
    assert matching.voice_turned(beaten.tokens, same.tokens) is None
    # A participle with its doer is as passive: "The summit, hosted by …".
    hosted = prepare(4, "The summit was hosted by Egypt in the resort of Sharm el-Sheikh.")
    reduced = prepare(
        5, "The summit, hosted by Egypt, took place in the resort of Sharm el-Sheikh."
    )
    assert matching.voice_turned(hosted.tokens, reduced.tokens) is None


def test_a_number_sign_after_a_word_is_a_rank_of_it():
    sign = prepare(1, "The golfer won major No. 6 with a birdie on the final hole at Augusta.")
    assert (6.0, "rank of major") in [(f.low, f.key) for f in sign.facts]
    seventh = prepare(
        2, "The golfer won his seventh major title with a birdie on the final hole at Augusta."
    )
    decision = decide(sign, seventh)
    assert decision is not None and decision.relation == "conflict"


def test_half_a_dozen_is_six_not_a_half():
    six = prepare(1, "Six miners were trapped underground after the shaft flooded on Friday.")
    half_dozen = prepare(
        2, "Half a dozen miners were trapped underground after the shaft flooded on Friday."
    )
    assert (6.0, "miner") in [(f.low, f.key) for f in half_dozen.facts]
    assert matching.compare_facts(six.facts, half_dozen.facts) == []
    seven = prepare(3, "Seven miners were trapped underground after the shaft flooded on Friday.")
    assert [d.kind for d in matching.compare_facts(seven.facts, half_dozen.facts)] == ["quantity"]


def test_three_quarters_of_a_point_is_an_amount_of_points_not_a_share():
    facts = prepare(1, "The Fed raised rates by three-quarters of a percentage point.").facts
    assert [(f.key, f.low) for f in facts] == [(matching.PERCENTAGE_POINTS, 0.75)]


def test_a_fixed_holiday_is_a_date_and_onshore_is_not_offshore():
    assert _values_differing(
        "Protesters stormed the embassy compound in Baghdad on December 31, police said.",
        "Protesters stormed the embassy compound in Baghdad on New Year's Day, police said.",
    ) == [("date", "December 31", "New Year's Day")]
    onshore = prepare(
        1, "The company agreed to sell its Nigerian onshore oil business to a consortium."
    )
    offshore = prepare(
        2, "The company agreed to sell its Nigerian offshore oil business to a consortium."
    )
    assert decide(onshore, offshore) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Hurricane Ian made landfall near Cayo Costa, Florida, as a Category 4 storm on "
            "Wednesday.",
            "Hurricane Ian made landfall near Cayo Costa, Fla., as a Category 4 storm on "
            "Wednesday.",
        ),
        # Two abbreviations side by side, each of its own word.
        (
            "Wildfires forced about 4,000 people from their homes near Boulder, Colo., Gov. "
            "Jared Polis said on Thursday.",
            "Wildfires forced about 4,000 people from their homes near Boulder, Colorado, "
            "Governor Jared Polis said on Thursday.",
        ),
        (
            "Paris Saint-Germain completed the signing of the striker from Barcelona on Thursday.",
            "Paris St-Germain completed the signing of the striker from Barcelona on Thursday.",
        ),
        (
            "The central bank cut its key interest rate by half a percentage point on Wednesday.",
            "The central bank cut its benchmark interest rate by half a percentage point on "
            "Wednesday.",
        ),
    ],
)
def test_a_name_abbreviated_with_its_letters_in_order_is_the_same_name(a, b):
    first, second = prepare(1, a), prepare(2, b)
    assert matching.compare_names(first.tokens, second.tokens, True) == []
    assert matching.words_put_for_others(first.tokens, second.tokens) == (set(), set())
    assert decide(first, second).relation == "same"


def test_two_things_trading_places_in_either_number_is_another_fact():
    a = prepare(
        1, "The rocket attack killed a civilian contractor and wounded several service members."
    )
    b = prepare(
        2, "The rocket attack killed a service member and wounded several civilian contractors."
    )
    assert matching.things_swapped(a.tokens, b.tokens) is not None
    assert decide(a, b) is None


def test_a_negating_prefix_against_a_negation_in_words_and_a_head_for_a_commander():
    unfunded = prepare(
        3, "The budget contained £45 billion of unfunded tax cuts, sending the pound lower."
    )
    no_funding = prepare(
        4,
        "The budget contained £60 billion of tax cuts with no funding plan, sending the pound "
        "lower.",
    )
    lonely = matching.words_put_for_others(unfunded.tokens, no_funding.tokens)
    assert not matching._prefixed_word_put(unfunded.tokens, no_funding.tokens, lonely)
    assert decide(unfunded, no_funding).relation == "conflict"
    commander = prepare(
        1,
        "Khamenei appointed Esmail Qaani as the new commander of the Quds Force, state media said.",
    )
    head = prepare(
        2, "Khamenei appointed Esmail Qaani as the new head of the Quds Force, state media said."
    )
    assert matching.words_put_for_others(commander.tokens, head.tokens) == (set(), set())
    assert decide(commander, head).relation == "same"


def test_older_years_a_hyphened_rank_and_a_round_in_words():
    assert _values_differing(
        "Lehman Brothers, founded in 1850, filed for bankruptcy on Monday.",
        "Lehman Brothers, founded in 1844, filed for bankruptcy on Monday.",
    ) == [("year", "1850", "1844")]
    assert _values_differing("1850 troops arrived.", "1844 troops arrived.") != [
        ("year", "1850", "1844")
    ]
    assert _values_differing(
        "The lender was the 16th-largest U.S. bank.", "The lender was the 18th-largest U.S. bank."
    ) == [("quantity", "16th-largest", "18th-largest")]
    assert _values_differing(
        "Dubois knocked out Joshua in the fifth round at Wembley.",
        "Dubois stopped Joshua in round four at Wembley.",
    ) == [("quantity", "fifth round", "round four")]


@pytest.mark.parametrize(
    ("a", "b", "mine", "theirs"),
    [
        # Both may hold, yet two outlets state two figures for one count.
        (
            "Iran fired at least 10 missiles at the Ain al-Asad airbase in western Iraq.",
            "Iran fired 16 missiles at the Ain al-Asad airbase in western Iraq.",
            "at least 10 missiles",
            "16 missiles",
        ),
        (
            "More than 40 firefighters were treated for smoke inhalation after the warehouse "
            "fire in Leeds, the fire service said.",
            "The fire service said 75 crew members were treated for smoke inhalation after "
            "the Leeds warehouse blaze.",
            "More than 40 firefighters",
            "75 crew",
        ),
        # The nouns do not line up, the figures still differ.
        (
            "The storm sank six fishing boats and killed five crew off the Breton coast.",
            "The storm sank five fishing vessels and killed five crew off the Breton coast.",
            "six fishing boats",
            "five fishing vessels",
        ),
        # "a week" is a span of time, not an article
        (
            "The government declared three days of national mourning after the ferry sank off "
            "the coast of Zanzibar.",
            "A week of national mourning was declared by the government after the ferry sank "
            "off the coast of Zanzibar.",
            "three days",
            "A week",
        ),
    ],
)
def test_other_figures_for_one_fact_are_a_conflict_never_a_duplicate(a, b, mine, theirs):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "conflict"
    differences = decision.explanation["differences"]
    assert [(d["kind"], d["a"], d["b"]) for d in differences] == [("figures", mine, theirs)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The ceasefire ended a war that lasted a decade and displaced millions.",
            "The ceasefire ended a ten-year war that displaced millions.",
        ),
        (
            "Police said the victim, a 47-year-old teacher from Lyon, died at the scene.",
            "The victim, a teacher aged 47 from Lyon, died at the scene, police said.",
        ),
        (
            "The Senate confirmed the nominee by a vote of 51-49 on Thursday.",
            "On Thursday the Senate confirmed the nominee, with 51 votes in favour and 49 against.",
        ),
        (
            "The central bank raised its main rate by a quarter of a percentage point.",
            "The central bank raised its main rate by a quarter-point.",
        ),
        (
            "Officials said two-thirds of the town's homes were damaged by the storm.",
            "Officials said 67% of the town's homes were damaged by the storm.",
        ),
        (
            "Three hundred and twelve passengers were rescued from the ferry, "
            "the coast guard said.",
            "The coast guard said 312 passengers were rescued from the ferry.",
        ),
    ],
)
def test_one_figure_written_two_ways_is_no_conflict(a, b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "same"
    assert decision.explanation["differences"] == []


def test_another_model_number_in_the_same_words_is_another_fact():
    assert (
        _pair(
            "Regulators grounded 65 Airbus A321 jets after an engine fault on a flight to Lisbon.",
            "Regulators grounded 65 Airbus A320 jets after an engine fault on a flight to Lisbon.",
        )
        is None
    )
    assert (
        _pair(
            "The airline grounded its 40 Boeing 737 MAX 8 jets after the crash near Nairobi.",
            "The airline grounded its 40 Boeing 737 MAX 9 jets after the crash near Nairobi.",
        )
        is None
    )


def test_a_number_that_names_something_else_elsewhere_is_no_other_model():
    a = prepare(1, "The COVID-19 vaccine was 90% effective in late-stage trials in Brazil.")
    b = prepare(2, "The vaccine was 90% effective in the phase 3 trials in Brazil, its maker said.")
    assert matching.identifiers_apart(a, b) is False


def test_a_verb_put_for_another_after_the_subject_is_no_other_subject():
    # "rose" / "climbed" right after the subject is read as a verb, by its
    # meaning, not as another actor.
    a = prepare(1, "Brent crude futures rose above $120 a barrel as supply fears mounted.")
    b = prepare(2, "Brent crude futures climbed above $120 a barrel as supply fears mounted.")
    assert matching._one_thing_swapped(a.tokens, b.tokens) is None
    a = prepare(1, "The Iraqi government condemned the drone strike near the airport on Sunday.")
    b = prepare(2, "The Iraqi parliament condemned the drone strike near the airport on Sunday.")
    assert matching._one_thing_swapped(a.tokens, b.tokens) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The ministry admitted that the air strike in the village killed six civilians.",
            "The ministry denied that the air strike in the village killed six civilians.",
        ),
        (
            "The central bank extended its bond-buying programme on Thursday, as expected.",
            "The central bank ended its bond-buying programme on Thursday, as expected.",
        ),
        (
            "Dock workers called a strike at the port of Antwerp over pay and pensions.",
            "Dock workers called off a strike at the port of Antwerp over pay and pensions.",
        ),
        (
            "The government banned exports of non-basmati rice to keep domestic prices down.",
            "The government banned exports of basmati rice to keep domestic prices down.",
        ),
    ],
)
def test_an_undone_or_denied_event_is_another_fact(a, b):
    assert _pair(a, b) is None


def test_non_binding_written_as_one_word_is_the_same_word():
    decision = _pair(
        "The assembly passed a nonbinding motion calling for new elections within a year.",
        "The assembly passed a non-binding motion calling for new elections within a year.",
    )
    assert decision is not None
    assert decision.relation == "same"


def test_the_stem_of_denied_is_deny():
    assert matching._stem("denied") == matching._stem("denies") == matching._stem("deny")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The union signed a four-and-a-half-year contract with the carmaker.", 4.5, "year"),
        ("He served a year and a half in prison before his release.", 1.5, "year"),
        ("The talks lasted two and a half days in Geneva.", 2.5, "day"),
        ("The officer was sentenced to 22 1/2 years in prison.", 22.5, "year"),
        ("The officer was sentenced to 22½ years in prison.", 22.5, "year"),
    ],
)
def test_and_a_half_in_words(text, value, unit):
    facts = [f for f in matching.extract_facts(text) if f.kind == "quantity"]
    assert [(f.value, f.key) for f in facts] == [(value, unit)]


def test_a_negation_on_one_side_may_turn_an_opposite_round():
    # "killed" / "none ... alive" say one thing; "killed" / "alive" do not.
    assert (
        matching.compare_events(
            prepare(
                1, "All 150 people on board were killed when the jet crashed in the Alps."
            ).tokens,
            prepare(2, "The jet crashed in the Alps, leaving none of the 150 aboard alive.").tokens,
            negations=False,
            frame=False,
        )
        == []
    )
    assert (
        _pair(
            "A blast at the coal mine near Greymouth killed 12 miners on Friday.",
            "A blast at the coal mine near Greymouth left 12 miners trapped but alive on Friday.",
        )
        is None
    )


def test_beat_after_the_subject_is_a_verb():
    a = prepare(1, "Coco Gauff beat Aryna Sabalenka in three sets to win the US Open title.")
    b = prepare(2, "Coco Gauff defeated Aryna Sabalenka in three sets to win the US Open title.")
    assert matching._one_thing_swapped(a.tokens, b.tokens) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "OPEC+ agreed to cut its oil output by two million barrels a day from November.",
            "OPEC+ agreed to cut its oil production by two million barrels a day from November.",
        ),
        (
            "The index closed at a record on Friday, surpassing its 2021 peak for the first time.",
            "The index closed at a record on Friday, topping its 2021 peak for the first time.",
        ),
        (
            "The carmaker has reached a deal to buy its rival for about $8 billion, the company "
            "announced Monday.",
            "The carmaker has struck a deal to buy its rival for about $8 billion, the company "
            "announced Monday.",
        ),
        (
            "The prime minister told parliament he had been due to meet the envoy on the morning "
            "of the attack.",
            "The prime minister told parliament he had been scheduled to meet the envoy on the "
            "morning of the attack.",
        ),
        (
            "The carmaker said it would build a second battery plant in Ohio by 2027.",
            "The carmaker said it would build a second battery factory in Ohio by 2027.",
        ),
        (
            "Syria's military said in a statement that the convoy had been hit by mistake.",
            "Syria's armed forces said in a statement that the convoy had been hit by mistake.",
        ),
    ],
)
def test_words_a_desk_puts_for_one_another_are_the_same_claim(a, b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "same"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The army chief of staff, General Mark Milley, said the strike had been lawful.",
            "The defence secretary, Mark Esper, said the strike had been lawful.",
        ),
        (
            "The drug agency's panel recommended approving the vaccine for under-12s.",
            "The drug agency's panel recommended against approving the vaccine for under-12s.",
        ),
        (
            "Ahmed Karimi was named commander of the border guard after his death.",
            "Ahmed Karimi was named deputy commander of the border guard after his death.",
        ),
        (
            "The central bank said it would buy long-dated bonds to calm the market.",
            "The central bank said it would buy short-dated bonds to calm the market.",
        ),
    ],
)
def test_another_person_post_or_side_in_the_same_words_is_another_fact(a, b):
    assert _pair(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param(
            "She set a marathon world record of 2:11:53 in Berlin in September 2023.",
            "Running two hours, one minute and nine seconds, she set a marathon world record in "
            "Berlin in September 2023.",
            "conflict",
            id="a race time written out is one value against the clock",
        ),
        pytest.param(
            "Acme Chief Executive Jane Doe said the company had made mistakes in handling "
            "customer data.",
            "Acme CEO Jane Doe said the company had made mistakes in handling customer data.",
            "same",
            id="CEO is chief executive",
        ),
        pytest.param(
            "The central bank kept its key rate at 4 percent on Thursday, the finance ministry "
            "said.",
            "The central bank kept its key rate at 4 percent on Thursday, a finance ministry "
            "spokesman told reporters at a news conference.",
            "same",
            id="who told it and how is no clause more",
        ),
        pytest.param(
            "Protesters blocked the main road to the airport for six hours on Tuesday, demanding "
            "new elections.",
            "Demonstrators blocked the main road to the airport for six hours on Tuesday, "
            "demanding new elections.",
            "same",
            id="a common word capitalised first is no name",
        ),
    ],
)
def test_one_pair_is_read_as(a, b, relation):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == relation


def test_a_fifth_round_knockout_is_a_rank_not_a_fifth():
    facts = matching.extract_facts("He won by a fifth-round knockout at Wembley.")
    assert all(f.qualifier != "fraction" for f in facts)
    (share,) = matching.extract_facts("Exports fell by a fifth last year.")
    assert (share.qualifier, share.low) == ("fraction", 20.0)


def test_all_against_only_is_another_fact():
    assert (
        _pair(
            "Regulators closed the lender on Sunday and said all of its depositors would be "
            "repaid in full.",
            "Regulators closed the lender on Sunday and said only its insured depositors would "
            "be repaid in full.",
        )
        is None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Before the attack, the gunman shot and killed his mother at their home in the town.",
            "Before the attack, the gunman shot and killed his father at their home in the town.",
        ),
        (
            "The minister said the country had sought only partial sanctions relief at the summit.",
            "The minister said the country had sought full sanctions relief at the summit.",
        ),
        (
            "In 2010 the court upheld the city's handgun ban, ruling that the law protects only "
            "a collective right.",
            "In 2010 the court struck down the city's handgun ban, ruling that the law protects "
            "an individual right.",
        ),
    ],
)
def test_another_relative_extent_or_ruling_is_another_fact(a, b):
    assert _pair(a, b) is None


def test_kin_words_in_reworded_sentences_are_no_opposites():
    assert (
        matching.compare_events(
            prepare(
                1, "His sister-in-law works with the senator's brother, the paper said."
            ).tokens,
            prepare(
                2, "The senator's brother worked with a relative of his, a sister-in-law."
            ).tokens,
            frame=False,
        )
        == []
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The supreme leader said in a televised speech that the strikes were only a first "
            "response.",
            "The supreme leader said in a televised address that the strikes were only a first "
            "response.",
        ),
        (
            "The transport minister quit on Friday after the report into the crash was published.",
            "The transport minister resigned on Friday after the report into the crash was "
            "published.",
        ),
        (
            "The carmaker unveiled plans to close two plants in the Midlands by the end of 2027.",
            "The carmaker revealed plans to close two plants in the Midlands by the end of 2027.",
        ),
    ],
)
def test_a_word_english_puts_for_another_is_the_same_claim(a, b):
    decision = _pair(a, b)
    assert decision is not None
    assert decision.relation == "same"


def test_a_spelling_of_a_word_begins_like_it():
    assert matching._same_word("defence", "defense")
    assert matching._same_word("board", "aboard")
    assert not matching._same_word("president", "residenc")


def test_an_adverb_or_a_preposition_swapped_is_no_other_actor():
    for sentence, word, other in [
        ("Rescuers searched frantically through the rubble", "frantically", "desperately"),
        ("Heavy rain fell across the northern provinces", "across", "throughout"),
        ("Rebel militants seized the border crossing", "militants", "fighters"),
        ("Government forces regained the town", "regained", "retook"),
    ]:
        a = prepare(1, sentence + " on Sunday.")
        b = prepare(2, sentence.replace(word, other) + " on Sunday.")
        assert matching._one_thing_swapped(a.tokens, b.tokens) is None, word


def test_a_rank_with_its_tens_in_words():
    first, second = (
        prepare(1, "She won her twenty-third Grand Slam title in Melbourne."),
        prepare(2, "She won her 23rd Grand Slam title in Melbourne."),
    )
    assert [(f.key, f.low) for f in first.facts] == [(f.key, f.low) for f in second.facts]
    assert [(f.key, f.low) for f in prepare(3, "the thirty-fifth birthday").facts] == [
        ("rank of birthday", 35.0)
    ]
