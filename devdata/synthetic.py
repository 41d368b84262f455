"""A synthetic dataset for performance work: realistic rows, written with bulk inserts.

`generate_dataset(events, seed)` adds about events/50 actors (with aliases), events/10
sources of English news text, the events themselves (every PLOVER type, skewed as real
data is; mixed date precisions across 2000–2026; parents, fulfilments, planned and
cancelled events) and three claims per event, each a sentence of its source's text.
The same events and seed give the same rows; generated rows carry GENERATED_PREFIX on
their slugs so `clear_generated()` can find them without touching curated data.
"""

import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.text import slugify

from devdata import bulk
from events import caching, csv_lines, disputes, documents, stamps, tallies
from events.dates import parse_date
from events.models import (
    Actor,
    ActorAlias,
    ActorKind,
    ActorRole,
    Claim,
    ClaimKind,
    Context,
    DateBasis,
    Event,
    EventActor,
    EventRedirect,
    EventStatus,
    EventType,
    Mode,
    ReviewStatus,
    Source,
    text_sha256,
)

# Slugify collapses dashes, so neither ingest nor the admin ever writes "--": a row whose
# slug starts with this prefix can only have come from the generator.
GENERATED_PREFIX = "gen--"
CHUNK_EVENTS = 5000  # events built in memory at a time
BATCH_SIZE = 2000  # rows per INSERT
CLAIMS_PER_EVENT = 3
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2026, 12, 31)
SOURCE_CHARS = (1100, 3900)  # the span source texts are cut to aim for
MIN_SOURCE_CHARS, MAX_SOURCE_CHARS = 1000, 4096
DATELINE_CHARS = 48  # "ADDIS ABABA, 28 September 2021 — " and then some

# ISO code, name as written in text, demonym, capital, naming region.
COUNTRIES = [
    ("IN", "India", "Indian", "New Delhi", "south-asia"),
    ("RU", "Russia", "Russian", "Moscow", "slavic"),
    ("CN", "China", "Chinese", "Beijing", "east-asia"),
    ("US", "the United States", "American", "Washington", "western"),
    ("GB", "the United Kingdom", "British", "London", "western"),
    ("FR", "France", "French", "Paris", "western"),
    ("DE", "Germany", "German", "Berlin", "western"),
    ("IT", "Italy", "Italian", "Rome", "western"),
    ("ES", "Spain", "Spanish", "Madrid", "latin"),
    ("PT", "Portugal", "Portuguese", "Lisbon", "latin"),
    ("NL", "the Netherlands", "Dutch", "The Hague", "western"),
    ("NO", "Norway", "Norwegian", "Oslo", "western"),
    ("SE", "Sweden", "Swedish", "Stockholm", "western"),
    ("FI", "Finland", "Finnish", "Helsinki", "western"),
    ("GR", "Greece", "Greek", "Athens", "western"),
    ("PL", "Poland", "Polish", "Warsaw", "slavic"),
    ("UA", "Ukraine", "Ukrainian", "Kyiv", "slavic"),
    ("BY", "Belarus", "Belarusian", "Minsk", "slavic"),
    ("RS", "Serbia", "Serbian", "Belgrade", "slavic"),
    ("TR", "Turkey", "Turkish", "Ankara", "turkic"),
    ("KZ", "Kazakhstan", "Kazakh", "Astana", "turkic"),
    ("UZ", "Uzbekistan", "Uzbek", "Tashkent", "turkic"),
    ("JP", "Japan", "Japanese", "Tokyo", "east-asia"),
    ("KR", "South Korea", "South Korean", "Seoul", "east-asia"),
    ("MN", "Mongolia", "Mongolian", "Ulaanbaatar", "east-asia"),
    ("VN", "Vietnam", "Vietnamese", "Hanoi", "south-east-asia"),
    ("TH", "Thailand", "Thai", "Bangkok", "south-east-asia"),
    ("MY", "Malaysia", "Malaysian", "Kuala Lumpur", "south-east-asia"),
    ("SG", "Singapore", "Singaporean", "Singapore", "south-east-asia"),
    ("ID", "Indonesia", "Indonesian", "Jakarta", "south-east-asia"),
    ("PH", "the Philippines", "Philippine", "Manila", "south-east-asia"),
    ("MM", "Myanmar", "Myanmar", "Naypyidaw", "south-east-asia"),
    ("PK", "Pakistan", "Pakistani", "Islamabad", "south-asia"),
    ("BD", "Bangladesh", "Bangladeshi", "Dhaka", "south-asia"),
    ("LK", "Sri Lanka", "Sri Lankan", "Colombo", "south-asia"),
    ("NP", "Nepal", "Nepalese", "Kathmandu", "south-asia"),
    ("AF", "Afghanistan", "Afghan", "Kabul", "arab"),
    ("IR", "Iran", "Iranian", "Tehran", "arab"),
    ("IQ", "Iraq", "Iraqi", "Baghdad", "arab"),
    ("SA", "Saudi Arabia", "Saudi", "Riyadh", "arab"),
    ("AE", "the United Arab Emirates", "Emirati", "Abu Dhabi", "arab"),
    ("QA", "Qatar", "Qatari", "Doha", "arab"),
    ("EG", "Egypt", "Egyptian", "Cairo", "arab"),
    ("DZ", "Algeria", "Algerian", "Algiers", "arab"),
    ("MA", "Morocco", "Moroccan", "Rabat", "arab"),
    ("ZA", "South Africa", "South African", "Pretoria", "african"),
    ("NG", "Nigeria", "Nigerian", "Abuja", "african"),
    ("KE", "Kenya", "Kenyan", "Nairobi", "african"),
    ("ET", "Ethiopia", "Ethiopian", "Addis Ababa", "african"),
    ("GH", "Ghana", "Ghanaian", "Accra", "african"),
    ("SN", "Senegal", "Senegalese", "Dakar", "african"),
    ("BR", "Brazil", "Brazilian", "Brasília", "latin"),
    ("MX", "Mexico", "Mexican", "Mexico City", "latin"),
    ("AR", "Argentina", "Argentine", "Buenos Aires", "latin"),
    ("CL", "Chile", "Chilean", "Santiago", "latin"),
    ("CO", "Colombia", "Colombian", "Bogotá", "latin"),
    ("PE", "Peru", "Peruvian", "Lima", "latin"),
    ("VE", "Venezuela", "Venezuelan", "Caracas", "latin"),
    ("CU", "Cuba", "Cuban", "Havana", "latin"),
    ("CA", "Canada", "Canadian", "Ottawa", "western"),
    ("AU", "Australia", "Australian", "Canberra", "western"),
    ("NZ", "New Zealand", "New Zealand", "Wellington", "western"),
]

