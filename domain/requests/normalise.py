"""Text as the other request modules read it: tokens, a folded spelling, and what is used up.

Transcripts of callers are messy: "Übermorgen", "uebermorgen" and "ubermorgen" must all mean the
same, so every token is *folded* (lower case, umlauts spelled out, other accents dropped). The
extractors then match regular expressions over the folded tokens joined by single spaces. When
an extractor understands some tokens it *takes* them: taken tokens are masked with underscores of
the same length, so later extractors (staff names, services) never read "morgen" as a name or
"elf" as Elif, and offsets never shift.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "’": "'", "`": "'"})
_MERIDIEM = re.compile(r"(?<=\d)\s*([ap])\.\s?m\.?", re.IGNORECASE)
_TOKEN = re.compile(
    r"""
    \d{4}-\d{1,2}-\d{1,2}(?!\d)               # 2026-12-03
  | \d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?(?!\d)  # 3.12. / 03.12.2026
  | \d{1,2}[:.]\d{2}(?!\d)                    # 15:30 / 15.30
  | \d{1,2}\.(?![\d])                         # 3. (a German ordinal: "am 3. Dezember")
  | \d+(?:st|nd|rd|th|h)?(?![^\W_])           # 3, 3rd, 14h
  | \d+                                       # the digits of 3pm, 10am
  | (?<=\d)\s*[-–]\s*(?=\d)                   # the dash of 14-16
  | [^\W\d_]+(?:'[^\W\d_]+)*                  # words, with apostrophes (men's, o'clock)
    """,
    re.VERBOSE,
)
_PHRASE_CACHE: dict[str, re.Pattern[str]] = {}
_BREAK = re.compile(r"[,;:!?—–]|\.(?!\S)|\s-\s")  # a dash between words too: "..., thanks – Lisa"

# Words that carry no name and no service: never read as a staff member or matched loosely.
STOPWORDS = frozenset(
    """
    a an and any are as at be been bei beim bin bis bitte but by can could das dass dem den der
    des dich die dir do does doch du ein eine einem einen einer eines es for from gern gerne
    gibt guten hab habe haben hallo hat hello hey hi how i i'd i'll i'm ich ihnen ihr ihre im
    in is ist it ja je kann kannst koennen koennte koenntet man me mein meine meinem meinen
    meiner mich mir mit mr mrs ms my na nicht noch nur ob oder of on or our please so some that
    the there this to uh um und uns unser us vielleicht von vom was we welche welchen welcher
    wenn wer wie wir with would yes you your zu zum zur also dann da hier jetzt denn eigentlich
    aeh aehm oeh hm hmm mal einmal ne nee okay ok gut danke thanks thank mhm eh er erm well
    like just maybe our wollte moechte moechten wuerde wuerden will want wanted need brauche
    haette haett get got have has had am pm uhr o'clock fuer sie ihm ihn sich
    """.split()
)


def fold(word: str) -> str:
    """``"Übermorgen"`` -> ``"uebermorgen"``; ``"Yılmaz"`` -> ``"yilmaz"``; ``"Café"`` ->
    ``"cafe"``: one spelling for the ways callers and transcribers write a word."""
    text = unicodedata.normalize("NFC", word).lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _unclitic(word: str) -> str:
    """A spoken German "'n" (ein, denn) joined to its word is dropped: "kostet'n" -> "kostet",
    "is'n" -> "is", "hast'n" -> "hast"; the word is then read as itself."""
    return word[:-2] if word.endswith("'n") and len(word) > 3 else word


def phrase(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled to match whole tokens only (tokens are separated by one space)."""
    found = _PHRASE_CACHE.get(pattern)
    if found is None:
        found = re.compile(rf"(?<!\S)(?:{pattern})(?!\S)")
        _PHRASE_CACHE[pattern] = found
    return found


@dataclass(frozen=True)
class Token:
    raw: str  # as written, for reporting a name back
    word: str  # folded
    start: int  # offset of ``word`` in :attr:`Text.folded`


class Text:
    """A transcript split into tokens; extractors find phrases and take what they understood."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.question = "?" in text
        prepared = _MERIDIEM.sub(lambda m: f" {m.group(1).lower()}m", text)
        self.tokens: list[Token] = []
        # Indices of tokens followed by punctuation (, . ; : ! ?): where a clause ends.
        self.breaks: set[int] = set()
        # Indices of tokens followed by a question mark: where a question ends.
        self.question_ends: set[int] = set()
        offset = 0
        previous_end = 0
        for match in _TOKEN.finditer(prepared):
            if self.tokens and _BREAK.search(prepared, previous_end, match.start()):
                self.breaks.add(len(self.tokens) - 1)
                if "?" in prepared[previous_end:match.start()]:
                    self.question_ends.add(len(self.tokens) - 1)
            previous_end = match.end()
            raw = match.group()
            raw = "-" if raw.strip() in ("-", "–") else raw
            word = _unclitic(fold(raw))
            self.tokens.append(Token(raw, word, offset))
            offset += len(word) + 1
        if self.tokens and "?" in prepared[previous_end:]:
            self.question_ends.add(len(self.tokens) - 1)
        self.folded = " ".join(t.word for t in self.tokens)
        self._starts = [t.start for t in self.tokens]
        self._masked = list(self.folded)
        self.taken: set[int] = set()

    @property
    def visible(self) -> str:
        """The folded text with taken tokens masked (same length, so offsets stay valid)."""
        return "".join(self._masked)

    def token_index(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def span(self, start: int, end: int) -> range:
        """The indices of the tokens that the characters ``[start, end)`` touch."""
        return range(self.token_index(start), self.token_index(max(start, end - 1)) + 1)

    def find(self, pattern: str) -> list[re.Match[str]]:
        """Matches of ``pattern`` among the tokens not yet taken, left to right."""
        return list(phrase(pattern).finditer(self.visible))

    def first(self, pattern: str) -> re.Match[str] | None:
        return phrase(pattern).search(self.visible)

    def take(self, start: int, end: int) -> None:
        for index in self.span(start, end):
            self.take_token(index)

    def take_match(self, match: re.Match[str], group: int | str = 0) -> None:
        self.take(match.start(group), match.end(group))

    def take_token(self, index: int) -> None:
        token = self.tokens[index]
        self.taken.add(index)
        self._masked[token.start : token.start + len(token.word)] = "_" * len(token.word)

    def free(self) -> list[int]:
        """Indices of the tokens no extractor has taken, in order."""
        return [i for i in range(len(self.tokens)) if i not in self.taken]


def damerau_levenshtein(a: str, b: str, bound: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b``; any value
    above ``bound`` comes back as ``bound + 1``. The bound keeps fuzzy matching cheap (rows stop
    as soon as every cell exceeds it) and is the only tolerance callers need."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    if a == b:
        return 0
    return _distance(a, b, bound)


@lru_cache(maxsize=65_536)
def _distance(a: str, b: str, bound: int) -> int:
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return min(previous[-1], bound + 1)


def tolerance(length: int) -> int:
    """How many edits a word of ``length`` letters may be off: none for short words (EKG, Tim,
    Anna — one letter would turn them into other words), one up to seven letters, two beyond."""
    if length <= 4:
        return 0
    return 1 if length <= 7 else 2


# Number words callers say instead of digits ("um drei", "in zwei Tagen", "at ten").
NUMBERS = {
    "null": 0, "zero": 0,
    "ein": 1, "eins": 1, "eine": 1, "einem": 1, "einer": 1, "one": 1, "a": 1, "an": 1,
    "zwei": 2, "zwo": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7,
    "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwoelf": 12, "twelve": 12,
    "dreizehn": 13, "vierzehn": 14, "fuenfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "einundzwanzig": 21,
    "zweiundzwanzig": 22, "dreiundzwanzig": 23, "twenty": 20,
}


def number(word: str) -> int | None:
    """``"15"``, ``"15h"`` or ``"fuenfzehn"`` -> 15; anything else -> ``None``."""
    digits = word.rstrip("h.")
    if digits.isdigit():
        return int(digits)
    return NUMBERS.get(word)


NUMBER_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True))
