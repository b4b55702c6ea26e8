"""Whom the caller wants: a staff member by first, last or full name, anyone, or someone unknown.

Names are compared folded and with a light sound-alike spelling (ph/f, th/t, y/i, ck/k), so
"Sophia" finds Sofia and "Yilmaz" finds Yılmaz; longer names also forgive a typo. Last names alone
count only after a title or "bei"/"mit"/"with", or when written with a capital ("Braun" the
trainer, not "braun" the colour). The same first name for two people is a question, not a pick.

A name-like word the company does not know is *reported* (``unknown``), never dropped: it follows
"bei", "mit", "with", a title (Frau, Herr, Dr.), or opens a question about someone ("Hat Petra
morgen Zeit?", "Is Jessica free?").
"""

from __future__ import annotations

import re
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
                    "miss", "prof", "professor"})
_ANYONE_TIME = r"egal wann|whenever|anytime|any time|irgendwann|jederzeit"
_ANYONE = (
    r"(?:ist )?(?:mir )?egal(?: wer| bei wem| mit wem| welche[rnms]?(?: \S+)?)?|irgendwer|"
    r"irgendjemand|irgendwen|irgendwem|jemand|jemanden|beliebig\w*|wer (?:auch immer|gerade) "
    r"\S+|anyone|anybody|whoever|someone|somebody|no preference|(?:it )?doesn't matter|"
    r"(?:it )?does not matter|(?:i )?don't mind|(?:i )?don't care|any (?:stylist|doctor|trainer|"
    r"staff|one|hairdresser|therapist)|kein(?:e|en)? (?:bestimmte[nr]?|praeferenz|vorliebe)"
    r"(?: \S+)?"
)
_INTRODUCTION = (r"hier (?:ist|spricht)|ich bin(?: die| der)?|mein name ist|ich heisse|"
                 r"my name is|this is|i am|i'm|it's")
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
    """.split()
) | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(NUMBERS) | frozenset(ORDINALS)
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


def _similar(said: str, known: str) -> int | None:
    """Edits between a spoken word and a name word, or ``None`` when too far apart. Everyday
    words match only exactly ("elf" is never Elif)."""
    said = _sound(said)
    if said == known:
        return 0
    if said in STOPWORDS or said in NOT_NAMES or len(said) < 4:
        return None
    bound = tolerance(len(known))
    found = damerau_levenshtein(said, known, bound)
    return found if found <= bound else None


def find_anyone(text: Text) -> bool:
    for match in text.find(_ANYONE_TIME):
        text.take_match(match)  # "egal wann" is about the time, not the person
    found = text.find(_ANYONE)
    for match in found:
        text.take_match(match)
    return bool(found)


def find_staff(text: Text, staff: list[StaffEntry]) -> StaffWish:
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
            here = _similar(word, first_name)
            if last_name and i + 1 in free:
                there = _similar(text.tokens[i + 1].word, last_name)
                if here is not None and there is not None:
                    found.append(((2, -(here + there)), i, i + 1, member))
                    continue
            if here is not None:
                found.append(((1, -here), i, i, member))
            elif last_name and _may_be_last_name(text, i):
                there = _similar(word, last_name)
                if there is not None:
                    found.append(((1, -there), i, i, member))
    if not found:
        return StaffWish()
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


def _may_be_last_name(text: Text, i: int) -> bool:
    before = text.tokens[i - 1].word.rstrip(".") if i > 0 else ""
    return before in TITLES or before in _BEFORE_NAME or text.tokens[i].raw[:1].isupper()


def _name_like(text: Text, i: int, free: set[int], capital: bool) -> bool:
    if i >= len(text.tokens) or i not in free:
        return False
    token = text.tokens[i]
    word = token.word.rstrip(".")
    if not word.isalpha() or word in STOPWORDS or word in NOT_NAMES or word in TITLES:
        return False
    return token.raw[:1].isupper() or not capital


def find_caller(text: Text) -> str | None:
    """The caller's own name ("Hier ist Lena Müller", "my name is Kim Lee"), taken so it is
    not read as a staff wish."""
    for match in text.find(_INTRODUCTION):
        free = set(text.free())
        start = text.token_index(match.end()) + 1
        if not _name_like(text, start, free, True):
            continue
        end = start + 1 if _name_like(text, start + 1, free, True) else start
        text.take_match(match)
        for index in range(start, end + 1):
            text.take_token(index)
        return " ".join(text.tokens[i].raw for i in range(start, end + 1))
    return None


def find_unknown_staff(text: Text) -> str | None:
    """A name-like word where a staff member's name was expected, as the caller wrote it."""
    free = set(text.free())
    for i in sorted(free):
        word = text.tokens[i].word.rstrip(".")
        if word in TITLES or word == "bei":
            capital = False
        elif word in _BEFORE_NAME or word in _ASKING_ABOUT:
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
