"""Cases: opened from a request, an appointment or a walk-in; notes only for the case's counsellors; every open
audited; numbered referrals with a letter ready to sign."""
import re
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.audit.models import AuditLog
from portal.cases import services
from portal.cases.models import Case, CaseCounsellor, CaseNote, Referral
from portal.db import database
from portal.errors import RuleError
from portal.inquiries.models import Inquiry
from tests.cases.conftest import CHRONOLOGY_SECRET, NOTE_SECRET, REASON_SECRET, client_details, referral_details
from tests.counseling.conftest import create_counsellor, create_service, service  # noqa: F401 - fixtures
from tests.inquiries.conftest import send_inquiry  # noqa: F401 - fixture

pytestmark = pytest.mark.engines


def case_form(**fields):
    values = dict(client_name="Bapak Klien", client_phone="0812 3456 7222", client_nik="", gender="laki-laki",
                  age_group="36-45", kecamatan="Rappocini", kelurahan="", category="pengasuhan")
    values.update(fields)
    return values


def test_a_request_becomes_a_case_and_its_sender_is_told(client, auth, staff_by_role, send_inquiry):
    inquiry = send_inquiry()
    auth.login(staff_by_role["koordinator"])
    form = client.get(f"/staf/kasus/baru?pengaduan={inquiry.id}").get_data(as_text=True)
    assert inquiry.name in form and 'value="Tamalate"' in form
    response = client.post(f"/staf/kasus/baru?pengaduan={inquiry.id}",
                           data=case_form(client_name=inquiry.name, counsellors=[staff_by_role["konselor"].id]))
    assert response.status_code == 303
    case = Case.get()
    assert case.source == "inquiry" and case.inquiry_id == inquiry.id and case.kecamatan == "Rappocini"
    assert Inquiry.get_by_id(inquiry.id).status == "case_opened"
    assert [c.id for c in case.counsellors()] == [staff_by_role["konselor"].id]
    again = client.post(f"/staf/kasus/baru?pengaduan={inquiry.id}",
                        data=case_form(counsellors=[staff_by_role["konselor"].id]), follow_redirects=True)
    assert "sudah dijawab atau ditutup" in again.get_data(as_text=True) and Case.select().count() == 1


def test_a_counsellor_opens_a_walk_in_case_and_is_on_it(client, auth, staff_by_role):
    auth.login(staff_by_role["konselor"])
    assert client.post("/staf/kasus/baru", data=case_form()).status_code == 303
    case = Case.get()
    assert case.source == "walk_in" and case.client_phone == "+6281234567222"
    assert staff_by_role["konselor"].id in services.counsellor_ids(case)


def test_a_case_needs_a_counsellor_of_the_unit(client, auth, staff_by_role, create_unit, create_staff):
    stranger = create_staff(role="konselor", unit=create_unit())
    auth.login(staff_by_role["koordinator"])
    none = client.post("/staf/kasus/baru", data=case_form())
    other = client.post("/staf/kasus/baru", data=case_form(counsellors=[stranger.id]))
    for response in (none, other):
        assert response.status_code == 422
    assert "Pilih minimal satu konselor" in none.get_data(as_text=True)
    assert 'value="Bapak Klien"' in none.get_data(as_text=True)  # what was typed is kept
    assert Case.select().count() == 0


def test_bad_client_details_get_clear_messages(client, auth, staff_by_role):
    auth.login(staff_by_role["konselor"])
    response = client.post("/staf/kasus/baru", data=case_form(client_phone="123", client_nik="99", gender=""))
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "nomor HP Indonesia" in text and "NIK terdiri dari 16 angka" in text
    assert Case.select().count() == 0


