"""Numbers in sentences: table-driven, including what must not parse."""

from __future__ import annotations

from datetime import date

import pytest

from claims.quantities import parse_quantities, shares

Q = tuple  # (text, low, high, unit, qualifier, kind)

CASES = [
    (
        "around 15 to 16 missiles were fired",
        ("15 to 16 missiles", 15, 16, "missiles", "range", "number"),
    ),
    (
        "with at least 10 missiles fired from",
        ("at least 10 missiles", 10, None, "missiles", "at_least", "number"),
    ),
    (
        "a distance of approximately 425 km from",
        ("approximately 425 km", 425, 425, "km", "about", "measure"),
    ),
    (
        "a length of approximately 3,990 m.",
        ("approximately 3,990 m", 3990, 3990, "m", "about", "measure"),
    ),
    ("a runway of 3,990 m.", ("3,990 m", 3990, 3990, "m", "exactly", "measure")),
    (
        "a total area size of approximately 63 km2 and",
        ("approximately 63 km2", 63, 63, "km2", "about", "measure"),
    ),
    (
        "a total of nine separate missile impact strikes within",
        ("nine separate missile impact strikes", 9, 9, "strikes", "exactly", "number"),
    ),
    (
        "it killed (120) operations commanders",
        ("(120) operations commanders", 120, 120, "commanders", "exactly", "number"),
    ),
    ("between 50 to 60 were hurt", ("50 to 60", 50, 60, "", "range", "number")),
    ("between 50 and 60 were hurt", ("50 and 60", 50, 60, "", "range", "number")),
    ("80 percent of Syria's territory", ("80 percent", 80, 80, "percent", "exactly", "percent")),
    ("80% of Syria's territory", ("80%", 80, 80, "percent", "exactly", "percent")),
    ("two-thirds of the seats", ("two-thirds", 66.67, 66.67, "percent", "exactly", "percent")),
    ("there were dozens of injured", ("dozens of injured", 24, 99, "injured", "vague", "number")),
    (
        "tens of thousands of mercenaries",
        ("tens of thousands of mercenaries", 20_000, None, "mercenaries", "vague", "number"),
    ),
    ("the mean is 11 m and the median 7 m", ("11 m", 11, 11, "m", "exactly", "measure")),
    ("a spread of 8.5 m", ("8.5 m", 8.5, 8.5, "m", "exactly", "measure")),
    ("a non-stop 30-hour flight", ("30-hour", 30, 30, "hours", "exactly", "duration")),
    (
        "Hezbollah lost 23 officers buried at the hill",
        ("23 officers", 23, 23, "officers", "exactly", "number"),
    ),
    ("since it was blocked in 2012.", ("2012", 2012, 2012, "", "exactly", "year")),
    ("it cost $2.5 billion", ("$2.5 billion", 2.5e9, 2.5e9, "USD", "exactly", "money")),
    (
        "more than 70 films on training",
        ("more than 70 films", 70, None, "films", "at_least", "number"),
    ),
    (
        "infections topped four hundred thousand in a day",
        ("four hundred thousand", 400_000, 400_000, "", "exactly", "number"),
    ),
    (
        "the toll passed one hundred thousand deaths",
        ("one hundred thousand deaths", 100_000, 100_000, "deaths", "exactly", "number"),
    ),
    (
        "the company handed over 1.31 million cars to customers",
        ("1.31 million cars", 1_310_000, 1_310_000, "cars", "exactly", "number"),
    ),
    (
        "the perimeter grew from 21 km to 34 km",
        ("21 km to 34 km", 21, 34, "km", "range", "measure"),
    ),
    # a count of dozens; temperatures, but no aircraft's name
    (
        "when about a dozen rockets slammed into the base",
        ("about a dozen rockets", 12, 12, "rockets", "about", "number"),
    ),
    (
        "more than a dozen ballistic missiles were fired",
        ("more than a dozen ballistic missiles", 12, None, "missiles", "at_least", "number"),
    ),
    (
        "a half-dozen miners were trapped",
        ("a half-dozen miners", 6, 6, "miners", "exactly", "number"),
    ),
    # a count of times in one word
    ("he was knocked down twice", ("twice", 2, 2, "times", "exactly", "number")),
    ("the price rose more than twice", ("more than twice", 2, None, "times", "at_least", "number")),
    ("temperatures were 1.6C above", ("1.6C", 1.6, 1.6, "°C", "exactly", "measure")),
    ("it was 45 degrees Celsius", ("45 degrees Celsius", 45, 45, "°C", "exactly", "measure")),
    ("the thermometer read 104F", ("104F", 104, 104, "°F", "exactly", "measure")),
    ("the air force sold 25 F-35 jets", ("25", 25, 25, "", "exactly", "number")),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_parses_the_first_quantity_of(sentence, expected):
    text, low, high, unit, qualifier, kind = expected
    first = parse_quantities(sentence)[0]
    assert first.text == text
    assert sentence[first.start : first.end] == first.text
    assert first.low == pytest.approx(low)
    if high is None:
        assert first.high is None or expected[4] == "vague"
    else:
        assert first.high == pytest.approx(high)
    assert (first.unit, first.qualifier, first.kind) == (unit, qualifier, kind)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("It happened on January 3, 2020, at night.", "January 3, 2020", date(2020, 1, 3)),
        (
            "on the 8th of January 2020 as a retaliation",
            "the 8th of January 2020",
            date(2020, 1, 8),
        ),
        ("Date: 15 February 2021", "15 February 2021", date(2021, 2, 15)),
        ("reported on 2020-01-07 by", "2020-01-07", date(2020, 1, 7)),
    ],
)
def test_full_dates_are_their_own_kind(sentence, text, value):
    (quantity,) = [q for q in parse_quantities(sentence) if q.kind == "date"]
    assert (quantity.text, quantity.date_value) == (text, value)


