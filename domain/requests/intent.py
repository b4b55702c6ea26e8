"""What the caller wants (ask, book, cancel, move, price, duration) and which language they speak.

Cue words are checked in a fixed order, because a sentence often carries several: moving an
appointment wins ("meinen Termin verschieben", "move my appointment", "... stattdessen Montag")
unless a cancellation is said outright, then a cancellation ("ich möchte meinen Termin absagen",
"brauch ich nicht mehr"), a question about duration ("wie lange dauert", "how long") and about
price ("was kostet", "how much"), then a booking wish ("buchen", "ich hätte gern", "can I get"),
then an availability question ("hat Anna Zeit", "gibt es", "any slot"). A wish to *know* ("ich
wollte fragen, ob ...") and the polite "hätten Sie ..." are questions, not bookings. Without any
cue a question mark still makes it a question — unless it opens with a question word about
something else ("Wo ist der Eingang?") —, a bare "bitte" a (short) booking wish; anything else
is "other" (the parser then reads a verbless wish with a service or staff member and a day or
time as a booking, see :func:`~studiobook.domain.requests.request.parse_request`).
"""

from __future__ import annotations

from enum import StrEnum

from studiobook.domain.requests.normalise import Text


class Intent(StrEnum):
    AVAILABILITY = "availability"
    BOOKING = "booking"
    CANCELLATION = "cancellation"
    RESCHEDULE = "reschedule"
    PRICE = "price"
    DURATION = "duration"
    OTHER = "other"


_RESCHEDULE = (
    r"verschieb\w*|verschoben|schieben|(?:verleg|umleg|umbuch)\w*|reschedul\w*|"
    r"(?:auf|to) (?:\S+ ){1,4}(?:legen|verlegen)|"
    r"(?:move|push|shift) (?:my|the|our|it|this|that)(?: \S+){0,4}(?: back| forward| to)?|"
    r"bring (?:my|the|our|it|this|that)(?: \S+){0,4} (?:back|forward|ahead|earlier)|"
    r"change (?:the|my) (?:time|day|date|appointment)|"
    r"(?:stattdessen|statt dessen|instead) (?:am|an|um|on|at|for|next|naechste\w*|\S*tag|\S*day)"
)
_DURATION = (
    r"wie lange?|wie viel zeit|wieviel zeit|wie viele minuten|dauert|dauern|how long|"
    r"how much time|how many (?:minutes|hours)|takes? long"
)
_PRICE = (
    r"(?:was|wie viel|wieviel) (?:\S+ ){0,2}kost\w*|kostet|kosten|koste|wie teuer|teuer|"
    r"preis\w*|was (?:\S+ ){0,10}(?:zahl\w*|bezahl\w*)|was nimmt|umsonst|kostenlos|gratis|"
    r"\S*gebuehr\S*|how much|cost\w*|price\w*|pricing|charge|free of charge|fee|fees|"
    # What they take for it: "was nehmt ihr für", "was verlangen Sie", "what do you ask for".
    r"was (?:\S+ ){0,2}(?:nimmt|nehmt|nehmen|nimmst|verlang\w*|kriegt|kriegen|kriegst|bekommt|"
    r"bekommen|bekommst) (?:\S+ ){0,3}fuer\w*|(?:wie viel|wieviel) (?:\S+ ){0,2}(?:verlang\S*|"
    r"nehm\S*|nimm\S*)|hinlegen|hinblaettern|berappen|"
    r"blechen|what (?:do|does|would|will|did) (?:\S+ ){1,3}(?:ask|want|get) for|"
    r"(?:your|the|ihre|eure) (?:rates?|tarife?)|(?:what's|what is) the damage|"
    r"set (?:me|us|you) back|berechn\w*|"
    r"was (?:\S+ ){0,3}fuer\w* (?:\S+ ){0,4}(?:nehmen|nehmt|nimmst|verlangen|verlangt|kriegen|"
    r"kriegt|haben wollen)|"
    # Who pays, or whether it is part of something paid already.
    r"(?:paid|pay|payed|bezahlt|gezahlt) (?:\S+ ){0,2}(?:privately|privat|out of pocket|"
    r"by (?:the |my )?insurance|selbst|selber)|out of pocket|"
    r"(?:is|ist|kostet|costs?) (?:\S+ ){0,4}extra|(?:enthalten|inbegriffen|inklusive|inclusive)|"
    r"part of (?:the|my|your) (?:membership|price|package|plan|abo)|"
    # Who pays, without a price word: "muss ich das selber zahlen", "do I have to pay for it".
    r"(?:selber|selbst|extra|privat|dazu) (?:zahl\w*|bezahl\w*)|(?:zahl\w*|bezahl\w*) (?:ich|man) "
    r"(?:\S+ ){0,3}(?:selber|selbst|extra|privat)|(?:have|need|got) to pay(?! (?:by|with|in|"
    r"at|cash|card))|(?:do|will|would) i (?:\S+ )?pay(?! (?:by|with|in|at|cash|card))|"
    r"(?:is|it's|is it) (?:\S+ ){0,3}(?:included|covered)|(?:uebernimmt|zahlt) (?:das |es )?(?:die )?"
    r"(?:kasse|krankenkasse|versicherung)"
)