def test_notes_are_read_only_by_their_author_and_the_cases_counsellors(client, auth, case_world):
    case = case_world["case"]
    for who, reads in (("on_case", True), ("koordinator", False), ("admin", False), ("org_admin", False)):
        auth.login(case_world[who])
        page = client.get(f"/staf/kasus/{case.id}").get_data(as_text=True)
        assert (NOTE_SECRET in page) is reads, who
        assert (CHRONOLOGY_SECRET in page) is reads and (REASON_SECRET in page) is reads, who
        assert case_world["on_case"].name in page  # everyone sees that the note exists and who wrote it
        assert (f'data-note-hidden="{case_world["note"].id}"' in page) is not reads, who
    auth.login(case_world["off_case"])
    assert client.get(f"/staf/kasus/{case.id}").status_code == 404


def test_a_removed_counsellor_reads_only_their_own_notes_and_writes_no_more(app, client, auth, case_world):
    case, first, second = case_world["case"], case_world["on_case"], case_world["off_case"]
    with app.test_request_context():
        services.set_counsellors(case_world["koordinator"], case, [first.id, second.id])
        services.add_note(second, case, "Catatan konselor kedua.")
        services.set_counsellors(case_world["koordinator"], case, [second.id])
    assert first.id not in services.counsellor_ids(case)
    auth.login(second)
    page = client.get(f"/staf/kasus/{case.id}").get_data(as_text=True)
    assert NOTE_SECRET in page and "Catatan konselor kedua." in page
    auth.login(first)  # the author still reads what they wrote, and nothing else of the case's confidences
    page = client.get(f"/staf/kasus/{case.id}").get_data(as_text=True)
    assert NOTE_SECRET in page and "Catatan konselor kedua." not in page and CHRONOLOGY_SECRET in page
    assert "Tulis catatan" not in page
    assert client.post(f"/staf/kasus/{case.id}/catatan", data={"body": "Lagi."}, follow_redirects=True).status_code == 200
    assert CaseNote.select().where(CaseNote.author == first.id).count() == 1


def test_a_counsellor_who_changes_role_reads_no_note(app, client, auth, case_world):
    counsellor = case_world["on_case"]
    counsellor.role = "koordinator"
    counsellor.save()
    auth.login(counsellor)
    page = client.get(f"/staf/kasus/{case_world['case'].id}").get_data(as_text=True)
    assert NOTE_SECRET not in page and CHRONOLOGY_SECRET not in page


def test_an_erased_case_takes_no_new_note_status_or_referral(app, case_world):
    from portal.people.services import anonymise_cases

    case, counsellor = case_world["case"], case_world["on_case"]
    with app.test_request_context():
        anonymise_cases([case.id], datetime(2026, 11, 23))
        for change in (lambda: services.add_note(counsellor, case, "Baru."),
                       lambda: services.refer(counsellor, case, referral_details()),
                       lambda: services.set_status(case_world["koordinator"], case, "closed"),
                       lambda: services.set_referral_status(counsellor, case_world["referral"], "done")):
            with pytest.raises(RuleError):
                change()
    assert CaseNote.select().count() == 1 and Referral.select().count() == 1


def test_closing_a_closed_case_changes_nothing(app, case_world):
    case = case_world["case"]
    with app.test_request_context():
        services.set_status(case_world["koordinator"], case, "closed", now=datetime(2026, 11, 1))
        with pytest.raises(RuleError):
            services.set_status(case_world["koordinator"], case, "closed", now=datetime(2026, 11, 20))
    assert Case.get_by_id(case.id).closed_at == datetime(2026, 11, 1)


def test_only_the_cases_counsellors_write_notes(client, auth, case_world):
    case = case_world["case"]
    auth.login(case_world["off_case"])
    assert client.post(f"/staf/kasus/{case.id}/catatan", data={"body": "x"}).status_code == 404
    auth.login(case_world["koordinator"])
    assert client.post(f"/staf/kasus/{case.id}/catatan", data={"body": "x"}).status_code == 403
    auth.login(case_world["on_case"])
    assert client.post(f"/staf/kasus/{case.id}/catatan", data={"body": "Sesi kedua."}).status_code == 303
    assert CaseNote.select().count() == 2