def test_a_time_of_day_is_parsed_as_time():
    (quantity,) = parse_quantities("Baghdad airport, 00:52 am.")
    assert (quantity.text, quantity.kind, quantity.low) == (
        "00:52 am",
        "time",
        pytest.approx(52 / 60, abs=1e-3),
    )


@pytest.mark.parametrize(
    ("sentence", "text", "seconds"),
    [
        ("Kipchoge won the marathon in 2:01:09 on Sunday.", "2:01:09", 7269),
        ("She ran the mile in 4:07:31.5, a record.", "4:07:31.5", 14851.5),
        (
            "He set a record of 2 hours, 1 minute and 39 seconds in Berlin.",
            "2 hours, 1 minute and 39 seconds",
            7299,
        ),
        ("The siege lasted 2 hours and 30 minutes.", "2 hours and 30 minutes", 9000),
        ("He finished in 3 minutes 43.13 seconds.", "3 minutes 43.13 seconds", 223.13),
    ],
)
def test_a_clock_time_or_one_written_out_is_one_duration_in_seconds(sentence, text, seconds):
    (quantity,) = parse_quantities(sentence)
    assert (quantity.text, quantity.kind, quantity.unit) == (text, "duration", "seconds")
    assert quantity.low == quantity.high == pytest.approx(seconds)


def test_minutes_alone_stay_minutes_and_a_time_of_day_stays_a_time():
    assert [
        (q.text, q.kind, q.unit) for q in parse_quantities("The flight lasted 45 minutes.")
    ] == [("45 minutes", "duration", "minutes")]
    assert [(q.text, q.kind) for q in parse_quantities("The ceasefire began at 10:30.")] == [
        ("10:30", "time")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "He came in the 2nd row.",
        "It was the 8th attempt.",
        "Call +1 202 555 0143 for details.",
        "Call 555-0143 now.",
        "1. The Iranians intentionally targeted some sites.",
        "Crater impact nr. 1 is the first.",
        "Two B-52 bombers and MQ-9 drones and COVID-19.",
        "A regular Cham Wings Airbus A320 flight.",
        "Site number 3 contains tents.",
        "See Figure 2 below.",
        "Up to 4.55 minutes of the speech.",
    ],
)
def test_it_does_not_take_ordinals_codes_phones_or_list_numbers_for_quantities(sentence):
    values = [(q.text, q.kind) for q in parse_quantities(sentence) if q.kind not in {"date"}]
    assert all(kind != "number" or text.lower() in {"two"} for text, kind in values), values


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Iraq’s parliament voted on January 5 to expel foreign troops.", "January 5"),
        ("Esper called him on December 28 and informed him.", "December 28"),
    ],
)
def test_a_day_of_a_month_without_a_year_is_a_date_with_unknown_year(sentence, text):
    (quantity,) = parse_quantities(sentence)
    assert (quantity.text, quantity.kind, quantity.date_value) == (text, "date", None)


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("Only one in nine of the strikes missed.", 11.11),
        ("One out of every four troops was injured.", 25.0),
        ("82 out of 176 victims were Iranian.", 46.59),
        ("Roughly one in a hundred shells failed.", 1.0),
    ],
)
def test_a_share_stated_as_n_in_m_is_read_as_a_percentage(text, percent):
    ((_, _, value),) = shares(text)
    assert value == percent