FIRST_NAMES = {
    "south-asia": "Arjun Rajesh Priya Anil Sunita Vikram Meera Rahul Kavita Sanjay Imran Farah "
    "Nadia Tariq Sajid Anjali Deepak Lakshmi Ravi Suresh",
    "slavic": "Sergei Dmitry Olga Nikolai Elena Andrei Irina Pavel Tatiana Viktor Anna Mikhail "
    "Svetlana Oleg Marina Yuri Katarzyna Piotr Milan Jelena",
    "east-asia": "Wei Li Hiroshi Yuki Min-jun Ji-woo Takeshi Mei Jian Haruka Seo-yeon Kenji "
    "Xiaoming Aiko Dong-hyun Lan Bat Enkh Sora Jun",
    "south-east-asia": "Nguyen Somchai Siti Ahmad Maria Joko Thanh Kittipong Nurul Rizal Aung "
    "Hanh Arief Dewi Tuan Lina Mei Ling Ramon Ana Thant",
    "western": "James Emma Thomas Sophie Lukas Anna Pierre Claire Marco Giulia Lars Ingrid "
    "Pieter Eva Daniel Sarah Michael Laura Nikos Helena",
    "latin": "Luiz Ana Carlos Mariana Jorge Lucia Diego Camila Fernando Isabel Rafael Gabriela "
    "Javier Paula Miguel Sofia Andres Valentina Joao Beatriz",
    "turkic": "Mehmet Ayse Ahmet Nursultan Aigerim Timur Dilnoza Murat Zeynep Kairat Elif Bakhyt "
    "Gulnara Emre Aziz Malika Serik Leyla Rustam Dana",
    "arab": "Ahmed Fatima Mohammed Layla Omar Mariam Hassan Noura Khalid Yasmin Ali Samira Youssef "
    "Huda Karim Rania Tariq Salma Hamid Zainab",
    "african": "Kwame Amina Chidi Ngozi Tesfaye Wanjiru Abdoulaye Fatou Thabo Nomsa Kofi Ama "
    "Emeka Aisha Dawit Achieng Moussa Zanele Yaw Halima",
}
LAST_NAMES = {
    "south-asia": "Sharma Verma Iyer Reddy Nair Gupta Khan Chowdhury Rahman Perera Menon Joshi "
    "Mehta Qureshi Bhattarai Silva Rao Malik Das Kapoor",
    "slavic": "Ivanov Petrov Sokolov Volkov Kuznetsov Morozov Pavlov Novak Kowalski Shevchenko "
    "Kovalenko Lebedev Orlov Popov Markovic Jovanovic Zaitsev Belov Nowak Bondarenko",
    "east-asia": "Wang Zhang Chen Tanaka Suzuki Kim Park Lee Sato Liu Yamamoto Choi Zhao Huang "
    "Watanabe Jung Bold Batbayar Nakamura Kang",
    "south-east-asia": "Tran Le Pham Santos Reyes Wijaya Rahman Tan Lim Suwannarat Ong Hidayat "
    "Cruz Thein Abdullah Setiawan Vo Chua Kusuma Garcia",
    "western": "Smith Miller Martin Bernard Schmidt Weber Rossi Bianchi Jensen Larsen de Vries "
    "Dubois Taylor Brown Wilson Fischer Papadopoulos Berg Moreau Clarke",
    "latin": "Almeida Souza Fernandez Gonzalez Rodriguez Lopez Martinez Pereira Costa Ramirez "
    "Torres Herrera Castillo Vargas Mendoza Ferreira Rocha Morales Ortega Navarro",
    "turkic": "Yilmaz Kaya Demir Sahin Celik Nurlanov Abdullaev Karimov Tokayev Aydin Ozturk "
    "Yusupov Sadykov Arslan Bekov Koc Rakhimov Erdem Dosmukhamedov Tursunov",
    "arab": "Al-Sayed Haddad Mansour Nasser Hamdan Al-Farsi Rahimi Karimi Saleh Aziz Mahmoud "
    "Abbas Al-Qasimi Hosseini Bakr Darwish Khoury Othman Yousef Jaber",
    "african": "Mensah Okafor Adeyemi Mwangi Kamau Diallo Ndiaye Mbeki Nkosi Tadesse Bekele "
    "Osei Boateng Eze Otieno Sow Dlamini Abubakar Asante Kiprop",
}
OFFICES = [
    ("President", 3),
    ("Prime Minister", 3),
    ("Foreign Minister", 5),
    ("Defence Minister", 3),
    ("Trade Minister", 2),
    ("Finance Minister", 2),
    ("Energy Minister", 1),
    ("Health Minister", 1),
    ("National Security Adviser", 1),
]
# Name after the demonym, the phrase after "{country}'s", the name after "of {country}".
BODIES = [
    ("Ministry of Foreign Affairs", "foreign ministry"),
    ("Ministry of Defence", "defence ministry"),
    ("Ministry of Commerce", "trade ministry"),
    ("Ministry of Health", "health ministry"),
    ("Ministry of Energy", "energy ministry"),
    ("Ministry of Finance", "finance ministry"),
    ("Presidential Office", "presidency"),
    ("Parliament", "parliament"),
    ("Armed Forces", "armed forces"),
    ("Space Agency", "space agency"),
    ("Central Bank", "central bank"),
    ("Coast Guard", "coast guard"),
]
INTERNATIONAL = [
    ("United Nations", "UN"),
    ("World Health Organization", "WHO"),
    ("North Atlantic Treaty Organization", "NATO"),
    ("Shanghai Cooperation Organisation", "SCO"),
    ("Association of Southeast Asian Nations", "ASEAN"),
    ("European Union", "EU"),
    ("African Union", "AU"),
    ("International Atomic Energy Agency", "IAEA"),
    ("World Trade Organization", "WTO"),
    ("International Monetary Fund", "IMF"),
    ("Organization of the Petroleum Exporting Countries", "OPEC"),
    ("International Committee of the Red Cross", "ICRC"),
    ("Eurasian Economic Union", "EAEU"),
    ("Gulf Cooperation Council", "GCC"),
    ("Organization of American States", "OAS"),
    ("League of Arab States", "Arab League"),
    ("International Energy Agency", "IEA"),
    ("World Food Programme", "WFP"),
]
ACRONYMS_READ_AS_WORDS = {"NATO", "ASEAN", "OPEC"}  # no "the" before these
NATIONAL_ORGANISATIONS = [
    "National Oil Company",
    "Chamber of Commerce",
    "Red Cross Society",
    "Development Bank",
    "Institute of Strategic Studies",
    "Shipbuilding Corporation",
    "Nuclear Energy Corporation",
    "Railways Corporation",
]
SUMMITS = [
    ("G20 summit", ["Rome", "Osaka", "New Delhi", "Bali", "Rio de Janeiro", "Johannesburg"]),
    ("BRICS summit", ["Johannesburg", "Kazan", "Brasília", "Goa", "Xiamen"]),
    ("SCO summit", ["Samarkand", "Astana", "Qingdao", "Bishkek", "Tianjin"]),
    ("UN General Assembly", ["New York"]),
    ("East Asia Summit", ["Jakarta", "Vientiane", "Kuala Lumpur", "Manila"]),
    ("Munich Security Conference", ["Munich"]),
    ("climate conference", ["Paris", "Glasgow", "Sharm el-Sheikh", "Dubai", "Baku"]),
    ("ASEAN Regional Forum", ["Phnom Penh", "Singapore", "Hanoi"]),
]
TOPICS = {
    Context.DIPLOMATIC: [
        "an annual ministerial dialogue",
        "consular cooperation",
        "visa facilitation",
        "reform of the UN Security Council",
        "the situation in the region",
    ],
    Context.ECONOMIC: [
        "trade in national currencies",
        "a free trade agreement",
        "investment protection",
        "a new shipping corridor",
        "tariffs on steel imports",
    ],
    Context.MILITARY: [
        "joint naval exercises",
        "defence procurement",
        "border security",
        "counter-terrorism cooperation",
        "military-technical cooperation",
    ],
    Context.HEALTH: [
        "vaccine production",
        "medical supplies",
        "pandemic preparedness",
        "pharmaceutical exports",
    ],
    Context.HUMANITARIAN: [
        "relief for flood victims",
        "the evacuation of civilians",
        "assistance to refugees",
        "food security",
    ],
    Context.TECHNOLOGY: [
        "semiconductor research",
        "cyber security",
        "digital payments",
        "artificial intelligence",
    ],
    Context.SPACE: [
        "astronaut training",
        "satellite navigation",
        "a joint lunar mission",
        "launch services",
    ],
    Context.ENERGY: [
        "long-term oil supplies",
        "a nuclear power plant",
        "liquefied natural gas",
        "renewable energy",
        "the hydrogen economy",
    ],
}
CONTEXT_WEIGHTS = {
    Context.DIPLOMATIC: 30,
    Context.ECONOMIC: 20,
    Context.MILITARY: 15,
    Context.ENERGY: 8,
    Context.TECHNOLOGY: 8,
    Context.HUMANITARIAN: 7,
    Context.HEALTH: 7,
    Context.SPACE: 4,
}
ISSUES = [
    "the detention of its nationals",
    "violations of its airspace",
    "a disputed maritime boundary",
    "attacks on merchant shipping",
    "interference in its internal affairs",
    "the treatment of its diplomats",
    "cross-border shelling",
    "a recent missile test",
]
RELIEF = ["medical supplies", "oxygen concentrators", "food aid", "tents and blankets", "vaccines"]
REQUESTS = [
    "resume talks on {topic}",
    "release detained citizens",
    "speed up deliveries of {relief}",
    "reopen a border crossing",
]
ACCUSATIONS = [
    "violating the ceasefire",
    "interfering in its internal affairs",
    "spreading disinformation",
    "harbouring militants",
]
REGIONS = ["the border area", "the disputed islands", "the northern provinces", "the coast"]
ATTRIBUTIONS = ["officials said", "diplomats said", "a spokesperson said", "sources said"]
MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()


