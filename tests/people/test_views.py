"""The data-pribadi pages: search, export and erase by POST, for admins only, with the confidential parts left out."""
import io
import json
import logging

import pytest
from pypdf import PdfReader

from portal.audit.models import AuditLog
from portal.registrations.models import Registration
from tests.people.conftest import (ANSWER, CHRONOLOGY_MARKER, CONCERN, MESSAGE, NAME, NIK, NOTE_MARKER, PHONE,
                                   REASON_MARKER)

pytestmark = pytest.mark.engines
URL = "/staf/data-pribadi/"
CONFIDENTIAL = (NOTE_MARKER, CHRONOLOGY_MARKER, REASON_MARKER)


@pytest.fixture
def admin(auth, staff_by_role):
    auth.login(staff_by_role["admin"])
    return staff_by_role["admin"]


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_search_page_is_for_admins_only(client, auth, staff_by_role):
    for role in ("koordinator", "konselor", "fasilitator"):
        auth.login(staff_by_role[role])
        assert client.get(URL).status_code == 403 and client.post(URL, data={"query": PHONE}).status_code == 403
        auth.logout()
    auth.login(staff_by_role["admin"])
    page = client.get(URL)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'method="post"' in page.get_data(as_text=True)


def test_a_search_lists_every_kind_without_confidential_text_and_audits_only_counts(client, admin, seed_person):
    seed_person()
    response = client.post(URL, data={"query": "0812 3450 0777"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert NAME in page and "0812-3450-0777" in page and NIK in page
    for text in ("Pendaftaran kelas", "Sertifikat", "Janji temu konseling", "Pengaduan", "Kasus", "1 catatan"):
        assert text in page
    assert [t for t in (*CONFIDENTIAL, CONCERN, MESSAGE, ANSWER) if t in page] == []
    entry = AuditLog.get(AuditLog.action == "person.search")
    assert entry.detail == "by=phone registrations=1 certificates=1 appointments=1 inquiries=1 cases=1 messages=3"
    assert entry.actor_id == admin.id and entry.unit_id == admin.unit_id


@pytest.mark.parametrize("typed, message", [
    ("", "Wajib diisi"),
    ("   ", "Wajib diisi"),
    ("bukan nomor", "Masukkan nomor HP Indonesia"),
    ("1" * 40, "Masukkan nomor HP Indonesia"),
    ("1" * 41, "Terlalu panjang"),
    ("0000000000000000", "NIK terdiri dari 16 angka"),
    ("+1 202 555 0100", "Masukkan nomor HP Indonesia"),
])
def test_bad_input_gets_a_clear_message(client, admin, typed, message):
    for url in (URL, URL + "ekspor.json", URL + "ekspor.pdf", URL + "hapus"):
        response = client.post(url, data={"query": typed, "confirm": "y"})
        assert response.status_code == 422, url
        assert message in response.get_data(as_text=True), url
    assert not AuditLog.select().where(AuditLog.action.startswith("person.")).exists()


def test_the_json_export_holds_the_persons_data_but_no_note_or_chronology(client, admin, seed_person, caplog):
    seed_person()
    caplog.set_level(logging.DEBUG)
    response = client.post(URL + "ekspor.json", data={"query": "+62 812-3450-0777"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=data-pribadi-")
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["identifiers"] == {"phones": [PHONE], "niks": [NIK], "emails": ["siti.rahma@contoh.id"]}
    assert data["registrations"][0]["name"] == NAME and data["certificates"][0]["kept_file"] is True
    assert [(t["stage"], t["score"], t["source"], t["answers"]) for t in data["registrations"][0]["tests"]] == [
        ("pre", 40, "online", [1, 0, 2, 1, 3]), ("post", 80, "paper", [1, 2, 2, 1, 3])]
    assert data["appointments"][0]["concern"] == CONCERN and data["inquiries"][0]["message"] == MESSAGE
    assert data["inquiries"][0]["history"][0]["answer"] == ANSWER
    case = data["cases"][0]
    assert case["client_nik"] == NIK and case["notes"][0]["author"] == "Konselor Uji"
    assert set(case["referrals"][0]) == {"number", "destination", "institution", "status", "created_at"}
    assert "konselor" in data["confidentiality"]
    for leaked in (text, caplog.text, *(e.detail for e in AuditLog.select())):
        assert [t for t in CONFIDENTIAL if t in leaked] == []
    # Only peewee's SQL debug log (off at the portal's INFO level) echoes query parameters such as the number.
    assert [r.getMessage() for r in caplog.records if r.name != "peewee" and (PHONE in r.getMessage()
                                                                              or NIK in r.getMessage())] == []
    assert AuditLog.get(AuditLog.action == "person.export").detail.startswith("json by=phone registrations=1")


def test_the_pdf_export_is_readable_and_leaves_out_notes_and_chronologies(client, admin, seed_person, caplog):
    seed_person()
    caplog.set_level(logging.DEBUG)
    response = client.post(URL + "ekspor.pdf", data={"query": NIK})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"].startswith("no-store")
    text = pdf_text(response.data)
    for shown in (NAME, NIK, "0812-3450-0777", CONCERN, MESSAGE, ANSWER, "Konselor Uji", "UPTD PPA Kota Uji",
                  "Puspaga Kota Makassar", "tidak disertakan", "Tes awal 40 dari 100 · Daring",
                  "Tes akhir 80 dari 100 · Kertas (diketik petugas)"):
        assert shown in text.replace("\n", " "), shown
    for leaked in (text, caplog.text, *(e.detail for e in AuditLog.select())):
        assert [t for t in CONFIDENTIAL if t in leaked] == []


def test_nothing_found_still_answers_with_a_document(client, admin):
    page = client.post(URL, data={"query": "081299998888"}).get_data(as_text=True)
    assert "Tidak ada data tersimpan" in page and "Hapus data pribadi" not in page
    assert "Tidak ada data tersimpan" in pdf_text(client.post(URL + "ekspor.pdf", data={"query": "081299998888"}).data)


def test_erasing_needs_the_tick(client, admin, seed_person):
    person = seed_person()
    response = client.post(URL + "hapus", data={"query": PHONE})
    assert response.status_code == 422 and "Centang kotak ini" in response.get_data(as_text=True)
    assert Registration.get_by_id(person.registration.id).name == NAME


def test_erasing_after_the_tick_leaves_nothing_to_find(client, admin, seed_person):
    person = seed_person()
    response = client.post(URL + "hapus", data={"query": "081234500777", "confirm": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    assert "dianonimkan" in client.get(URL).get_data(as_text=True)
    assert Registration.get_by_id(person.registration.id).anonymised_at is not None
    page = client.post(URL, data={"query": PHONE}).get_data(as_text=True)
    assert "Tidak ada data tersimpan" in page and NAME not in page
    entry = AuditLog.get(AuditLog.action == "person.erase")
    assert PHONE not in entry.detail and NAME not in entry.detail and entry.detail.startswith("registrations=1")


def test_with_htmx_the_erase_panel_alone_comes_back_until_ticked_then_the_whole_page_changes(hx, admin, seed_person):
    seed_person()
    response = hx.post(URL + "hapus", data={"query": PHONE})
    panel = response.get_data(as_text=True)
    assert response.status_code == 422 and panel.lstrip().startswith("<section") and "<html" not in panel
    assert 'id="erase"' in panel and "Centang kotak ini" in panel
    response = hx.post(URL + "hapus", data={"query": PHONE, "confirm": "y"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == URL
    assert Registration.select().where(Registration.anonymised_at.is_null()).count() == 0


def test_the_page_reads_the_same_number_of_queries_however_much_is_held(client, admin, seed_person, count_queries):
    seed_person()
    with count_queries() as one:
        assert client.post(URL, data={"query": PHONE}).status_code == 200
    seed_person(tag="dua")
    seed_person(tag="tiga")
    with count_queries() as three:
        page = client.post(URL, data={"query": PHONE}).get_data(as_text=True)
    assert page.count(">Lulus<") == 3 and three.value == one.value
