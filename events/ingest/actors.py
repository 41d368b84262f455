"""Actors in text: new ones from title patterns, for a curator to accept.

`AliasMatcher` (aliases.py) finds the aliases of existing actors; `propose_actors` reads
phrases such as "Russian Foreign Minister Sergey Lavrov" or "Sergey Lavrov,
Russia's foreign minister" and proposes the actors they name, for a curator to
accept. Both work on plain strings and character offsets.
"""

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.utils.text import slugify

from events.ingest import actor_patterns as patterns
from events.ingest.actor_tables import (
    FAMILY_NAME_FIRST,
)
from events.ingest.aliases import FOLD, AliasMatch, AliasMatcher, one_spelling

# ---------------------------------------------------------------------------
# Proposing new actors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorProposal:
    name: str
    slug: str
    kind: str  # person, government-body or organization
    country: str  # ISO 3166 alpha-2 when the text states it, else ""
    title: str
    aliases: tuple[str, ...]
    start: int  # the mention's offsets
    end: int
    rule: str  # which pattern fired


@dataclass
class _Draft:
    name: str
    kind: str
    country: str
    title: str
    start: int
    end: int
    name_start: int
    name_end: int
    rule: str
    aliases: list[str] = field(default_factory=list)
    surname: str = ""  # how the text may name a person alone, when not the name's last word


def propose_actors(text: str, known: AliasMatcher | None = None) -> list[ActorProposal]:
    """Propose actors named with a title ("Russian Foreign Minister Sergey Lavrov") or an
    apposition ("Sergey Lavrov, Russia's foreign minister"), and institutions named by
    pattern ("the Russian Emergencies Ministry"), skipping mentions `known` already matches.

    Proposals for one actor are merged ("PM Modi" joins "Prime Minister Narendra Modi")
    and returned in order of first mention.
    """
    drafts = [
        *_titles_before_names(text),
        *_names_then_titles(text),
        *_family_names_in_capitals(text),
        *_ministries(text),
        *_missions(text),
        *_organisations(text),
    ]
    covered = known.find(text) if known is not None else []
    mentions = _outermost(drafts)
    drafts = _unshadowed(mentions, covered)
    # A country word inside any actor's mention is that actor's, known or new.
    drafts += _listed_and_countries(text, mentions, covered)
    merged = _merge(sorted(drafts, key=lambda draft: draft.start))
    _add_surname_forms(text, [draft for draft in merged if draft.kind == "person"])
    return [
        ActorProposal(
            name=draft.name,
            slug=slugify(draft.name),
            kind=draft.kind,
            country=draft.country,
            title=draft.title,
            aliases=tuple(dict.fromkeys(alias for alias in draft.aliases if alias)),
            start=draft.start,
            end=draft.end,
            rule=draft.rule,
        )
        for draft in merged
    ]


def _outermost(drafts: list[_Draft]) -> list[_Draft]:
    """Drafts in text order, less those whose name lies inside a longer draft's name
    ("Fumio" inside "KISHIDA Fumio")."""
    ordered = sorted(drafts, key=lambda d: (d.name_start, d.name_start - d.name_end))
    kept: list[_Draft] = []
    reach = -1  # the furthest name end so far
    for draft in ordered:
        if draft.name_end < reach or (draft.name_end == reach and kept and _longer(kept, draft)):
            continue
        kept.append(draft)
        reach = max(reach, draft.name_end)
    return sorted(kept, key=lambda draft: draft.start)


def _longer(kept: list[_Draft], draft: _Draft) -> bool:
    last = kept[-1]
    return last.name_end - last.name_start > draft.name_end - draft.name_start


def _unshadowed(drafts: list[_Draft], known: list[AliasMatch]) -> list[_Draft]:
    """Drafts whose name no known actor's match covers: the longest span wins, so "the Bank
    of Japan" stays when only "Japan" is known, and "Sergey Lavrov" goes when he is.

    Both lists are in text order and the known matches do not overlap: one sweep."""
    if not known:
        return drafts
    starts = [match.start for match in known]
    kept = []
    for draft in drafts:
        length = draft.name_end - draft.name_start
        at = max(0, bisect.bisect_right(starts, draft.name_start) - 1)
        shadowed = False
        while at < len(known) and known[at].start < draft.name_end:
            match = known[at]
            if match.end > draft.name_start and match.end - match.start >= length:
                shadowed = True
                break
            at += 1
        if not shadowed:
            kept.append(draft)
    return kept