@dataclass(frozen=True)
class TypeSpec:
    """How news text reports one PLOVER type: predicates take {b} (the counterparts)."""

    weight: float  # as a story's main event
    child_weight: float  # as something done within another event
    past: tuple[str, ...]
    solo: str  # the predicate when the event has a single actor
    future: str  # "" when the type is not announced in advance
    noun: str
    headline: str
    quote: str
    contexts: tuple[str, ...] = ()  # primary contexts it is drawn from; () means any
    cooperative: bool = True


SPECS: dict[str, TypeSpec] = {
    EventType.CONSULT: TypeSpec(
        24,
        0,
        ("held talks with {b} on {topic}", "met {b} to discuss {topic}"),
        "held consultations with foreign envoys on {topic}",
        "hold talks with {b} on {topic}",
        "talks",
        "{A} and {B} hold talks on {topic}",
        "We had a frank and useful exchange on {topic}",
    ),
    EventType.AGREE: TypeSpec(
        10,
        35,
        (
            "agreed with {b} to expand cooperation on {topic}",
            "signed an agreement with {b} on {topic}",
            "reached an understanding with {b} on {topic}",
        ),
        "approved a framework agreement on {topic}",
        "sign an agreement with {b} on {topic}",
        "agreement",
        "{A} and {B} agree on {topic}",
        "This agreement opens a new chapter in our relations",
    ),
    EventType.SUPPORT: TypeSpec(
        8,
        15,
        ("expressed support for {b} on {topic}", "offered {b} its full support on {topic}"),
        "voiced support for international efforts on {topic}",
        "",
        "pledge of support",
        "{A} backs {B} on {topic}",
        "We stand with our partners on {topic}",
    ),
    EventType.CONCEDE: TypeSpec(
        1.5,
        3,
        (
            "eased restrictions on {topic} after talks with {b}",
            "accepted a demand from {b} on {topic}",
        ),
        "lifted restrictions on {topic}",
        "",
        "concession",
        "{A} yields to {B} on {topic}",
        "We have taken this step in a spirit of good faith",
    ),
    EventType.COOPERATE: TypeSpec(
        10,
        15,
        ("launched joint work with {b} on {topic}", "began a joint project with {b} on {topic}"),
        "opened a new research centre for {topic}",
        "launch joint work with {b} on {topic}",
        "joint project",
        "{A} and {B} launch cooperation on {topic}",
        "This project shows what our countries can achieve together",
    ),
    EventType.AID: TypeSpec(
        5,
        8,
        ("sent {k} tonnes of {relief} to {b}", "delivered {relief} to {b}"),
        "dispatched {relief} to the affected region",
        "send {relief} to {b}",
        "aid delivery",
        "{A} sends {relief} to {B}",
        "We will not leave our friends alone in difficult times",
        (Context.HUMANITARIAN, Context.HEALTH),
    ),
    EventType.RETREAT: TypeSpec(
        1.5,
        2,
        (
            "withdrew troops from positions near the border with {b}",
            "released {k} detained nationals of {b}",
        ),
        "withdrew its forces from {region}",
        "",
        "withdrawal",
        "{A} pulls back forces facing {B}",
        "This is a gesture to reduce tension",
        (Context.MILITARY, Context.DIPLOMATIC),
    ),
    EventType.REQUEST: TypeSpec(
        6,
        10,
        ("asked {b} to {request}", "urged {b} to {request}", "called on {b} to {request}"),
        "appealed for international help with {topic}",
        "",
        "request",
        "{A} urges {B} to {request}",
        "We expect a constructive response",
    ),
    EventType.ACCUSE: TypeSpec(
        6,
        3,
        ("accused {b} of {accusation}", "blamed {b} for the collapse of talks on {topic}"),
        "accused foreign powers of {accusation}",
        "",
        "accusation",
        "{A} accuses {B} of {accusation}",
        "These actions violate international law",
        (Context.DIPLOMATIC, Context.MILITARY),
        cooperative=False,
    ),
    EventType.REJECT: TypeSpec(
        4,
        4,
        ("rejected a proposal from {b} on {topic}", "turned down a request from {b} on {topic}"),
        "rejected calls for talks on {topic}",
        "",
        "rejection",
        "{A} rejects proposal from {B} on {topic}",
        "The proposal does not take our concerns into account",
        cooperative=False,
    ),
    EventType.THREATEN: TypeSpec(
        3,
        2,
        ("warned {b} of consequences over {issue}", "threatened {b} with sanctions over {issue}"),
        "warned of retaliation over {issue}",
        "",
        "warning",
        "{A} warns {B} over {issue}",
        "We will respond to any provocation",
        (Context.MILITARY, Context.DIPLOMATIC),
        cooperative=False,
    ),
    EventType.PROTEST: TypeSpec(
        3,
        3,
        (
            "lodged a formal protest with {b} over {issue}",
            "summoned the envoy of {b} to protest {issue}",
        ),
        "protested {issue}",
        "",
        "protest",
        "{A} protests to {B} over {issue}",
        "Such conduct is unacceptable",
        (Context.DIPLOMATIC,),
        cooperative=False,
    ),
    EventType.SANCTION: TypeSpec(
        3,
        0,
        (
            "imposed sanctions on {b} over {issue}",
            "expelled {k} diplomats of {b}",
            "suspended trade with {b} over {issue}",
        ),
        "announced new export controls on {topic}",
        "impose sanctions on {b} over {issue}",
        "sanctions",
        "{A} imposes sanctions on {B}",
        "These measures are a response to repeated violations",
        (Context.ECONOMIC, Context.DIPLOMATIC),
        cooperative=False,
    ),
    EventType.MOBILIZE: TypeSpec(
        2,
        0,
        (
            "put troops on alert near the border with {b}",
            "held large-scale military drills near {b}",
        ),
        "called up {k} thousand reservists",
        "hold military drills near {b}",
        "mobilisation",
        "{A} mobilises forces near {B}",
        "Our forces are ready for any eventuality",
        (Context.MILITARY,),
        cooperative=False,
    ),
    EventType.COERCE: TypeSpec(
        2,
        0,
        (
            "seized a cargo vessel linked to {b}",
            "blocked imports from {b}",
            "detained {k} nationals of {b}",
        ),
        "closed its airspace to foreign carriers",
        "",
        "seizure",
        "{A} seizes cargo linked to {B}",
        "The measures were taken in accordance with our laws",
        (Context.ECONOMIC, Context.MILITARY),
        cooperative=False,
    ),
    EventType.ASSAULT: TypeSpec(
        3,
        0,
        (
            "carried out air strikes on positions held by {b}",
            "shelled border posts held by {b}",
        ),
        "carried out strikes in {region}",
        "",
        "strikes",
        "{A} strikes positions held by {B}",
        "We acted in self-defence",
        (Context.MILITARY,),
        cooperative=False,
    ),
    EventType.STATEMENT: TypeSpec(
        4,
        2,
        (
            "said in a statement that ties with {b} were on course",
            "stated its position on relations with {b}",
        ),
        "issued a statement",
        "",
        "statement",
        "{A} issues a statement on ties with {B}",
        "Our position has not changed",
    ),
}
# A consultation reads by its mode: predicate, noun, headline and what is announced.
CONSULT_MODES = {
    Mode.PHONE: (
        ("spoke with {b} by telephone", "held a phone call with {b}"),
        "call",
        "{A} and {B} speak by phone",
        "hold a phone call with {b}",
    ),
    Mode.VISIT: (
        ("held talks with {b} in {place}", "visited {place} for talks with {b}"),
        "visit",
        "{A} visits {place} for talks with {B}",
        "visit {place} for talks with {b}",
    ),
    Mode.MULTILATERAL: (
        ("met {b} on the sidelines of the {summit} in {place}",),
        "meeting",
        "{A} and {B} meet at {summit}",
        "meet {b} at the {summit} in {place}",
    ),
    Mode.THIRD_PARTY: (
        ("held indirect talks with {b} through mediators in {place}",),
        "talks",
        "{A} and {B} hold indirect talks in {place}",
        "hold indirect talks with {b} in {place}",
    ),
}
DETAILS = [
    "The {noun} covered {topic} and {topic2}, {attribution}.",
    "Both sides reviewed progress on {topic} and agreed to stay in close contact.",
    "Diplomats said further steps on {topic} were expected in the coming months.",
    "{A} has raised {topic} with {b} several times in recent years.",
    "The {noun} followed weeks of preparatory contacts between officials.",
]
TENSE_DETAILS = [
    "Analysts said the {noun} marked a sharp deterioration in relations.",
    "{A} has accused {b} of similar conduct in the past.",
    "The {noun} drew concern from neighbouring states, {attribution}.",
]
QUOTES = [  # what a speaker (S) said, and the kind of claim that makes
    ('"{quote}," {S} said.', ClaimKind.DIRECT_QUOTE),
    ('"{quote}," {S} told reporters after the {noun}.', ClaimKind.DIRECT_QUOTE),
    ("In a statement, {S} said the {noun} reflected {aim}.", ClaimKind.STATEMENT),
    ("{S} wrote on social media that the {noun} had been {adjective}.", ClaimKind.SOCIAL_POST),
]
BACKGROUND = [
    "Bilateral trade between the two countries reached {k} billion dollars last year.",
    "Relations between the two sides have been shaped by decades of close contacts.",
    "The region has seen intense diplomatic activity in recent months.",
    "Officials did not give further details.",
]
PUBLISHERS = [
    ("Global Affairs Wire", "globalaffairs.example"),
    ("The Daily Courier", "dailycourier.example"),
    ("Eastern Herald", "easternherald.example"),
    ("Press Desk International", "pressdesk.example"),
    ("The Continental Times", "continentaltimes.example"),
    ("Capital Observer", "capitalobserver.example"),
]