def test_every_open_of_a_case_is_audited(client, auth, case_world):
    case = case_world["case"]
    auth.login(case_world["koordinator"])
    client.get(f"/staf/kasus/{case.id}")
    client.get(f"/staf/kasus/{case.id}")
    views = AuditLog.select().where(AuditLog.action == "case.view", AuditLog.object_id == str(case.id))
    assert views.count() == 2 and {v.actor_id for v in views} == {case_world["koordinator"].id}
    assert all(v.ip for v in views)


def test_case_pages_are_no_store_and_out_of_htmx_history(client, auth, case_world):
    auth.login(case_world["on_case"])
    response = client.get(f"/staf/kasus/{case_world['case'].id}")
    assert response.headers["Cache-Control"].startswith("no-store")
    assert 'hx-history="false"' in response.get_data(as_text=True)


def test_notes_and_chronologies_are_stored_only_encrypted(case_world):
    with database.connection_context():
        note, = database.execute_sql("SELECT body FROM case_note").fetchone()
        reason, chronology = database.execute_sql("SELECT reason, chronology FROM referral").fetchone()
    assert NOTE_SECRET not in note and CHRONOLOGY_SECRET not in chronology and REASON_SECRET not in reason
    assert NOTE_SECRET in CaseNote.get().body


def test_referral_numbers_follow_each_other_per_unit_and_year(app, case_world):
    with app.test_request_context():
        second = services.refer(case_world["on_case"], case_world["case"], referral_details(destination="polisi"),
                                now=datetime(2026, 12, 31, 12))
        next_year = services.refer(case_world["on_case"], case_world["case"], referral_details(),
                                   now=datetime(2027, 1, 1, 1))
    first = case_world["referral"]
    assert (first.seq, second.seq, next_year.seq) == (1, 2, 1)
    assert first.number == "001/RUJ/PUSPAGA/MKS/XI/2026" and next_year.number.endswith("/I/2027")


def test_a_referral_needs_the_clients_consent(client, auth, case_world):
    auth.login(case_world["on_case"])
    data = {**referral_details(), "consent": ""}
    response = client.post(f"/staf/kasus/{case_world['case'].id}/rujukan", data=data)
    assert response.status_code == 422 and "persetujuan klien" in response.get_data(as_text=True)
    assert Referral.select().count() == 1


def test_the_letter_holds_everything_and_only_counsellors_get_it(client, auth, case_world):
    referral = case_world["referral"]
    auth.login(case_world["koordinator"])
    assert client.get(f"/staf/kasus/rujukan/{referral.id}/surat.pdf").status_code == 403
    auth.login(case_world["off_case"])
    assert client.get(f"/staf/kasus/rujukan/{referral.id}/surat.pdf").status_code == 404
    auth.login(case_world["on_case"])
    response = client.get(f"/staf/kasus/rujukan/{referral.id}/surat.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (referral.number, "UPTD PPA Kota Makassar", "Ibu Klien", CHRONOLOGY_SECRET, REASON_SECRET,
                     "Konseling dua kali", "menyetujui", case_world["on_case"].name):
        assert expected in " ".join(text.split()), expected
    assert len(reader.pages) == 1
    assert AuditLog.select().where(AuditLog.action == "referral.letter").count() == 1


def test_referral_status_moves_and_a_closed_case_takes_no_new_notes(app, client, auth, case_world):
    referral, case = case_world["referral"], case_world["case"]
    auth.login(case_world["koordinator"])
    assert client.post(f"/staf/kasus/rujukan/{referral.id}/status", data={"status": "accepted"}).status_code == 303
    assert Referral.get_by_id(referral.id).status == "accepted"
    assert client.post(f"/staf/kasus/rujukan/{referral.id}/status", data={"status": "lost"}).status_code == 422
    assert client.post(f"/staf/kasus/{case.id}/status", data={"status": "closed"}).status_code == 303
    assert Case.get_by_id(case.id).status == "closed"
    with app.test_request_context(), pytest.raises(RuleError):
        services.add_note(case_world["on_case"], Case.get_by_id(case.id), "Terlambat.")


