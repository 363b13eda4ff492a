"""Erasing a person: nothing they told or were told survives, nothing is deleted, the statistics stay."""
import pytest

from portal.audit.models import AuditLog
from portal.cases.models import Case
from portal.certificates.models import Certificate, CertificateFile
from portal.registrations.models import Registration
from portal.counseling.models import Appointment
from portal.crypto import cipher
from portal.db import database
from portal.inquiries.models import Inquiry
from portal.people import services
from portal.people.holdings import find
from portal.people.services import ERASED
from tests.classes.conftest import create_class, person, register  # noqa: F401 - fixtures used here
from tests.people.conftest import (ANSWER, CHRONOLOGY_MARKER, CONCERN, EMAIL, MESSAGE, NAME, NIK, NOTE_MARKER, PHONE,
                                   REASON_MARKER, report_columns, row_counts)

pytestmark = pytest.mark.engines
SECRETS = (NAME, PHONE, NIK, EMAIL, NOTE_MARKER, CHRONOLOGY_MARKER, REASON_MARKER, CONCERN, MESSAGE, ANSWER)
TEXT_TYPES = ("text", "varchar", "character", "blob", "bytea")
ENCRYPTED = {"appointment": ["concern"], "inquiry": ["message"], "inquiry_event": ["answer"], "case_note": ["body"],
             "referral": ["reason", "chronology"]}


def everything_stored():
    """Every text column of every table as stored, with encrypted columns decrypted: what a thief would read."""
    found = []
    for table in database.get_tables():
        encrypted = ENCRYPTED.get(table, [])
        columns = [c.name for c in database.get_columns(table) if c.data_type.lower().startswith(TEXT_TYPES)]
        for row in database.execute_sql(f'SELECT {", ".join(columns) or "1"} FROM "{table}"'):
            for column, value in zip(columns, row):
                if isinstance(value, (bytes, memoryview)):
                    value = bytes(value).decode("latin-1")
                if value:
                    found.append(cipher.decrypt(value) if column in encrypted else value)
    return "\n".join(found)


def test_erasing_leaves_no_personal_text_and_keeps_every_row_and_statistic(app_context, seed_person, staff_by_role):
    admin = staff_by_role["org_admin"]
    seed_person()
    other = seed_person(phone="+6281299990000", nik="7371014501900002", name="Orang Lain", email="lain@contoh.id",
                        tag="000000")
    stored = everything_stored()
    assert all(secret in stored for secret in SECRETS)  # the probe can see them before
    rows, statistics = row_counts(), report_columns()

    counts = services.erase(admin, find(admin, phone=PHONE))

    assert (counts.registrations, counts.certificates, counts.appointments, counts.inquiries, counts.cases) == (
        1, 1, 1, 1, 1)
    assert counts.messages == 3
    stored = everything_stored()
    assert [secret for secret in SECRETS if secret in stored] == []
    assert "Orang Lain" in stored and "+6281299990000" in stored  # someone else's data is untouched
    assert row_counts() == rows and report_columns() == statistics
    assert [f.certificate_id for f in CertificateFile.select()] == [other.certificate.id]
    assert find(admin, phone=PHONE).total == 0 and find(admin, nik=NIK).total == 0


def test_erased_rows_say_so_and_keep_their_shape(app_context, seed_person, staff_by_role):
    person = seed_person()
    services.erase(staff_by_role["org_admin"], find(staff_by_role["org_admin"], nik=NIK))
    registration = Registration.get_by_id(person.registration.id)
    assert (registration.name, registration.phone, registration.nik, registration.partner_name) == (ERASED, "", None,
                                                                                                     ERASED)
    assert registration.status == "completed" and registration.gender == "perempuan" and registration.anonymised_at
    certificate = Certificate.get_by_id(person.certificate.id)
    assert (certificate.holder_name, certificate.partner_name, certificate.status) == (ERASED, ERASED, "issued")
    appointment = Appointment.get_by_id(person.appointment.id)
    assert (appointment.name, appointment.phone, appointment.concern, appointment.status) == (ERASED, "", None,
                                                                                              "completed")
    inquiry = Inquiry.get_by_id(person.inquiry.id)
    assert (inquiry.name, inquiry.message, inquiry.category, inquiry.kecamatan) == (ERASED, None, "hak_asuh",
                                                                                    "Tamalate")
    case = Case.get_by_id(person.case.id)
    assert (case.client_name, case.client_nik, case.category, case.age_group) == (ERASED, None, "hak_asuh", "26-35")
    assert all(r.anonymised_at for r in (appointment, inquiry, case))


def test_a_live_registration_keeps_a_phone_of_its_own_so_two_erased_people_fit_one_class(
        app_context, create_class, register, staff_by_role):
    klass = create_class(capacity=5)
    first, _ = register(klass, person(1))
    second, _ = register(klass, person(2))
    admin = staff_by_role["org_admin"]
    for registration in (first, second):
        services.erase(admin, find(admin, phone=registration.phone))
    phones = {r.phone for r in Registration.select().where(Registration.klass == klass.id)}
    assert phones == {f"dihapus-{first.id}", f"dihapus-{second.id}"}
    assert {r.status for r in Registration.select()} == {"confirmed"}


def test_erasing_twice_changes_nothing_more_and_is_audited_with_counts_only(app_context, seed_person,
                                                                           staff_by_role):
    admin = staff_by_role["admin"]
    seed_person()
    held = find(admin, phone=PHONE)
    assert services.erase(admin, held).total == 8
    assert services.erase(admin, held).total == 0  # the same rows, already anonymised
    entries = list(AuditLog.select().where(AuditLog.action == "person.erase").order_by(AuditLog.id))
    assert [e.detail for e in entries] == [
        "registrations=1 certificates=1 appointments=1 inquiries=1 cases=1 messages=3",
        "registrations=0 certificates=0 appointments=0 inquiries=0 cases=0 messages=0"]
    assert all(e.actor_id == admin.id and e.unit_id == admin.unit_id for e in entries)


def test_a_unit_admin_erases_only_their_units_records(app_context, seed_person, create_unit, staff_by_role):
    mine = seed_person()
    theirs = seed_person(unit=create_unit(name="Puspaga Lain"))
    admin = staff_by_role["admin"]
    services.erase(admin, find(admin, phone=PHONE))
    assert Registration.get_by_id(mine.registration.id).anonymised_at
    assert Registration.get_by_id(theirs.registration.id).name == NAME
    assert Case.get_by_id(theirs.case.id).client_phone == PHONE