class AlreadyGenerated(Exception):
    """Rows generated with this seed are already in the database."""


@dataclass
class GeneratedCounts:
    """What a generate or clear run wrote or removed."""

    actors: int = 0
    aliases: int = 0
    sources: int = 0
    events: int = 0
    event_actors: int = 0
    claims: int = 0
    claim_mentions: int = 0

    def items(self) -> list[tuple[str, int]]:
        return list(vars(self).items())


def seed_prefix(seed: int) -> str:
    """The slug prefix of the rows one seed generates."""
    return f"{GENERATED_PREFIX}{seed}-"


# --- dates -------------------------------------------------------------------------------


def _day_phrase(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _month_phrase(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


@dataclass(frozen=True)
class _When:
    edtf: str
    phrase: str  # as the text says it, e.g. "on 28 April 2021"
    reported_on: date  # when the news came out


YEARS = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
YEAR_WEIGHTS = list(accumulate(year - 1995 for year in YEARS))  # cumulative


def _random_day(rng: random.Random) -> date:
    # More news about recent years, as in any archive.
    year = rng.choices(YEARS, cum_weights=YEAR_WEIGHTS)[0]
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _weighted[T](rng: random.Random, weights: dict[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _occurred_when(rng: random.Random, day: date) -> _When:
    form = rng.choices(
        ["day", "month", "year", "days", "months", "by-day", "by-month"],
        weights=[62, 15, 7, 7, 2, 5, 2],
    )[0]
    later = timedelta(days=rng.randrange(4))
    if form == "day":
        return _When(day.isoformat(), f"on {_day_phrase(day)}", _clamp(day + later))
    if form == "month":
        end = _month_end(day)
        return _When(f"{day:%Y-%m}", f"in {_month_phrase(day)}", _clamp(end + later))
    if form == "year":
        return _When(str(day.year), f"in {day.year}", date(day.year, 12, 31))
    if form == "days":
        end = min(day + timedelta(days=rng.randint(1, 4)), LAST_DAY)
        if end == day:
            day = end - timedelta(days=2)
        if (day.year, day.month) == (end.year, end.month):
            phrase = f"from {day.day} to {_day_phrase(end)}"
        else:
            phrase = f"from {_day_phrase(day)} to {_day_phrase(end)}"
        return _When(f"{day.isoformat()}/{end.isoformat()}", phrase, _clamp(end + later))
    if form == "months":
        start = day.replace(day=1)
        end = _month_end(date(day.year, min(day.month + rng.randint(1, 3), 12), 1))
        if end.month == start.month:
            start = start.replace(month=start.month - 1)
        phrase = f"between {MONTH_NAMES[start.month - 1]} and {_month_phrase(end)}"
        return _When(f"{start:%Y-%m}/{end:%Y-%m}", phrase, _clamp(end + later))
    if form == "by-day":
        word = rng.choice(["by", "before"])
        return _When(f"../{day.isoformat()}", f"{word} {_day_phrase(day)}", _clamp(day + later))
    return _When(f"../{day:%Y-%m}", f"by {_month_phrase(day)}", _clamp(_month_end(day) + later))


def _planned_when(rng: random.Random, day: date) -> _When:
    """A date announced in advance; reported_on is the day it was announced."""
    form = rng.choices(["rest-of-year", "month", "year", "day"], weights=[35, 25, 15, 25])[0]
    ahead = timedelta(days=rng.randint(20, 200))
    if form == "rest-of-year" and day < date(day.year, 12, 1):
        end = date(day.year, 12, 31)
        return _When(f"{day.isoformat()}/{end.isoformat()}", f"later in {day.year}", day)
    if form == "month":
        return _When(f"{day:%Y-%m}", f"in {_month_phrase(day)}", _clamp(day - ahead))
    if form == "year":
        return _When(str(day.year), f"in {day.year}", _clamp(date(day.year, 1, 1) - ahead))
    return _When(day.isoformat(), f"on {_day_phrase(day)}", _clamp(day - ahead))


def _cancelled_when(rng: random.Random, day: date) -> _When:
    form = rng.choices(["year", "month", "day"], weights=[40, 30, 30])[0]
    notice = timedelta(days=rng.randint(5, 60))
    if form == "year":
        return _When(str(day.year), f"in {day.year}", _clamp(day - notice))
    if form == "month":
        return _When(f"{day:%Y-%m}", f"in {_month_phrase(day)}", _clamp(day - notice))
    return _When(day.isoformat(), f"on {_day_phrase(day)}", _clamp(day - notice))


def _day_within(rng: random.Random, edtf: str) -> date:
    bounds = parse_date(edtf)
    lower = bounds.lower or (bounds.upper - timedelta(days=90))
    upper = bounds.upper or (bounds.lower + timedelta(days=90))
    return lower + timedelta(days=rng.randrange((upper - lower).days + 1))


# --- actors ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cast:
    """An actor as the text writes about it."""

    actor: Actor
    forms: tuple[str, ...]  # ways the text names it (may start with "the")
    short: str  # for headlines
    aliases: list[str]
    capital: str  # of its country, "" for an international body


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bare(name: str) -> str:
    return name.removeprefix("the ")


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _build_cast(rng: random.Random, count: int, prefix: str) -> list[_Cast]:
    """count actors: states, government bodies, organisations, and persons for the rest."""
    cast: list[_Cast] = []
    names: set[str] = set()

    def add(name, kind, country, title, forms, short, aliases, capital) -> None:
        if name in names:
            return
        names.add(name)
        actor = Actor(
            name=name,
            slug=f"{prefix}{slugify(name)}",
            kind=kind,
            country=country,
            title=title,
            review_status=ReviewStatus.VERIFIED,
        )
        cast.append(_Cast(actor, tuple(forms), short, aliases, capital))

    states = min(len(COUNTRIES), max(1, round(count * 0.12)))
    for iso, name, demonym, capital, _ in rng.sample(COUNTRIES, states):
        aliases = [_bare(name), f"{demonym} government", capital]
        forms = [name, f"the {demonym} government"]
        add(_bare(name), ActorKind.STATE, iso, "", forms, _bare(name), aliases, capital)

    pairs = [(country, body) for country in COUNTRIES for body in BODIES]
    for country, (body, plain) in rng.sample(pairs, min(round(count * 0.22), len(pairs))):
        iso, name, demonym, capital, _ = country
        full, owner = f"{demonym} {body}", _possessive(name)
        forms = [f"the {full}", f"{owner} {plain}", f"the {demonym} {plain}"]
        short = f"{_bare(owner)} {plain}"
        aliases = [full, f"{body} of {_bare(name)}", short, f"{demonym} {plain}"]
        add(full, ActorKind.GOVERNMENT_BODY, iso, "", forms, short, aliases, capital)

    organisations = round(count * 0.12)
    for name, short in INTERNATIONAL[:organisations]:
        spoken = short if short in ACRONYMS_READ_AS_WORDS else f"the {short}"
        add(name, ActorKind.ORGANIZATION, "", "", [f"the {name}", spoken], short, [name, short], "")
    national = [(country, kind) for country in COUNTRIES for kind in NATIONAL_ORGANISATIONS]
    wanted = max(0, organisations - len(INTERNATIONAL))
    for (iso, _, demonym, capital, _), kind in rng.sample(national, min(wanted, len(national))):
        name = f"{demonym} {kind}"
        short = "".join(word[0] for word in name.split() if word[0].isupper())
        add(
            name,
            ActorKind.ORGANIZATION,
            iso,
            "",
            [f"the {name}", short],
            short,
            [name, short],
            capital,
        )

    offices = [office for office, _ in OFFICES]
    office_weights = [weight for _, weight in OFFICES]
    persons = count - len(cast)
    for attempt in range(persons * 20):
        if len(cast) >= count:
            break
        iso, country, demonym, capital, region = rng.choice(COUNTRIES)
        first = rng.choice(FIRST_NAMES[region].split())
        last = rng.choice(LAST_NAMES[region].split())
        if attempt >= persons * 2:  # common names run out: add a middle initial
            first = f"{first} {rng.choice('ABDEKMRS')}."
        name = f"{first} {last}"
        office = rng.choices(offices, weights=office_weights)[0]
        forms = [f"{demonym} {office} {name}", name, f"{office} {last}", name, last]
        aliases = [name, f"{office} {last}", f"{first[0]}. {last}", last]
        add(name, ActorKind.PERSON, iso, f"{office} of {country}", forms, last, aliases, capital)
    rng.shuffle(cast)  # prominence (below) should not follow kind
    return cast


def _keep_aliases(rng: random.Random, cast: list[_Cast], taken: set[str]) -> list[ActorAlias]:
    """1–4 aliases an actor, skipping any text already used by anyone (ignoring case)."""
    aliases = []
    for member in cast:
        kept = []
        for text in member.aliases[: rng.randint(1, 4)]:
            if text.lower() not in taken:
                taken.add(text.lower())
                kept.append(text)
        if not kept:  # every form taken: the name with its slug keeps the actor findable
            kept = [f"{member.actor.name} ({member.actor.slug})"]
            taken.add(kept[0].lower())
        aliases += [ActorAlias(actor_id=member.actor.pk, text=text) for text in kept]
    return aliases


# --- events and their reports ------------------------------------------------------------


@dataclass(slots=True, eq=False)  # compared by identity: two reports may read alike
class _Sentence:
    """One sentence of a report: what it names, and where it lands in a source."""

    text: str
    kind: str = ClaimKind.REPORTED
    speaker: int | None = None  # cast index of who is quoted
    mentions: tuple[int, ...] = ()  # cast indices it names
    source: int = -1  # index into the chunk's sources
    start: int = -1


@dataclass(slots=True)
class _Draft:
    """An event before it is saved, with what every report of it shares."""

    event: Event
    spec: TypeSpec
    cast: list[int]  # [initiator, recipient, participants…], indices into the cast
    values: dict[str, str]
    phrase: str  # the date as the text says it
    reported_on: date
    noun: str
    predicates: tuple[str, ...]
    future: str
    parent: int | None = None  # index into the chunk's drafts
    fulfils: int | None = None
    claims: list[_Sentence] = field(default_factory=list)


@dataclass(slots=True)
class _Bundle:
    """What one source says about one story: a paragraph or two."""

    reported_on: date
    sentences: list[_Sentence]
    location: str
    title: str  # of the story's main event


PLANNED_TYPES = {
    EventType.CONSULT: 50,
    EventType.AGREE: 20,
    EventType.COOPERATE: 12,
    EventType.AID: 6,
    EventType.SANCTION: 6,
    EventType.MOBILIZE: 6,
}
REVIEW_WEIGHTS = {ReviewStatus.VERIFIED: 85, ReviewStatus.PROPOSED: 12, ReviewStatus.REJECTED: 3}
CUE_FAMILIES = {
    EventType.AID: ["delivery"],
    EventType.COOPERATE: ["production", "training"],
    EventType.AGREE: ["approval"],
}
CONSULT_MODE_WEIGHTS = {
    Mode.PHONE: 35,
    Mode.VISIT: 30,
    Mode.MULTILATERAL: 15,
    Mode.THIRD_PARTY: 5,
    "": 15,
}


class _Writer:
    """Makes events and the news text that reports them, from one random stream."""

    def __init__(self, rng: random.Random, cast: list[_Cast], prefix: str) -> None:
        self.rng = rng
        self.cast = cast
        self.prefix = prefix
        # Zipf-like prominence: a few actors are in the news all the time.
        self.cum_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(cast))))
        self.population = range(len(cast))
        self.types = list(SPECS)
        self.type_weights = list(accumulate(SPECS[t].weight for t in self.types))
        self.child_types = [t for t in SPECS if SPECS[t].child_weight]
        self.child_weights = list(accumulate(SPECS[t].child_weight for t in self.child_types))
        self.events_made = 0
        self.sources_made = 0
        self.hashes: set[str] = set()

    # Events.

    def _actors(self, count: int) -> list[int]:
        count = min(count, len(self.cast))
        chosen: list[int] = []
        while len(chosen) < count:
            pick = self.rng.choices(self.population, cum_weights=self.cum_weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _actor_count(self, at_least: int = 1) -> int:
        return max(at_least, self.rng.choices((1, 2, 3, 4), weights=(8, 62, 20, 10))[0])

    def _values(self, spec: TypeSpec, cast: list[int], mode: str) -> tuple[dict[str, str], list]:
        rng = self.rng
        primary = rng.choice(spec.contexts) if spec.contexts else _weighted(rng, CONTEXT_WEIGHTS)
        contexts = {primary}
        if primary != Context.DIPLOMATIC and rng.random() < 0.5:
            contexts.add(Context.DIPLOMATIC)
        if rng.random() < 0.15:
            contexts.add(rng.choice(Context.values))
        topic, topic2 = rng.sample(TOPICS[primary], 2)
        summit, cities = rng.choice(SUMMITS)
        home = self.cast[cast[0]].capital
        hosts = [self.cast[i].capital for i in cast[1:] if self.cast[i].capital not in ("", home)]
        if mode == Mode.MULTILATERAL:
            place = rng.choice(cities)
        elif mode == Mode.VISIT and hosts:  # the initiator travels to a counterpart
            place = hosts[0]
        elif mode in (Mode.VISIT, Mode.THIRD_PARTY):  # a third country's capital
            place = rng.choice([c[3] for c in COUNTRIES if c[3] not in (home, *hosts)])
        elif rng.random() < 0.25:
            place = home or rng.choice(cities)
        else:
            place = ""
        values = {
            "topic": topic,
            "topic2": topic2,
            "issue": rng.choice(ISSUES),
            "relief": rng.choice(RELIEF),
            "k": str(rng.randint(2, 90)),
            "accusation": rng.choice(ACCUSATIONS),
            "region": rng.choice(REGIONS),
            "summit": summit,
            "place": place or rng.choice(cities),
            "location": place,
        }
        values["request"] = rng.choice(REQUESTS).format(**values)
        return values, sorted(contexts, key=Context.values.index)

    def _draft(
        self,
        event_type: str,
        status: str,
        cast: list[int],
        when: _When,
        review: str,
        *,
        like: _Draft | None = None,
    ) -> _Draft:
        """One event; `like` is the planned event it carries out (same mode, topic, place)."""
        rng = self.rng
        spec = SPECS[event_type]
        if like is not None:
            mode, values = like.event.mode, like.values
            contexts = list(like.event.contexts)
        else:
            if event_type == EventType.CONSULT:
                mode = _weighted(rng, CONSULT_MODE_WEIGHTS)
            else:
                mode = Mode.MULTILATERAL if len(cast) > 2 and rng.random() < 0.3 else ""
            values, contexts = self._values(spec, cast, mode)
        predicates, noun, headline, future = spec.past, spec.noun, spec.headline, spec.future
        if event_type == EventType.CONSULT and mode in CONSULT_MODES:
            predicates, noun, headline, future = CONSULT_MODES[mode]
        short = [self.cast[i].short for i in cast]
        others = _listed(short[1:])
        if len(cast) == 1:
            title = f"{short[0]} {spec.solo.format(**values)}"
        elif status == EventStatus.PLANNED:
            title = f"{short[0]} to {future.format(b=others, **values)}"
        elif status == EventStatus.CANCELLED:
            title = f"Planned {noun} between {short[0]} and {others} called off"
        else:
            title = headline.format(A=short[0], B=others, **values)
        self.events_made += 1
        event = Event(
            title=_capitalised(title)[:300],
            slug=f"{self.prefix}{slugify(title)[:80].strip('-')}-{self.events_made}",
            event_type=event_type,
            mode=mode,
            contexts=contexts,
            status=status,
            date_edtf=when.edtf,
            location=values["location"],
            review_status=review,
        )
        if review != ReviewStatus.VERIFIED and event_type in CUE_FAMILIES and rng.random() < 0.5:
            event.cue_family = rng.choice(CUE_FAMILIES[event_type])
        event.derive_dates()
        return _Draft(
            event, spec, cast, values, when.phrase, when.reported_on, noun, predicates, future
        )

    def _review(self) -> str:
        return _weighted(self.rng, REVIEW_WEIGHTS)

    def stories(self, count: int) -> tuple[list[_Draft], list[list[int]]]:
        """count events as stories: [main event, things done within it…]."""
        rng = self.rng
        drafts: list[_Draft] = []
        stories: list[list[int]] = []

        def add(draft: _Draft, story: list[int]) -> int:
            drafts.append(draft)
            story.append(len(drafts) - 1)
            return len(drafts) - 1

        while len(drafts) < count:
            roll = rng.random()
            day = _random_day(rng)
            review = self._review()
            if roll < 0.44:  # a single event
                event_type = rng.choices(self.types, cum_weights=self.type_weights)[0]
                cast = self._actors(self._actor_count())
                when = _occurred_when(rng, day)
                story: list[int] = []
                add(self._draft(event_type, EventStatus.OCCURRED, cast, when, review), story)
                stories.append(story)
            elif roll < 0.76:  # a meeting and what was done in it
                event_type = EventType.CONSULT if rng.random() < 0.85 else EventType.COOPERATE
                cast = self._actors(self._actor_count(2))
                when = _occurred_when(rng, day)
                root = self._draft(event_type, EventStatus.OCCURRED, cast, when, review)
                story = []
                add(root, story)
                self._children(root, story, drafts, rng.choices((1, 2, 3), (55, 30, 15))[0])
                stories.append(story)
            elif roll < 0.94:  # announced in advance, and often carried out later
                event_type = _weighted(rng, PLANNED_TYPES)
                cast = self._actors(self._actor_count(2))
                when = _planned_when(rng, day)
                plan = self._draft(event_type, EventStatus.PLANNED, cast, when, review)
                story = []
                planned = add(plan, story)
                stories.append(story)
                if rng.random() < 0.6:
                    held_on = _day_within(rng, plan.event.date_edtf)
                    when = _When(
                        held_on.isoformat(),
                        f"on {_day_phrase(held_on)}",
                        _clamp(held_on + timedelta(days=rng.randrange(3))),
                    )
                    held = self._draft(
                        event_type, EventStatus.OCCURRED, cast, when, review, like=plan
                    )
                    held.fulfils = planned
                    story = []
                    add(held, story)
                    if rng.random() < 0.35:
                        self._children(held, story, drafts, rng.randint(1, 2))
                    stories.append(story)
            else:  # announced, then called off
                event_type = _weighted(rng, PLANNED_TYPES)
                cast = self._actors(self._actor_count(2))
                when = _cancelled_when(rng, day)
                story = []
                add(self._draft(event_type, EventStatus.CANCELLED, cast, when, review), story)
                stories.append(story)
        # The last story may run past count: drop its tail (children come after parents).
        del drafts[count:]
        stories = [[i for i in story if i < count] for story in stories]
        return drafts, [story for story in stories if story]

    def _children(self, root: _Draft, story: list[int], drafts: list[_Draft], count: int):
        rng = self.rng
        root_index = story[0]
        edtf = root.event.date_edtf
        bounds = parse_date(edtf)
        own_days = "/" in edtf and bounds.lower is not None and bounds.upper is not None
        for _ in range(count):
            event_type = rng.choices(self.child_types, cum_weights=self.child_weights)[0]
            cast = rng.sample(root.cast, rng.randint(1, len(root.cast)))
            if own_days:  # a multi-day visit: each agreement has its own day
                day = _day_within(rng, edtf)
                when = _When(day.isoformat(), f"on {_day_phrase(day)}", root.reported_on)
            else:
                when = _When(edtf, f"During the {root.noun}", root.reported_on)
            review = root.event.review_status if rng.random() < 0.9 else self._review()
            child = self._draft(event_type, EventStatus.OCCURRED, cast, when, review)
            child.parent = root_index
            drafts.append(child)
            story.append(len(drafts) - 1)

    # Text.

    def _name(self, index: int) -> str:
        return self.rng.choice(self.cast[index].forms)

    def _clause(
        self, draft: _Draft, predicates: Sequence[str], named: int | None = None
    ) -> tuple[str, tuple[int, ...]]:
        """Subject and predicate naming the draft's actors; no subject when it is `named`."""
        subject = "" if draft.cast[0] == named else f"{self._name(draft.cast[0])} "
        if len(draft.cast) == 1:
            return f"{subject}{draft.spec.solo.format(**draft.values)}", tuple(draft.cast)
        others = _listed([self._name(i) for i in draft.cast[1:]])
        predicate = self.rng.choice(predicates).format(b=others, **draft.values)
        return f"{subject}{predicate}", tuple(draft.cast)

    def lead(
        self, draft: _Draft, parent: _Draft | None = None, joined: _Draft | None = None
    ) -> _Sentence:
        """The sentence that reports the event and its date.

        A child's sentence names the parent ("During the call, …"); a meeting's may go on
        to say what was done in it (`joined`), which then shares its date.
        """
        rng = self.rng
        status = draft.event.status
        phrase = draft.phrase
        if parent is not None:  # done within a meeting this paragraph already reported
            clause, mentions = self._clause(draft, draft.predicates)
            if phrase.startswith("During"):
                text = f"{phrase}, {clause}."
            else:
                text = f"During the {parent.noun}, {clause} {phrase}."
        elif status == EventStatus.OCCURRED:
            clause, mentions = self._clause(draft, draft.predicates)
            variant = rng.randrange(4)
            if joined is not None:
                deed, deed_mentions = self._clause(joined, joined.predicates, draft.cast[0])
                text = f"{clause} {phrase}, and {deed}."
                mentions = tuple(dict.fromkeys(mentions + deed_mentions))
                if not joined.claims:
                    joined.event.date_phrase, joined.event.summary = phrase, _capitalised(text)
            elif variant == 0 or len(phrase) > 30:
                text = f"{clause} {phrase}."
            elif variant == 1:
                text = f"{_capitalised(phrase)}, {clause}."
                phrase = _capitalised(phrase)
            elif variant == 2 and draft.fulfils is not None:
                text = f"{clause} {phrase}, as announced earlier."
            else:
                text = f"{clause} {phrase}, {rng.choice(ATTRIBUTIONS)}."
        else:
            subject = self._name(draft.cast[0])
            others = _listed([self._name(i) for i in draft.cast[1:]])
            future = draft.future.format(b=others, **draft.values)
            mentions = tuple(draft.cast)
            if status == EventStatus.CANCELLED:
                if rng.random() < 0.5:
                    text = (
                        f"A planned {draft.noun} between {subject} and {others} {phrase} "
                        "was called off."
                    )
                else:
                    text = f"{subject} cancelled plans to {future} {phrase}."
            elif rng.random() < 0.5:
                text = f"{subject} will {future} {phrase}."
            else:
                text = f"{subject} is expected to {future} {phrase}, {rng.choice(ATTRIBUTIONS)}."
        text = _capitalised(text)
        if not draft.claims:  # the first report names the date: it is the date claim
            draft.event.date_phrase, draft.event.summary = phrase, text
        return _Sentence(text, mentions=mentions)

    def detail(self, draft: _Draft) -> _Sentence:
        """A further sentence about the event: a detail, a quote or a statement."""
        rng = self.rng
        values = draft.values
        if rng.random() < 0.45:
            speaker = rng.choice(draft.cast)
            template, kind = rng.choice(QUOTES)
            cooperative = draft.spec.cooperative
            text = template.format(
                quote=draft.spec.quote.format(**values),
                S=self._name(speaker),
                noun=draft.noun,
                aim=f"shared concerns about {values['topic']}" if cooperative else "its resolve",
                adjective=rng.choice(["productive", "substantive", "useful"])
                if cooperative
                else rng.choice(["necessary", "firm", "measured"]),
            )
            return _Sentence(_capitalised(text), kind=kind, speaker=speaker, mentions=(speaker,))
        templates = DETAILS if draft.spec.cooperative else TENSE_DETAILS
        template = rng.choice(templates)
        mentions: tuple[int, ...] = ()
        names = {"A": "", "b": ""}
        if "{A}" in template:
            if len(draft.cast) < 2:
                template = templates[0]
            else:
                names = {"A": self._name(draft.cast[0]), "b": self._name(draft.cast[1])}
                mentions = tuple(draft.cast[:2])
        text = template.format(
            noun=draft.noun, attribution=rng.choice(ATTRIBUTIONS), **names, **values
        )
        return _Sentence(_capitalised(text), mentions=mentions)

    def bundle(self, drafts: list[_Draft], story: list[int], slot: int, reports: int) -> _Bundle:
        """What the slot-th of `reports` sources says about a story.

        Claim j of every event comes from source j % reports, so each event gets exactly
        CLAIMS_PER_EVENT claims; a sentence about a deed done in a meeting is evidence
        of the meeting too, which keeps texts short.
        """
        need = {i: sum(1 for j in range(CLAIMS_PER_EVENT) if j % reports == slot) for i in story}
        root_index = story[0]
        root = drafts[root_index]
        sentences: list[_Sentence] = []

        def claim(sentence: _Sentence, index: int) -> None:
            if need[index] > 0 and sentence not in drafts[index].claims:  # by identity
                drafts[index].claims.append(sentence)
                need[index] -= 1

        joined = None
        if len(story) > 1 and drafts[story[1]].phrase.startswith("During"):
            joined = drafts[story[1]]
        lead = self.lead(root, joined=joined)
        sentences.append(lead)
        claim(lead, root_index)
        if joined is not None:
            claim(lead, story[1])
        for index in story[1:]:
            if need[index] > 0 and drafts[index] is not joined:
                sentence = self.lead(drafts[index], root)
                sentences.append(sentence)
                claim(sentence, index)
                claim(sentence, root_index)
        for index in story:
            while need[index] > 0:
                sentence = self.detail(drafts[index])
                sentences.append(sentence)
                claim(sentence, index)
                claim(sentence, root_index)
        if self.rng.random() < 0.08:
            sentences.append(self.background())
        return _Bundle(root.reported_on, sentences, root.event.location, root.event.title)

    def background(self) -> _Sentence:
        template = self.rng.choice(BACKGROUND)
        return _Sentence(template.format(k=self.rng.randint(2, 90)))

    # Sources.

    def sources(self, bundles: list[_Bundle], count: int) -> list[Source]:
        """Cut the bundles, in order, into count source texts of 1–4 KB."""
        rng = self.rng
        # At most two separator characters before each sentence.
        sizes = [sum(len(s.text) + 2 for s in bundle.sentences) for bundle in bundles]
        total = sum(sizes)
        mean = total / count
        spread = max(0.0, min(mean - SOURCE_CHARS[0], SOURCE_CHARS[1] - mean, mean / 2))
        targets = [mean + rng.uniform(-spread, spread) for _ in range(count)]
        scale = total / sum(targets)
        bounds = list(accumulate(target * scale for target in targets))
        groups: list[list[_Bundle]] = [[] for _ in range(count)]
        loads = [DATELINE_CHARS] * count
        offset = 0
        for bundle, size in zip(bundles, sizes, strict=True):
            chosen = _with_room(loads, min(bisect_right(bounds, offset), count - 1), size)
            groups[chosen].append(bundle)
            loads[chosen] += size
            offset += size
        return [self._source(group, number) for number, group in enumerate(groups)]

    def _source(self, bundles: list[_Bundle], number: int) -> Source:
        rng = self.rng
        if bundles:
            published = max(bundle.reported_on for bundle in bundles)
            headline = bundles[0].title
            place = bundles[0].location or rng.choice(COUNTRIES)[3]
        else:
            published, headline = _random_day(rng), "Diplomatic round-up"
            place = rng.choice(COUNTRIES)[3]
        published = _clamp(published + timedelta(days=rng.randrange(2)))
        parts = [f"{place.upper()}, {_day_phrase(published)} — "]
        length = len(parts[0])
        for paragraph_index, bundle in enumerate(bundles):
            for sentence_index, sentence in enumerate(bundle.sentences):
                if sentence_index:
                    separator = " " if sentence_index % 3 else "\n\n"
                elif paragraph_index:
                    separator = "\n\n"
                else:
                    separator = ""
                parts.append(separator)
                length += len(separator)
                sentence.source = number
                sentence.start = length
                parts.append(sentence.text)
                length += len(sentence.text)
        text = "".join(parts)
        while len(text) < MIN_SOURCE_CHARS or text_sha256(text) in self.hashes:
            text += ("" if text.endswith("— ") else "\n\n") + self.background().text
        sha256 = text_sha256(text)
        self.hashes.add(sha256)
        self.sources_made += 1
        publisher, domain = rng.choice(PUBLISHERS)
        slug = f"{self.prefix}{slugify(headline)[:60].strip('-')}-{self.sources_made}"
        url = f"https://{domain}/{published:%Y/%m}/{slug.removeprefix(self.prefix)}"
        return Source(
            title=headline,
            slug=slug,
            publisher=publisher,
            url=url,
            published_on=published,
            date_basis=DateBasis.HEADER,
            text=text,
            sha256=sha256,
            origin=url,
        )


def _with_room(loads: list[int], wanted: int, size: int) -> int:
    """The source nearest to `wanted` that can take size more characters under the cap."""
    for distance in range(len(loads)):
        for index in (wanted + distance, wanted - distance):
            if 0 <= index < len(loads) and loads[index] + size <= MAX_SOURCE_CHARS:
                return index
    return wanted


def _listed(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- writing rows ------------------------------------------------------------------------


def _depths(drafts: list[_Draft]) -> list[int]:
    """How many links lead up from each draft: parents and plans are saved first."""
    depths = [0] * len(drafts)
    for index, draft in enumerate(drafts):  # links always point back
        linked = [i for i in (draft.parent, draft.fulfils) if i is not None]
        depths[index] = 1 + max(depths[i] for i in linked) if linked else 0
    return depths


def _set_date_claims(pairs: list[tuple[int, int]]) -> None:
    """Set Event.date_claim for many (event pk, claim pk) pairs in a few statements.

    Not a correlated subquery: PostgreSQL plans one badly over tables just loaded
    (no statistics yet), scanning every claim for every event. UPDATE … FROM VALUES
    reads the same on PostgreSQL and on SQLite (3.33 and later).
    """
    quote = connection.ops.quote_name
    table = quote(Event._meta.db_table)
    pk = quote(Event._meta.pk.column)
    column = quote(Event._meta.get_field("date_claim").column)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH_SIZE):
            batch = pairs[start : start + BATCH_SIZE]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET {column} = v.column2 FROM (VALUES {values}) AS v "
                f"WHERE {table}.{pk} = v.column1",
                [number for pair in batch for number in pair],
            )


# About one event in DISPUTED_EVERY reported by a second source has that source say it
# was still planned: the timeline's "sources differ" filter has events to find.
DISPUTED_EVERY = 97


def _implied(event: Event, number: int, other_source: bool) -> dict:
    """What a claim says of its event's date and status: the first (the date claim) says
    what the event holds; another source's, on a few occurred events, that it was planned."""
    if number == 0 and event.date_phrase:
        return {
            "date_edtf": event.date_edtf,
            "date_lower": event.date_lower,
            "date_upper": event.date_upper,
            "status": event.status,
        }
    if other_source and event.status == EventStatus.OCCURRED and event.pk % DISPUTED_EVERY == 0:
        return {"status": EventStatus.PLANNED}
    return {}


def _save_chunk(writer: _Writer, drafts: list[_Draft], sources: list[Source]) -> GeneratedCounts:
    bulk.insert_objects(sources)
    depths = _depths(drafts)
    for depth in range(max(depths, default=-1) + 1):
        level = [draft for draft, d in zip(drafts, depths, strict=True) if d == depth]
        for draft in level:
            if draft.parent is not None:
                draft.event.parent_id = drafts[draft.parent].event.pk
            if draft.fulfils is not None:
                draft.event.fulfils_id = drafts[draft.fulfils].event.pk
        bulk.insert_objects([draft.event for draft in level])

    cast = writer.cast
    roles = (ActorRole.INITIATOR, ActorRole.RECIPIENT)
    event_actors = [
        (
            draft.event.pk,
            cast[member].actor.pk,
            roles[position]
            if position < 2 and draft.event.mode != Mode.MULTILATERAL
            else (ActorRole.INITIATOR if position == 0 else ActorRole.PARTICIPANT),
        )
        for draft in drafts
        for position, member in enumerate(draft.cast)
    ]
    bulk.insert_rows(EventActor, ("event_id", "actor_id", "role"), event_actors)

    claims: list[Claim] = []
    mentions: list[tuple[int, ...]] = []
    date_claims: list[tuple[Event, Claim]] = []
    for draft in drafts:
        event = draft.event
        proposed = event.review_status != ReviewStatus.VERIFIED
        first_source = sources[draft.claims[0].source].pk if draft.claims else None
        for number, sentence in enumerate(draft.claims):
            source = sources[sentence.source]
            extraction = {}
            if proposed:
                extraction = {
                    "rule": f"lexicon:{event.event_type.lower()}",
                    "date": event.date_phrase,
                    "synthetic": True,
                }
            claims.append(
                Claim(
                    source_id=source.pk,
                    start=sentence.start,
                    end=sentence.start + len(sentence.text),
                    quote=sentence.text,
                    event_id=event.pk,
                    attributed_to_id=None
                    if sentence.speaker is None
                    else cast[sentence.speaker].actor.pk,
                    kind=sentence.kind,
                    review_status=event.review_status,
                    extraction=extraction,
                    **_implied(event, number, source.pk != first_source),
                )
            )
            mentions.append(sentence.mentions)
        if event.date_phrase:  # the first claim names the date: it is the date claim
            date_claims.append((event, claims[-len(draft.claims)]))
    bulk.insert_objects(claims)
    _set_date_claims([(event.pk, claim.pk) for event, claim in date_claims])
    rows = [
        (claim.pk, cast[member].actor.pk)
        for claim, members in zip(claims, mentions, strict=True)
        for member in dict.fromkeys(members)
    ]
    bulk.insert_rows(Claim.actors.through, ("claim_id", "actor_id"), rows)
    return GeneratedCounts(
        sources=len(sources),
        events=len(drafts),
        event_actors=len(event_actors),
        claims=len(claims),
        claim_mentions=len(rows),
    )


def _chunk(writer: _Writer, count: int, source_count: int) -> tuple[list[_Draft], list[Source]]:
    """count events, the bundles that report them, and the sources they are cut into."""
    rng = writer.rng
    drafts, stories = writer.stories(count)
    streams: list[list[_Bundle]] = [[], [], []]
    for story in stories:
        reports = rng.choices((1, 2, 3), weights=(30, 40, 30))[0]
        for slot in range(reports):
            streams[slot].append(writer.bundle(drafts, story, slot, reports))
    # Each stream in date order: a source covers the news of a few weeks, and the
    # reports of one story fall into different sources.
    bundles = [b for stream in streams for b in sorted(stream, key=lambda b: b.reported_on)]
    return drafts, writer.sources(bundles, source_count)


def generate_dataset(
    events: int,
    seed: int = 1,
    *,
    progress: Callable[[int], None] | None = None,
) -> GeneratedCounts:
    """Add `events` synthetic events, with actors, sources and claims, in one transaction.

    Raises AlreadyGenerated when rows of this seed are in the database (clear them first,
    or use another seed). Calls progress(events saved so far) after every chunk.
    """
    prefix = seed_prefix(seed)
    rng = random.Random(seed)
    counts = GeneratedCounts()
    if events <= 0:
        return counts
    loaded = (Source, Event, EventActor, Claim, Claim.actors.through)
    with (
        transaction.atomic(),
        csv_lines.suspended(connection),  # rows rewritten after the indexes are back
        tallies.suspended(connection),  # counted afresh, likewise
        stamps.suspended(connection),  # the new events stamped once at the end
        documents.suspended(connection),  # search documents written once at the end
        disputes.suspended(connection),  # disputed events found once at the end
        bulk.indexes_deferred(*loaded),
    ):
        if Actor.objects.filter(slug__startswith=prefix).exists():
            raise AlreadyGenerated(
                f"Rows generated with seed {seed} are already in the database: "
                "clear them first, or pick another seed."
            )
        cast = _build_cast(rng, max(4, round(events / 50)), prefix)
        Actor.objects.bulk_create([member.actor for member in cast], batch_size=BATCH_SIZE)
        taken = set(ActorAlias.objects.annotate(key=Lower("text")).values_list("key", flat=True))
        aliases = _keep_aliases(rng, cast, taken)
        ActorAlias.objects.bulk_create(aliases, batch_size=BATCH_SIZE)
        counts.actors, counts.aliases = len(cast), len(aliases)

        writer = _Writer(rng, cast, prefix)
        total_sources = max(1, round(events / 10))
        done = 0
        while done < events:
            size = min(CHUNK_EVENTS, events - done)
            # Sources spread over chunks in proportion, adding up to total_sources.
            sources_here = max(
                1, total_sources * (done + size) // events - total_sources * done // events
            )
            drafts, sources = _chunk(writer, size, sources_here)
            saved = _save_chunk(writer, drafts, sources)
            for name, value in saved.items():
                setattr(counts, name, getattr(counts, name) + value)
            done += size
            if progress is not None:
                progress(done)
        caching.bump()  # bulk inserts send no signals
    # Fresh planner statistics, or PostgreSQL plans the first queries for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def clear_generated() -> GeneratedCounts:
    """Delete every generated row (any seed), leaving curated and ingested data alone.

    Plain DELETEs, not Django's collector: with the data-version signals connected it
    would load every claim and event and write once per row. So links from other rows
    to generated ones are cut here first (a claim ingested onto a generated event stays,
    unassigned; a mention of a generated actor goes).
    """
    counts = GeneratedCounts()
    with (
        transaction.atomic(),
        csv_lines.suspended(connection),
        tallies.suspended(connection),
        documents.suspended(connection),
        disputes.suspended(connection),
    ):
        events = Event.objects.filter(slug__startswith=GENERATED_PREFIX)
        sources = Source.objects.filter(slug__startswith=GENERATED_PREFIX)
        actors = Actor.objects.filter(slug__startswith=GENERATED_PREFIX)
        claims = Claim.objects.filter(source__in=sources)
        # One DELETE per link, not an OR of the two: PostgreSQL plans the OR as a scan of
        # every mention against both lists, which ran for minutes at 100,000 events.
        mentions = Claim.actors.through.objects
        counts.claim_mentions = _delete(mentions.filter(claim__in=claims)) + _delete(
            mentions.filter(actor__in=actors)
        )
        Event.objects.filter(date_claim__in=claims).update(date_claim=None)
        counts.claims = _delete(claims)
        Claim.objects.filter(event__in=events).update(event=None)
        Claim.objects.filter(attributed_to__in=actors).update(attributed_to=None)
        others = Event.objects.exclude(slug__startswith=GENERATED_PREFIX)
        others.filter(parent__in=events).update(parent=None)
        others.filter(fulfils__in=events).update(fulfils=None)
        _delete(EventRedirect.objects.filter(event__in=events))
        counts.event_actors = _delete(EventActor.objects.filter(event__in=events)) + _delete(
            EventActor.objects.filter(actor__in=actors)
        )
        # Generated events link only to each other: one statement removes them all.
        counts.events = _delete(events)
        counts.sources = _delete(sources)
        counts.aliases = _delete(ActorAlias.objects.filter(actor__in=actors))
        counts.actors = _delete(actors)
        caching.bump()
    return counts


def _delete(queryset: QuerySet) -> int:
    """One DELETE statement: no collector, no signals (the caller has cut the links)."""
    return queryset._raw_delete(queryset.db)
