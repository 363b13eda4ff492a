"""A person held in every kind of record, with marker texts that must never leave the case file."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from portal.cases.models import Case, CaseCounsellor, CaseNote, Referral
from portal.certificates.models import Certificate, CertificateFile, CertificateSequence
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.availability.models import Service
from portal.counseling.models import Appointment
from portal.db import database, utcnow
from portal.i18n import local_from_utc
from portal.inquiries.models import Inquiry, InquiryEvent
from portal.learning.models import TestAttempt
from portal.notify.services import queue
from portal.tokens import new_code, new_token

PHONE = "+6281234500777"
SPELLINGS = ["081234500777", "+6281234500777", "62 812-3450-0777", "0812.3450.0777"]
NIK = "7371014501900001"
EMAIL = "siti.rahma@contoh.id"
NAME = "Siti Rahmawati Daeng"
TAG = "7f3a91"  # another person gets another tag, so their texts never contain this person's


def secrets_of(tag):
    """The texts only this person's records hold: (note, chronology, reason, concern, message, answer)."""
    return (f"CATATAN-RAHASIA-{tag}", f"KRONOLOGI-RAHASIA-{tag}", f"ALASAN-RAHASIA-{tag}",
            f"Cerita saya sendiri {tag}", f"Isi pengaduan saya {tag}", f"Jawaban petugas {tag}")


NOTE_MARKER, CHRONOLOGY_MARKER, REASON_MARKER, CONCERN, MESSAGE, ANSWER = secrets_of(TAG)
# What reports count: erasing must leave these columns as they were.
REPORT_COLUMNS = {
    Registration: ("klass", "status", "gender", "source", "created_at", "confirmed_at", "cancelled_at"),
    Appointment: ("unit", "service", "counsellor", "mode", "status", "gender", "age_group", "for_whom", "urgent",
                  "starts_at"),
    Inquiry: ("unit", "category", "status", "kecamatan", "urgent", "created_at", "updated_at"),
    Case: ("unit", "category", "status", "source", "gender", "age_group", "kecamatan", "opened_at", "closed_at"),
    Certificate: ("number", "status", "klass", "unit", "issued_at"),
    Referral: ("number", "destination", "institution", "status", "created_at"),
}


def report_columns():
    """Every report-relevant value of every row, by table."""
    return {model: sorted(model.select(model.id, *[getattr(model, c) for c in columns]).tuples())
            for model, columns in REPORT_COLUMNS.items()}


def row_counts():
    """Rows per table, except the log (erasing writes to it) and kept certificate files (a cache erasing empties)."""
    skip = {"audit_log", "certificate_file", "migratehistory"}
    return {table: database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in database.get_tables() if table not in skip}


@pytest.fixture
def seed_person(app, dummy_unit, create_staff, sends_email):
    """Make one person's class registration (with a kept certificate), appointment, request with an answer, closed
    case with a note and a referral, and the messages sent to them; every life ended at `ended` (UTC)."""
    staff = {}

    def make(unit=dummy_unit, phone=PHONE, nik=NIK, name=NAME, email=EMAIL, tag=TAG, ended=None, case_status="closed",
             inquiry_status="closed", registration_status="completed", class_status="closed"):
        ended = ended or utcnow() - timedelta(days=30)
        started = ended - timedelta(hours=3)
        if unit.id not in staff:
            staff[unit.id] = SimpleNamespace(counsellor=create_staff(role="konselor", unit=unit, name="Konselor Uji"),
                                             desk=create_staff(role="koordinator", unit=unit))
        people = staff[unit.id]
        note, chronology, reason, concern, message, answer = secrets_of(tag)
        with app.test_request_context(), database.atomic():
            klass = Class.create(unit=unit, kind="pranikah", title="Kelas Pranikah Uji", capacity=10,
                                 status=class_status, starts_at=started, ends_at=ended)
            registration = Registration.create(
                klass=klass, code=new_code("KLS"), token=new_token(), status=registration_status, name=name,
                phone=phone, email=email, gender="perempuan", nik=nik, partner_name="Andi Pasangan",
                wedding_date=date(2027, 2, 14), consent_version="1.0", consent_at=started, created_at=started,
                confirmed_at=started)
            year = local_from_utc(utcnow(), unit.timezone).year
            CertificateSequence.ensure(unit.id, year)  # as issuing does
            seq = CertificateSequence.get(unit=unit, year=year)
            seq.last += 1
            seq.save()
            certificate = Certificate.create(
                registration=registration, klass=klass, unit=unit, year=year, seq=seq.last,
                number=f"{seq.last:04d}/PUSPAGA/UJI/{year}", code=new_code("SRT", 10), holder_name=name,
                partner_name="Andi Pasangan", issued_at=ended)
            CertificateFile.create(certificate=certificate, key="k", etag="e", pdf=f"%PDF {name}".encode())
            TestAttempt.create(registration=registration, stage="pre", score=40, answers="[1, 0, 2, 1, 3]",
                               taken_at=started - timedelta(days=1))
            TestAttempt.create(registration=registration, stage="post", score=80, answers="[1, 2, 2, 1, 3]",
                               source="paper", entered_by=people.desk, taken_at=ended)
            service = Service.create(unit=unit, name=f"Konseling Keluarga {new_code('S')}")
            appointment = Appointment.create(
                unit=unit, service=service, counsellor=people.counsellor, mode="offline",
                starts_at=ended - timedelta(hours=1), ends_at=ended, blocked_until=ended + timedelta(minutes=15),
                status="completed", code=new_code("KSL"), token=new_token(), name=name, phone=phone, email=email,
                for_whom="self", gender="perempuan", age_group="26-35", concern=concern, consent_version="1.0",
                consent_at=started)
            inquiry = Inquiry.create(
                unit=unit, code=new_code("ADU"), category="hak_asuh", message=message, name=name, phone=phone,
                kecamatan="Tamalate", status=inquiry_status, consent_version="1.0", consent_at=started,
                created_at=started, updated_at=ended)
            InquiryEvent.create(inquiry=inquiry, at=ended, action="answered", status="answered", actor=people.desk,
                                answer=answer)
            case = Case.create(
                unit=unit, code=new_code("KSS"), source="inquiry", inquiry=inquiry, client_name=name,
                client_phone=phone, client_nik=nik, gender="perempuan", age_group="26-35", kecamatan="Tamalate",
                kelurahan="Mannuruki", category="hak_asuh", status=case_status, opened_by=people.desk,
                opened_at=started, closed_by=people.desk if case_status == "closed" else None,
                closed_at=ended if case_status == "closed" else None)
            CaseCounsellor.create(case=case, counsellor=people.counsellor)
            note = CaseNote.create(case=case, author=people.counsellor, body=f"{note} {name} bercerita")
            referral = Referral.create(
                case=case, unit=unit, year=year, seq=Referral.select().where(Referral.unit == unit).count() + 1,
                number=f"001/RUJ/PUSPAGA/UJI/{year}-{case.id}", destination="uptd_ppa",
                institution="UPTD PPA Kota Uji", reason=reason, chronology=f"{chronology} {name}",
                services_given="Konseling awal", consent=True, created_by=people.counsellor)
            queue("registration.confirmed", registration, unit.id, phone, email,
                  dict(name=name, title=klass.title, unit=unit.name, code=registration.code, link="/p"))
            queue("inquiry.answered", inquiry, unit.id, phone, "", dict(name=name, code=inquiry.code, link="/p"))
        return SimpleNamespace(klass=klass, registration=registration, certificate=certificate,
                               appointment=appointment, inquiry=inquiry, case=case, note=note, referral=referral,
                               counsellor=people.counsellor)

    return make
