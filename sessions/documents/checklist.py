"""What the organiser does next: the steps from a new event to the yearly follow-up, each ticked from
the event's real state (never from a box someone ticked), and a practice run still in the event."""

import datetime
import zoneinfo

from sessions import storage
from sessions.evening import events
from sessions.ground.models import Phase
from sessions.ground.roles import Principal, authorise

# In the order an organiser meets them; the web layer gives each its words and its page.
STEPS = ("created", "details", "list", "seating", "evening", "strategy", "followup")


def checklist(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """Each step with ``done``, the first step not done as ``next``, and ``practice``: the day a run of
    the evening started when that day is before the event's date (a practice that would date the report)."""
    authorise(principal, "event.edit", event_id=event_id)
    event = events.get(conn, event_id)
    everyone = storage.fetch_people(conn, event.id)
    log = [entry for entry in storage.fetch_phase_log(conn, event.id) if entry.phase != Phase.SETUP.value]
    done = {
        "created": True,
        "details": bool(event.event_date and event.place),
        "list": bool(everyone),
        "seating": any(person.table_number is not None for person in everyone),
        "evening": event.phase is Phase.CLOSING,
        "strategy": storage.fetch_strategy(conn, event.id, with_text=False) is not None,
        "followup": bool(storage.fetch_followup_entries(conn, event.id)),
    }
    zone = events.time_zone(event.time_zone)
    started = datetime.datetime.fromtimestamp(log[0].started_at, zoneinfo.ZoneInfo(zone)) if log else None
    first_day = started.date().isoformat() if started else ""
    practice = first_day if first_day and event.event_date and first_day < event.event_date else ""
    steps = [{"key": key, "done": done[key]} for key in STEPS]
    return {"steps": steps, "next": next((step["key"] for step in steps if not step["done"]), None),
            "practice": practice}
