"""The cue tables of the event lexicon, written as lemmas; every inflection is generated.

A cue is listed once, by its dictionary form ("sign", "hold talks", "pull out of"); the
forms a text uses ("signs", "signed", "signing", "will sign", "held talks") are produced
by `verb_forms` and `noun_forms` when the lexicon is built. In a phrase, "~" stands for up
to two words of any kind ("hold ~ talks" reads "held bilateral talks", "held high-level
talks"). Only the first word of a verb phrase is inflected.

Types are PLOVER's (the CAMEO successor used by POLECAT), with one addition: STATEMENT, a
public statement whose words fit no PLOVER type (CAMEO's 01, "make public statement").
What is said is typed by what it says where PLOVER has a type for it: "urged" is a
REQUEST, "welcomed" SUPPORT, "criticised" ACCUSE, "pledged" AGREE.
"""


def word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set."""
    return frozenset(words.split())


# Verb cues per type, as lemmas. A cue may carry a mode after "|": the interaction it
# names by itself ("dial" is a phone call, "travel" a visit).
VERB_CUES: dict[str, str] = {
    "AGREE": """
        agree | sign | ink | initial | conclude ~ agreement | conclude ~ deal | conclude ~ pact
        decide to | reach ~ agreement | reach ~ deal | reach ~ consensus | reach ~ understanding
        pledge | promise | vow | commit to | concur | share the view | adopt
        finalise | finalize | seal | establish | set up | renew | extend ~ agreement
        confirm that | endorse ~ agreement
    """,
    "CONSULT": """
        meet | hold talks | hold ~ talks | hold ~ meeting | hold ~ summit | hold ~ discussions
        hold ~ consultations | hold ~ dialogue | hold ~ call | hold ~ conversation
        talk | speak | confer | consult | discuss | review | exchange views | exchange ~ views
        call on | interact | engage | visit|visit | travel|visit | fly|visit | arrive|visit
        tour|visit | host|visit | dine|visit | attend | co-chair | chair
        take part in | participate in | dial|phone | call up|phone | phone|phone
        telephone|phone | address
    """,
    "SUPPORT": """
        welcome | thank | praise | laud | hail | back | support | congratulate | appreciate
        express ~ support | express ~ solidarity | express ~ gratitude | express ~ appreciation
        express ~ condolences | express ~ satisfaction | express ~ understanding
        convey ~ gratitude | convey ~ support | convey ~ condolences | convey ~ appreciation
        convey ~ greetings | assure | greet | commend | reaffirm ~ commitment
    """,
    "COOPERATE": """
        cooperate | co-operate | collaborate | work together | work ~ together | work closely
        partner | produce | manufacture | co-produce | co-develop | develop jointly | train
        launch | build | supply | deliver | export | import | buy | purchase | procure | sell
        approve | share ~ information | invest | conduct ~ exercise | conduct ~ exercises
        hold ~ exercise
        hold ~ exercises | hold ~ drills
    """,
    "AID": """
        donate | send ~ aid | send ~ relief | send ~ supplies | send ~ assistance | airlift
        provide ~ aid | provide ~ assistance | provide ~ relief
    """,
    "REQUEST": """
        urge | call for | appeal | request | seek | ask | press for | demand | invite
    """,
    "ACCUSE": """
        accuse | criticise | criticize | blame | condemn | denounce | slam
        express ~ concern | raise ~ concern | raise ~ concerns | voice ~ concern
    """,
    "REJECT": """
        reject | refuse | decline | turn down | dismiss | deny | veto | oppose
    """,
    "THREATEN": "threaten | warn",
    "PROTEST": "protest | summon | lodge ~ protest",
    "SANCTION": """
        sanction | expel | embargo | ban | suspend | impose ~ sanctions | impose ~ tariffs
        impose ~ ban | impose ~ cap | freeze ~ assets
    """,
    "MOBILIZE": "mobilise | mobilize | deploy | station",
    "COERCE": "seize | arrest | detain | blockade",
    "ASSAULT": "attack | shell | kill | bomb | invade",
    "CONCEDE": "concede | ease | lift ~ sanctions | release",
    "RETREAT": "withdraw | pull back",
    "STATEMENT": """
        say | state | tell | announce | convey | reiterate | note | stress | underline
        emphasise | emphasize | underscore | assert | add | mention | post | tweet | write
        brief | inform | remark | declare | observe | explain | clarify | affirm | reaffirm
        point out | highlight | confirm | describe | term | insist | maintain | comment
    """,
}

# Noun cues per type (singular; plurals are generated), with a mode after "|" as above.
NOUN_CUES: dict[str, str] = {
    "AGREE": """
        agreement | deal | pact | treaty | memorandum of understanding | memoranda of understanding
        MoU | accord | signing | pledge | consensus | joint declaration
    """,
    "CONSULT": """
        talks | meeting | summit | visit|visit | state visit|visit | trip|visit | tour|visit
        conversation | telephonic conversation|phone | telephone conversation|phone
        phone call|phone | telephone call|phone | phone conversation|phone | call|phone
        video call|phone | videoconference|phone | video conference|phone | discussion
        dialogue | consultations | consultation | interaction | dinner|visit | tete-a-tete
        meet | invitation | participation
    """,
    "SUPPORT": "solidarity | thanks | appreciation | congratulations | condolences | support for",
    "COOPERATE": """
        cooperation | co-operation | collaboration | partnership | joint venture
        joint production | joint exercise | joint development | production of | manufacture of
        training | supply of | delivery | deliveries | shipment | consignment | joint exercises
        approval for | approval of | registration of
    """,
    "AID": """
        humanitarian aid | humanitarian assistance | humanitarian supplies | emergency aid
        medical supplies | relief supplies | relief | aid | assistance | donation
    """,
    "REQUEST": "request for | appeal for | call for",
    "ACCUSE": "criticism | accusation | condemnation",
    "REJECT": "rejection | refusal",
    "THREATEN": "threat | warning",
    "PROTEST": "protest | demarche",
    "SANCTION": "sanctions | embargo | ban on | price cap | tariffs | expulsion",
    "MOBILIZE": "mobilisation | mobilization | deployment | military drills | military exercises",
    "COERCE": "blockade",
    "ASSAULT": "attack | airstrike | air strike | shelling | mutiny | invasion | offensive",
    "CONCEDE": "concession",
    "RETREAT": "withdrawal",
    "STATEMENT": """
        statement | joint statement | press release | readout | communique | remarks
        announcement | briefing | press conference | news conference | according to
    """,
}

# Nouns of a lasting relation: an event only where a sentence names nothing else ("talks to
# deepen cooperation" report talks).
TOPIC_NOUNS = word_set("cooperation co-operation collaboration partnership dialogue")

# What arrives as a delivery, not a visitor: "the first batch will arrive".
CARGO_WORDS = word_set(
    """batch batches consignment consignments shipment shipments cargo supplies doses
    vaccines equipment deliveries aid oil crude grain weapons jets aircraft"""
)

# Forms English does not make by rule: (simple past, past participle).
IRREGULAR_VERBS: dict[str, tuple[str, str]] = {
    "meet": ("met", "met"),
    "hold": ("held", "held"),
    "speak": ("spoke", "spoken"),
    "send": ("sent", "sent"),
    "fly": ("flew", "flown"),
    "seek": ("sought", "sought"),
    "tell": ("told", "told"),
    "say": ("said", "said"),
    "write": ("wrote", "written"),
    "build": ("built", "built"),
    "withdraw": ("withdrew", "withdrawn"),
    "buy": ("bought", "bought"),
    "sell": ("sold", "sold"),
    "set": ("set", "set"),
    "strike": ("struck", "struck"),
    "freeze": ("froze", "frozen"),
    "take": ("took", "taken"),
    "lead": ("led", "led"),
    "give": ("gave", "given"),
    "make": ("made", "made"),
    "come": ("came", "come"),
    "leave": ("left", "left"),
    "shake": ("shook", "shaken"),
    "begin": ("began", "begun"),
    "lay": ("laid", "laid"),
    "pay": ("paid", "paid"),
    "bring": ("brought", "brought"),
    "win": ("won", "won"),
}
# Verbs that double their last consonant before -ed and -ing ("commit" → "committed").
# Those ending in -l are written both ways ("travelled", "traveled").
DOUBLING_VERBS = word_set(
    """commit admit ban plan stop ship drop confer refer prefer occur expel compel propel
    patrol control travel cancel dial label signal model equal total fuel"""
)

# Plurals English does not make by rule, and nouns that are already plural.
IRREGULAR_PLURALS = {"memorandum of understanding": "memoranda of understanding"}
PLURAL_ONLY = word_set(
    """talks consultations sanctions tariffs remarks thanks congratulations condolences
    drills deliveries"""
)

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")
_VOWELS = "aeiou"


def third_person(verb: str) -> str:
    if verb.endswith(_SIBILANT_ENDINGS):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        return verb[:-1] + "ies"
    return verb + "s"


def _stems(verb: str) -> list[str]:
    """The stem(s) -ed and -ing attach to: doubled, or both ways for a final -l."""
    if verb not in DOUBLING_VERBS:
        return [verb]
    doubled = verb + verb[-1]
    return [doubled, verb] if verb.endswith("l") else [doubled]


def _past(stem: str) -> str:
    if stem.endswith("e"):
        return stem + "d"
    if stem.endswith("y") and stem[-2:-1] not in _VOWELS:
        return stem[:-1] + "ied"
    return stem + "ed"


def _gerund(stem: str) -> str:
    if stem.endswith("ie"):
        return stem[:-2] + "ying"
    if stem.endswith("e") and not stem.endswith(("ee", "ye", "oe")):
        return stem[:-1] + "ing"
    return stem + "ing"


def verb_forms(verb: str) -> set[str]:
    """Base, third person, past, participle and gerund of one English verb."""
    forms = {verb, third_person(verb), *IRREGULAR_VERBS.get(verb, ())}
    for stem in _stems(verb):
        if verb not in IRREGULAR_VERBS:
            forms.add(_past(stem))
        forms.add(_gerund(stem))
    return forms


def noun_forms(noun: str) -> set[str]:
    """A noun (or noun phrase, its last word inflected) and its plural."""
    if noun in IRREGULAR_PLURALS:
        return {noun, IRREGULAR_PLURALS[noun]}
    last = noun.rsplit(" ", 1)[-1]
    if last in PLURAL_ONLY or not last.isalpha() or last.isupper() or len(last) < 3:
        return {noun, noun + "s"} if last.isupper() else {noun}
    head = noun[: len(noun) - len(last)]
    return {noun, head + third_person(last)}


def phrase_forms(phrase: str, *, verb: bool) -> set[str]:
    """Every written form of a cue phrase: a verb phrase inflects its first word, a noun
    phrase its last ("meeting of" aside, where the listed form is kept)."""
    if verb:
        first, _, rest = phrase.partition(" ")
        return {f"{form} {rest}".strip() for form in verb_forms(first)}
    if phrase.endswith((" of", " for", " on")):
        return {phrase}
    return noun_forms(phrase)


def table_entries(table: dict[str, str]) -> list[tuple[str, str, str]]:
    """(type, phrase, mode) for every cue of a table."""
    entries = []
    for event_type, text in table.items():
        for cell in _cells(text):
            phrase, _, mode = cell.partition("|")
            entries.append((event_type, phrase.strip(), mode.strip()))
    return entries


def _cells(text: str) -> list[str]:
    """Cells of a table's text: "a | b|visit | c" → ["a", "b|visit", "c"]."""
    cells: list[str] = []
    for line in text.strip().splitlines():
        for part in line.split(" | "):
            part = part.strip()
            if part:
                cells.append(part)
    return cells
