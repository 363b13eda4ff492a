"""Calendar files (.ics) for anything with dates: class sessions, appointments (RFC 5545)."""
from datetime import datetime, timezone
from typing import NamedTuple

from flask import make_response
from icalendar import Calendar, Event, vCalAddress, vText

from portal.db import utcnow

PRODID = "-//Puspaga Portal//ID"


class Entry(NamedTuple):
    """One event: its stable id, naive UTC times, what it is, where, what to read, and a link to open."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def aware(moment):
    return moment.replace(tzinfo=timezone.utc)


def calendar(entries, name, organizer=None, sequence=0, cancelled=False, now=None, attendee=None):
    """An .ics text of `entries`; `organizer` is the unit's (name, email) when it has an email.

    A calendar app updates an event it holds when `sequence` grows (a moved appointment), and removes it
    when the file says it is `cancelled`. DTSTAMP is when this file was made (`now`). With an `attendee`
    email address it is an invitation sent by email (METHOD:REQUEST, or CANCEL); else a file to download
    (PUBLISH).
    """
    stamp = aware(now or utcnow())
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("method", "CANCEL" if cancelled else "REQUEST" if attendee else "PUBLISH")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", aware(entry.start))
        event.add("dtend", aware(entry.end))
        event.add("summary", entry.summary)
        event.add("sequence", sequence)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        for key in ("location", "description", "url"):
            if getattr(entry, key):
                event.add(key, getattr(entry, key))
        if organizer and organizer[1]:
            address = vCalAddress(f"mailto:{organizer[1]}")
            address.params["cn"] = vText(organizer[0])
            event.add("organizer", address)
        if attendee:
            event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        cal.add_component(event)
    return cal.to_ical().decode()


def ics_response(text, filename):
    """An .ics text as a download a phone offers to add to its calendar."""
    response = make_response(text)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
