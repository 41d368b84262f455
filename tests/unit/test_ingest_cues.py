"""The lexicon's cues: inflections generated from lemmas, statements, status by construction."""

import pytest

from events.ingest.cues import noun_forms, phrase_forms, verb_forms
from events.ingest.lexicon import clause_around, event_cues, status_at


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("sign", {"sign", "signs", "signed", "signing"}),
        ("pledge", {"pledge", "pledges", "pledged", "pledging"}),
        ("meet", {"meet", "meets", "met", "meeting"}),
        ("fly", {"fly", "flies", "flew", "flown", "flying"}),
        ("travel", {"travel", "travels", "travelled", "traveled", "travelling", "traveling"}),
        ("commit", {"commit", "commits", "committed", "committing"}),
        ("reply", {"reply", "replies", "replied", "replying"}),
    ],
)
def test_every_inflection_of_a_verb_is_generated_from_its_lemma(lemma, forms):
    assert verb_forms(lemma) == forms


def test_nouns_and_phrases_inflect_their_head():
    assert noun_forms("phone call") == {"phone call", "phone calls"}
    assert noun_forms("talks") == {"talks"}
    assert noun_forms("MoU") == {"MoU", "MoUs"}
    assert "held ~ talks" in phrase_forms("hold ~ talks", verb=True)


@pytest.mark.parametrize(
    ("sentence", "cue", "event_type"),
    [
        ("The two prime ministers will sign a treaty on fisheries.", "sign", "AGREE"),
        ("Signing the accord took less than an hour.", "Signing", "AGREE"),
        ("The signing of the charter was delayed.", "signing", "AGREE"),
        ("Ottawa pledged to double its grants to Accra.", "pledged", "AGREE"),
        ("The envoy accepted the invitation to Lima.", "invitation", "CONSULT"),
        ("Her participation in the forum was confirmed.", "participation", "CONSULT"),
        ("The chancellors held wide-ranging talks in Bonn.", "held wide-ranging talks", "CONSULT"),
        ("The foreign office said in a statement that it regrets the vote.", "said", "STATEMENT"),
        ("The minister told his counterpart that the border is calm.", "told", "STATEMENT"),
        ("Quito posted the text of the accord on social media.", "posted", "STATEMENT"),
        ("The ministry called for restraint on both sides.", "called for", "REQUEST"),
        ("Lisbon expressed deep concern over the shelling.", "expressed deep concern", "ACCUSE"),
        ("The premier welcomed the ceasefire.", "welcomed", "SUPPORT"),
    ],
)
def test_cues_are_found_in_any_form_and_speech_is_typed_by_what_is_said(sentence, cue, event_type):
    first = event_cues(sentence)[0]
    assert (first.cue, first.event_type) == (cue, event_type)


@pytest.mark.parametrize(
    "sentence",
    [
        "The United States is a member of the group.",  # "States" is a name, not "state"
        "Officials saw it as a sign of warmer ties.",  # a noun after a determiner
        "The state of the economy worried investors.",
    ],
)
def test_a_verb_that_is_also_a_noun_counts_only_as_a_verb(sentence):
    assert event_cues(sentence) == []


def _status(sentence: str, word: str) -> tuple[str, str]:
    cue = next(c for c in event_cues(sentence) if c.cue.lower().startswith(word))
    return status_at(sentence, cue, clause_around(sentence, cue.start))


@pytest.mark.parametrize(
    ("sentence", "word", "status"),
    [
        ("Oslo is eagerly looking forward to hosting the envoys.", "hosting", "planned"),
        ("Critics attacked the proposed agreement on water rights.", "agreement", "planned"),
        ("Preparations for the upcoming visit are under way.", "visit", "planned"),
        ("The president is scheduled to visit Nairobi in June.", "visit", "planned"),
        ("The premier flew to Tokyo to attend the forum.", "attend", "planned"),
        ("The chancellor will now travel to Rome alone.", "travel", "planned"),
        ("Canberra pulled out of the planned meeting in Perth.", "meeting", "cancelled"),
        ("The summit in Lusaka was postponed at short notice.", "summit", "cancelled"),
        ("The president skipped the summit this year.", "summit", "cancelled"),
        ("He conveyed his inability to attend the summit.", "attend", "cancelled"),
        ("The two ministers met in Quito on Monday.", "met", "occurred"),
    ],
)
def test_status_comes_from_the_construction_around_the_cue(sentence, word, status):
    assert _status(sentence, word)[0] == status


def test_a_bare_infinitive_states_no_event_unless_a_plan_or_journey_licenses_it():
    sentence = "The move to launch the dialogue surprised observers."
    assert _status(sentence, "launch") == ("", "")
    assert _status("Rome to host the next round of talks.", "host")[0] == "planned"


def test_a_possessive_before_a_verb_form_makes_it_a_noun():
    [cue] = event_cues("They discussed the President's visit to Lima.")[1:]
    assert (cue.cue, cue.verb) == ("visit", False)
