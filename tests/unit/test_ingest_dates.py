"""The temporal-expression stage of ingest: phrases of news and readouts to EDTF."""

from datetime import date

import pytest

from events.dates import parse_date
from events.ingest.temporal import find_temporal_expressions, infer_publication_date

WED = date(2021, 4, 28)  # the Modi–Putin call: a Wednesday
FRI = date(2021, 4, 30)  # also the last day of a month
MON = date(2021, 4, 26)
SAT = date(2021, 5, 1)


def found(text: str, published_on: date | None, future: bool = False) -> list[tuple[str, str]]:
    expressions = find_temporal_expressions(text, published_on, future=future)
    end = 0
    for expression in expressions:
        assert expression.start >= end, "expressions overlap or are out of order"
        assert text[expression.start : expression.end] == expression.phrase
        parse_date(expression.edtf)  # raises on anything that is not EDTF
        end = expression.end
    return [(expression.phrase, expression.edtf) for expression in expressions]


ABSOLUTE_DAYS = [
    ("Modi held a call with Putin on April 28, 2021, on the pandemic.", "April 28, 2021"),
    ("The call took place on 28 April 2021.", "28 April 2021"),
    ("PM spoke to President Putin on 28th April, 2021.", "28th April, 2021"),
    ("Apr. 28, 2021 (Reuters) - India and Russia agreed", "Apr. 28, 2021"),
    ("Moscow, Wednesday, April 28, 2021 - Telephone conversation", "Wednesday, April 28, 2021"),
    ("on the 28th of April 2021 the leaders spoke", "the 28th of April 2021"),
    ("The Kremlin readout dated 28 April, 2021 said", "28 April, 2021"),
    ("Press release, 28.04.2021, Ministry of External Affairs", "28.04.2021"),
    ("Published 2021-04-28 by the MEA", "2021-04-28"),
    ("posted 04/28/2021 at noon", "04/28/2021"),
    ("April 28 2021: Modi and Putin spoke", "April 28 2021"),
]


@pytest.mark.parametrize(("text", "phrase"), ABSOLUTE_DAYS)
def test_absolute_days_need_no_publication_date(text, phrase):
    assert found(text, None) == [(phrase, "2021-04-28")]


@pytest.mark.parametrize(
    ("text", "phrase", "edtf"),
    [
        ("The agreement was signed on 13-January-2020.", "13-January-2020", "2020-01-13"),
        ("Talks were held in Delhi on 13 Jan 2020.", "13 Jan 2020", "2020-01-13"),
        ("the summit on 4 September 2019 in Vladivostok", "4 September 2019", "2019-09-04"),
        ("a meeting on 05.02.2020 in Moscow", "05.02.2020", "2020-02-05"),
        ("the 2+2 talks on 27-28 April 2021", "27-28 April 2021", "2021-04-27/2021-04-28"),
        ("held on April 27-28, 2021", "April 27-28, 2021", "2021-04-27/2021-04-28"),
        ("an accord signed on 29 February 2020", "29 February 2020", "2020-02-29"),
    ],
)
def test_absolute_days_in_other_styles(text, phrase, edtf):
    assert found(text, WED) == [(phrase, edtf)]


PAST, FUTURE = False, True


@pytest.mark.parametrize(
    ("text", "published_on", "future", "phrase", "edtf"),
    [
        ("Modi spoke to Putin on 28 April.", FRI, PAST, "28 April", "2021-04-28"),
        ("NEW DELHI, April 28 (Reuters) - India and", WED, PAST, "April 28", "2021-04-28"),
        ("On Friday, April 30, the envoys met.", FRI, PAST, "Friday, April 30", "2021-04-30"),
        # Shortly after publication is still this year: a loose present tense.
        ("The batch arrives on 5 May.", WED, PAST, "5 May", "2021-05-05"),
        # Long after publication in a past sentence: last year's.
        ("Talks were held on 28 December.", date(2021, 1, 5), PAST, "28 December", "2020-12-28"),
        ("Putin will visit on 3 January.", date(2021, 12, 28), FUTURE, "3 January", "2022-01-03"),
        ("Putin will visit on 28 April.", date(2021, 4, 20), FUTURE, "28 April", "2021-04-28"),
        ("Polls will be held on 29 February.", WED, FUTURE, "29 February", "2024-02-29"),
    ],
)
def test_days_without_a_year_take_the_year_the_tense_allows(
    text, published_on, future, phrase, edtf
):
    assert found(text, published_on, future) == [(phrase, edtf)]


