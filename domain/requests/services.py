"""Which service the caller means, matched against the company's own event types.

Each service is known by its name, its slug, the synonyms the company gave it, and the built-in
synonyms below (how callers actually say "Herrenschnitt"). A phrase matches a run of up to three
words of the transcript (small words such as "für" may sit in between; two words are also tried
the other way round, "Schnitt für Damen"), compared as one squeezed word so that "Herren-Schnitt",
"Herren Schnitt" and "Herrenschnitt" agree, allowing a few typos for long words.

Candidates are ranked: an exact phrase (3) beats a phrase with typos (2), which beats a word that
only *belongs* to services (1): "Schnitt" is the end of Herrenschnitt and Damenschnitt,
"Haarschnitt" is a generic word for both. When the best rank is shared by different services the
answer is the list of them (``ambiguous``), never a pick: the caller is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from studiobook.domain.appointments.values import Id
from studiobook.domain.requests.normalise import (
    STOPWORDS,
    Text,
    damerau_levenshtein,
    tolerance,
)

Distance = Callable[[str, str, int], int]

# Built-in synonyms by the service's folded name (words joined by one space).
SYNONYMS: dict[str, tuple[str, ...]] = {
    # hair salon
    "herrenschnitt": ("Männerhaarschnitt", "Herrenhaarschnitt", "Männerschnitt",
                      "Haare schneiden Herren", "Haarschnitt für Herren", "Haarschnitt Herren",
                      "men's cut", "mens cut", "men's haircut", "haircut for men", "gents cut",
                      "barber cut"),
    "damenschnitt": ("Frauenhaarschnitt", "Damenhaarschnitt", "Frauenschnitt",
                     "Haare schneiden Damen", "Haarschnitt für Damen", "Haarschnitt Damen",
                     "women's cut", "womens cut", "women's haircut", "ladies cut",
                     "ladies' haircut", "haircut for women"),
    "kinderschnitt": ("Kinderhaarschnitt", "Haarschnitt für Kinder", "Haarschnitt Kind",
                      "kids cut", "kids haircut", "children's haircut", "haircut for my son",
                      "haircut for my daughter", "haircut for a child"),
    "faerben": ("Haare färben", "Färbung", "Haarfarbe", "Coloration", "Tönung", "Nachfärben",
                "Ansatz färben", "hair colour", "hair color", "colour", "color", "colouring",
                "coloring", "dye", "hair dye"),
    "straehnchen": ("Strähnen", "Highlights", "Balayage", "Foliensträhnen"),
    "bartpflege": ("Bart", "Bart trimmen", "Bartschnitt", "Bartrasur", "Rasur", "beard",
                   "beard trim", "beard care", "shave"),
    "foehnen styling": ("Föhnen", "Styling", "Föhnfrisur", "blow dry", "blowout", "blow-dry"),
    "dauerwelle": ("Perm", "Locken", "Dauerwellen"),
    "hochsteckfrisur": ("Hochstecken", "Brautfrisur", "Festfrisur", "updo", "up-do",
                        "bridal hair"),
    "typberatung": ("Stilberatung", "Farbberatung", "Typ-Beratung", "style consultation",
                    "consultation"),
    # doctor's practice
    "akutsprechstunde": ("Akuttermin", "akuter Termin", "Notfalltermin", "Notfall",
                         "Sprechstunde", "urgent appointment", "emergency appointment",
                         "same-day appointment", "sick appointment"),
    "erstuntersuchung": ("Neupatient", "Neupatientin", "erste Untersuchung", "new patient",
                         "first examination", "initial examination", "initial exam"),
    "blutabnahme": ("Blut abnehmen", "Blutentnahme", "Blutbild", "Blutuntersuchung",
                    "Blutwerte", "blood test", "blood draw", "bloodwork", "blood work"),
    "impfung": ("impfen", "Impftermin", "Grippeimpfung", "Auffrischung", "Auffrischimpfung",
                "Tetanusimpfung", "vaccination", "vaccine", "flu shot", "jab", "booster"),
    "gesundheits check up": ("Check-up", "Checkup", "Gesundheitscheck", "Vorsorge",
                             "Vorsorgeuntersuchung", "health check", "health check-up",
                             "physical"),
    "ekg": ("Elektrokardiogramm", "Herz-EKG", "ECG", "EKG-Termin"),
    "ultraschall abdomen": ("Ultraschall", "Bauchultraschall", "Sonographie", "Sono",
                            "Ultraschall vom Bauch", "ultrasound", "abdominal ultrasound"),
    "reisemedizinische beratung": ("Reiseberatung", "Reisemedizin", "Reiseimpfberatung",
                                   "travel medicine", "travel consultation", "travel advice"),
    # fitness studio
    "probetraining": ("Probestunde", "Schnuppertraining", "Probetermin", "trial session",
                      "trial training", "trial workout", "free trial", "trial"),
    "personal training": ("Personaltraining", "Personal Trainer", "Einzeltraining", "PT",
                          "one-on-one training", "one to one training"),
    "personal training kompakt": ("PT kompakt", "kurzes Personal Training",
                                  "short personal training", "compact personal training",
                                  "personal training compact", "Personal Training kurz"),
    "trainingsplan erstellung": ("Trainingsplan", "Trainingsplanerstellung", "Plan erstellen",
                                 "training plan", "workout plan"),
    "koerperanalyse": ("Körperfettmessung", "Körperfett", "Körperfettanalyse", "InBody",
                       "body analysis", "body composition", "body scan"),
    "massage": ("Entspannungsmassage", "relaxing massage", "relaxation massage"),
    "sportmassage": ("Sport-Massage", "sports massage", "sport massage"),
    "ernaehrungsberatung": ("Ernährung", "Ernährungsplan", "Ernährungscoaching", "nutrition",
                            "nutrition advice", "nutrition consultation", "nutritionist",
                            "diet advice"),
    "physio check": ("Physio", "Physiocheck", "Physiotherapie-Check", "physio assessment",
                     "physiotherapy check"),
    "mobility coaching": ("Mobility", "Mobilität", "Beweglichkeit", "Mobilitätstraining",
                          "mobility training", "stretching"),
}
# Words that name a kind of service rather than one service: they match every service listed
# (that the company has), so one match is a choice and several are a question.
GENERIC: dict[str, tuple[str, ...]] = {
    "Haarschnitt": ("herrenschnitt", "damenschnitt"),
    "Haare schneiden": ("herrenschnitt", "damenschnitt"),
    "schneiden": ("herrenschnitt", "damenschnitt"),
    "Friseurtermin": ("herrenschnitt", "damenschnitt"),
    "haircut": ("herrenschnitt", "damenschnitt"),
    "hair cut": ("herrenschnitt", "damenschnitt"),
    "cut": ("herrenschnitt", "damenschnitt"),
    "trim": ("herrenschnitt", "damenschnitt"),
    "Untersuchung": ("erstuntersuchung", "gesundheits check up"),
    "workout": ("personal training", "probetraining"),
}
_MAX_WORDS = 3
_APPOINTMENT = "termin"  # "Massagetermin" is a Massage ("Probetrainingstermin" within typos)
_HEAD_MIN = 5  # letters a word needs to stand for the services it ends or belongs to
# Endings of service names that are everyday words of their own ("in einer Stunde").
_NOT_HEADS = frozenset({"stunde", "stunden", "stellung", "raining", "nahme", "suchung"})


@dataclass(frozen=True)
class ServiceEntry:
    """A service as the parser sees it: the caller's ids are passed through untouched."""

    id: Id
    name: str
    slug: str = ""
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceMatch:
    service: ServiceEntry | None = None
    ambiguous: tuple[ServiceEntry, ...] = ()


