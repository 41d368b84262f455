"""analyse(): one claim per predicate, each with its own status and the date of its verb."""

from datetime import date

import pytest

from events.ingest.aliases import AliasMatcher
from events.ingest.pipeline import analyse
from events.ingest.temporal import dateline_of

PUBLISHED = date(2024, 6, 12)  # a Wednesday
CAST = AliasMatcher(
    [("Jane Roe", "jane-roe"), ("John Doe", "john-doe"), ("Norway", "norway"), ("Chile", "chile")]
)


def _claims(body: str, published: date | None = PUBLISHED):
    return analyse(body, published, CAST).claims


def _by_cue(claims):
    return {claim.extraction["type"]["cue"]: claim for claim in claims}


def test_each_predicate_of_a_sentence_is_a_claim_with_its_own_date():
    claims = _by_cue(
        _claims("Jane Roe visited Paris in March, while John Doe last travelled to Berlin in 2022.")
    )
    assert claims["visited"].edtf == "2024-03"
    assert claims["travelled"].edtf == "2022"
    assert [ref.key for ref in claims["travelled"].actors] == ["john-doe"]


def test_a_sentence_can_report_a_statement_and_a_cancelled_event():
    claims = _by_cue(_claims("Jane Roe told John Doe of her inability to attend the summit."))
    assert claims["told"].event_type == "STATEMENT"
    assert claims["told"].status == "occurred"
    assert claims["told"].actors[0].key == "jane-roe"
    assert claims["attend"].status == "cancelled"


def test_a_date_inside_an_argument_is_not_the_events_date():
    claims = _by_cue(_claims("Norway and Chile on Monday signed a plan covering 2025-2030."))
    assert claims["signed"].edtf == "2024-06-10"
    goal = _by_cue(_claims("Norway and Chile agreed on a goal for 2035."))
    assert goal["agreed"].edtf != "2035"


def test_the_first_visit_since_a_year_is_not_dated_by_that_year():
    claims = _by_cue(_claims("Jane Roe visited Chile on Tuesday, the first visit since 2019."))
    assert claims["visited"].edtf == "2024-06-11"


def test_a_stated_date_after_publication_makes_a_plan():
    claims = _by_cue(_claims("John Doe is arriving in Norway on June 20 for talks."))
    assert claims["arriving"].status == "planned"
    assert claims["arriving"].edtf == "2024-06-20"


def test_coordinated_verbs_share_the_status_of_the_first():
    claims = _by_cue(_claims("Norway will initially import and then manufacture Chile's drones."))
    assert claims["import"].status == claims["manufacture"].status == "planned"


def test_an_undated_event_gets_a_bounded_window_around_publication():
    claims = _by_cue(_claims("Jane Roe met John Doe.\n\nNorway will host Chile's minister."))
    assert claims["met"].edtf == "2024-05-13/2024-06-12"
    assert claims["host"].edtf == "2024-06-12/2025-06-12"
    assert claims["met"].extraction["date"]["rule"] == "recent-before-publication"


def test_a_wire_storys_dateline_dates_what_it_tells_undated():
    body = "OSLO, June 10 (Wire) - Jane Roe met John Doe.\n\nThe two discussed fisheries."
    assert dateline_of(body, PUBLISHED).edtf == "2024-06-10"
    claims = _by_cue(_claims(body))
    assert claims["discussed"].edtf == "2024-06-10"
    assert claims["discussed"].extraction["date"]["rule"] == "inherited-from-lead"


def test_every_claim_says_which_rules_fired():
    for claim in _claims("Norway will sign a treaty with Chile next week, Jane Roe said."):
        assert set(claim.extraction) >= {"type", "status", "date", "actors", "kind"}
        assert claim.extraction["type"]["lemma"]


def _cues(body: str, matcher: AliasMatcher = CAST) -> list[str]:
    return [claim.extraction["type"]["cue"] for claim in analyse(body, PUBLISHED, matcher).claims]


def test_what_a_quote_says_happened_is_the_statement_not_a_second_event():
    cues = _cues('"We met twice and signed a treaty," Jane Roe said of Chile.')
    assert cues == ["said"]
    planned = _cues('"We will sign a treaty in July," Jane Roe said of Chile.')
    assert "sign" in planned  # a plan announced in a quote is news of its own


@pytest.mark.parametrize(
    "body",
    [
        "Jane Roe and John Doe could discuss fisheries.",
        "Norway will not comment until the meeting with Chile is announced.",
        "Norway and Chile find such visits useful.",
        "Jane Roe smiled when asked if Chile would attend.",
    ],
)
def test_what_a_sentence_only_supposes_or_denies_is_no_event(body):
    assert _cues(body) == []


def test_a_country_named_as_a_topic_or_in_a_list_is_no_actor():
    cast = AliasMatcher(
        [(name, name.lower().replace(" ", "-")) for name in
         ("Norway", "Chile", "Ukraine", "Brazil", "India", "China", "South Africa")]
    )  # fmt: skip
    [claim] = analyse("Norway and Chile discussed the war in Ukraine.", PUBLISHED, cast).claims
    assert claim.mentioned == ["norway", "chile"]
    [claim] = analyse(
        "Norway hosted the summit of Brazil, India, China and South Africa.", PUBLISHED, cast
    ).claims
    assert claim.mentioned == ["norway"]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        ("Norway said the talks were useful.", [["norway"]]),
        ("Norway and Chile signed a treaty, officials said.", []),
        ("Norway and Chile signed a treaty, the ministry said.", []),
    ],
)
def test_a_statement_is_its_speakers_and_unnamed_speakers_make_none(body, speakers):
    statements = [c for c in analyse(body, PUBLISHED, CAST).claims if c.event_type == "STATEMENT"]
    assert [[ref.key for ref in c.actors if ref.role == "initiator"] for c in statements] == (
        speakers
    )


def test_a_statement_is_dated_when_it_was_made_not_by_what_it_reports():
    claims = _by_cue(_claims("Jane Roe said on Monday that John Doe will visit Chile in May."))
    assert claims["said"].edtf == "2024-06-10"
    assert claims["visit"].status == "planned"


def test_cues_naming_one_event_make_one_claim_dated_by_the_one_that_states_a_date():
    claims = _claims("Jane Roe will visit Chile later this year for the annual summit.")
    consult = [c for c in claims if c.event_type == "CONSULT"]
    assert [(c.status, c.date_phrase) for c in consult] == [("planned", "later this year")]


def test_a_range_starting_today_but_reaching_ahead_makes_a_plan():
    [claim] = _claims("Jane Roe and John Doe discuss a summit later this year.")
    assert claim.status == "planned"


def test_the_setting_of_a_meeting_and_words_of_a_name_are_no_events_of_their_own():
    cues = _cues("Jane Roe met John Doe on the sidelines of the summit in Lima.")
    assert cues == ["met"]
    assert _cues("Jane Roe joined the Shanghai Cooperation Organisation forum.") == []


def test_what_arrives_as_cargo_is_a_delivery_not_a_visit():
    [claim] = _claims("The first batch of vaccines from Norway will arrive in Chile soon.")
    assert (claim.event_type, claim.family) == ("COOPERATE", "delivery")