@pytest.mark.parametrize(
    ("text", "published_on", "future", "phrase", "edtf"),
    [
        ("the last summit in September 2019", WED, PAST, "September 2019", "2019-09"),
        ("Modi visited in September of 2019.", WED, PAST, "September of 2019", "2019-09"),
        ("the visit of Sept. 2019", WED, PAST, "Sept. 2019", "2019-09"),
        ("talks in June, 2019 in Osaka", WED, PAST, "June, 2019", "2019-06"),
        ("It arrived in May this year.", date(2021, 6, 10), PAST, "May this year", "2021-05"),
        ("It arrived in May.", date(2021, 6, 10), PAST, "May", "2021-05"),
        ("The summit will be held in May.", date(2021, 6, 10), FUTURE, "May", "2022-05"),
        ("The summit will be held in May.", WED, FUTURE, "May", "2021-05"),
        ("The ministers met in December.", date(2021, 2, 1), PAST, "December", "2020-12"),
        ("The two sides met last May.", WED, PAST, "last May", "2020-05"),
        ("Deliveries begin in early May.", WED, FUTURE, "early May", "2021-05-01/2021-05-10"),
        ("The summit could not happen in 2020.", WED, PAST, "2020", "2020"),
        ("2020 was the first time it did not happen.", WED, PAST, "2020", "2020"),
        ("It was cancelled in the year 2020.", WED, PAST, "the year 2020", "2020"),
        ("India has had the mechanism since 2018.", WED, PAST, "2018", "2018"),
        ("It will be signed in early 2021.", WED, FUTURE, "early 2021", "2021-01/2021-04"),
        ("Deliveries are due by mid-2021.", WED, FUTURE, "mid-2021", "2021-05/2021-08"),
        ("The first S-400 arrived in late 2021.", WED, PAST, "late 2021", "2021-09/2021-12"),
        ("by the end of 2021", WED, FUTURE, "the end of 2021", "2021-10/2021-12"),
        ("Talks stalled late last year.", WED, PAST, "late last year", "2020-09/2020-12"),
        ("in the first quarter of 2021", WED, PAST, "the first quarter of 2021", "2021-01/2021-03"),
        ("trade in the 2019-20 financial year", WED, PAST, "2019-20", "2019/2020"),
        ("The accord dates from summer 2019.", WED, PAST, "summer 2019", "2019-06/2019-08"),
    ],
)
def test_months_and_years(text, published_on, future, phrase, edtf):
    assert found(text, published_on, future) == [(phrase, edtf)]