@dataclass(frozen=True)
class _Candidate:
    first: int  # token indices, inclusive
    last: int
    rank: int  # 3 exact, 2 typos, 1 a word belonging to services
    distance: int
    services: frozenset[int] = field(default_factory=frozenset)  # positions in the service list


# Plural endings ("Impfungen", "Massagen", "haircuts"): a service is named in the singular.
_PLURALS = ("en", "n", "e", "s", "es")
_STUB_MAX = 4  # a key shorter than this, left of a phrase of several words, is a stub
_SINGULAR_MIN = 3  # "jabs" is a "jab"; short keys match only exactly (see tolerance)


@lru_cache(maxsize=8192)
def words_of(phrase: str) -> tuple[str, ...]:
    """The folded content words of a phrase (small words such as "für" dropped); cached, as the
    same service names and synonyms are read for every request."""
    return tuple(w.replace("'", "") for w in (t.word for t in Text(phrase).tokens)
                 if w not in STOPWORDS and w.replace("'", "").isalpha())


def _key(phrase: str) -> str:
    return "".join(words_of(phrase))


def _phrase_key(phrase: str) -> str:
    """The phrase's key; when dropping its small words leaves a stub ("up-do" -> "up"), the
    whole phrase squeezed ("updo"), so that "pick up" names no service."""
    key = _key(phrase)
    if len(key) >= _STUB_MAX:
        return key
    whole = "".join(t.word.replace("'", "") for t in Text(phrase).tokens)
    return whole if whole.isalpha() else key


def _phrases(service: ServiceEntry) -> set[str]:
    name = " ".join(words_of(service.name))
    given = (service.name, service.slug.replace("-", " "), *service.synonyms)
    return {k for k in map(_phrase_key, (*given, *SYNONYMS.get(name, ()))) if k}


def _head_words(service: ServiceEntry) -> set[str]:
    """Words a caller may use for the service alone: each word of a multi-word name, and the
    endings of compound words ("schnitt" of "herrenschnitt")."""
    words = words_of(service.name)
    heads = {w for w in words if len(w) >= _HEAD_MIN} if len(words) > 1 else set()
    for word in words:
        heads.update(word[k:] for k in range(1, len(word) - _HEAD_MIN + 1))
    return heads - _NOT_HEADS


