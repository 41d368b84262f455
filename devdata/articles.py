"""Generated news articles for ingest's benchmarks and tests: varied, realistic, built from
templates (never copies of the seed texts)."""

import random
from datetime import date, timedelta

from events.ingest.documents import Article

LEADERS = [
    ("Prime Minister", "Narendra Modi", "India"),
    ("President", "Vladimir Putin", "Russia"),
    ("External Affairs Minister", "S Jaishankar", "India"),
    ("Russian Foreign Minister", "Sergey Lavrov", "Russia"),
    ("Defence Minister", "Rajnath Singh", "India"),
    ("Russian Defence Minister", "Sergei Shoigu", "Russia"),
    ("Chinese Foreign Minister", "Wang Yi", "China"),
    ("French President", "Emmanuel Macron", "France"),
    ("Japanese Prime Minister", "Fumio Kishida", "Japan"),
    ("US Secretary of State", "Antony Blinken", "the United States"),
]
LEADS = [
    "{t1} {n1} and {t2} {n2} {verb} {when}, {topic}.",
    "{t1} {n1} {verb} with {t2} {n2} {when} and {topic}.",
    "In a {adj} {noun} {when}, {t1} {n1} and {n2} {verb}, {topic}.",
]
VERBS = [
    ("held talks", "talks"),
    ("spoke over the phone", "telephone conversation"),
    ("agreed to expand cooperation", "meeting"),
    ("signed an agreement on trade", "summit"),
    ("discussed regional security", "meeting"),
]
TOPICS = [
    "according to a statement issued by the foreign ministry",
    "officials said",
    "the two sides said in a joint statement",
    "with defence and energy ties high on the agenda",
    "amid growing trade between {c1} and {c2}",
]
BODIES = [
    "The two leaders reviewed progress in trade, investment and energy cooperation.",
    "{n2} thanked {n1} for the support extended by {c1} during the crisis.",
    "{c1} will send humanitarian aid, including {k} tonnes of medical supplies, to {c2}.",
    "The ministers noted that bilateral trade had reached {k} billion dollars last year.",
    '"We have agreed to deepen our strategic partnership," {n1} said after the meeting.',
    "{n2} is expected to visit {c1} later this year for the annual summit.",
    "The summit, which alternates between the two countries, could not happen in {y}.",
    "Officials said a memorandum of understanding on space cooperation was signed.",
    "• Both sides agreed to hold the next round of talks in {month} {y2}.",
    "{n1} also conveyed appreciation for the training of astronauts in {c2}.",
    "Mr. {last2} and Dr. {last1} discussed the situation in the region on {weekday}.",
    "The joint statement said the countries would cooperate on renewable energy, "
    "including the hydrogen economy.",
    "{c2} urged {c1} to resolve the dispute through dialogue.",
    "The leaders recalled decisions taken at their last meeting in {month} {y}.",
    "Earlier this month, the two countries held consultations on climate change.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def generate_articles(count: int, seed: int) -> list[Article]:
    """Varied, realistic articles built from templates (never copies of the seed texts)."""
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        (t1, n1, c1), (t2, n2, c2) = rng.sample(LEADERS, 2)
        published = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365))
        verb, noun = rng.choice(VERBS)
        values = {
            "t1": t1, "n1": n1, "c1": c1, "t2": t2, "n2": n2, "c2": c2,
            "last1": n1.split()[-1], "last2": n2.split()[-1],
            "verb": verb, "noun": noun, "adj": rng.choice(["lengthy", "brief", "warm"]),
            "when": rng.choice(["on " + rng.choice(WEEKDAYS), "today", "yesterday",
                                published.strftime("on %B %-d, %Y")]),
            "k": rng.randrange(2, 90), "y": published.year - 1, "y2": published.year + 1,
            "month": rng.choice(MONTHS), "weekday": rng.choice(WEEKDAYS),
        }  # fmt: skip
        values["topic"] = rng.choice(TOPICS).format(**values)
        paragraphs = [rng.choice(LEADS).format(**values)]
        for _ in range(rng.randrange(12, 20)):
            paragraphs.append(rng.choice(BODIES).format(**values))
        body = "\n\n".join(paragraphs) + f"\n\n(Article {number}.)\n"
        articles.append(Article(f"generated-{number}.txt", body, published, "header"))
    return articles