@pytest.mark.parametrize(
    ("text", "published_on", "future", "phrase", "edtf"),
    [
        ("I spoke to President Putin today.", WED, PAST, "today", "2021-04-28"),
        ("The leaders spoke yesterday.", WED, PAST, "yesterday", "2021-04-27"),
        ("The consignment lands tomorrow.", WED, FUTURE, "tomorrow", "2021-04-29"),
        ("The ministers met last night.", WED, PAST, "last night", "2021-04-27"),
        ("Modi and Putin on Wednesday agreed to", WED, PAST, "Wednesday", "2021-04-28"),
        ("India and Russia on Wednesday announced", FRI, PAST, "Wednesday", "2021-04-28"),
        ("The two sides met on Friday.", MON, PAST, "Friday", "2021-04-23"),
        ("The two sides will meet on Friday.", MON, FUTURE, "Friday", "2021-04-30"),
        ("The ministers will speak on Wednesday.", WED, FUTURE, "Wednesday", "2021-05-05"),
        ("The envoys met last Wednesday.", FRI, PAST, "last Wednesday", "2021-04-28"),
        ("The envoys met last Wednesday.", WED, PAST, "last Wednesday", "2021-04-21"),
        ("The envoys meet next Wednesday.", FRI, FUTURE, "next Wednesday", "2021-05-05"),
        ("The PM called on Monday evening.", WED, PAST, "Monday evening", "2021-04-26"),
        ("The minister arrived on Tuesday last.", WED, PAST, "Tuesday last", "2021-04-27"),
        ("The Kremlin said late Tuesday that", WED, PAST, "late Tuesday", "2021-04-27"),
        ("Both sides spoke twice this week.", WED, PAST, "this week", "2021-04-26/2021-05-02"),
        ("The envoys met last week.", WED, PAST, "last week", "2021-04-19/2021-04-25"),
        ("The envoys meet next week.", WED, FUTURE, "next week", "2021-05-03/2021-05-09"),
        ("Talks began earlier this week.", WED, PAST, "earlier this week", "2021-04-26/2021-04-28"),
        ("Aid has arrived this month.", WED, PAST, "this month", "2021-04"),
        ("It came earlier this month.", WED, PAST, "earlier this month", "2021-04-01/2021-04-28"),
        ("It arrives later this month.", WED, FUTURE, "later this month", "2021-04-28/2021-04-30"),
        # Published on the last day of the month: "later this month" is that day.
        ("It arrives later this month.", FRI, FUTURE, "later this month", "2021-04-30"),
        ("The ministers met last month.", WED, PAST, "last month", "2021-03"),
        ("The ministers met last month.", date(2021, 1, 12), PAST, "last month", "2020-12"),
        ("The ministers meet next month.", date(2021, 12, 15), FUTURE, "next month", "2022-01"),
        ("Trade rose this year.", WED, PAST, "this year", "2021"),
        ("Trade rose earlier this year.", WED, PAST, "earlier this year", "2021-01-01/2021-04-28"),
        ("He will visit later this year.", WED, FUTURE, "later this year", "2021-04-28/2021-12-31"),
        ("Later this year, he visits.", WED, FUTURE, "Later this year", "2021-04-28/2021-12-31"),
        ("The summit was cancelled last year.", WED, PAST, "last year", "2020"),
        ("It will be held next year.", date(2021, 12, 31), FUTURE, "next year", "2022"),
        ("Modi had earlier visited Russia.", WED, PAST, "earlier", "../2021-04-28"),
        ("India recently approved Sputnik V.", WED, PAST, "recently", "../2021-04-28"),
        ("The two had previously met.", WED, PAST, "previously", "../2021-04-28"),
        ("They met over the weekend.", MON, PAST, "the weekend", "2021-04-24/2021-04-25"),
        ("They met over the weekend.", WED, PAST, "the weekend", "2021-04-24/2021-04-25"),
        # Published on a Saturday: the part of the weekend that has happened.
        ("They met over the weekend.", SAT, PAST, "the weekend", "2021-05-01"),
        ("They will meet this weekend.", WED, FUTURE, "this weekend", "2021-05-01/2021-05-02"),
        ("Cases rose over the past week.", WED, PAST, "the past week", "2021-04-21/2021-04-28"),
        ("Up in the last two weeks.", WED, PAST, "the last two weeks", "2021-04-14/2021-04-28"),
        ("The aid arrived three days ago.", WED, PAST, "three days ago", "2021-04-25"),
        ("A year ago the summit was called off.", WED, PAST, "A year ago", "2020"),
        ("The first batch will arrive soon.", WED, FUTURE, "soon", "2021-04-28/.."),
        ("More will follow in the coming days.", WED, FUTURE, "the coming days", "2021-04-28/.."),
        ("Due by the end of the year.", WED, FUTURE, "the end of the year", "2021-10/2021-12"),
    ],
)
def test_expressions_relative_to_publication(text, published_on, future, phrase, edtf):
    assert found(text, published_on, future) == [(phrase, edtf)]


def test_a_list_of_years_reads_each_one():
    assert found("visits in 2018, 2019 and 2020", WED) == [
        ("2018", "2018"),
        ("2019", "2019"),
        ("2020", "2020"),
    ]


