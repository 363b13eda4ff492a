"""Calendar files (.ics) for anything with dates: class sessions, appointments."""
from datetime import timezone

from flask import make_response
from icalendar import Calendar, Event

PRODID = "-//Puspaga Portal//ID"


def calendar(events, name, sequence=0, cancelled=False):
    """An .ics text from (uid, start, end, summary, location, description) tuples in naive UTC.

    A calendar app updates an event it holds when `sequence` grows (a moved appointment), and removes it
    when the file says it is `cancelled`.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    for uid, start, end, summary, location, description in events:
        event = Event()
        event.add("uid", uid)
        event.add("dtstart", start.replace(tzinfo=timezone.utc))
        event.add("dtend", end.replace(tzinfo=timezone.utc))
        event.add("summary", summary)
        event.add("sequence", sequence)
        if cancelled:
            event.add("status", "CANCELLED")
        if location:
            event.add("location", location)
        if description:
            event.add("description", description)
        cal.add_component(event)
    return cal.to_ical().decode()


def ics_response(text, filename):
    """An .ics text as a download a phone offers to add to its calendar."""
    response = make_response(text)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
