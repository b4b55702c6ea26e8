"""Domain objects as the JSON documents of the CLI contract (SPEC 4)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from studiobook.domain.courses.bookings import Booking
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry


def instant(moment: datetime | None) -> str | None:
    """Instants in UTC, whatever offset they were given with, so that equal means equal."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def local_instant(moment: datetime | None, zone: str | None) -> str | None:
    """An instant in the studio's zone, with its offset: what the studio reads, unambiguous."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone) if zone else UTC).isoformat()


def course_json(course: Course) -> dict[str, Any]:
    """Times in the company's zone (SPEC 2.1a), with their offset."""
    return {
        "id": course.id,
        "company_id": course.company_id,
        "title": course.title,
        "capacity": course.capacity,
        "booked": course.booked,
        "free_spots": course.free_spots,
        "overbooked": course.overbooked,
        "starts_at": local_instant(course.starts_at, course.time_zone),
        "ends_at": local_instant(course.ends_at, course.time_zone),
        "time_zone": course.time_zone,
        "branch_id": course.branch_id,
        "instructor_id": course.instructor_id,
        "timetable_id": course.timetable_id,
        "members_only": course.rules.members_only,
        "opens_before_minutes": course.rules.opens_before_minutes,
        "cancel_cutoff_minutes": course.rules.cancel_cutoff_minutes,
        "cancelled": course.cancelled,
    }


def booking_json(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.id,
        "course_id": booking.course_id,
        "name": booking.customer.name,
        "email": booking.customer.email,
        "tickets": booking.tickets,
        "status": booking.status.value,
        "created_at": instant(booking.created_at),
    }


def waitlist_json(entry: WaitlistEntry, position: int | None = None) -> dict[str, Any]:
    return {
        "waitlist_id": entry.id,
        "course_id": entry.course_id,
        "name": entry.customer.name,
        "email": entry.customer.email,
        "tickets": entry.tickets,
        "status": entry.status.value,
        "position": position,
        "booking_id": entry.booking_id,
        "created_at": instant(entry.created_at),
    }


def member_json(member) -> dict[str, Any]:
    m = member.membership
    return {
        "client_id": member.client_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "phone": member.phone,
        "membership": None
        if m is None
        else {
            "id": m.membership_id,
            "type": m.membership_type,
            "status": m.status.value,
            "monthly_price": str(m.monthly_price),
            "start_date": m.start_date.isoformat(),
            "end_date": m.end_date.isoformat() if m.end_date else None,
        },
        "updated_at": instant(member.updated_at),
    }


def lead_json(lead) -> dict[str, Any]:
    return {
        "lead_id": lead.lead_id,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "email": lead.email,
        "phone": lead.phone,
        "status": lead.status.value,
        "interested_in": lead.interested_in,
        "message": lead.message,
        "notes": lead.notes,
        "updated_at": instant(lead.updated_at),
    }


def sync_result_json(result) -> dict[str, Any]:
    return {
        "kind": result.kind,
        "outcome": result.outcome,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": result.errors,
        "message": result.message,
        "run_id": result.run_id,
    }


def sync_run_json(run) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "id": run.id,
        "started_at": instant(run.started_at),
        "finished_at": instant(run.finished_at),
        "outcome": run.outcome,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "errors": run.errors,
        "message": run.message,
    }


def wodify_status_json(status) -> dict[str, Any]:
    return {
        "configured": status.configured,
        "health": status.health,
        "health_reason": status.health_reason,
        "last_member_sync": sync_run_json(status.last_members),
        "last_lead_sync": sync_run_json(status.last_leads),
        "error_total": status.error_total,
        "recent_errors": [
            {
                "kind": e.kind,
                "record_id": e.record_id,
                "reason": e.reason,
                "occurred_at": instant(e.occurred_at),
                "count": e.count,
            }
            for e in status.recent_errors
        ],
    }


def company_json(company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "slug": company.slug,
        "timezone": company.time_zone,
        "default_event_type_id": company.default_event_type_id,
        "calcom_team_id": company.calcom_team_id,
        "calcom_connected": company.calcom_connected,  # the key itself is never shown
        "country": company.country,
        "subdivision": company.subdivision,
        "closed_on_holidays": company.closed_on_holidays,
    }


def closed_json(closed) -> dict[str, str]:
    """An availability answer's closed days: ISO date -> why."""
    return {day.isoformat(): why for day, why in sorted(closed.items())}


def closure_day_json(entry) -> dict[str, Any]:
    """One date of a company's holiday list."""
    return {
        "date": entry.day.isoformat(),
        "holiday": entry.holiday,
        "override": None if entry.override is None else ("open" if entry.override else "closed"),
        "closed": entry.closed is not None,
        "reason": entry.closed,
    }


def branch_json(branch) -> dict[str, Any]:
    return {"id": branch.id, "company_id": branch.company_id, "name": branch.name, "timezone": branch.time_zone}


def staff_json(member) -> dict[str, Any]:
    return {
        "id": member.id,
        "company_id": member.company_id,
        "name": member.name,
        "branch_id": member.branch_id,
        "timezone": member.time_zone,
        "calcom_username": member.calcom_username,
        "email": member.email,
        "active": member.active,
        "working_hours": member.working_hours.to_dict(),
    }


def event_type_json(event_type) -> dict[str, Any]:
    return {
        "id": event_type.id,
        "company_id": event_type.company_id,
        "name": event_type.name,
        "slug": event_type.slug,
        "description": event_type.description,
        "branch_id": event_type.branch_id,
        "duration_minutes": event_type.duration_minutes,
        "price": str(event_type.price),
        "active": event_type.active,
        "slot_interval_minutes": event_type.slot_interval_minutes,
        "buffer_before_minutes": event_type.buffer_before_minutes,
        "buffer_after_minutes": event_type.buffer_after_minutes,
        "minimum_notice_minutes": event_type.minimum_notice_minutes,
        "team_event": event_type.team_event,
        "requires_confirmation": event_type.requires_confirmation,
        "booking_limits": {"per_day": event_type.booking_limits.per_day},
        "metadata": dict(event_type.metadata),
        "calcom_id": event_type.calcom_id,
        "last_synced_at": instant(event_type.last_synced_at),
    }


def assignment_json(assignment) -> dict[str, Any]:
    return {
        "staff_id": assignment.staff_id,
        "event_type_id": assignment.event_type_id,
        "is_primary": assignment.is_primary,
        "custom_duration": assignment.custom_duration,
        "custom_price": None if assignment.custom_price is None else str(assignment.custom_price),
        "availability_override": None
        if assignment.availability_override is None
        else assignment.availability_override.to_dict(),
    }


def slot_json(slot) -> dict[str, Any] | None:
    if slot is None:
        return None
    return {"start": instant(slot.start), "end": instant(slot.end), "staff": list(slot.staff_ids)}


def appointment_json(appointment) -> dict[str, Any]:
    return {
        "id": appointment.id,
        "company_id": appointment.company_id,
        "staff_id": appointment.staff_id,
        "event_type_id": appointment.event_type_id,
        "start": instant(appointment.start),
        "end": instant(appointment.end),
        "name": appointment.customer_name,
        "email": appointment.customer_email,
        "status": appointment.status.value,
        # Fixed when booked: the staff member's custom price, else the event type's.
        "price": None if appointment.price is None else str(appointment.price),
    }