def test_a_list_of_months_shares_one_year():
    assert found("They will meet in November and January.", WED, FUTURE) == [
        ("November", "2021-11"),
        ("January", "2022-01"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "India and Russia agreed to establish a new 2+2 dialogue.",
        "Russia is sending 20 oxygen production units.",
        "Indian companies will be producing 850 million doses of the vaccine.",
        "Russia sent 22 tonnes of assistance for New Delhi.",
        "The aid includes 75 lung ventilators and 150 medical monitors.",
        "The leaders discussed the evolving COVID-19 situation.",
        "India holds the G20 presidency.",
        "Deliveries of the S-400 system continue.",
        "Iran has violated Resolution 2231, the envoy said.",
        "India deployed 1,000 troops along the border.",
        "The report is on page 2021 of the annex.",
        "The leaders spoke at 10:30 local time.",
        "Call the embassy at +7 495 783 7535 for details.",
        "The contingent was increased to 2000 troops.",
        "A total of 2000 were evacuated.",
        "Russia may extend all possible support.",
        "The fleet grew in the 1990s.",
        "The treaty could stay in force until 2150.",
        "The rupee fell earlier than expected.",
        "Two days earlier the ministers had met.",
        "The minister said the aid would come soon after the talks.",
        "India Today reported the call.",
        "The resolution was adopted with 2000 votes.",
    ],
)
def test_numbers_and_words_that_are_not_dates_give_nothing(text):
    assert found(text, WED) == []


def test_soon_in_a_past_sentence_is_not_a_date():
    assert found("The talks soon collapsed.", WED, future=False) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Modi and Putin on Wednesday agreed to a new dialogue.", []),
        ("Putin will visit India later this year.", []),
        ("The vaccine arrived in May.", []),
        ("Modi spoke to Putin on 28 April.", []),
        ("The summit could not happen in 2020.", [("2020", "2020")]),
        ("The call on April 28, 2021 covered the pandemic.", [("April 28, 2021", "2021-04-28")]),
        ("the summit in Vladivostok in September 2019", [("September 2019", "2019-09")]),
    ],
)
def test_without_a_publication_date_only_absolute_expressions_are_found(text, expected):
    assert found(text, None) == expected


def test_several_expressions_in_one_sentence_come_in_order_with_their_offsets():
    text = (
        "The two leaders, who last met in Vladivostok in September 2019, spoke on "
        "Wednesday and agreed that Putin would visit India later this year."
    )
    expressions = find_temporal_expressions(text, WED)
    assert [(e.start, e.phrase, e.edtf, e.rule) for e in expressions] == [
        (48, "September 2019", "2019-09", "month-year"),
        (73, "Wednesday", "2021-04-28", "weekday"),
        (123, "later this year", "2021-04-28/2021-12-31", "later-this-year"),
    ]
    assert all(text[e.start : e.end] == e.phrase for e in expressions)


def test_the_longest_reading_wins_over_the_one_inside_it():
    text = "On April 28, 2021 they agreed to meet later this year, in early 2022 or in 2022."
    assert found(text, WED) == [
        ("April 28, 2021", "2021-04-28"),
        ("later this year", "2021-04-28/2021-12-31"),
        ("early 2022", "2022-01/2022-04"),
        ("2022", "2022"),
    ]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("on April 28, 2021", "absolute-day"),
        ("on Wednesday", "weekday"),
        ("later this year", "later-this-year"),
        ("earlier this month", "earlier-this-month"),
        ("in September 2019", "month-year"),
        ("recently", "recently"),
    ],
)
def test_each_expression_names_the_rule_that_read_it(text, rule):
    assert [e.rule for e in find_temporal_expressions(text, WED)] == [rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Had an excellent conversation with my friend President Putin today. "
            "— Narendra Modi (@narendramodi) April 28, 2021",
            date(2021, 4, 28),
        ),
        (
            "The last summit was on 4 September 2019. Posted on 28.04.2021 by the MEA.",
            date(2021, 4, 28),
        ),
        ("The call took place on Wednesday, later this year a visit.", None),
        ("In September 2019 and in 2020 they met.", None),
        ("", None),
    ],
)
def test_infer_publication_date_takes_the_latest_full_day_in_the_text(text, expected):
    assert infer_publication_date(text) == expected
