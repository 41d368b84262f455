import pytest

from events.ingest.lexicon import (
    attribution_of,
    contexts_of,
    event_cues,
    is_future,
    mode_of,
)


@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("Modi and Putin held a telephonic conversation on Wednesday.", ["CONSULT"]),
        ("The two ministers met in Moscow and discussed trade.", ["CONSULT"]),
        ("India and Russia signed an agreement on military logistics.", ["AGREE"]),
        ("The leaders agreed to establish a 2+2 dialogue.", ["AGREE", "CONSULT"]),
        ("Putin expressed solidarity with the people of India.", ["SUPPORT"]),
        ("Modi thanked President Putin for the prompt support.", ["SUPPORT"]),
        ("Russia is sending medical supplies to India.", ["AID"]),
        ("The vaccine will be manufactured in India.", ["COOPERATE"]),
        ("Washington urged New Delhi to reduce oil purchases.", ["REQUEST"]),
        ("Beijing accused the two sides of destabilising the region.", ["ACCUSE"]),
        ("The ministry summoned the envoy to lodge a strong protest.", ["PROTEST"]),
        ("The United States imposed sanctions on the bank.", ["SANCTION"]),
        ("Troops were deployed along the border.", ["MOBILIZE"]),
        ("India rejected the proposal.", ["REJECT"]),
        ("The weather in Delhi was pleasant.", []),
        ("Defence remains the key pillar of the relationship.", []),
    ],
)
def test_each_type_a_sentence_reports_is_found(sentence, types):
    found = {cue.event_type for cue in event_cues(sentence)}
    assert found == set(types)
    for cue in event_cues(sentence):
        assert sentence[cue.start : cue.end] == cue.cue


def test_cues_are_whole_words():
    assert event_cues("The aides were metropolitan.") == []  # not "aid", not "met"


@pytest.mark.parametrize(
    ("sentence", "event_type", "mode"),
    [
        ("Modi spoke to Putin over the phone.", "CONSULT", "phone"),
        ("The leaders held a telephonic conversation.", "CONSULT", "phone"),
        ("Putin will visit India for the annual summit.", "CONSULT", "visit"),
        ("They met on the sidelines of the SCO summit.", "CONSULT", "visit"),
        ("They met on the sidelines of the G20 meeting.", "CONSULT", "multilateral"),
        ("The ministers held talks in Delhi.", "CONSULT", ""),
        ("Russia is sending aid by phone-ordered flights.", "AID", ""),
    ],
)
def test_mode_from_the_words_of_the_sentence(sentence, event_type, mode):
    assert mode_of(sentence, event_type) == mode


@pytest.mark.parametrize(
    ("sentence", "contexts"),
    [
        ("They discussed the COVID-19 pandemic.", ["health"]),
        ("The S-400 deliveries and defence ties were reviewed.", ["military"]),
        ("Cooperation in space and the Gaganyaan programme.", ["space"]),
        ("Trade and investment in renewable energy.", ["economic", "energy"]),
        ("The two leaders spoke.", ["diplomatic"]),
    ],
)
def test_contexts_from_keywords(sentence, contexts):
    assert contexts_of(sentence) == contexts


@pytest.mark.parametrize(
    ("sentence", "status", "cue"),
    [
        ("Putin will visit India later this year.", "planned", "will"),
        ("Production is set to begin in May 2021.", "planned", "is set to"),
        ("Modi said he looks forward to the President's visit.", "planned", "looks forward to"),
        ("The meeting is expected to take place next month.", "planned", "is expected to"),
        ("2020 was the first time the summit could not happen.", "cancelled", "could not happen"),
        ("The visit was postponed because of the pandemic.", "cancelled", "was postponed"),
        ("The talks were called off.", "cancelled", "were called off"),
        ("Modi and Putin spoke on Wednesday.", "occurred", ""),
    ],
)
def test_a_sentence_speaks_of_the_future_by_its_tense_and_cue_words(sentence, status, cue):
    assert is_future(sentence) == (status == "planned")


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker"),
    [
        (
            "Had an excellent conversation with my friend President Putin today. "
            "— Narendra Modi (@narendramodi) April 28, 2021",
            "social-post",
            "@narendramodi",
        ),
        (
            'The PMO statement said, "Prime Minister Modi thanked President Putin for support".',
            "direct-quote",
            None,
        ),
        ("In an official statement, the Kremlin said aid would be sent.", "statement", None),
        ("The two leaders spoke on Wednesday.", "reported", None),
    ],
)
def test_attribution_names_kind_and_tweet_author(sentence, kind, speaker):
    attribution = attribution_of(sentence)
    assert (attribution.kind, attribution.speaker) == (kind, speaker)
