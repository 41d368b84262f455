import random

import pytest

from events.ingest.seeds import read_seed
from events.ingest.sentences import Sentence, split_sentences
from tests.tools import ROOT

SEEDS = ROOT / "fixtures" / "seeds"
TWEET_TRAILER = "— Narendra Modi (@narendramodi) April 28, 2021"


def assert_well_formed(text: str, sentences: list[Sentence]) -> None:
    """Offsets index the text, spans are trimmed, in order and never overlap."""
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text, sentence
        assert sentence.text == sentence.text.strip(), sentence
        assert sentence.start >= previous_end, sentence
        previous_end = sentence.end


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    assert_well_formed(text, sentences)
    return [sentence.text for sentence in sentences]


CASES = [
    (
        "honorifics",
        "Mr. Putin met Mrs. Gandhi, Ms. Roy and Dr. Singh. Prof. Rao spoke.",
        ["Mr. Putin met Mrs. Gandhi, Ms. Roy and Dr. Singh.", "Prof. Rao spoke."],
    ),
    (
        "military-ranks",
        "Gen. Rawat, Lt. Col. Nair and Capt. Roy attended. They left early.",
        ["Gen. Rawat, Lt. Col. Nair and Capt. Roy attended.", "They left early."],
    ),
    (
        "saint",
        "St. Petersburg hosted the forum. Talks followed.",
        ["St. Petersburg hosted the forum.", "Talks followed."],
    ),
    (
        "junior-senior",
        "Martin Luther King Jr. was quoted. Sr. officials attended.",
        ["Martin Luther King Jr. was quoted.", "Sr. officials attended."],
    ),
    (
        "company-suffix-before-a-new-sentence",
        "He joined Acme Inc. The firm grew.",
        ["He joined Acme Inc.", "The firm grew."],
    ),
    (
        "number-abbreviation",
        "The No. 10 item was discussed. No. 10 Downing Street responded.",
        ["The No. 10 item was discussed.", "No. 10 Downing Street responded."],
    ),
    (
        "vs-and-etc-mid-sentence",
        "India vs. Pakistan, oil, gas, etc. were discussed. The talks ended.",
        ["India vs. Pakistan, oil, gas, etc. were discussed.", "The talks ended."],
    ),
    (
        "etc-ending-a-sentence",
        "They discussed oil, gas, etc. The talks ended.",
        ["They discussed oil, gas, etc.", "The talks ended."],
    ),
    (
        "ie-and-eg",
        "The deal, i.e. the S-400 contract, stands. Vaccines, e.g. Sputnik V, were shipped.",
        ["The deal, i.e. the S-400 contract, stands.", "Vaccines, e.g. Sputnik V, were shipped."],
    ),
    (
        "us-before-a-title-and-at-a-sentence-end",
        "The U.S. President called. Ties with the U.S. The next day they met.",
        ["The U.S. President called.", "Ties with the U.S.", "The next day they met."],
    ),
    (
        "uk-and-un",
        "The U.K. and the U.N. agreed. Talks went on.",
        ["The U.K. and the U.N. agreed.", "Talks went on."],
    ),
    (
        "month-abbreviations",
        "They met on Jan. 5 and on Sept. 12, 2019. A third meeting followed in Feb. The year "
        "ended.",
        [
            "They met on Jan. 5 and on Sept. 12, 2019.",
            "A third meeting followed in Feb.",
            "The year ended.",
        ],
    ),
    (
        "indian-honorifics",
        "Smt. Nirmala Sitharaman and Sh. Piyush Goyal met Shri Narendra Modi. It was brief.",
        ["Smt. Nirmala Sitharaman and Sh. Piyush Goyal met Shri Narendra Modi.", "It was brief."],
    ),
    (
        "initials",
        "S. Jaishankar met P. V. Narasimha Rao and A.K. Antony. They talked.",
        ["S. Jaishankar met P. V. Narasimha Rao and A.K. Antony.", "They talked."],
    ),
    (
        "initial-without-a-period",
        "External Affairs Minister S Jaishankar arrived. He met Lavrov.",
        ["External Affairs Minister S Jaishankar arrived.", "He met Lavrov."],
    ),
    (
        "decimals",
        "Trade reached $3.5 billion in 2020. It grew 2.5 per cent.",
        ["Trade reached $3.5 billion in 2020.", "It grew 2.5 per cent."],
    ),
    (
        "sentence-starting-with-a-year",
        "The summit was held in 2019. 2020 was the first year without one.",
        ["The summit was held in 2019.", "2020 was the first year without one."],
    ),
    (
        "ellipses",
        "He paused... and then continued. It ended… The next day came.",
        ["He paused... and then continued.", "It ended…", "The next day came."],
    ),
    (
        "ending-inside-straight-quotes",
        'He called it "a special partnership." The talks ended.',
        ['He called it "a special partnership."', "The talks ended."],
    ),
    (
        "ending-inside-curly-quotes",
        "He called it “a special partnership.” The talks ended.",
        ["He called it “a special partnership.”", "The talks ended."],
    ),
    (
        "ending-inside-single-curly-quotes",
        "He called it ‘a special partnership.’ The talks ended.",
        ["He called it ‘a special partnership.’", "The talks ended."],
    ),
    (
        "quotation-of-two-sentences-after-its-attribution",
        'The PMO said, "Modi thanked Putin. The leaders agreed to meet." Then they left.',
        ['The PMO said, "Modi thanked Putin. The leaders agreed to meet."', "Then they left."],
    ),
    (
        "quotation-of-two-sentences-before-its-attribution",
        "“We will cooperate. We always have,” Lavrov said. The meeting ended.",
        ["“We will cooperate. We always have,” Lavrov said.", "The meeting ended."],
    ),
    (
        "question-in-quotes-then-lowercase",
        '"Is it ready?" he asked. It was.',
        ['"Is it ready?" he asked.', "It was."],
    ),
    (
        "question-and-exclamation-marks",
        "Why? Because. Really! Yes?!",
        ["Why?", "Because.", "Really!", "Yes?!"],
    ),
    (
        "paragraph-break",
        "Para one ends here.\n\nPara two starts. It goes on.",
        ["Para one ends here.", "Para two starts.", "It goes on."],
    ),
    (
        "line-break-after-a-full-stop",
        "First line ends.\nSecond line starts.",
        ["First line ends.", "Second line starts."],
    ),
    (
        "line-break-inside-a-sentence",
        "The talks were held\nin Moscow.",
        ["The talks were held\nin Moscow."],
    ),
    (
        "line-break-after-an-abbreviation",
        "He met Mr.\nPutin in Moscow.",
        ["He met Mr.\nPutin in Moscow."],
    ),
    (
        "hard-wrapped-text-with-a-capital-after-the-break",
        "India and Russia agreed to set up a new dialogue between their ministers\n"
        "Vladimir Putin and Narendra Modi said in a joint statement on Wednesday\n"
        "after the call. It starts soon.",
        [
            "India and Russia agreed to set up a new dialogue between their ministers\n"
            "Vladimir Putin and Narendra Modi said in a joint statement on Wednesday\n"
            "after the call.",
            "It starts soon.",
        ],
    ),
    (
        "headline-line-then-body",
        "India, Russia agree on 2+2 dialogue\nThe two countries will hold talks. More soon.",
        ["India, Russia agree on 2+2 dialogue", "The two countries will hold talks.", "More soon."],
    ),
    (
        "headline-ending-with-a-colon",
        "Russia sends aid to India:\n\nThe flights landed on Thursday.",
        ["Russia sends aid to India:", "The flights landed on Thursday."],
    ),
    (
        "long-line-ending-with-a-colon-then-a-single-line-break",
        "The two sides issued a joint statement that listed the following points:\n"
        "Trade comes first.",
        [
            "The two sides issued a joint statement that listed the following points:",
            "Trade comes first.",
        ],
    ),
    (
        "colon-line-then-bullets",
        "Key outcomes:\n• A 2+2 dialogue.\n• Vaccine production\n- More flights\n* A new fund",
        ["Key outcomes:", "A 2+2 dialogue.", "Vaccine production", "More flights", "A new fund"],
    ),
    (
        "numbered-and-lettered-bullets",
        "1. First point.\n2) Second point\na) Sub point\n(b) Another sub point",
        ["First point.", "Second point", "Sub point", "Another sub point"],
    ),
    (
        "dash-and-dot-bullets",
        "– en dash item\n— em dash item\n· middle dot item",
        ["en dash item", "em dash item", "middle dot item"],
    ),
    (
        "bullet-item-wrapping-onto-a-second-line",
        "• A bullet item that wraps\n  onto a second line.\n• Next item",
        ["A bullet item that wraps\n  onto a second line.", "Next item"],
    ),
    (
        "bullet-marker-alone-on-its-line",
        "•\nItem on the next line.\n•\nAnother item",
        ["Item on the next line.", "Another item"],
    ),
    (
        "inline-bullets",
        "Highlights • Oil deal • Vaccine deal",
        ["Highlights", "Oil deal", "Vaccine deal"],
    ),
    (
        "tweet-with-its-trailer",
        "Had a great conversation with my friend President Putin. We discussed ties. "
        f"@KremlinRussia_E {TWEET_TRAILER}\n\nThe next paragraph.",
        [
            "Had a great conversation with my friend President Putin. We discussed ties. "
            f"@KremlinRussia_E {TWEET_TRAILER}",
            "The next paragraph.",
        ],
    ),
    (
        "tweet-trailer-on-its-own-line",
        f"Great talk with my friend. pic.twitter.com/xyz\n{TWEET_TRAILER}",
        [f"Great talk with my friend. pic.twitter.com/xyz\n{TWEET_TRAILER}"],
    ),
    (
        "tweet-followed-by-text-in-the-same-paragraph",
        f"We agreed on a 2+2 dialogue. {TWEET_TRAILER} The ministry confirmed it.",
        [f"We agreed on a 2+2 dialogue. {TWEET_TRAILER}", "The ministry confirmed it."],
    ),
    (
        "tweet-trailer-with-a-full-stop",
        f"We agreed on a 2+2 dialogue. {TWEET_TRAILER}. The ministry confirmed it.",
        [f"We agreed on a 2+2 dialogue. {TWEET_TRAILER}.", "The ministry confirmed it."],
    ),
    (
        "handle-in-parentheses-is-not-a-tweet-trailer",
        "The India-Russia summit was covered by the ministry (@MEAIndia). It ended.",
        ["The India-Russia summit was covered by the ministry (@MEAIndia).", "It ended."],
    ),
    (
        "rules-between-sections",
        "First section ends.\n***\nSecond section.\n———\nThird.",
        ["First section ends.", "Second section.", "Third."],
    ),
    (
        "handles-and-urls",
        "Follow @MEAIndia for updates. Details at https://mea.gov.in/press.htm?id=1. The end.",
        [
            "Follow @MEAIndia for updates.",
            "Details at https://mea.gov.in/press.htm?id=1.",
            "The end.",
        ],
    ),
    (
        "blank-line-runs-and-surrounding-whitespace",
        "\n\n\n   First.   \n\n\n\n\nSecond.  \n\n",
        ["First.", "Second."],
    ),
    (
        "crlf",
        "Line one.\r\nLine two.\r\n\r\nPara.\r\n",
        ["Line one.", "Line two.", "Para."],
    ),
    (
        "byte-order-mark-and-zero-width-space",
        "\ufeffHello there. Bye.\u200b",
        ["Hello there.", "Bye."],
    ),
    ("no-final-punctuation", "A sentence without a full stop", ["A sentence without a full stop"]),
    ("empty", "", []),
    ("whitespace-only", " \n\t\r\n ", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_sentences_cases(text, expected):
    assert texts(text) == expected


def test_offsets_are_characters_not_bytes():
    text = "Путин встретился с Моди. “Дружба” — важна. Next."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Путин встретился с Моди.", "“Дружба” — важна.", "Next."]
    assert sentences[2].start == text.index("Next.")


def test_sentence_is_a_frozen_value():
    sentence = split_sentences("One.")[0]
    assert sentence == Sentence(0, 4, "One.")
    with pytest.raises(AttributeError):
        sentence.start = 1  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_seed_bodies_split_into_well_formed_sentences(name):
    body = read_seed(SEEDS / name).body
    sentences = split_sentences(body)
    assert_well_formed(body, sentences)
    assert len(sentences) >= 10
    covered = "".join(sentence.text for sentence in sentences)
    assert "".join(body.replace("•", "").split()) == "".join(covered.split())  # only bullets go
    assert all(len(sentence.text) < 400 for sentence in sentences)


def test_seed_tweet_stays_one_sentence_with_its_trailer():
    body = read_seed(SEEDS / "002_ff038dc2a193e33a.txt").body
    tweets = [s.text for s in split_sentences(body) if s.text.endswith("April 28, 2021")]
    assert len(tweets) == 3
    assert tweets[0].startswith("Had an excellent conversation with my friend President Putin")
    assert "@KremlinRussia_E — Narendra Modi (@narendramodi)" in tweets[0]


def test_seed_headlines_and_bullets_are_their_own_sentences():
    body = read_seed(SEEDS / "002_ff038dc2a193e33a.txt").body
    sentences = [s.text for s in split_sentences(body)]
    assert "Russia sends emergency aid to India to fight the health crisis:" in sentences
    assert "PM Modi and President Putin discuss the production of Sputnik V in India" in sentences
    assert not any(s.startswith("•") for s in sentences)
    assert any(s.startswith("Both PM Modi and the Russian President talked") for s in sentences)


def test_seed_quotation_with_two_sentences_stays_with_its_attribution():
    body = read_seed(SEEDS / "001_b237dbc485b1addd.txt").body
    sentences = [s.text for s in split_sentences(body)]
    quoted = [s for s in sentences if s.startswith("PMO release said,")]
    assert len(quoted) == 1
    assert quoted[0].endswith('Russia and third countries."')


FRAGMENTS = [
    "Mr. Lavrov met S. Jaishankar.",
    "The U.S. President called",
    '"We agree. We will act," he said.',
    "Trade hit $3.5 bn, i.e. a record",
    "• A bullet item",
    "- another item",
    "Headline:",
    "Prime Minister Modi tweeted… later.",
    f"Great call. {TWEET_TRAILER}",
    "“Unclosed quote. And more",
    "see https://x.com/a?b=1.",
    "No. 10",
    "…",
    "?!",
    "",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\n \n", "\u2029"]


@pytest.mark.parametrize("seed", range(200))
def test_any_mix_of_fragments_gives_well_formed_sentences(seed):
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(SEPARATORS) if rng.random() < 0.5 else "")
        parts.append(rng.choice(FRAGMENTS))
    text = "".join(parts) + rng.choice(["", " ", "\n"])
    sentences = split_sentences(text)
    assert_well_formed(text, sentences)
    covered = set()
    for sentence in sentences:
        covered.update(range(sentence.start, sentence.end))
    left_out = {text[i] for i in range(len(text)) if i not in covered}
    assert left_out <= set(" \t\r\n\u2029•-"), left_out
