"""What someone who booked counselling is told, and when: the parameters of each topic (the texts are
portal.notify.messages'), the .ics while the appointment stands, and the reminders before it. No message names
the service or the concern: it is "janji temu Anda di <unit>"."""
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.config import citizen_url
from portal.availability.models import MODES
from portal.i18n import local_time_range
from portal.ics import Entry, calendar
from portal.notify.services import emails, queue, reminder_times


def appointment_calendar(appointment, for_email=False):
    """The appointment as an .ics with one event; each change raises its sequence, a cancellation removes it.
    A confirmed video session carries its link once the counsellor has set it. For email it is an invitation
    to the citizen's address."""
    unit = appointment.unit
    link = appointment.video_link if appointment.status == "confirmed" and appointment.mode == "video" else ""
    where = unit.address if appointment.mode == "offline" else link or str(MODES[appointment.mode])
    entry = Entry(f"appointment-{appointment.code}@puspaga", appointment.starts_at, appointment.ends_at,
                  _("Janji temu di %(unit)s", unit=unit.name), where, private_link(appointment), link)
    return calendar([entry], unit.name, organizer=(unit.name, unit.email), sequence=appointment.changes.count(),
                    cancelled=not appointment.is_active, attendee=appointment.email if for_email else None)


def private_link(appointment):
    return citizen_url("counseling.appointment_page", token=appointment.token)


def facts(appointment):
    unit = appointment.unit
    return dict(name=appointment.name, unit=unit.name,
                when=local_time_range(appointment.starts_at, appointment.ends_at, unit.timezone),
                mode=str(MODES[appointment.mode]), code=appointment.code, link=private_link(appointment))


def send(topic, appointment, with_calendar=False, due_at=None, dedupe_key=None, expires_at=None, **extra):
    """Queue a topic for the citizen in their language."""
    with force_locale(appointment.language):
        params = {**facts(appointment), **extra}
        attachment = (("janji-temu.ics", appointment_calendar(appointment, for_email=True))
                      if with_calendar and emails(appointment.email) else None)
    queue(topic, appointment, appointment.unit_id, appointment.phone, appointment.email, params,
          appointment.language, attachment, due_at=due_at, dedupe_key=dedupe_key, expires_at=expires_at)


def booked(appointment):
    """Received (waiting for staff), or confirmed at once."""
    if appointment.status == "pending":
        send("appointment.requested", appointment)
    else:
        confirmed(appointment)


def confirmed(appointment):
    send("appointment.confirmed", appointment, with_calendar=True)


def rescheduled(appointment):
    send("appointment.rescheduled", appointment, with_calendar=True)


def cancelled(appointment):
    """Cancelled: the calendar file takes it out of their calendar."""
    send("appointment.cancelled", appointment, with_calendar=True,
         again=citizen_url("counseling.services_page"))


def place(appointment):
    """How a reminder says where the appointment happens: the address, the video link, or the call to wait for."""
    unit = appointment.unit
    if appointment.mode == "offline":
        return _("Tempat: %(address)s.", address=unit.address)
    if appointment.mode == "video":
        return _("Tautan video: %(link)s", link=appointment.video_link) if appointment.video_link else \
            _("Tautan video ada di halaman janji temu Anda.")
    return _("Petugas akan menelepon nomor ini.")


def remind(appointment, now):
    """Queue the day-before and two-hours reminders of a confirmed appointment, each once for its time."""
    for kind, due, until in reminder_times(appointment.starts_at, appointment.unit, now):
        with force_locale(appointment.language):
            where = place(appointment)
        send(f"reminder.appointment_{kind}", appointment, due_at=due, expires_at=until, place=where,
             dedupe_key=f"reminder:appointment:{appointment.id}:{appointment.starts_at:%Y%m%dT%H%M}:{kind}")
