"""Whom the caller wants: a staff member by first, last or full name, anyone, or someone unknown.

Names are compared folded and with a light sound-alike spelling (ph/f, th/t, y/i, ck/k), so
"Sophia" finds Sofia and "Yilmaz" finds Yılmaz; longer names also forgive a typo. Last names alone
count only after a title or "bei"/"mit"/"with", or when written with a capital ("Braun" the
trainer, not "braun" the colour). The same first name for two people is a question, not a pick.

A name-like word the company does not know is *reported* (``unknown``), never dropped: it follows
"bei", "mit", "with", a title (Frau, Herr, Dr., Schwester), or opens a question about someone
("Hat Petra morgen Zeit?", "Is Jessica free?" — not "Where exactly is ...").

Names joined by "oder"/"or" are *alternatives* ("Anna oder Julia, egal"): either will do. The
caller's own name is read first and kept apart (:func:`find_caller`, :func:`find_caller_clause`),
so a customer whose surname is a staff member's ("Hannah Wagner") is not a staff wish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from studiobook.domain.appointments.values import Id
from studiobook.domain.requests.dates import MONTHS, ORDINALS, WEEKDAYS
from studiobook.domain.requests.normalise import (
    NUMBERS,
    STOPWORDS,
    Text,
    damerau_levenshtein,
    tolerance,
)

TITLES = frozenset({"dr", "doktor", "doctor", "frau", "herr", "herrn", "mr", "mrs", "ms",
                    "miss", "prof", "professor", "schwester", "pfleger", "nurse", "coach"})
_ANYONE_TIME = r"egal wann|whenever|anytime|any time|irgendwann|jederzeit"
_STAFF_NOUNS = (r"stylist\w*|doctors?|trainers?|staff|one|hairdressers?|therapists?|coach\w*|"
                r"physios?|nurses?|friseur\w*|trainer\w*|aerzt\w*|arzt|doktor\w*|"
                r"therapeut\w*|mitarbeiter\w*|kolleg\w*")
# Whoever will do: said as a clause of its own, its "frei"/"free" is no question about times.
_ANYONE = (
    r"(?:ist )?(?:mir )?(?:ganz )?egal(?: wer| bei wem| mit wem| welche[rnms]?(?: \S+)?)?|"
    r"irgendwer|irgendjemand|irgendwen|irgendwem|jemand|jemanden|beliebig\w*|"
    rf"irgendein\w* (?:{_STAFF_NOUNS})|"
    # "wer gerade frei ist", "wer auch immer Zeit hat": a relative clause, the verb last.
    r"wer (?:\S+ ){0,3}(?:frei ist|zeit hat|da ist|frei waere|zeit haette)|"
    r"wer (?:auch immer|gerade) \S+|"
    r"(?:anyone|anybody|whoever|whoever's|anyone's|anybody's)(?: (?:is|will be))?"
    r"(?: (?:free|available|around|in|there|fine|ok|okay|good|great))?|"
    r"someone|somebody|no preference|(?:it )?doesn't matter(?: who)?|"
    r"(?:it )?does not matter(?: who)?|(?:i )?don't mind(?: who)?|(?:i )?don't care(?: who)?|"
    rf"any (?:{_STAFF_NOUNS})(?:'s)?(?: (?:is )?(?:fine|ok|okay|good))?|"
    r"any of (?:them|you|(?:your|the) \S+)|"
    r"kein(?:e|en)? (?:bestimmte[nr]?|praeferenz|vorliebe)(?: \S+)?"
)
_INTRODUCTION = (r"hier (?:ist|spricht)|(?:ich )?bin(?:'s| es)(?:,? die|,? der)?|"
                 r"ich bin(?: die| der)?|bin (?:die|der)|(?:mein )?(?:nach|familien)?name ist|"
                 r"ich heisse|my (?:sur|last |family )?name is|this is|i am|i'm|it's|name's|"
                 r"names|(?:sur)?name is|name|(?:nach|familien)?name|surname|"
                 r"(?:auf|unter) (?:den|dem|meinen|meinem) namen|under the name|"
                 r"(?:booked|gebucht|reserviert|laeuft|steht) (?:\S+ ){0,2}(?:under|unter|auf)|"
                 r"(?:termin|appointment|booking) von|"
                 # Signed off: "Gruß, Meier", "Viele Grüße Jana Vogel", "Best regards, Tom Hale".
                 r"(?:viele |liebe |beste |schoene |freundliche )?(?:gruss|gruesse)|"
                 r"mit freundlichen gruessen|(?:kind |best |warm )?regards|cheers")
# Said after a name: "Felix Hoffmann hier", "Jonas Schmidt ist mein Name", "Krause mein Name",
# "Garcia is the name"; after a surname alone too, "hier"/"here" only as a clause of its own
# ("Schneider hier, ...").
_SIGNED = (r"hier|here|speaking|am apparat|(?:ist|is) (?:mein|der|my|the) name|mein name|"
           r"my name|der name|the name")
_SIGNED_FULL_NAME_ONLY = {"hier", "here"}
# Said before a first name and surname only: "hier Jonas Schmidt", "here Kim Lee".
_BEFORE_FULL_NAME = r"hier|here|it's|its"
_ASKING_ABOUT = {"hat", "ist", "kann", "koennte", "is", "does", "can", "could", "has", "will"}
_BEFORE_NAME = {"bei", "mit", "with"}
_ARTICLES = {"der", "die", "den", "dem"}
# Words that follow "bei"/"mit"/"hat" without being anybody's name.
NOT_NAMES = frozenset(
    """
    ihnen euch uns dir mir dich mich bedarf gelegenheit kind kindern kinder sohn tochter mann
    freund freundin partner partnerin kollege kollegin termin termine waschen schneiden haare
    haaren bart rezept ueberweisung versicherung karte bar begleitung maske mama papa oma opa
    baby hund zeit jemand jemandem einem einer jeder jedem irgendwer egal noch schon auch nur
    you them him her us me someone anyone everybody friend son daughter wife husband kid kids
    child children card cash insurance time appointment slot slots today tomorrow there it
    anything something open free available frei offen geoeffnet auf zu da welche welcher
    salon praxis studio euer eure ihr ihre ihrem ihren sein seine wer wen wem whom who which
    what wann wo when where bitte please gern gerne mal heute morgen jetzt gleich bald dann
    schnell kurz lang lange einen eine ein the a an my your our sie er es
    ne ner nem nen
    """.split()
) | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(NUMBERS) | frozenset(ORDINALS)
Distance = Callable[[str, str, int], int]
_SOUNDS = ((re.compile("ph"), "f"), (re.compile("th"), "t"), (re.compile("ck"), "k"),
           (re.compile("y"), "i"))


@dataclass(frozen=True)
class StaffEntry:
    id: Id
    name: str


@dataclass(frozen=True)
class StaffWish:
    staff: StaffEntry | None = None
    ambiguous: tuple[StaffEntry, ...] = ()
    alternatives: tuple[StaffEntry, ...] = ()  # "Anna oder Julia": either will do
    unknown: str | None = None
    anyone: bool = False


@lru_cache(maxsize=8192)
def _sound(word: str) -> str:
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    words = [t.word.rstrip(".") for t in Text(name).tokens]
    return tuple(_sound(w) for w in words if w not in TITLES and w.isalpha())


def _similar(said: str, known: str, distance: Distance = damerau_levenshtein) -> int | None:
    """Edits between a spoken word and a name word, or ``None`` when too far apart. Everyday
    words match only exactly ("elf" is never Elif)."""
    said = _sound(said)
    if said == known:
        return 0
    if said in STOPWORDS or said in NOT_NAMES or len(said) < 4:
        return None
    bound = tolerance(len(known))
    found = distance(said, known, bound)
    return found if found <= bound else None


def find_anyone(text: Text) -> bool:
    for match in text.find(_ANYONE_TIME):
        text.take_match(match)  # "egal wann" is about the time, not the person
    found = text.find(_ANYONE)
    for match in found:
        text.take_match(match)
    return bool(found)


def find_staff(
    text: Text, staff: list[StaffEntry], distance: Distance = damerau_levenshtein
) -> StaffWish:
    """The staff member named (full name beats first or last name alone; exact beats typo)."""
    people = [(member, _name_words(member.name)) for member in staff]
    found: list[tuple[tuple[int, int], int, int, StaffEntry]] = []  # (score, first, last, who)
    free = set(text.free())
    for i in sorted(free):
        word = text.tokens[i].word
        for member, names in people:
            if not names:
                continue
            first_name, last_name = names[0], names[-1] if len(names) > 1 else None
            here = _similar(word, first_name, distance)
            if last_name and i + 1 in free:
                there = _similar(text.tokens[i + 1].word, last_name, distance)
                if here is not None and there is not None:
                    found.append(((2, -(here + there)), i, i + 1, member))
                    continue
            if here is not None:
                found.append(((1, -here), i, i, member))
            elif last_name and _may_be_last_name(text, i):
                there = _similar(word, last_name, distance)
                if there is not None:
                    found.append(((1, -there), i, i, member))
    if not found:
        return StaffWish()
    alternatives = _alternatives(text, found)
    if alternatives:
        return StaffWish(alternatives=alternatives)
    best = max(score for score, *_ in found)
    winners = [(first, last, who) for score, first, last, who in found if score == best]
    for first, last, _ in winners:
        for index in range(first, last + 1):
            text.take_token(index)
        if first > 0 and text.tokens[first - 1].word.rstrip(".") in TITLES:
            text.take_token(first - 1)
    chosen = list(dict.fromkeys(who for *_, who in winners))
    if len(chosen) == 1:
        return StaffWish(staff=chosen[0])
    return StaffWish(ambiguous=tuple(chosen))


_SALUTATION = STOPWORDS | {"tag", "morgen", "abend", "morning", "afternoon", "evening", "moin",
                           "servus", "gruess", "gott", "ja", "yes", "so", "also"}
_OR = {"oder", "or", "bzw", "beziehungsweise", "alternativ"}


def _alternatives(
    text: Text, found: list[tuple[tuple[int, int], int, int, StaffEntry]]
) -> tuple[StaffEntry, ...]:
    """Two or more staff named with "oder"/"or" between them ("Anna oder Julia", "Dr. Wagner or
    Dr. Demir"): each name's best reading, joined; their words are taken."""
    best: dict[int, tuple[tuple[int, int], int, int, StaffEntry]] = {}
    for item in found:
        score, first, _, _ = item
        if first not in best or score > best[first][0]:
            best[first] = item
    spans = sorted(best.values(), key=lambda item: item[1])
    chain: list[tuple[tuple[int, int], int, int, StaffEntry]] = []
    for item in spans:
        if chain and item[1] <= chain[-1][2]:
            continue  # a reading inside the previous name ("Weber" of "Jonas Weber")
        if chain:
            between = [text.tokens[k].word.rstrip(".") for k in range(chain[-1][2] + 1, item[1])]
            if not any(w in _OR for w in between) or not all(
                w in _OR or w in TITLES or w in _ARTICLES or w in _BEFORE_NAME for w in between
            ):
                if len(chain) > 1:
                    break
                chain = []
        if not chain or item[3] not in [c[3] for c in chain]:
            chain.append(item)
    if len(chain) < 2:
        return ()
    for _, first, last, _ in chain:
        for index in range(first, last + 1):
            text.take_token(index)
        if first > 0 and text.tokens[first - 1].word.rstrip(".") in TITLES:
            text.take_token(first - 1)
    return tuple(who for *_, who in chain)


def _may_be_last_name(text: Text, i: int) -> bool:
    before = text.tokens[i - 1].word.rstrip(".") if i > 0 else ""
    return before in TITLES or before in _BEFORE_NAME or text.tokens[i].raw[:1].isupper()


def _name_like(text: Text, i: int, free: set[int], capital: bool) -> bool:
    if i >= len(text.tokens) or i not in free:
        return False
    token = text.tokens[i]
    word = token.word.rstrip(".")
    if not word.replace("'", "").isalpha() or word in STOPWORDS or word in NOT_NAMES \
            or word in TITLES:
        return False  # a name may have an apostrophe: O'Brien
    return token.raw[:1].isupper() or not capital


def find_caller(text: Text, staff: Sequence[StaffEntry] = ()) -> str | None:
    """The caller's own name, taken so it is not read as a staff wish: after an introduction
    ("Hier ist Lena Müller", "my name is Kim Lee", "auf den Namen ..."), before "hier"/"here"
    ("Felix Hoffmann hier"); :func:`find_caller_clause` reads a name said as a clause of its
    own. A staff member's full name is never the caller."""
    for match in text.find(_INTRODUCTION):
        free = set(text.free())
        start = text.token_index(match.end()) + 1
        while start in free and (text.tokens[start].word.rstrip(".") in TITLES
                                 or text.tokens[start].word in _ARTICLES):
            start += 1  # "hier ist die Frau Lorenz": the name without article and title
        if not _name_like(text, start, free, True):
            continue
        end = start + 1 if _name_like(text, start + 1, free, True) else start
        text.take_match(match)
        return _taken_name(text, start, end)
    for match in text.find(_BEFORE_FULL_NAME):
        free = set(text.free())
        start = text.token_index(match.end()) + 1
        if not (_name_like(text, start, free, True) and _name_like(text, start + 1, free, True)):
            continue
        if start in text.breaks or _is_staff(text, start, start + 1, staff):
            continue
        text.take_match(match)
        return _taken_name(text, start, start + 1)
    for match in text.find(_SIGNED):
        free = set(text.free())
        end = text.token_index(match.start()) - 1
        start = end - 1
        if not _name_like(text, end, free, True):
            continue
        if start in text.breaks or not _name_like(text, start, free, True):
            if end in text.breaks or (match.group() in _SIGNED_FULL_NAME_ONLY and not (
                    _opens_clause(text, end) and text.token_index(match.start()) in text.breaks)):
                continue
            start = end  # "Krause mein Name", "Schneider hier, ...": a surname alone
        elif _is_staff(text, start, end, staff):
            continue
        text.take_match(match)
        return _taken_name(text, start, end)
    return None


def _taken_name(text: Text, start: int, end: int) -> str:
    for index in range(start, end + 1):
        text.take_token(index)
    return " ".join(text.tokens[i].raw for i in range(start, end + 1))


def _is_staff(text: Text, start: int, end: int, staff: Sequence[StaffEntry]) -> bool:
    for member in staff:
        names = _name_words(member.name)
        if len(names) >= 2 and _similar(text.tokens[start].word, names[0]) is not None \
                and _similar(text.tokens[end].word, names[-1]) is not None:
            return True
    return False


def find_caller_clause(
    text: Text, staff: Sequence[StaffEntry], signed_off: bool
) -> str | None:
    """A first name and surname forming a clause alone, first or (signed off) last; read after
    the service, so "Reisemedizinische Beratung, ..." stays a service."""
    clauses: list[list[int]] = [[]]
    for index in range(len(text.tokens)):
        clauses[-1].append(index)
        if index in text.breaks:
            clauses.append([])
    clauses = [c for c in clauses if c]
    free = set(text.free())
    candidates = [(clauses[0], True)] if clauses else []
    if len(clauses) > 1 and all(text.tokens[i].word in _SALUTATION for i in clauses[0]):
        candidates.append((clauses[1], True))  # "Guten Tag, Lena Müller, ..."
    if signed_off and clauses:
        candidates.append((clauses[-1], False))
    for clause, capital in candidates:
        words = [i for i in clause if i in free]
        if len(words) != 2 or words[1] != words[0] + 1 or clause[-1] != words[1]:
            continue
        if not all(_name_like(text, i, free, capital) for i in words):
            continue
        if _is_staff(text, words[0], words[1], staff):
            continue
        return _taken_name(text, words[0], words[1])
    return None


def _opens_clause(text: Text, i: int) -> bool:
    """Whether token ``i`` opens a question ("Hat Petra ...?", not "Where exactly is ...")."""
    return i == 0 or i - 1 in text.breaks or all(k in text.taken for k in range(i))


def find_unknown_staff(text: Text) -> str | None:
    """A name-like word where a staff member's name was expected, as the caller wrote it."""
    free = set(text.free())
    for i in sorted(free):
        word = text.tokens[i].word.rstrip(".")
        if word in TITLES or word == "bei":
            capital = False
        elif word in _BEFORE_NAME or (word in _ASKING_ABOUT and _opens_clause(text, i)):
            capital = True  # "mit Waschen", "hat Zeit": only a capitalised word is a name
        else:
            continue
        start = i + 1
        if start in free and text.tokens[start].word in _ARTICLES:
            start += 1  # spoken German puts an article before a name: "bei der Petra"
        while start in free and text.tokens[start].word.rstrip(".") in TITLES:
            start, capital = start + 1, False
        if not _name_like(text, start, free, capital):
            continue
        words = [text.tokens[start].raw]
        if _name_like(text, start + 1, free, True):
            words.append(text.tokens[start + 1].raw)
        return " ".join(w.rstrip(".") for w in words)
    return None
