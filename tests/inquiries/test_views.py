"""Citizens send a request, get a code, and follow it with their phone number."""
import pytest

from portal.db import database
from portal.inquiries.models import Inquiry, InquiryEvent
from portal.notify.models import OutboxMessage
from tests.inquiries.conftest import form

pytestmark = pytest.mark.engines


def test_the_form_asks_about_danger_and_shows_sapa_129(client, dummy_unit):
    page = client.get("/pengaduan/").get_data(as_text=True)
    assert "danger-question" in page and "tel:129" in page
    for label in ("Pengasuhan anak", "Hak asuh", "Perkawinan dan pranikah", "Akta kelahiran dan dokumen",
                  "Konflik keluarga", "Remaja", "Lainnya"):
        assert label in page


def test_sending_gives_a_code_and_opens_its_page(client, dummy_unit):
    response = client.post("/pengaduan/", data=form(dummy_unit))
    assert response.status_code == 303
    inquiry = Inquiry.get()
    assert response.headers["Location"].endswith(f"/pengaduan/{inquiry.code}")
    assert inquiry.phone == "+6281234567001" and inquiry.status == "new" and not inquiry.urgent
    assert inquiry.kecamatan == "Tamalate" and inquiry.consent_version
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and page.headers["Cache-Control"].startswith("no-store")
    text = page.get_data(as_text=True)
    assert inquiry.code in text and "Pengaduan diterima" in text and "bertemu anak" in text
    message = OutboxMessage.get()
    assert message.recipient == "+6281234567001" and inquiry.code in message.body
    assert "bertemu anak" not in message.body  # the request's words are never in a message


def test_the_sent_request_says_when_to_expect_an_answer_and_claims_no_delivery(client, dummy_unit):
    dummy_unit.answer_days = 3
    dummy_unit.save()
    page = client.get(client.post("/pengaduan/", data=form(dummy_unit)).headers["Location"]).get_data(as_text=True)
    assert 'data-answer-days="3"' in page and "dalam 3 hari kerja" in page
    assert "kami kirim" not in page and 'data-delivery="pending"' in page and "menunggu dikirim petugas" in page


def test_yes_to_danger_flags_the_request_urgent(client, dummy_unit):
    client.post("/pengaduan/", data=form(dummy_unit, danger="yes"))
    assert Inquiry.get().urgent
    assert "SAPA 129" not in OutboxMessage.get().body  # the page shows the help line, not a shared phone


def test_the_message_is_stored_only_encrypted(client, dummy_unit):
    client.post("/pengaduan/", data=form(dummy_unit))
    with database.connection_context():
        (raw,) = database.execute_sql("SELECT message FROM inquiry").fetchone()
    assert "bertemu" not in raw and Inquiry.get().message.startswith("Mantan suami")


def test_a_double_submit_makes_one_request(client, dummy_unit):
    first = client.post("/pengaduan/", data=form(dummy_unit))
    second = client.post("/pengaduan/", data=form(dummy_unit))
    assert Inquiry.select().count() == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_another_browser_needs_the_phone_and_a_wrong_one_tells_nothing(app, client, dummy_unit, send_inquiry):
    inquiry = send_inquiry()
    stranger = app.test_client()
    asked = stranger.get(f"/pengaduan/{inquiry.code}")
    assert asked.status_code == 200 and "bertemu anak" not in asked.get_data(as_text=True)
    wrong = stranger.post(f"/pengaduan/{inquiry.code}", data={"phone": "0812 9999 9999"})
    missing = stranger.post("/pengaduan/ADU-ZZZZZZ", data={"phone": "0812 3456 7000"})
    for response in (wrong, missing):
        assert response.status_code == 422
        assert "tidak cocok" in response.get_data(as_text=True)
    right = stranger.post(f"/pengaduan/{inquiry.code.lower()}", data={"phone": "0812-3456-7000"}, follow_redirects=True)
    assert right.status_code == 200 and "bertemu anak" in right.get_data(as_text=True)


def test_the_code_box_leads_to_the_request(client, send_inquiry):
    inquiry = send_inquiry()
    bare = inquiry.code.removeprefix("ADU-")
    for typed in (" " + inquiry.code.lower(), bare, f"adu {bare[:3]} {bare[3:].lower()}", f"ADU{bare}"):
        response = client.get("/pengaduan/kode", query_string={"kode": typed})
        assert response.headers["Location"].endswith(f"/pengaduan/{inquiry.code}"), typed
    for junk in ("%%%", "abc", "ADU-1234567", "ADU-OOOOOO"):
        response = client.get("/pengaduan/kode", query_string={"kode": junk})
        assert response.headers["Location"].endswith("/pengaduan/"), junk


def test_a_code_that_cannot_be_one_is_not_looked_up(client):
    assert client.get("/pengaduan/ADU-%00").status_code == 404
    assert client.post("/pengaduan/ADU-%00", data={"phone": "081234567000"}).status_code == 404


def test_bad_input_keeps_what_was_typed_and_stores_nothing(client, dummy_unit):
    response = client.post("/pengaduan/", data=form(dummy_unit, phone="12", consent=""))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nomor HP Indonesia yang benar" in text and "Centang persetujuan" in text
    assert "Mantan suami tidak mengizinkan" in text and 'value="Tamalate"' in text
    assert Inquiry.select().count() == 0 and InquiryEvent.select().count() == 0
    assert OutboxMessage.select().count() == 0


def test_english_speakers_get_english_errors(client, dummy_unit):
    client.get("/bahasa?lang=en")
    response = client.post("/pengaduan/", data=form(dummy_unit, message=""))
    assert response.status_code == 422 and "This field is required" in response.get_data(as_text=True)


def test_with_several_offices_nobody_is_sent_to_the_first_by_not_choosing(client, dummy_unit, create_unit):
    create_unit(name="Puspaga Kabupaten Lain")
    page = client.get("/pengaduan/").get_data(as_text=True)
    assert "— Pilih Puspaga —" in page
    response = client.post("/pengaduan/", data=form(dummy_unit, unit=""))
    assert response.status_code == 422 and Inquiry.select().count() == 0


def test_a_code_whose_random_part_starts_like_its_prefix_is_still_found():
    from portal.tokens import typed_code

    assert typed_code("ADU7K9", "ADU") == "ADU-ADU7K9"
    assert typed_code("aduadu7k9", "ADU") == "ADU-ADU7K9"
    assert typed_code("ADU-7K9XY", "ADU") is None and typed_code("ADU-7K9X", "ADU") is None


def test_an_erased_request_is_gone_even_for_the_browser_that_sent_it(client, dummy_unit):
    from datetime import datetime

    from portal.people.services import anonymise_inquiries

    response = client.post("/pengaduan/", data=form(dummy_unit))
    with client.application.test_request_context():
        anonymise_inquiries([Inquiry.get().id], datetime(2026, 11, 23))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "bertemu anak" not in page and "Lihat pengaduan" in page


def test_a_valid_phone_comes_back_the_way_it_is_written_when_something_else_is_wrong(client, dummy_unit):
    response = client.post("/pengaduan/", data=form(dummy_unit, consent=""))
    assert response.status_code == 422
    assert 'value="0812-3456-7001"' in response.get_data(as_text=True)