def test_one_in_a_place_or_in_one_is_no_share():
    assert shares("The strike killed one in Baghdad and one in one car.") == []


def test_a_single_thing_as_many_as_and_a_span_over_years():
    assert [(q.text, q.low) for q in parse_quantities("A single missile was fired.")] == [
        ("A single missile", 1.0)
    ]
    (bound,) = parse_quantities("As many as 383 million guest records were stolen.")
    assert (bound.qualifier, bound.high) == ("at_most", 383_000_000)
    (span,) = parse_quantities("The contract is spread over 13 years.")
    assert (span.text, span.qualifier, span.low) == ("13 years", "exactly", 13.0)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Meta was hit with a record €1.2bn penalty.", "€1.2bn", 1.2e9, "EUR"),
        ("Microsoft will pay $68.7 bn in cash.", "$68.7 bn", 68.7e9, "USD"),
        ("The club paid a £3.5m fee.", "£3.5m", 3.5e6, "GBP"),
        ("Some 1.4bn people live in India.", "Some 1.4bn people", 1.4e9, "people"),
    ],
)
def test_abbreviated_scales_multiply_the_value(sentence, text, value, unit):
    (quantity,) = parse_quantities(sentence)
    assert (quantity.text, quantity.low, quantity.unit) == (text, value, unit)


def test_m_without_a_currency_is_still_metres():
    assert [(q.text, q.low, q.unit) for q in parse_quantities("The wall is 5m high.")] == [
        ("5m", 5.0, "m")
    ]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Some 24m hectares of forest burned.", "Some 24m hectares", 24e6, "hectares"),
        (
            "Two hundred and fifty-six seats were won.",
            "Two hundred and fifty-six seats",
            256,
            "seats",
        ),
        (
            "One hundred and nine sailors were rescued.",
            "One hundred and nine sailors",
            109,
            "sailors",
        ),
        ("The 12-billion-dollar merger closed.", "12-billion-dollar", 12e9, "USD"),
        ("Earnings of up to 7 lakh rupees are exempt.", "up to 7 lakh rupees", None, "INR"),
        ("The budget is 500 crore.", "500 crore", 5e9, ""),
    ],
)
def test_written_out_and_south_asian_amounts(sentence, text, value, unit):
    (quantity,) = parse_quantities(sentence)
    assert (quantity.text, quantity.low, quantity.unit) == (text, value, unit)


def test_the_100m_final_is_metres_and_a_300_pound_bomb_no_money():
    assert [(q.low, q.unit) for q in parse_quantities("She won the 100m final.")] == [(100, "m")]
    assert [q.kind for q in parse_quantities("A 300-pound bomb fell.")] == ["number"]


def test_an_aircraft_model_is_no_number():
    assert parse_quantities("A Boeing 737-800 crashed minutes after take-off.") == []
    (count,) = parse_quantities("Regulators grounded 171 Boeing 737 MAX 9 jets.")
    assert (count.text, count.low) == ("171", 171)
    # "Max" the word is no maker: "a max of 20 people" counts people.
    assert [q.low for q in parse_quantities("Max 20 people may enter.")] == [20]


@pytest.mark.parametrize(
    ("sentence", "seconds"),
    [
        ("She won the 1,500 metres in 3:51.07.", 231.07),
        ("He ran two hours, three minutes and nine seconds.", 7389),
        ("The leader finished twelve minutes and 4 seconds ahead.", 724),
    ],
)
def test_race_times_in_minutes_and_seconds_and_in_words(sentence, seconds):
    durations = [q for q in parse_quantities(sentence) if q.kind == "duration"]
    assert [(q.low, q.unit) for q in durations] == [(seconds, "seconds")]


def test_minutes_and_seconds_without_hundredths_stay_a_time_of_day():
    (time,) = parse_quantities("The polls closed at 5:17.")
    assert time.kind == "time"