def test_a_case_from_an_appointment_shows_it_on_the_timeline(app, client, auth, staff_by_role, service,
                                                             create_counsellor):
    from portal.counseling import services as counseling
    from tests.counseling.conftest import NOW, person

    counsellor = create_counsellor(service)
    with app.test_request_context():
        start = sorted(counseling.free_slots(service, "offline", NOW.date().replace(day=24), NOW))[0]
        appointment = counseling.book(service, "offline", start, person(), now=NOW)
    auth.login(counsellor)
    form = client.get(f"/staf/kasus/baru?janji={appointment.id}").get_data(as_text=True)
    assert appointment.name in form
    data = case_form(client_name=appointment.name, client_phone=appointment.phone, counsellors=[counsellor.id])
    assert client.post(f"/staf/kasus/baru?janji={appointment.id}", data=data).status_code == 303
    case = Case.get()
    assert case.source == "appointment"
    page = client.get(f"/staf/kasus/{case.id}").get_data(as_text=True)
    assert 'data-kind="appointment"' in page and appointment.code in page
    auth.login(staff_by_role["konselor"])  # another counsellor may not open a case from someone else's booking
    assert client.get(f"/staf/kasus/baru?janji={appointment.id}").status_code == 404


def test_someone_who_reported_another_persons_case_neither_gets_nor_erases_it(app, client, auth, staff_by_role,
                                                                            send_inquiry):
    neighbour = send_inquiry(phone="+6281234567999", name="Tetangga Pelapor")
    with app.test_request_context():
        case = services.open_case(staff_by_role["koordinator"], neighbour.unit_id, client_details(),
                                  [staff_by_role["konselor"].id], inquiry=neighbour)
        services.add_note(staff_by_role["konselor"], case, f"Catatan tentang korban. {NOTE_SECRET}")
    auth.login(staff_by_role["org_admin"])
    exported = client.post("/staf/data-pribadi/ekspor.json", data={"query": "081234567999"}).get_data(as_text=True)
    assert "Tetangga Pelapor" in exported and "Ibu Klien" not in exported and case.code not in exported
    client.post("/staf/data-pribadi/hapus", data={"query": "081234567999", "confirm": "y"})
    kept = Case.get_by_id(case.id)
    assert kept.client_name == "Ibu Klien" and kept.anonymised_at is None
    assert NOTE_SECRET in CaseNote.get(CaseNote.case == case.id).body
    assert Inquiry.get_by_id(neighbour.id).anonymised_at is not None


def test_a_case_from_an_urgent_request_is_urgent_and_heads_the_list(client, auth, staff_by_role, send_inquiry):
    calm, urgent = send_inquiry(n=1), send_inquiry(n=2, urgent=True)
    auth.login(staff_by_role["koordinator"])
    counsellor = [staff_by_role["konselor"].id]
    client.post(f"/staf/kasus/baru?pengaduan={urgent.id}", data=case_form(counsellors=counsellor))
    client.post(f"/staf/kasus/baru?pengaduan={calm.id}", data=case_form(counsellors=counsellor))
    client.post("/staf/kasus/baru", data=case_form(counsellors=counsellor, urgent="y"))
    assert [c.urgent for c in Case.select().order_by(Case.id)] == [True, False, True]
    page = client.get("/staf/kasus/").get_data(as_text=True)
    rows = [int(n) for n in re.findall(r'data-case="(\d+)"', page)]
    assert rows[-1] == 2 and page.count("row-urgent") == 2
    assert "data-urgent" in client.get("/staf/kasus/1").get_data(as_text=True)
    assert "data-urgent" not in client.get("/staf/kasus/2").get_data(as_text=True)
