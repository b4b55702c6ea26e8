"""Errands: what a caller wants done that is no appointment — a prescription or a voucher to
collect, a card to bring, a membership to pause or end, results to send, something left behind.

A cue word for wishing or asking ("ich bräuchte", "can I get", "wann", "geht das heute?") does
not make such a request a booking or an availability question; only real evidence of an
appointment does: a booking verb ("buchen", "book") or noun ("Termin", "appointment", "slot"), a
staff member, or — when no errand is *done* but a thing is only named ("Ist mein Rezept fertig?"
has no service, "mit der Zehnerkarte zum Probetraining" has one) — a service.
:func:`~studiobook.domain.requests.request.parse_request` reads :func:`find_errand` to settle
the intent.
"""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.domain.requests.normalise import Text, phrase

# Doing an errand: collecting, sending, pausing or ending a contract, buying, losing.
_ERRAND_VERBS = (
    # What one must bring is asked about the visit, not to book it.
    r"(?:muss|soll|sollte|brauch\w*) (?:ich|man) (?:\S+ ){0,6}(?:mitbring\w*|mitnehmen|bringen)|"
    r"(?:need|have|ought) to bring|should i bring|do i bring|"
    r"abhol\w*|abzuholen|holen|hole|abgeben|abzugeben|vorbeibringen|"
    r"pick(?:ing)? (?:\S+ ){0,3}up|collect\w*|send|sending|schick\w*|"
    r"zuschick\w*|zusend\w*|mail (?:me|it)|drop (?:\S+ ){0,3}off|pausier\w*|pause|freez\w*|"
    r"ruhen lassen|ruhend stellen|stilllegen|kuendig\w*|upgrade\w*|downgrade\w*|verlaenger\w*|"
    r"renew\w*|kaufen|buy|bestellt|ordered|liegen lassen|liegengelassen|vergessen|forgot|"
    r"left (?:my|meine?n?)|verloren|lost"
)
# Bringing is an errand when a thing is brought ("den Impfpass mitbringen"), not a person ("can I
# bring my son along to his vaccination?").
_CARRY_VERBS = r"mitbring\w*|mitzubringen|bringen|bring|brings|dabei haben|have with me"
# Things an errand is about (a compound ending counts: "Mitgliedskarte", "Geschenkgutschein").
_ERRAND_THINGS = (
    r"\S*rezept\w*|prescriptions?|\S*ueberweisung\w*|referrals?|krankmeldung\w*|"
    r"krankschreibung\w*|sick notes?|attest\w*|\S*befund\w*|results?|ergebnis\w*|laborwert\w*|"
    r"\S*karte|\S*kaertchen|cards?|\S*gutschein\w*|vouchers?|receipts?|quittung\w*|rechnung\w*|"
    r"invoices?|mitgliedschaft\w*|memberships?|abo|abos|abonnement\w*|\S*vertrag|\S*vertraege|"
    r"contracts?|subscriptions?|key fobs?|fobs?|\S*schluessel\w*|keys?|spind\w*|lockers?|"
    r"bescheinigung\w*|certificates?|impfpass|\S*ausweis\w*"
)
# Evidence of an appointment that outweighs an errand: a booking verb or noun.
APPOINTMENT_WORDS = (
    r"buch\w*|gebucht|reservier\w*|book\w*|reserve\w*|eintragen|einzutragen|anmeld\w*|"
    r"anzumelden|sign (?:me |us )?up|register|\S*termin\w*|appointments?|slots?|platz|sessions?"
)
# Coming in: a wish for an appointment too, but no evidence against an errand ("wann kann ich
# vorbeikommen und das Rezept abholen?").
COMING_IN = (r"\w*kommen|come (?:in|by|over|round)|drop (?:in|by)|fit (?:me|us) in|"
             r"squeeze (?:me|us) in|see (?:a|the|your) \w+|was frei")


@dataclass(frozen=True)
class Errand:
    done: bool  # an errand is done: "abholen", "pause", "den Impfpass mitbringen"
    thing: bool  # a thing errands are about is named: "Rezept", "membership"


def find_errand(text: Text) -> Errand:
    """The errand said, if any, unless a booking verb or noun shows an appointment is meant.
    Reads the whole text (a service may have taken "vaccination" of "vaccination card")."""
    if phrase(APPOINTMENT_WORDS).search(text.folded):
        return Errand(False, False)
    thing = phrase(_ERRAND_THINGS).search(text.folded) is not None
    done = phrase(_ERRAND_VERBS).search(text.folded) is not None or (
        thing and phrase(_CARRY_VERBS).search(text.folded) is not None)
    return Errand(done, thing)