def _anchored(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], reach: int
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of `pattern` that start at a word at most `reach` characters
    before an anchor and run past it; the leftmost start wins."""
    done = 0
    for anchor in anchors:
        if anchor < done:
            continue
        for word in patterns.WORD_START.finditer(text, max(done, anchor - reach), anchor + 1):
            match = pattern.match(text, word.start())
            if match is not None and match.end() > anchor:
                yield match
                done = match.end()
                break


def _titles_before_names(text: str) -> Iterable[_Draft]:
    heads = [head.start() for head in patterns.TITLE_HEAD.finditer(text)]
    for match in _anchored(patterns.TITLE_BEFORE_NAME, text, heads, 100):
        name = _clean_name(text, match.start("name"), match.end("name"), after_title=True)
        if name is None:
            continue
        name_start, name_end = name
        title, country, qualified = _title_and_country(match)
        if not qualified and _too_vague(match["title"]):
            continue
        mention = _collapse(text[match.start() : name_end])
        name_text = _collapse(text[name_start:name_end])
        honorific = _collapse(match["honorific"])
        yield _Draft(
            name=name_text,
            kind="person",
            country=country,
            title=title,
            start=match.start(),
            end=name_end,
            name_start=name_start,
            name_end=name_end,
            rule="title-before-name",
            aliases=[mention, name_text, f"{honorific} {name_text}" if honorific else ""],
        )


def _names_then_titles(text: str) -> Iterable[_Draft]:
    if "," not in text:
        return
    done = 0
    for head in patterns.TITLE_HEAD.finditer(text):
        comma = text.rfind(",", max(done, head.start() - 80), head.start())
        if comma < 1:
            continue
        match = patterns.APPOSITION.match(text, comma)
        if match is None or match.end() <= head.start():
            continue
        before = patterns.NAME_BEFORE_COMMA.search(text, max(0, comma - 120), comma)
        if before is None:
            continue
        name = _clean_name(text, before.start(), before.end(), after_title=False)
        if name is None:
            continue
        done = match.end()
        name_start, name_end = name
        title, country, qualified = _title_and_country(match)
        if not country and not match["body"]:
            continue  # "Moscow, foreign minister …" is not an apposition to trust
        if patterns.RUNS_ON.match(text, match.end()) and not (match["of"] or match["body_of"]):
            continue  # "Before meeting X, the Chinese minister visited …": X is not him
        if not qualified and _too_vague(match["title"]):
            continue
        name_text = _collapse(text[name_start:name_end])
        yield _Draft(
            name=name_text,
            kind="person",
            country=country,
            title=title,
            start=name_start,
            end=match.end(),
            name_start=name_start,
            name_end=name_end,
            rule="name-then-title",
            aliases=[name_text],
        )


def _ministries(text: str) -> Iterable[_Draft]:
    if "Ministry" not in text:
        return
    heads = [head.start() for head in patterns.MINISTRY_HEAD.finditer(text)]
    # Keyed by where their "Ministry" starts: each head finds its match directly.
    after_office = {
        m.end() - len("Ministry"): m
        for m in _anchored(patterns.MINISTRY_AFTER_OFFICE, text, heads, 80)
    }
    for head in heads:
        match = after_office.get(head)
        if match is not None:
            office = _collapse(match["office"])
            stated = _stated_country(match["possessive"], match["nationality"])
            name = f"{_title_case(office)} Ministry"
        else:
            before = patterns.QUALIFIED_BEFORE.search(text, max(0, head - 40), head)
            match = patterns.MINISTRY_OF_OFFICE.match(text, before.start() if before else head)
            if match is None:
                continue
            office = _collapse(match["office"])
            stated = patterns.NOUNS.get(_collapse(match["of"] or "")) or _stated_country(
                match["possessive"], match["nationality"]
            )
            name = f"Ministry of {_title_case(office)}"
        if not office[0].isupper() or office.split()[0].lower() in ("minister", "ministry"):
            continue
        country = stated.code if stated else _office_country(office)
        if stated:
            name = f"{name} of {stated.name}"
        yield _institution(text, match, name, country, "ministry")


def _missions(text: str) -> Iterable[_Draft]:
    if "Embassy" not in text and "Commission" not in text and "Consulate" not in text:
        return
    heads = [head.start() for head in patterns.MISSION_HEAD.finditer(text)]
    for match in _anchored(patterns.MISSION, text, heads, 50):
        stated = patterns.NOUNS.get(_collapse(match["of"] or "")) or _stated_country(
            match["possessive"], match["nationality"]
        )
        if stated is None:
            continue
        name = f"{_collapse(match['head'])} of {stated.name}"
        if match["city"]:
            name = f"{name} in {_collapse(match['city'])}"
        yield _institution(text, match, name, stated.code, "mission")


def _organisations(text: str) -> Iterable[_Draft]:
    heads = [head.start() for head in patterns.ORGANISATION_HEAD.finditer(text)]
    for match in _anchored(patterns.ORGANISATION, text, heads, 100):
        words = _collapse(match["words"]).split(" ")
        while words and (
            words[0] in patterns.NOT_NAMES or words[0].lower() in patterns.SMALL_WORDS
        ):
            words.pop(0)
        qualifier = None
        if words and words[0].endswith(("'s", "’s")):
            qualifier = patterns.NOUNS.get(words.pop(0)[:-2])
            if qualifier is None:
                continue
        if not words or all(
            word in patterns.ADJECTIVES or word in patterns.NOUNS for word in words
        ):
            continue
        if any(
            word in patterns.NOT_NAMES and word not in ("National", "Security") for word in words
        ):
            continue
        name = " ".join([*words, match["head"]])
        stated = patterns.NOUNS.get(_collapse(match["of"] or ""))
        if stated is not None:
            name = f"{name} of {_collapse(match['of'])}"
        elif qualifier is not None:
            name, stated = f"{name} of {qualifier.name}", qualifier
        else:
            stated = patterns.ADJECTIVES.get(words[0])
        # Where the name really starts, once leading non-name words are dropped.
        start = text.index(words[0], match.start("words"))
        draft = _institution(text, match, name, stated.code if stated else "", "organization")
        draft.start = draft.name_start = start
        draft.aliases[0] = _collapse(text[start : match.end()])
        if match["acronym"]:
            draft.aliases.append(match["acronym"])
        if _is_publisher(name) or (match["acronym"] and _is_publisher(match["acronym"])):
            continue  # "Xinhua News Agency" reports events; it takes no part in them
        listed = patterns.LISTED_BY_NAME.get(one_spelling(name.translate(FOLD).lower()))
        if listed is not None:  # "Shanghai Cooperation Organization (SCO)": the usual name
            draft.name, draft.kind, draft.country = listed.name, listed.kind, listed.country
            draft.aliases.extend(listed.aliases)
        yield draft


def _is_publisher(name: str) -> bool:
    return name in patterns.PUBLISHERS or name.endswith(
        ("News Agency", "Press Agency", "News Service")
    )


def _family_names_in_capitals(text: str) -> Iterable[_Draft]:
    """ "Mr. KISHIDA Fumio, Prime Minister of Japan": a family name in capitals, then the
    given name, after an honorific or before a title. Named in the usual English order
    ("Fumio Kishida"), unless the country writes family names first ("Park Jin")."""
    for head in patterns.CAPS_HEAD.finditer(text):
        family, given = head["family"], head["given"]
        if family in patterns.NOT_FAMILY_NAMES or given in patterns.NOT_NAMES:
            continue
        honorific = patterns.HONORIFICS_BEFORE.search(text, max(0, head.start() - 40), head.start())
        apposition = patterns.APPOSITION.match(text, head.end())
        if (
            apposition is not None
            and honorific is None
            and patterns.RUNS_ON.match(text, apposition.end())
        ):
            apposition = None
        if honorific is None and apposition is None:
            continue
        title, country = "", ""
        if apposition is not None:
            title, country, _ = _title_and_country(apposition)
        surname = "-".join(part.capitalize() for part in family.split("-"))
        first = country in FAMILY_NAME_FIRST
        name = f"{surname} {given}" if first else f"{given} {surname}"
        start = honorific.start() if honorific else head.start()
        yield _Draft(
            name=name,
            kind="person",
            country=country,
            title=title,
            start=start,
            end=apposition.end() if apposition else head.end(),
            name_start=head.start(),
            name_end=head.end(),
            rule="family-name-first",
            aliases=[
                _collapse(text[start : head.end()]),
                _collapse(head.group()),
                f"{surname} {given}",
                name,
            ],
            surname=surname,
        )


def _listed_and_countries(text: str, drafts: list[_Draft], known: list[AliasMatch]) -> list[_Draft]:
    """Blocs, forums and bodies from the table ("G20", "the Quad", "APEC"), and countries:
    by name or short form ("France", "ROK"), and by adjective used attributively ("French
    troops", "the Chinese side"), not where the mention is part of a longer actor's
    ("Russian Foreign Minister Sergey Lavrov", "the Indian Embassy")."""
    taken = _union(
        [(draft.start, draft.end) for draft in drafts] + [(m.start, m.end) for m in known]
    )
    found: dict[str, _Draft] = {}
    at = 0
    for match in patterns.LISTED.find(text):
        while at < len(taken) and taken[at][1] <= match.start:
            at += 1
        if at < len(taken) and taken[at][0] < match.end:
            continue  # inside a longer actor's mention
        form, _, code = match.key.partition(":")
        if form == "adjective" and not patterns.ATTRIBUTIVE.match(text, match.end):
            continue
        if form == "combining" and not patterns.PAIRED.match(text, match.end):
            continue
        if match.key in found or (form != "body" and f"state:{code}" in found):
            continue
        if form == "body":
            listed = patterns.LISTED_BODIES[int(code)]
            name, kind, country, aliases = listed.name, listed.kind, listed.country, listed.aliases
            rule = "listed-body"
        else:
            country_entry = patterns.COUNTRY_BY_CODE[code]
            name, kind, country = country_entry.name.removeprefix("the "), "state", code
            aliases, rule = patterns.COUNTRY_ALIASES[code], f"country-{form}"
            match_key = f"state:{code}"
        draft = _Draft(
            name=name,
            kind=kind,
            country=country,
            title="",
            start=match.start,
            end=match.end,
            name_start=match.start,
            name_end=match.end,
            rule=rule,
            aliases=[match.text if form != "combining" else "", name, *aliases],
        )
        found[match.key if form == "body" else match_key] = draft
    return list(found.values())


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, in text order."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _institution(text: str, match: re.Match[str], name: str, country: str, rule: str) -> _Draft:
    kind = "organization" if rule == "organization" else "government-body"
    return _Draft(
        name=name,
        kind=kind,
        country=country,
        title="",
        start=match.start(),
        end=match.end(),
        name_start=match.start(),
        name_end=match.end(),
        rule=rule,
        aliases=[_collapse(match.group()), name],
    )


def _clean_name(text: str, start: int, end: int, *, after_title: bool) -> tuple[int, int] | None:
    """The span of the name proper inside a candidate run of capitalised words.

    After a title the name ends at the first word that cannot belong to a name
    ("Putin On Wednesday"); before an apposition it starts after the last one
    ("Yesterday Sergey Lavrov, …").
    """
    tokens = [
        (m.lastgroup, m.start(), m.end(), m.group())
        for m in patterns.NAME_TOKEN.finditer(text, start, end)
    ]
    if after_title:
        for index, token in enumerate(tokens):
            if token[0] == "word" and token[3] in patterns.NOT_NAMES:
                tokens = tokens[:index]
                break
    else:
        for index in range(len(tokens) - 1, -1, -1):
            if tokens[index][0] == "word" and tokens[index][3] in patterns.NOT_NAMES:
                tokens = tokens[index + 1 :]
                break
    while tokens and (tokens[0][0] == "particle" or tokens[0][3] in patterns.HONORIFIC_WORDS):
        tokens.pop(0)
    words = [index for index, token in enumerate(tokens) if token[0] == "word"]
    if not words:
        return None
    if len(words) > 4:
        if after_title:
            tokens = tokens[: words[3] + 1]
        else:
            first = words[-4]
            while first > 0 and tokens[first - 1][0] == "initial":
                first -= 1
            tokens = tokens[first:]
    while tokens and tokens[-1][0] != "word":
        tokens.pop()
    names = [token[3] for token in tokens if token[0] == "word"]
    if names[-1] in patterns.CITIES or (len(tokens) == 1 and names[0] in patterns.NOUNS):
        return None  # "Moscow", "Saint Petersburg"
    return tokens[0][1], tokens[-1][2]


def _title_and_country(match: re.Match[str]) -> tuple[str, str, bool]:
    """(title as it should read, country code, whether anything qualified the title)."""
    raw_title = _collapse(match["title"])
    institution = match["institution"] or match["institution_alone"]
    body = _collapse(match["body"] or "")
    stated = (
        patterns.NOUNS.get(_collapse(match["of"] or ""))
        or patterns.NOUNS.get(_collapse(match["body_of"] or ""))
        or _stated_country(match["possessive"], match["nationality"])
    )
    country = stated.code if stated else ""
    if not country and institution:
        country = patterns.INSTITUTIONS[_collapse(institution)]
    if not country and body:
        country = patterns.INSTITUTIONS.get(body) or _office_country(body)
    if not country:
        country = _office_country(raw_title)
    title = _title_case(raw_title)
    destination = ""
    to = patterns.DESTINATION.search(title)
    if to is not None:
        preposition, destination = to["preposition"], to["destination"]
        title = title[: to.start("to")]
    if institution:
        title = f"{_title_case(_collapse(institution))} {title}"
    if body:
        title = f"{title} of the {body}"
    modifier = (match["modifier"] or match["modifier_after"] or "").lower()
    if modifier in ("former", "acting"):
        title = f"{modifier.capitalize()} {title}"
    if country and (stated or not (institution or body)):
        title = f"{title} of {patterns.COUNTRY_BY_CODE[country].name}"
    if destination:
        destination = (
            patterns.NOUNS[destination].name if destination in patterns.NOUNS else destination
        )
        title = f"{title} {preposition} {destination}"
    return title, country, bool(stated or institution or body)


def _too_vague(raw_title: str) -> bool:
    """Whether a title without a qualifier is too bare to name anyone by: "Minister X",
    or a lowercase lone head such as "president X"."""
    title = _collapse(raw_title)
    return title.lower() in patterns.GENERIC_TITLES or (title.islower() and " " not in title)


def _stated_country(possessive: str | None, nationality: str | None) -> patterns.Country | None:
    if possessive:
        return patterns.NOUNS.get(_collapse(possessive))
    if nationality:
        word = _collapse(nationality)
        return patterns.ADJECTIVES.get(word) or patterns.NOUNS.get(word)
    return None


def _office_country(office: str) -> str:
    lowered = office.lower()
    for phrase, code in patterns.OFFICE_COUNTRIES:
        if lowered.startswith(phrase) or f" {phrase}" in f" {lowered}":
            return code
    return ""


def _title_case(phrase: str) -> str:
    if phrase in patterns.ABBREVIATED_TITLES:
        return patterns.ABBREVIATED_TITLES[phrase]
    words = []
    for index, word in enumerate(phrase.split(" ")):
        if word.isupper() or (index and word.lower() in patterns.SMALL_WORDS):
            words.append(word if word.isupper() else word.lower())
        else:
            words.append(
                "-".join(
                    part.lower() if i and part.lower() in ("designate", "elect") else part.title()
                    for i, part in enumerate(word.split("-"))
                )
                if not word.startswith("(")
                else "(" + word[1:2].upper() + word[2:].lower()
            )
    return " ".join(words)


def _collapse(phrase: str) -> str:
    return " ".join(phrase.split())


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One draft per actor: same slug, or a lone surname that one fuller name ends with.

    People are named as English usually writes them: accents folded ("Erdoğan" is
    "Erdogan"), the text's spelling kept as an alias."""
    by_slug: dict[str, _Draft] = {}
    for draft in drafts:
        slug = slugify(draft.name)
        if not slug:
            continue
        existing = by_slug.get(slug)
        if existing is None:
            by_slug[slug] = replace(draft, aliases=list(draft.aliases))
        else:
            _absorb(existing, draft)
    people = [draft for draft in by_slug.values() if draft.kind == "person"]
    by_surname: dict[str, list[_Draft]] = {}
    for draft in people:
        if " " in draft.name:
            by_surname.setdefault(_surname(draft), []).append(draft)
    for draft in people:
        if " " in draft.name or "." in draft.name:
            continue
        fuller = [
            other
            for other in by_surname.get(draft.name, ())
            if not draft.country or not other.country or draft.country == other.country
        ]
        if len(fuller) == 1:
            _absorb(fuller[0], draft)
            del by_slug[slugify(draft.name)]
    for draft in by_slug.values():
        if draft.kind == "person":
            draft.surname = _surname(draft)
            usual = draft.name.translate(FOLD)
            if usual != draft.name:
                draft.aliases.append(draft.name)
                draft.name = usual
    return sorted(by_slug.values(), key=lambda draft: draft.start)


def _surname(draft: _Draft) -> str:
    return draft.surname or draft.name.rsplit(" ", 1)[-1]


def _absorb(into: _Draft, other: _Draft) -> None:
    into.aliases.extend(other.aliases)
    if not into.country and other.country:
        into.country, into.title = other.country, other.title
    if other.start < into.start:
        into.start, into.end = other.start, other.end
        into.name_start, into.name_end = other.name_start, other.name_end


def _add_surname_forms(text: str, people: list[_Draft]) -> None:
    """Add the ways the text refers to each person by surname: "Lavrov", "FM Lavrov",
    "Mr. Lavrov". One pass over the text for all of them; a surname inside a full name
    ("Sergey Lavrov") is not one of them.

    Every cost here is per surname, not per person: the people who share a surname share
    one pattern of their other names and one list of the forms found, so a text naming
    many Smiths is read once (testing each Smith's name at each "Smith" was quadratic)."""
    owners: dict[str, list[_Draft]] = {}
    given: dict[str, tuple[list[str], list[str]]] = {}  # other names, before and after it
    for draft in people:
        surname = draft.surname
        if len(surname) < 3:
            continue
        original = next(
            (alias for alias in draft.aliases if alias.translate(FOLD) == draft.name), ""
        )
        parts = (original or draft.name).split(" ")
        first = bool(parts) and parts[0].translate(FOLD) == surname.translate(FOLD)
        rest = parts[1:] if first else parts[:-1]
        owners.setdefault(surname, []).append(draft)
        before, after = given.setdefault(surname, ([], []))
        if rest:
            (after if first else before).append(" ".join(rest))
    if not owners:
        return
    pattern = re.compile(
        rf"(?<![\w'’.-])(?:(?P<prefix>{patterns.SURNAME_PREFIX}){patterns.S})?"
        rf"(?P<surname>{patterns.alternation(owners)})(?![\w-])"
    )
    full_names = {surname: _full_name_patterns(*others) for surname, others in given.items()}
    forms: dict[str, dict[str, None]] = {surname: {} for surname in owners}
    for match in pattern.finditer(text):
        at, end = match.span("surname")
        before, after = full_names[match["surname"]]
        if (before is not None and before.search(text, max(0, at - 80), at)) or (
            after is not None and after.match(text, end, end + 80)
        ):
            continue
        found = forms[match["surname"]]
        if match["prefix"]:
            found[_collapse(match.group())] = None
        found[match["surname"]] = None
    for surname, drafts in owners.items():
        for draft in drafts:
            draft.aliases.extend(forms[surname])


def _full_name_patterns(
    before: list[str], after: list[str]
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Patterns of the names that stand before a surname (to search for just before it:
    "Sergey Lavrov") and after it (to match just after it: "Park Jin"), each name's words
    apart by any spacing."""
    return (
        re.compile(rf"(?<![\w-])(?:{patterns.alternation(before, spaced=True)})\s+\Z")
        if before
        else None,
        re.compile(rf"\s+(?:{patterns.alternation(after, spaced=True)})(?![\w-])")
        if after
        else None,
    )
