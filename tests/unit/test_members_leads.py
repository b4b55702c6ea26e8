"""Members, leads, the lead pipeline, conversion and change detection — pure domain, no I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studiobook.domain.members.leads import (
    ALLOWED_MOVES,
    IllegalLeadTransition,
    InvalidLead,
    Lead,
    LeadStatus,
    can_move,
    convert_lead,
)
from studiobook.domain.members.member import (
    InvalidMember,
    Member,
    Membership,
    MembershipPackage,
    MembershipStatus,
)
from studiobook.domain.shared.changes import changed_fields, differs
from studiobook.domain.shared.errors import DomainError, InvalidValue

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PIPELINE = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.TRIAL, LeadStatus.CONVERTED]


def a_membership(**changes) -> Membership:
    values = dict(
        membership_id="5001",
        membership_type="Unlimited",
        status="active",
        monthly_price="129.00",
        start_date=date(2026, 1, 1),
        end_date=None,
    )
    return Membership(**{**values, **changes})


def a_member(**changes) -> Member:
    values = dict(
        client_id="1001",
        first_name="Jürgen",
        last_name="Müller",
        email="juergen@example.de",
        phone="+49 151 1234567",
        membership=a_membership(),
        updated_at=NOW,
    )
    return Member(**{**values, **changes})


def a_lead(**changes) -> Lead:
    values = dict(
        lead_id="9001",
        first_name="Emma",
        last_name="Taylor",
        email="emma@example.com",
        phone=None,
        status="new",
        updated_at=NOW,
        interested_in="Yoga",
        message="Do you offer beginner classes?",
    )
    return Lead(**{**values, **changes})


# -- members ---------------------------------------------------------------------------------
def test_a_member_is_normalised_on_construction():
    member = a_member(
        client_id=1001,
        first_name="  Jürgen ",
        email="Juergen@Example.DE",
        phone="  ",
        membership=a_membership(
            membership_id=5001, monthly_price=Decimal("89.9"), status="on_hold"
        ),
    )

    assert member.client_id == "1001"
    assert member.first_name == "Jürgen"
    assert member.email == "Juergen@example.de"
    assert member.phone is None
    assert member.membership.membership_id == "5001"
    assert member.membership.monthly_price == Decimal("89.90")
    assert str(member.membership.monthly_price) == "89.90"
    assert member.status is MembershipStatus.ON_HOLD
    assert member.monthly_price == Decimal("89.90")
    assert member.full_name == "Jürgen Müller"


def test_a_client_without_a_membership_is_a_valid_member():
    member = a_member(membership=None)

    assert member.status is None
    assert member.monthly_price is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"email": "juergen.example.de"}, "not a valid e-mail address"),
        ({"email": None}, "not a valid e-mail address"),
        ({"first_name": "  "}, "first name is required"),
        ({"last_name": "x" * 101}, "at most 100 characters"),
        ({"phone": "n/a"}, "not a valid phone number"),
        ({"phone": "12"}, "not a valid phone number"),
        ({"updated_at": datetime(2026, 11, 27, 9, 0)}, "UTC offset"),
        ({"membership": {"id": 1}}, "must be a Membership"),
    ],
)
def test_an_invalid_member_is_refused_with_a_message_naming_the_client(changes, words):
    with pytest.raises(InvalidMember) as refused:
        a_member(**changes)

    assert "client 1001" in str(refused.value)
    assert words in str(refused.value)


@pytest.mark.parametrize("client_id", ["", "  ", None, True, 1.5])
def test_a_member_needs_a_usable_client_id(client_id):
    with pytest.raises(InvalidMember, match="id"):
        a_member(client_id=client_id)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"monthly_price": "-1.00"}, "is negative"),
        ({"monthly_price": "12.345"}, "more than two decimal places"),
        ({"monthly_price": 12.5}, "is not a number"),
        ({"monthly_price": "NaN"}, "is not a number"),
        ({"monthly_price": "zwölf"}, "is not a number"),
        ({"monthly_price": True}, "is not a number"),
        ({"monthly_price": "1e40"}, "is too large"),
        ({"status": "frozen"}, "is not one of active, on_hold, pending, cancelled, expired"),
        ({"membership_type": ""}, "membership type is required"),
        ({"start_date": datetime(2026, 1, 1, tzinfo=UTC)}, "not a calendar date"),
        ({"start_date": "2026-01-01"}, "not a calendar date"),
        ({"end_date": date(2025, 12, 31)}, "end date 2025-12-31 is before start date 2026-01-01"),
    ],
)
def test_an_invalid_membership_is_refused_with_a_message_naming_it(changes, words):
    with pytest.raises(InvalidMember) as refused:
        a_membership(**changes)

    assert "membership 5001" in str(refused.value)
    assert words in str(refused.value)


def test_member_errors_are_invalid_values_for_the_operator():
    assert issubclass(InvalidMember, InvalidValue)
    assert issubclass(InvalidLead, InvalidValue)
    assert issubclass(IllegalLeadTransition, DomainError)


def test_replace_cannot_sneak_an_invalid_value_past_validation():
    with pytest.raises(InvalidMember, match="e-mail"):
        replace(a_member(), email="nobody")
    with pytest.raises(InvalidMember, match="before start"):
        replace(a_membership(), end_date=date(2025, 1, 1))


@given(
    cents=st.integers(min_value=0, max_value=10**9),
    spelling=st.sampled_from(["decimal", "text", "int"]),
)
def test_any_price_in_whole_cents_is_accepted_and_kept_exactly(cents, spelling):
    price = Decimal(cents) / 100
    given_as = {"decimal": price, "text": f"{price:.2f}", "int": cents // 100}[spelling]
    expected = price if spelling != "int" else Decimal(cents // 100)

    membership = a_membership(monthly_price=given_as)

    assert membership.monthly_price == expected
    assert membership.monthly_price.as_tuple().exponent == -2


@given(cents=st.integers(min_value=1, max_value=10**9))
def test_any_negative_price_is_refused(cents):
    with pytest.raises(InvalidMember, match="negative"):
        a_membership(monthly_price=-Decimal(cents) / 100)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=-3000, max_value=3000),
)
def test_a_membership_may_end_on_or_after_its_start_but_never_before(start, days):
    end = start + timedelta(days=days)
    if days >= 0:
        assert a_membership(start_date=start, end_date=end).end_date == end
    else:
        with pytest.raises(InvalidMember, match="before start date"):
            a_membership(start_date=start, end_date=end)


def test_a_membership_package_is_validated_like_a_membership():
    package = MembershipPackage(
        package_id=1, name=" Open Gym ", monthly_price="59", description=None
    )

    assert (package.package_id, package.name, package.monthly_price) == (
        "1",
        "Open Gym",
        Decimal("59.00"),
    )
    assert package.description == ""
    with pytest.raises(InvalidMember, match="package 2: monthly price -5 is negative"):
        MembershipPackage(package_id=2, name="Student", monthly_price=-5)


# -- leads -----------------------------------------------------------------------------------
def test_a_lead_is_normalised_and_empty_texts_become_none():
    lead = a_lead(lead_id=9001, status=LeadStatus.CONTACTED.value, notes="   ", message=" Hallo ")

    assert lead.lead_id == "9001"
    assert lead.status is LeadStatus.CONTACTED
    assert lead.notes is None
    assert lead.message == "Hallo"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"email": "emma@"}, "not a valid e-mail address"),
        ({"status": "warm"}, "status 'warm' is not one of new, contacted, trial, converted, lost"),
        ({"notes": "x" * 2001}, "at most 2000 characters"),
        ({"message": 42}, "must be text"),
        ({"first_name": ""}, "first name is required"),
        ({"updated_at": "2026-11-27"}, "UTC offset"),
    ],
)
def test_an_invalid_lead_is_refused_with_a_message_naming_the_lead(changes, words):
    with pytest.raises(InvalidLead) as refused:
        a_lead(**changes)

    assert "lead 9001" in str(refused.value)
    assert words in str(refused.value)


def _forward(current: LeadStatus, wanted: LeadStatus) -> bool:
    """The rule written out independently of ALLOWED_MOVES: open leads move forward or drop out."""
    if current in (LeadStatus.CONVERTED, LeadStatus.LOST):
        return False
    return wanted is LeadStatus.LOST or PIPELINE.index(wanted) > PIPELINE.index(current)


@pytest.mark.parametrize("current", list(LeadStatus))
@pytest.mark.parametrize("wanted", list(LeadStatus))
def test_the_pipeline_only_moves_forward_and_closed_leads_stay_closed(current, wanted):
    lead = a_lead(status=current)
    later = NOW + timedelta(hours=1)
    if current is wanted:
        assert lead.moved_to(wanted, later) is lead  # a repeated command changes nothing
        return

    assert can_move(current, wanted) is _forward(current, wanted)
    if _forward(current, wanted):
        moved = lead.moved_to(wanted, later)
        assert (moved.status, moved.updated_at) == (wanted, later)
        assert lead.status is current  # the original value is untouched
    else:
        with pytest.raises(IllegalLeadTransition) as refused:
            lead.moved_to(wanted, later)
        assert f"cannot go from '{current}' to '{wanted}'" in str(refused.value)


def test_a_refused_move_says_what_is_possible_instead():
    with pytest.raises(
        IllegalLeadTransition, match="from 'trial' it can become 'converted', 'lost'"
    ):
        a_lead(status="trial").moved_to(LeadStatus.CONTACTED, NOW)
    with pytest.raises(IllegalLeadTransition, match="'lost' is final"):
        a_lead(status="lost").moved_to(LeadStatus.NEW, NOW)


@given(st.lists(st.sampled_from(list(LeadStatus)), max_size=12))
def test_any_sequence_of_moves_never_goes_backwards(wishes):
    lead = a_lead()
    for wanted in wishes:
        before = lead.status
        try:
            lead = lead.moved_to(wanted, NOW)
        except IllegalLeadTransition:
            assert lead.status is before
            continue
        if before.is_closed:
            assert lead.status is before
        elif lead.status is not LeadStatus.LOST:
            assert PIPELINE.index(lead.status) >= PIPELINE.index(before)
    assert all(not ALLOWED_MOVES[s] for s in (LeadStatus.CONVERTED, LeadStatus.LOST))


def test_notes_can_be_changed_and_bump_updated_at():
    later = NOW + timedelta(minutes=5)

    noted = a_lead().with_notes("  Rückruf vereinbart ", later)

    assert (noted.notes, noted.updated_at) == ("Rückruf vereinbart", later)


# -- conversion ------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["new", "contacted", "trial"])
def test_converting_an_open_lead_gives_the_converted_lead_and_the_new_member(status):
    lead = a_lead(status=status, phone="+44 7700 900123")
    membership = a_membership(membership_id="5100", membership_type="Student", monthly_price="69")
    later = NOW + timedelta(days=1)

    conversion = convert_lead(lead, client_id="1300", membership=membership, now=later)

    assert conversion.lead.status is LeadStatus.CONVERTED
    assert conversion.lead.updated_at == later
    assert conversion.lead.lead_id == "9001"
    member = conversion.member
    assert (member.client_id, member.first_name, member.last_name) == ("1300", "Emma", "Taylor")
    assert (member.email, member.phone) == ("emma@example.com", "+44 7700 900123")
    assert member.membership == membership
    assert member.updated_at == later
    assert lead.status.value == status  # the input lead is a value and stays as it was


@pytest.mark.parametrize("status", ["converted", "lost"])
def test_a_converted_or_lost_lead_cannot_be_converted(status):
    lead = a_lead(status=status)

    with pytest.raises(
        IllegalLeadTransition, match=f"lead 9001 cannot go from '{status}' to 'converted'"
    ):
        lead.check_convertible()
    with pytest.raises(IllegalLeadTransition):
        convert_lead(lead, client_id="1300", membership=a_membership(), now=NOW)


def test_a_conversion_with_an_unusable_client_id_produces_nothing():
    with pytest.raises(InvalidMember, match="client id is required"):
        convert_lead(a_lead(), client_id=" ", membership=a_membership(), now=NOW)


# -- what changed ----------------------------------------------------------------------------
def test_an_identical_record_has_no_changes():
    assert changed_fields(a_member(), a_member()) == ()
    assert not differs(a_lead(), a_lead())


def test_a_new_updated_at_alone_is_not_a_change_unless_asked():
    later = a_member(updated_at=NOW + timedelta(hours=3))

    assert not differs(a_member(), later)
    assert changed_fields(a_member(), later, ignore=frozenset()) == ("updated_at",)


def test_changes_are_named_down_to_the_membership_field():
    stored = a_member()
    incoming = a_member(
        email="juergen.mueller@example.de",
        membership=a_membership(monthly_price="99.00", status="on_hold"),
    )

    assert changed_fields(stored, incoming) == (
        "email",
        "membership.status",
        "membership.monthly_price",
    )


def test_a_membership_that_appears_or_disappears_is_a_change():
    assert changed_fields(a_member(membership=None), a_member()) == ("membership",)
    assert changed_fields(a_member(), a_member(membership=None)) == ("membership",)


def test_the_same_price_spelled_differently_is_not_a_change():
    assert not differs(
        a_member(membership=a_membership(monthly_price="89.9")),
        a_member(membership=a_membership(monthly_price=Decimal("89.90"))),
    )


def test_lead_changes_are_detected():
    assert changed_fields(a_lead(), a_lead(status="trial", notes="kommt Dienstag")) == (
        "status",
        "notes",
    )


def test_records_of_different_kinds_cannot_be_compared():
    with pytest.raises(TypeError, match="cannot compare a Member with a Lead"):
        changed_fields(a_member(), a_lead())


member_changes = st.fixed_dictionaries(
    {},
    optional={
        "first_name": st.sampled_from(["Anna", "Jürgen", "Zoë"]),
        "email": st.sampled_from(["juergen@example.de", "anna@example.com"]),
        "phone": st.sampled_from([None, "+49 151 1234567", "+44 7700 900123"]),
    },
)
membership_changes = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(list(MembershipStatus)),
        "monthly_price": st.sampled_from(["129.00", "99.00", "0"]),
        "end_date": st.sampled_from([None, date(2026, 12, 31)]),
    },
)


@given(member_changes, membership_changes)
def test_exactly_the_fields_that_differ_are_reported(changes, membership_edits):
    stored = a_member()
    incoming = replace(stored, membership=replace(stored.membership, **membership_edits), **changes)

    expected = {name for name in changes if getattr(stored, name) != getattr(incoming, name)}
    expected |= {
        f"membership.{name}"
        for name in membership_edits
        if getattr(stored.membership, name) != getattr(incoming.membership, name)
    }
    assert set(changed_fields(stored, incoming)) == expected
    assert differs(stored, incoming) == bool(expected) == (stored != incoming)
