"""A person's data as people read it: one section per kind, one labelled block per record (for the PDF).

Case notes are given as "written on, by" and referrals as number, destination and status: `Holdings` never reads
more of them.
"""
from flask_babel import gettext as _

from portal.forms import child_age_labels as child_ages
from portal.forms import AGE_GROUPS, GENDERS
from portal.i18n import local_date_range, local_time, local_time_range, long_day
from portal.inquiries.models import STATUS_LABELS as INQUIRY_STATUSES
from portal.learning.models import SOURCES as TEST_SOURCES
from portal.learning.models import STAGES
from portal.people.holdings import KINDS
from portal.validators import national


def block(caption, rows):
    """A record's caption and its (label, value) rows, leaving out what is empty."""
    return caption, [(label, value) for label, value in rows if value not in (None, "")]


def consent(record, tz):
    return _("versi %(version)s, %(at)s", version=record.consent_version, at=local_time(record.consent_at, tz))


def registration(r, tests):
    klass, tz = r.klass, r.klass.unit.timezone
    return block(f"{r.code} · {klass.title}", [
        (_("Unit"), klass.unit.name),
        (_("Jadwal kelas"), local_date_range(klass.starts_at, klass.ends_at, tz) if klass.starts_at else None),
        (_("Status"), r.status_label), (_("Nama"), r.name), (_("Nomor HP"), national(r.phone)),
        (_("Email"), r.email), (_("NIK"), r.nik), (_("Jenis kelamin"), GENDERS.get(r.gender, r.gender)),
        (_("Nama calon pasangan"), r.partner_name),
        (_("Rencana tanggal pernikahan"), long_day(r.wedding_date) if r.wedding_date else None),
        (_("Usia anak"), child_ages(r.children_age_groups)), (_("Persetujuan privasi"), consent(r, tz)),
        (_("Mendaftar"), local_time(r.created_at, tz)), (_("Dibatalkan"), local_time(r.cancelled_at, tz)),
        *((STAGES[t.stage], test_taken(t, tz)) for t in tests),
    ])


def test_taken(attempt, tz):
    """'80 dari 100 · Daring, 3 Desember 2026 10.00 WITA'."""
    return _("%(score)s dari 100 · %(how)s, %(at)s", score=attempt.score,
             how=TEST_SOURCES.get(attempt.source, attempt.source), at=local_time(attempt.taken_at, tz))


def certificate(c, kept):
    tz = c.unit.timezone
    return block(c.number, [
        (_("Kode verifikasi"), c.code), (_("Versi"), c.version), (_("Status"), c.status_label),
        (_("Nama"), c.holder_name), (_("Nama pasangan"), c.partner_name),
        (_("Diterbitkan"), local_time(c.issued_at, tz)),
        (_("Dicabut"), local_time(c.revoked_at, tz)), (_("Alasan pencabutan"), c.revoke_reason),
        (_("Berkas PDF tersimpan"), _("Ya") if c.id in kept else _("Tidak")),
    ])


def appointment(a):
    tz = a.unit.timezone
    return block(f"{a.code} · {a.service.name}", [
        (_("Unit"), a.unit.name), (_("Waktu"), local_time_range(a.starts_at, a.ends_at, tz)),
        (_("Cara"), a.mode_label), (_("Status"), a.status_label), (_("Nama"), a.name),
        (_("Nomor HP"), national(a.phone)), (_("Email"), a.email), (_("Untuk"), a.for_whom_label),
        (_("Jenis kelamin"), GENDERS.get(a.gender, a.gender)), (_("Usia"), AGE_GROUPS.get(a.age_group, a.age_group)),
        (_("Cerita singkat"), a.concern), (_("Dalam bahaya"), _("Ya") if a.urgent else None),
        (_("Persetujuan privasi"), consent(a, tz)), (_("Dipesan"), local_time(a.created_at, tz)),
        (_("Dibatalkan"), local_time(a.cancelled_at, tz)),
    ])


def inquiry(i, events):
    tz = i.unit.timezone
    steps = [f"{local_time(e.at, tz)} · {INQUIRY_STATUSES.get(e.status, e.status)}"
             + (f"\n{e.answer}" if e.answer else "") for e in events]
    return block(f"{i.code} · {i.category_label}", [
        (_("Unit"), i.unit.name), (_("Status"), i.status_label), (_("Dikirim"), local_time(i.created_at, tz)),
        (_("Nama"), i.name), (_("Nomor HP"), national(i.phone)), (_("Kecamatan"), i.kecamatan),
        (_("Isi pengaduan"), i.message), (_("Riwayat dan jawaban"), "\n\n".join(steps)),
    ])


def case(c, notes, referrals):
    tz = c.unit.timezone
    written = [f"{local_time(n.created_at, tz)} · {n.author}" for n in notes]
    referred = [" · ".join(filter(None, (r.number, str(r.destination_label), r.institution, str(r.status_label))))
                for r in referrals]
    return block(f"{c.code} · {c.category_label}", [
        (_("Unit"), c.unit.name), (_("Status"), c.status_label), (_("Dibuka"), local_time(c.opened_at, tz)),
        (_("Ditutup"), local_time(c.closed_at, tz)), (_("Nama"), c.client_name),
        (_("Nomor HP"), national(c.client_phone)), (_("NIK"), c.client_nik),
        (_("Jenis kelamin"), GENDERS.get(c.gender, c.gender)), (_("Usia"), AGE_GROUPS.get(c.age_group, c.age_group)),
        (_("Kecamatan"), c.kecamatan), (_("Kelurahan"), c.kelurahan),
        (_("Catatan konselor"), "\n".join([_("%(n)s catatan; isinya tidak disertakan.", n=len(notes)), *written])
         if notes else None),
        (_("Rujukan"), "\n".join(referred)),
    ])


def sections(held):
    """[(title, [(caption, rows), …]), …] for every kind with records, messages aside."""
    parts = [
        ("registrations", [registration(r, held.tests[r.id]) for r in held.registrations]),
        ("certificates", [certificate(c, held.kept) for c in held.certificates]),
        ("appointments", [appointment(a) for a in held.appointments]),
        ("inquiries", [inquiry(i, held.events[i.id]) for i in held.inquiries]),
        ("cases", [case(c, held.notes[c.id], held.referrals[c.id]) for c in held.cases]),
    ]
    return [(KINDS[kind], blocks) for kind, blocks in parts if blocks]