def _windows(text: Text) -> list[tuple[int, int, list[str]]]:
    """Runs of up to three content words among the free tokens, with at most one small word
    between neighbours: ``(first index, last index, words)``."""
    free = set(text.free())
    content = [i for i in sorted(free) if _content(text.tokens[i].word)]
    found = []
    for n, start in enumerate(content):
        words = [text.tokens[start].word.replace("'", "")]
        found.append((start, start, list(words)))
        previous = start
        for index in content[n + 1 : n + _MAX_WORDS]:
            gap = range(previous + 1, index)
            if len(gap) > 1 or any(g not in free for g in gap):
                break
            words.append(text.tokens[index].word.replace("'", ""))
            found.append((start, index, list(words)))
            previous = index
    return found


def _content(word: str) -> bool:
    return word not in STOPWORDS and word.replace("'", "").isalpha()


def find_service(
    text: Text, services: list[ServiceEntry], distance: Distance = damerau_levenshtein
) -> ServiceMatch:
    if not services:
        return ServiceMatch()
    by_length: dict[int, list[tuple[str, int]]] = {}
    for position, service in enumerate(services):
        for key in _phrases(service):
            by_length.setdefault(len(key), []).append((key, position))
    heads = [_head_words(s) for s in services]
    names = {" ".join(words_of(s.name)): n for n, s in enumerate(services)}
    generic = {_key(word): frozenset(names[k] for k in keys if k in names)
               for word, keys in GENERIC.items()}
    candidates: list[_Candidate] = []
    for first, last, words in _windows(text):
        keys = {"".join(words)} | ({words[1] + words[0]} if len(words) == 2 else set())
        keys |= {k.removesuffix(_APPOINTMENT) for k in keys if k.endswith(_APPOINTMENT)}
        keys |= {k[: -len(end)] for k in keys for end in _PLURALS
                 if k.endswith(end) and len(k) - len(end) >= _SINGULAR_MIN}
        # A word said inside a two-word name counts as one edit: "travel health advice" is the
        # "travel advice", "travel vaccination consultation" the "travel consultation".
        inserted = {words[0] + words[2]} - keys if len(words) == 3 else set()
        best: dict[int, int] = {}  # service position -> fewest edits
        for said in keys | inserted:
            extra = 1 if said in inserted else 0
            for length in range(len(said) - 2, len(said) + 3):  # no tolerance exceeds 2
                for known, position in by_length.get(length, ()):
                    edits = _distance(said, known, distance) + extra
                    if edits < best.get(position, 99):
                        best[position] = edits
        for position, edits in best.items():
            if edits <= 2:
                rank = 3 if edits == 0 else 2
                candidates.append(_Candidate(first, last, rank, edits, frozenset({position})))
        joined = "".join(words)
        belongs = frozenset(p for p, h in enumerate(heads) if len(words) == 1 and joined in h)
        belongs |= generic.get(joined, frozenset())
        if belongs:
            candidates.append(_Candidate(first, last, 1, 0, belongs))
    return _choose(text, services, _outermost(text, candidates))


def _distance(said: str, known: str, distance: Distance) -> int:
    bound = tolerance(len(known))
    if abs(len(said) - len(known)) > bound:
        return 99
    found = distance(said, known, bound)
    return found if found <= bound else 99


def _outermost(text: Text, candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a candidate that lies inside a longer phrase match: "Sport Massage" is the
    Sportmassage, not also the Massage; "personal training kompackt" (a typo) is the
    Personal Training Kompakt, not the Personal Training inside it. A word that merely belongs
    to services (rank 1) never swallows anything, and a phrase with typos swallows an exact one
    only when its typos fit the words it adds: "slot personal training" is two edits from
    "short personal training", but two edits in the four letters of "slot" are another word,
    so the exact Personal Training stays."""
    def inside(a: _Candidate, b: _Candidate) -> bool:
        if not (b.first <= a.first and a.last <= b.last and (b.first, b.last) != (a.first, a.last)
                and (b.rank >= 2 or b.rank >= a.rank)):
            return False
        if b.rank == 2 and a.rank == 3:
            added = sum(len(text.tokens[k].word) for k in range(b.first, b.last + 1)
                        if not a.first <= k <= a.last and _content(text.tokens[k].word))
            return b.distance <= tolerance(added)
        return True

    return [a for a in candidates if not any(inside(a, b) for b in candidates)]


def _choose(text: Text, services: list[ServiceEntry], candidates: list[_Candidate]) -> ServiceMatch:
    if not candidates:
        return ServiceMatch()
    best = max((c.rank, -c.distance) for c in candidates)
    winners = [c for c in candidates if (c.rank, -c.distance) == best]
    chosen = sorted(set().union(*(c.services for c in winners)))
    for c in winners:
        for index in range(c.first, c.last + 1):
            text.take_token(index)
    if len(chosen) == 1:
        return ServiceMatch(service=services[chosen[0]])
    return ServiceMatch(ambiguous=tuple(services[p] for p in chosen))

