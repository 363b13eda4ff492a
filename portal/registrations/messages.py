"""What a registrant is told, and when: the parameters of each topic (the texts are portal.notify.messages'),
the class calendar with the confirmation, and the reminders before each session."""
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.config import citizen_url
from portal.classes.models import ClassSession
from portal.i18n import local_time_range
from portal.ics import Entry, calendar
from portal.notify.services import SESSION_KEY, emails, queue, reminder_times


def class_calendar(klass, registration, for_email=False):
    """The .ics of all of a class's sessions for one registrant; a confirmed seat in an online or hybrid class
    carries the online link. For email it is an invitation to the registrant's address."""
    link = klass.online_link if registration.status == "confirmed" and klass.mode != "offline" else ""
    place = klass.venue if klass.mode != "online" else link or str(klass.mode_label)
    about = "\n".join(filter(None, [
        klass.unit.name,
        _("Tautan kelas daring: %(link)s", link=link) if link else "",
        _("Halaman pendaftaran Anda: %(link)s", link=private_link(registration)),
    ]))
    entries = [Entry(f"class-{klass.id}-session-{s.id}@puspaga", s.starts_at, s.ends_at, f"{klass.title} — {s.topic}",
                     place, about, link) for s in ClassSession.of(klass.id)]
    return calendar(entries, klass.title, organizer=(klass.unit.name, klass.unit.email),
                    attendee=registration.email if for_email else None,
                    cancelled=for_email and registration.status == "cancelled")


def private_link(registration):
    return citizen_url("registrations.page", token=registration.token)


def send(topic, registration, klass, with_calendar=False, due_at=None, dedupe_key=None, expires_at=None, **extra):
    """Queue a topic for the registrant in their language: their name, the class, its code and their page."""
    with force_locale(registration.language):
        params = {**dict(name=registration.name, title=klass.title, unit=klass.unit.name, code=registration.code,
                         link=private_link(registration)), **extra}
        attachment = (("kelas.ics", class_calendar(klass, registration, for_email=True))
                      if with_calendar and emails(registration.email) else None)
    queue(topic, registration, klass.unit_id, registration.phone, registration.email, params,
          registration.language, attachment, due_at=due_at, dedupe_key=dedupe_key, expires_at=expires_at)


def registered(registration, klass):
    """Confirmation, or the waiting-list position, with the private link."""
    if registration.status == "confirmed":
        send("registration.confirmed", registration, klass, with_calendar=True)
    else:
        send("registration.waitlisted", registration, klass, position=registration.waitlist_position())


def promoted(registration, klass):
    """A seat came free and is now theirs."""
    send("registration.promoted", registration, klass, with_calendar=True)


def cancelled(registration, klass):
    send("registration.cancelled", registration, klass)


def class_cancelled(registration, klass):
    send("registration.class_cancelled", registration, klass)


def not_completed(registration, klass):
    """At closing: the attendance rule was not met, so no certificate; the next class is open to them."""
    send("registration.not_completed", registration, klass)


def not_passed(registration, klass):
    """At closing: present enough, but the post-test score is under the class's pass score."""
    send("registration.not_passed", registration, klass)


def certificate_ready(registration, klass, certificate):
    send("certificate.ready", registration, klass, name=certificate.holder_name, number=certificate.number)


def session_place(klass, registration):
    """Where a session happens, as a reminder says it: the venue, and the online link for a confirmed seat."""
    parts = []
    if klass.mode != "online" and klass.venue:
        parts.append(_("Tempat: %(venue)s.", venue=klass.venue))
    if klass.mode != "offline" and klass.online_link:
        parts.append(_("Tautan kelas daring: %(link)s", link=klass.online_link))
    return " ".join(parts) or _("Tempat dan tautan ada di halaman pendaftaran Anda.")  # a template needs a value


def remind(session, klass, registration, now):
    """Queue the day-before and two-hours reminders of one session for one registrant, each once (its key names
    the session's time, so a moved session is reminded at its new time)."""
    for kind, due, until in reminder_times(session.starts_at, klass.unit, now):
        with force_locale(registration.language):
            when = local_time_range(session.starts_at, session.ends_at, klass.unit.timezone)
            place = session_place(klass, registration)
        send(f"reminder.class_{kind}", registration, klass, due_at=due, expires_at=until, when=when, place=place,
             dedupe_key=f"{SESSION_KEY}:{session.id}:{registration.id}:{session.starts_at:%Y%m%dT%H%M}:{kind}")
