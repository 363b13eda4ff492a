"""What someone who booked counselling is told, and when: each message goes to the outbox, with the .ics
while the appointment stands. The concern is never in a message."""
from flask import url_for
from flask_babel import gettext as _

from portal.availability.models import MODES
from portal.i18n import local_time_range
from portal.ics import Entry, calendar
from portal.notify.services import queue_message


def appointment_calendar(appointment):
    """The appointment as an .ics with one event; each change raises its sequence, a cancellation removes it.
    A confirmed video session carries its link once the counsellor has set it."""
    unit = appointment.unit
    link = appointment.video_link if appointment.status == "confirmed" and appointment.mode == "video" else ""
    where = unit.address if appointment.mode == "offline" else link or str(MODES[appointment.mode])
    entry = Entry(f"appointment-{appointment.code}@puspaga", appointment.starts_at, appointment.ends_at,
                  f"{appointment.service.name} · {unit.name}", where, private_link(appointment), link)
    return calendar([entry], appointment.service.name, organizer=(unit.name, unit.email),
                    sequence=appointment.changes.count(), cancelled=not appointment.is_active)


def private_link(appointment):
    return url_for("counseling.appointment_page", token=appointment.token, _external=True)


def facts(appointment):
    unit = appointment.unit
    return dict(name=appointment.name, service=appointment.service.name, unit=unit.name,
                when=local_time_range(appointment.starts_at, appointment.ends_at, unit.timezone),
                mode=MODES[appointment.mode], code=appointment.code, link=private_link(appointment))


def send(topic, appointment, text, with_calendar):
    attachment = ("konseling.ics", appointment_calendar(appointment)) if with_calendar else None
    queue_message(topic, appointment, appointment.unit_id, appointment.phone, appointment.email,
                  appointment.service.name, text, attachment)


def booked(appointment):
    """Received (waiting for staff), or confirmed at once."""
    if appointment.status == "pending":
        text = _("Halo %(name)s, permintaan konseling %(service)s di %(unit)s pada %(when)s (%(mode)s) sudah kami "
                 "terima dan menunggu konfirmasi petugas. Kode: %(code)s. Lihat atau batalkan: %(link)s",
                 **facts(appointment))
        send("appointment.requested", appointment, text, with_calendar=False)
    else:
        confirmed(appointment)


def confirmed(appointment):
    text = _("Halo %(name)s, jadwal konseling %(service)s di %(unit)s pada %(when)s (%(mode)s) sudah terkonfirmasi. "
             "Kode: %(code)s. Lihat atau batalkan: %(link)s", **facts(appointment))
    send("appointment.confirmed", appointment, text, with_calendar=True)


def rescheduled(appointment):
    text = _("Halo %(name)s, jadwal konseling %(service)s Anda dipindah ke %(when)s (%(mode)s). Kode: %(code)s. "
             "Lihat atau batalkan: %(link)s", **facts(appointment))
    send("appointment.rescheduled", appointment, text, with_calendar=True)


def cancelled(appointment):
    text = _("Halo %(name)s, jadwal konseling %(service)s pada %(when)s sudah dibatalkan. Untuk memesan jadwal "
             "baru: %(again)s", again=url_for("counseling.services_page", _external=True), **facts(appointment))
    send("appointment.cancelled", appointment, text, with_calendar=True)  # takes it out of their calendar