_CANCEL = (
    r"absag\w*|abzusagen|ausfallen|(?:faellt|fallen) (?:\S+ ){0,3}aus|(?:sage|sagen|sag)(?: \S+){0,6} ab|stornier\w*|storno(?!gebuehr)\w*|"
    r"cancel\w*(?! (?:fee|fees|policy|charge))|"
    r"nicht (?:kommen|wahrnehmen)|(?:schaffe|schaff) (?:es |das )?(?:doch )?nicht|"
    r"(?:can't|cannot|can not|won't) make it|call off|termin (?:loeschen|streichen)|austragen|"
    r"loesch\w*|streich(?:e|en|t)?|raus(?:nehmen|streichen|loeschen)|(?:nimm|nehm)\w* (?:\S+ ){1,4}raus|"
    r"(?:schaffe|schaff|schaffs|schaff's) (?:es |das |\S+ ){0,4}(?:doch )?nicht|"
    r"(?:scrap|drop|scratch|kill) (?:my|the|our)|take me off|(?:won't|will not|cannot|can't) (?:be able to )?(?:come|attend)|"
    r"(?:brauch|brauche|benoetige)(?: \S+){0,3} nicht mehr|(?:don't|do not) need(?: \S+){0,3} "
    r"(?:anymore|any more)"
)
# A cancellation said outright wins over words that may also move ("cancel instead").
_CANCEL_ONLY = r"absag\w*|abzusagen|stornier\w*|storno\w*|cancel\w*|call off"
_BOOK = (
    r"buch\w*|gebucht|reservier\w*|book\w*|reserve\w*|eintragen|einzutragen|"
    r"(?:trag|tragen|tragt)(?: \S+){0,5} ein|vereinbar\w*|ausmachen|festmachen|schedule|"
    r"sign me up|put me down|pencil me in|(?:nehme|nehm) ich|i'll take|ill take|take it|"
    r"nehmen wir|den nehme ich|ich (?:nehm|nehme)"
)
_WISH = (
    r"haett\w*|moechte\w*|ich will|ich wuerde? gerne?|"
    r"wuerde gerne?|brauch\w*|braeucht\w*|benoetig\w*|i'd like|id like|i would like|i want|"
    r"i wanna|i need|we need|need|(?:could|can) (?:i|we) (?:get|have)|i'll have|"
    r"(?:krieg|kriege|bekomm|bekomme) ich|termin bitte|bitte (?:einen|nen) termin|"
    r"(?:kann|koennte|koennten) (?:ich|wir)(?: \S+){0,12} (?:bekommen|kriegen|haben)|"
    r"termin (?:machen|haben)"
)
_KNOW = (
    r"(?:moechte|moechten|moecht|wuerde|wuerd|wollte|wollt|will)(?: \S+){0,2} "
    r"(?:wissen|fragen|erfragen|nachfragen)|frag(?:e|en)? (?:\S+ ){0,2}ob|"
    r"(?:i'd|i would) like to know|(?:want|wanted) to (?:know|ask)|wondering|wollte fragen"
)
_ASK = (
    r"zeit|frei|freie[nrms]?|verfuegbar\w*|available|availability|free|open\w*|gibt es|gibts|"
    r"gibt's|is there|are there|any (?:slots?|times?|appointments?|openings?|availability)|"
    r"geht (?:da|das|es|noch|was|bei)|noch was|was frei|wann|when|passt|passen|haben sie|"
    r"habt ihr|hast du|do you have|have you got|(?:can|could) you (?:fit|squeeze)|fit me in|"
    r"(?:kann|koennte) ich(?: \S+){0,4} (?:kommen|vorbeikommen)|(?:can|could) i come|"
    r"vorbeikommen|drankommen|unterkommen|klappt|klappen"
)
# Not making it, but offering another day: "ich schaff's morgen nicht, geht auch Dienstag?"
_CANNOT = (r"(?:schaffe|schaff|schaffs|schaff's) (?:es |das |\S+ ){0,4}(?:doch )?nicht|"
           r"(?:komme|komm) (?:\S+ ){0,4}nicht|nicht (?:kommen|wahrnehmen)|"
           r"(?:can't|cannot|can not|won't) (?:make it|come|attend)")
_OTHER_DAY = (r"geht (?:auch|dann|stattdessen|vielleicht)|(?:lieber|dafuer|stattdessen|dann) "
              r"(?:am|an|\S*tag)|(?:ginge|waere|passt) (?:auch|dann|\S*tag)|how about|what about|"
              r"(?:could|can) (?:i|we) do|would (?:\S*day|next) work|instead")
_PLEASE = r"bitte|please|pls"
# "Hätten Sie ... was frei?": the polite form asks, "ich hätte gern" wishes.
# So are "wann hätte Dr. Wagner ...", a caller's own free time ("hätt ich Zeit, habt ihr was?") and
# an indirect question opening the sentence ("Ob ihr ... macht").
_POLITE_ASK = (r"(?:haetten|haettet|haettest) (?:sie|ihr|du)|(?:wann|wer) haett\w*|"
               r"haett\w* (?:ich|wir) (?:\S+ ){0,2}zeit\b|^ob (?:ihr|sie|du|man|jemand|es)\b")

