"""What a registrant is told, and when: each message goes to the outbox with the class calendar."""
from flask import url_for
from flask_babel import gettext as _

from portal.classes.models import ClassSession
from portal.ics import Entry, calendar
from portal.notify.services import queue_message


def class_calendar(klass, registration):
    """The .ics of all of a class's sessions for one registrant; a confirmed seat in an online or hybrid class
    carries the online link."""
    link = klass.online_link if registration.status == "confirmed" and klass.mode != "offline" else ""
    place = klass.venue if klass.mode != "online" else link or str(klass.mode_label)
    about = "\n".join(filter(None, [
        klass.unit.name,
        _("Tautan kelas daring: %(link)s", link=link) if link else "",
        _("Halaman pendaftaran Anda: %(link)s", link=private_link(registration)),
    ]))
    entries = [Entry(f"class-{klass.id}-session-{s.id}@puspaga", s.starts_at, s.ends_at, f"{klass.title} — {s.topic}",
                     place, about, link) for s in ClassSession.of(klass.id)]
    return calendar(entries, klass.title, organizer=(klass.unit.name, klass.unit.email))


def private_link(registration):
    return url_for("registrations.page", token=registration.token, _external=True)


def send(topic, registration, klass, text, with_calendar=False):
    attachment = ("kelas.ics", class_calendar(klass, registration)) if with_calendar else None
    queue_message(topic, registration, klass.unit_id, registration.phone, registration.email,
                  klass.title, text, attachment)


def registered(registration, klass):
    """Confirmation, or the waiting-list position, with the private link."""
    if registration.status == "confirmed":
        text = _("Halo %(name)s, pendaftaran Anda di %(title)s (%(unit)s) sudah terkonfirmasi. "
                 "Kode: %(code)s. Jadwal, tautan kelas dan pembatalan: %(link)s",
                 name=registration.name, title=klass.title, unit=klass.unit.name,
                 code=registration.code, link=private_link(registration))
        send("registration.confirmed", registration, klass, text, with_calendar=True)
    else:
        text = _("Halo %(name)s, %(title)s sudah penuh. Anda masuk daftar tunggu nomor %(position)s. "
                 "Bila ada kursi kosong, Anda otomatis mendapatkannya dan kami kabari. Kode: %(code)s. "
                 "Lihat atau keluar dari daftar tunggu: %(link)s",
                 name=registration.name, title=klass.title, position=registration.waitlist_position(),
                 code=registration.code, link=private_link(registration))
        send("registration.waitlisted", registration, klass, text)


def promoted(registration, klass):
    """A seat came free and is now theirs."""
    text = _("Kabar baik, %(name)s: ada kursi kosong di %(title)s dan kini menjadi milik Anda. "
             "Kode: %(code)s. Jadwal dan pembatalan: %(link)s",
             name=registration.name, title=klass.title, code=registration.code, link=private_link(registration))
    send("registration.promoted", registration, klass, text, with_calendar=True)


def cancelled(registration, klass):
    text = _("Pendaftaran %(code)s di %(title)s sudah dibatalkan. Terima kasih sudah memberi tahu.",
             code=registration.code, title=klass.title)
    send("registration.cancelled", registration, klass, text)


def class_cancelled(registration, klass):
    text = _("Mohon maaf, %(name)s: %(title)s dibatalkan oleh penyelenggara. Pendaftaran %(code)s ikut batal. "
             "Hubungi %(unit)s bila ada pertanyaan.",
             name=registration.name, title=klass.title, code=registration.code, unit=klass.unit.name)
    send("registration.class_cancelled", registration, klass, text)


def not_completed(registration, klass):
    """At closing: the attendance rule was not met, so no certificate; the next class is open to them."""
    text = _("Halo %(name)s, %(title)s sudah selesai. Kehadiran Anda belum memenuhi syarat lulus, sehingga tidak "
             "ada sertifikat. Anda dapat mendaftar lagi di kelas berikutnya. Keterangan: %(link)s",
             name=registration.name, title=klass.title, link=private_link(registration))
    send("registration.not_completed", registration, klass, text)
