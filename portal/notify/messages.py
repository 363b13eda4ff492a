"""Every message a citizen can get: one text per topic, in one place.

A topic has the WhatsApp template it is sent as through the Cloud API (the business starts the conversation, so
Meta must have approved the template), the parameters that fill it, in order, and its text. The same text, in
the citizen's language, is what the desk sends by hand, what an HTTP gateway or email carries, and what
`flask outbox templates` prints for approval.

Messages land on shared family phones: no text names a counselling concern or service, a case, a request's
category, danger or violence. They say "janji temu Anda di <unit>" and send the reader to their private page.
"""
from dataclasses import dataclass

from flask_babel import force_locale, lazy_gettext as _l


@dataclass(frozen=True)
class Topic:
    label: object  # what staff read on the desk
    template: str  # the approved WhatsApp template's name
    params: tuple  # the template's parameters {{1}}, {{2}}, … by name
    text: object  # a lazy text with %(name)s for each parameter
    subject: object  # an email's subject
    priority: int = 0  # higher first on the desk: what loses its use if it waits


CLASS = _l("Kelas Puspaga")
APPOINTMENT = _l("Janji temu Anda di Puspaga")
MESSAGE = _l("Pesan Anda ke Puspaga")
REMINDER = _l("Pengingat dari Puspaga")
SURVEY = _l("Survei kepuasan Puspaga")

