"""The audit log: who did what, to what, when and from where. Never sensitive text."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.db import BaseModel, utcnow
from portal.staff.models import Staff
from portal.units.models import Unit


# What each action code means to the admin reading the log.
ACTION_LABELS = {
    "staff.login": _l("Masuk"),
    "staff.login_failed": _l("Gagal masuk"),
    "staff.create": _l("Akun dibuat"),
    "staff.update": _l("Akun diubah"),
    "staff.role": _l("Peran atau unit diubah"),
    "staff.activate": _l("Akun diaktifkan"),
    "staff.deactivate": _l("Akun dinonaktifkan"),
    "staff.password_reset": _l("Kata sandi diatur ulang"),
    "staff.password_change": _l("Kata sandi diganti"),
    "staff.2fa_enrol": _l("Verifikasi dua langkah diaktifkan"),
    "staff.2fa_code": _l("Kode verifikasi diterima"),
    "staff.2fa_failed": _l("Kode verifikasi salah"),
    "staff.recovery_code_used": _l("Masuk dengan kode pemulihan"),
    "staff.recovery_codes_renewed": _l("Kode pemulihan dibuat baru"),
    "staff.2fa_off": _l("Verifikasi dua langkah dimatikan"),
    "staff.2fa_reset": _l("Verifikasi dua langkah diatur ulang"),
    "unit.create": _l("Unit dibuat"),
    "unit.update": _l("Pengaturan unit diubah"),
    "staff.logout": _l("Keluar"),
    "class.create": _l("Kelas dibuat"),
    "class.update": _l("Kelas diubah"),
    "class.publish": _l("Kelas diterbitkan"),
    "class.cancel": _l("Kelas dibatalkan"),
    "class.close": _l("Kelas ditutup"),
    "class.capacity": _l("Kapasitas kelas diubah"),
    "class.session_add": _l("Sesi ditambahkan"),
    "class.session_remove": _l("Sesi dihapus"),
    "class.export": _l("Data kelas diunduh"),
    "registration.desk": _l("Pendaftaran di meja layanan"),
    "registration.cancel": _l("Pendaftaran dibatalkan petugas"),
    "registration.confirm": _l("Kursi diberikan dari daftar tunggu"),
    "certificate.issue": _l("Sertifikat diterbitkan"),
    "certificate.revoke": _l("Sertifikat dicabut"),
    "certificate.reissue": _l("Sertifikat diterbitkan ulang"),
    "person.search": _l("Data pribadi dicari"),
    "person.export": _l("Data pribadi diunduh"),
    "person.erase": _l("Data pribadi dihapus (dianonimkan)"),
    "retention.run": _l("Retensi data dijalankan"),
    "report.export": _l("Laporan diunduh"),
    "survey.paper": _l("Kuesioner kertas diketik"),
    "test.template": _l("Tes kelas ditulis"),
    "test.class": _l("Tes kelas dipilih"),
    "test.paper": _l("Tes kertas diketik"),
    "inquiry.assign": _l("Pengaduan ditugaskan"),
    "inquiry.answer": _l("Pengaduan dijawab"),
    "inquiry.close": _l("Pengaduan ditutup"),
    "case.open": _l("Kasus dibuka"),
    "case.view": _l("Kasus dilihat"),
    "case.counsellors": _l("Konselor kasus diubah"),
    "case.note": _l("Catatan kasus ditulis"),
    "case.close": _l("Kasus ditutup"),
    "case.reopen": _l("Kasus dibuka kembali"),
    "referral.create": _l("Rujukan dibuat"),
    "referral.status": _l("Status rujukan diubah"),
    "referral.letter": _l("Surat rujukan diunduh"),
    "appointment.book": _l("Janji temu dipesan"),
    "appointment.reschedule": _l("Janji temu dipindah"),
    "appointment.cancel": _l("Janji temu dibatalkan"),
    "appointment.reassign": _l("Janji temu dialihkan ke konselor lain"),
    "appointment.confirm": _l("Janji temu dikonfirmasi"),
    "appointment.decline": _l("Permintaan janji temu ditolak"),
    "appointment.complete": _l("Janji temu selesai"),
    "appointment.no_show": _l("Klien tidak hadir"),
    "appointment.video_link": _l("Tautan video janji temu diatur"),
    "service.create": _l("Layanan konseling dibuat"),
    "service.update": _l("Layanan konseling diubah"),
    "counsellor.week": _l("Jam kerja konselor diubah"),
    "counsellor.date_add": _l("Tanggal khusus konselor ditambahkan"),
    "counsellor.date_remove": _l("Tanggal khusus konselor dihapus"),
    "unit.booking_settings": _l("Aturan pemesanan unit diubah"),
    "unit.closed_day_add": _l("Hari libur unit ditambahkan"),
    "unit.closed_day_remove": _l("Hari libur unit dihapus"),
    "message.mark_sent": _l("Pesan ditandai terkirim dari meja"),
    "message.retry": _l("Pesan diantrekan lagi"),
    "message.cancel": _l("Pesan dibatalkan"),
}
# What each kind of record is called, beside its number.
OBJECT_LABELS = {
    "staff": _l("Akun"), "unit": _l("Unit"), "class": _l("Kelas"), "registration": _l("Pendaftaran"),
    "certificate": _l("Sertifikat"), "appointment": _l("Janji temu"), "service": _l("Layanan"),
    "closed_day": _l("Hari libur"), "date_exception": _l("Tanggal khusus"), "inquiry": _l("Pengaduan"),
    "case_file": _l("Kasus"), "case_note": _l("Catatan kasus"), "referral": _l("Rujukan"),
    "outbox_message": _l("Pesan"),
    "test_template": _l("Tes kelas"),
}


class AuditLog(BaseModel):
    created_at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.ForeignKeyField(Staff, null=True, backref="audit_entries", on_delete="RESTRICT")
    unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    action = pw.CharField(max_length=64, index=True)
    object_type = pw.CharField(max_length=32, default="")
    object_id = pw.CharField(max_length=64, default="")
    ip = pw.CharField(max_length=45, default="")
    detail = pw.CharField(max_length=200, default="")

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def object_label(self):
        """'Kasus 2': the kind of record in words, and its number."""
        if not self.object_type:
            return ""
        return f"{OBJECT_LABELS.get(self.object_type, self.object_type)} {self.object_id}".strip()

    @classmethod
    def visible_to(cls, actor):
        """Entries an admin may read: all for an organisation admin, else their unit's."""
        query = (
            cls.select(cls, Staff)
            .join(Staff, pw.JOIN.LEFT_OUTER)
            .order_by(cls.created_at.desc(), cls.id.desc())
        )
        if actor.is_org_admin:
            return query
        return query.where(cls.unit == actor.unit_id)

    @classmethod
    def filtered(cls, query, action=""):
        """Narrow a log query to one action."""
        return query.where(cls.action == action) if action else query

    @classmethod
    def actions_in(cls, query):
        """The distinct action codes of a log query, for the filter."""
        return [row.action for row in query.select(cls.action).distinct().order_by(cls.action)]