# Whether the place is open that day ("Hat die Praxis am Ostermontag auf?", "Are you open on
# Boxing Day?"): a question about when one can come, whatever wish is said beside it.
# Being there is asked with "sein" ("Seid ihr an Heiligabend da?"), not with "haben" ("Habt ihr
# Handtücher da?" asks for a thing).
_OPEN = (r"(?:hat|habt|haben|hast|ist|sind|seid|macht|machen|machst|are|is|will|do|does|be) "
         r"(?:\S+ ){0,6}(?P<word>offen|geoeffnet|geschlossen|open|closed|auf|zu)|"
         r"(?:ist|sind|seid|bist) (?:\S+ ){0,6}(?P<there>da)")
# Particles count at the end of the question only: "Habt ihr ... auf?", not "... zu kommen?".
_OPEN_AT_CLAUSE_END = {"auf", "zu", "da"}

GERMAN = frozenset(
    """ich du sie hat haben habe hast ist sind einen eine ein der die das den dem um uhr am
    morgen heute uebermorgen zeit fuer bei mit noch termin und es gibt bitte wann geht mein
    meinen meine nicht kann koennen moechte haette gern gerne frei freie freien naechste
    naechsten zwischen ab bis nach vor wie was wer egal aeh oder auch mal da halb viertel
    vormittags nachmittags abends morgens montag dienstag mittwoch donnerstag freitag samstag
    sonntag einem einer wir uns euch jemand irgendwer schon ja nein tag tage tagen woche
    guten hallo ob wuerde brauche absagen buchen""".split()
)
ENGLISH = frozenset(
    """i you is are the a an any for at on with tomorrow today tonight slot slots do have has
    can could my please next book available free there what when and or me in morning
    afternoon evening monday tuesday wednesday thursday friday saturday sunday would like want
    need appointment time anyone who between after before from to of it get o'clock pm soon
    possible earliest latest later week days cancel hi hello anything someone i'd i'm cut""".split()
)


def detect_language(text: Text) -> str:
    """``"en"`` when more English than German cue words were used, else ``"de"`` (the studios'
    language, so an utterance with no cue word at all — "Herrenschnitt?" — is German)."""
    words = [t.word for t in text.tokens]
    # "7am" is English: "am" after a number is the time of day, not the German "am".
    words = [w for n, w in enumerate(words) if not (w == "am" and n and words[n - 1].isdigit())]
    german = sum(w in GERMAN for w in words)
    english = sum(w in ENGLISH for w in words)
    return "en" if english > german else "de"


# Question words that ask about something else than a time when nothing else says so.
_OTHER_QUESTIONS = frozenset({"wo", "wohin", "woher", "welche", "welcher", "welches", "warum",
                              "wieso", "weshalb", "where", "which", "why", "who", "wer", "what",
                              "how"})


def _opens_with(text: Text, words: frozenset[str]) -> bool:
    """Whether the first word not yet taken (greetings are) is one of ``words``."""
    free = text.free()
    return bool(free) and text.tokens[free[0]].word in words


def asks_if_open(text: Text) -> bool:
    """Whether a question (its clause ends with "?") asks if the place is open or closed."""
    for match in text.find(_OPEN):
        word = "word" if match["word"] else "there"
        at = text.token_index(match.start(word))
        clause_end = min(b for b in text.breaks | {len(text.tokens) - 1} if b >= at)
        if clause_end not in text.question_ends:
            continue
        if match[word] in _OPEN_AT_CLAUSE_END and at != clause_end:
            continue
        return True
    return False


def detect_intent(text: Text) -> Intent:
    if text.first(_RESCHEDULE) and not text.first(_CANCEL_ONLY):
        return Intent.RESCHEDULE
    if text.first(_CANNOT) and text.first(_OTHER_DAY) and not text.first(_CANCEL_ONLY):
        return Intent.RESCHEDULE
    if text.first(_CANCEL):
        return Intent.CANCELLATION
    if text.first(_DURATION):
        return Intent.DURATION
    if text.first(_PRICE):
        return Intent.PRICE
    if asks_if_open(text):
        return Intent.AVAILABILITY
    if text.first(_BOOK):
        return Intent.BOOKING
    asking_to_know = text.first(_KNOW) is not None or text.first(_POLITE_ASK) is not None
    if text.first(_WISH) and not asking_to_know:
        return Intent.BOOKING
    if asking_to_know or text.first(_ASK):
        return Intent.AVAILABILITY
    if text.question and not _opens_with(text, _OTHER_QUESTIONS):
        return Intent.AVAILABILITY  # "Herrenschnitt morgen?"; not "Wo ist der Eingang?"
    if text.first(_PLEASE):  # "Kinderschnitt am Freitag, bitte": a wish, said briefly
        return Intent.BOOKING
    return Intent.OTHER