TOPICS = {
    "registration.confirmed": Topic(
        _l("Pendaftaran kelas terkonfirmasi"), "puspaga_daftar_kelas", ("name", "title", "unit", "code", "link"),
        _l("Halo %(name)s, pendaftaran Anda di %(title)s (%(unit)s) sudah terkonfirmasi. Kode: %(code)s. Jadwal,"
           " tautan kelas dan pembatalan: %(link)s"),
        CLASS),
    "registration.waitlisted": Topic(
        _l("Tempat di daftar tunggu"), "puspaga_daftar_tunggu", ("name", "title", "position", "code", "link"),
        _l("Halo %(name)s, %(title)s sudah penuh. Anda masuk daftar tunggu nomor %(position)s. Bila ada kursi "
           "kosong, Anda otomatis mendapatkannya dan kami kabari. Kode: %(code)s. Lihat atau keluar dari daftar "
           "tunggu: %(link)s"),
        CLASS),
    "registration.promoted": Topic(
        _l("Dapat kursi dari daftar tunggu"), "puspaga_kursi_tersedia", ("name", "title", "code", "link"),
        _l("Kabar baik, %(name)s: ada kursi kosong di %(title)s dan kini menjadi milik Anda. Kode: %(code)s. "
           "Jadwal dan pembatalan: %(link)s"),
        CLASS, priority=2),
    "registration.cancelled": Topic(
        _l("Pendaftaran dibatalkan"), "puspaga_batal_daftar", ("code", "title"),
        _l("Pendaftaran %(code)s di %(title)s sudah dibatalkan. Terima kasih sudah memberi tahu."),
        CLASS),
    "registration.class_cancelled": Topic(
        _l("Kelas dibatalkan"), "puspaga_kelas_batal", ("name", "title", "code", "unit"),
        _l("Mohon maaf, %(name)s: %(title)s dibatalkan oleh penyelenggara. Pendaftaran %(code)s ikut batal. "
           "Hubungi %(unit)s bila ada pertanyaan."),
        CLASS, priority=2),
    "registration.not_completed": Topic(
        _l("Kelas selesai tanpa sertifikat"), "puspaga_kelas_selesai", ("name", "title", "link"),
        _l("Halo %(name)s, %(title)s sudah selesai. Kehadiran Anda belum memenuhi syarat lulus, sehingga tidak "
           "ada sertifikat. Anda dapat mendaftar lagi di kelas berikutnya. Keterangan: %(link)s"),
        CLASS),
    "registration.not_passed": Topic(
        _l("Kelas selesai, nilai tes akhir kurang"), "puspaga_kelas_tes", ("name", "title", "link"),
        _l("Halo %(name)s, %(title)s sudah selesai. Nilai tes akhir Anda belum mencapai batas lulus kelas ini, "
           "sehingga tidak ada sertifikat. Anda dapat mendaftar lagi di kelas berikutnya. Keterangan: %(link)s"),
        CLASS),
    "certificate.ready": Topic(
        _l("Sertifikat terbit"), "puspaga_sertifikat", ("name", "title", "number", "link"),
        _l("Selamat, %(name)s! Sertifikat %(title)s Anda sudah terbit dengan nomor %(number)s. Unduh di: "
           "%(link)s"),
        CLASS),
    "appointment.requested": Topic(
        _l("Permintaan janji temu diterima"), "puspaga_janji_diterima",
        ("name", "unit", "when", "mode", "code", "link"),
        _l("Halo %(name)s, permintaan janji temu Anda di %(unit)s pada %(when)s (%(mode)s) sudah kami terima dan"
           " menunggu konfirmasi petugas. Kode: %(code)s. Lihat atau batalkan: %(link)s"),
        APPOINTMENT),
    "appointment.confirmed": Topic(
        _l("Janji temu terkonfirmasi"), "puspaga_janji_pasti", ("name", "unit", "when", "mode", "code", "link"),
        _l("Halo %(name)s, janji temu Anda di %(unit)s pada %(when)s (%(mode)s) sudah terkonfirmasi. Kode: "
           "%(code)s. Lihat, pindah atau batalkan: %(link)s"),
        APPOINTMENT),
    "appointment.rescheduled": Topic(
        _l("Janji temu dipindah"), "puspaga_janji_pindah", ("name", "unit", "when", "mode", "code", "link"),
        _l("Halo %(name)s, janji temu Anda di %(unit)s dipindah ke %(when)s (%(mode)s). Kode: %(code)s. Lihat "
           "atau batalkan: %(link)s"),
        APPOINTMENT, priority=1),
    "appointment.cancelled": Topic(
        _l("Janji temu dibatalkan"), "puspaga_janji_batal", ("name", "unit", "when", "again"),
        _l("Halo %(name)s, janji temu Anda di %(unit)s pada %(when)s sudah dibatalkan. Untuk membuat janji baru:"
           " %(again)s"),
        APPOINTMENT, priority=2),
    "inquiry.received": Topic(
        _l("Pengaduan diterima"), "puspaga_pesan_diterima", ("name", "unit", "code", "link"),
        _l("Halo %(name)s, pesan Anda untuk %(unit)s sudah kami terima dengan kode %(code)s. Ikuti "
           "perkembangannya di %(link)s (masukkan nomor HP ini)."),
        MESSAGE),
    "inquiry.answered": Topic(
        _l("Pengaduan dijawab"), "puspaga_pesan_dijawab", ("name", "code", "link"),
        _l("Halo %(name)s, ada jawaban dari Puspaga untuk pesan %(code)s. Bacalah di %(link)s (masukkan nomor HP"
           " ini)."),
        MESSAGE, priority=1),
    "inquiry.closed": Topic(
        _l("Pengaduan selesai"), "puspaga_pesan_selesai", ("name", "code", "link"),
        _l("Halo %(name)s, pesan %(code)s sudah selesai ditangani. Lihat di %(link)s (masukkan nomor HP ini)."),
        MESSAGE),
    "inquiry.case_opened": Topic(
        _l("Pengaduan ditindaklanjuti"), "puspaga_pesan_dihubungi", ("name", "unit", "code"),
        _l("Halo %(name)s, petugas %(unit)s akan menghubungi Anda lewat nomor ini tentang pesan %(code)s."),
        MESSAGE, priority=1),
    "reminder.class_day_before": Topic(
        _l("Pengingat kelas (H-1)"), "puspaga_ingat_kelas_besok", ("name", "title", "when", "place", "link"),
        _l("Halo %(name)s, pengingat: %(title)s besok, %(when)s. %(place)s Jadwal dan pembatalan: %(link)s"),
        REMINDER, priority=1),
    "reminder.class_two_hours": Topic(
        _l("Pengingat kelas (2 jam)"), "puspaga_ingat_kelas_segera", ("name", "title", "when", "place", "link"),
        _l("Halo %(name)s, %(title)s dimulai dua jam lagi, %(when)s. %(place)s Jadwal: %(link)s"),
        REMINDER, priority=2),
    "reminder.appointment_day_before": Topic(
        _l("Pengingat janji temu (H-1)"), "puspaga_ingat_janji_besok", ("name", "unit", "when", "place", "link"),
        _l("Halo %(name)s, pengingat: janji temu Anda di %(unit)s besok, %(when)s. %(place)s Pindah atau "
           "batalkan: %(link)s"),
        REMINDER, priority=1),
    "reminder.appointment_two_hours": Topic(
        _l("Pengingat janji temu (2 jam)"), "puspaga_ingat_janji_segera", ("name", "unit", "when", "place", "link"),
        _l("Halo %(name)s, janji temu Anda di %(unit)s dua jam lagi, %(when)s. %(place)s Lihat: %(link)s"),
        REMINDER, priority=2),
    "survey.invited": Topic(
        _l("Undangan survei kepuasan"), "puspaga_survei", ("name", "unit", "link"),
        _l("Halo %(name)s, terima kasih telah menggunakan layanan %(unit)s. Mohon bantu kami menjadi lebih baik "
           "dengan mengisi survei kepuasan singkat, kurang dari satu menit dan tanpa nama: %(link)s"),
        SURVEY, priority=-1),
}


def render(topic, params, language):
    """A topic's text and email subject in a language, filled with its parameters."""
    entry = TOPICS[topic]
    with force_locale(language):
        return str(entry.text) % params, str(entry.subject)


def template_text(topic, language="id"):
    """The text as it is submitted to Meta for approval: the parameters as {{1}}, {{2}}, … in their order."""
    entry = TOPICS[topic]
    with force_locale(language):
        return str(entry.text) % {name: f"{{{{{n}}}}}" for n, name in enumerate(entry.params, 1)}
