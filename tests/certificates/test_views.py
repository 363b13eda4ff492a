"""Verification by anyone, the holder's download, and the staff pages that issue, revoke and reissue."""
import zipfile
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.certificates import services
from portal.certificates.models import Certificate
from portal.registrations.models import Registration
from tests.certificates.conftest import completed_of


@pytest.fixture
def issued(closed_class, issue):
    """A closed pre-marriage class with two certificates issued and one registrant who did not complete."""
    klass = closed_class(completed=2, absent=1)
    return klass, sorted(issue(klass), key=lambda c: c.seq)


def verdict(response):
    page = response.get_data(as_text=True)
    return page.split('data-certificate-status="')[1].split('"')[0], page


def test_a_valid_certificate_says_so_with_the_holder_and_nothing_more_personal(client, issued):
    klass, (certificate, _) = issued
    response = client.get(f"/sertifikat/verifikasi/{certificate.code}")
    state, page = verdict(response)
    assert response.status_code == 200 and state == "issued" and "SAH" in page
    for shown in (certificate.holder_name, certificate.partner_name, klass.title, certificate.number, klass.unit.name):
        assert shown in page
    registration = Registration.get_by_id(certificate.registration_id)
    assert registration.phone not in page and registration.code not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_a_revoked_certificate_never_shows_as_valid(client, issued, dummy_staff):
    _, (certificate, _) = issued
    services.revoke(dummy_staff, certificate, "Data tidak benar")
    state, page = verdict(client.get(f"/sertifikat/verifikasi/{certificate.code}"))
    assert state == "revoked" and '<h1 class="verdict-word">DICABUT</h1>' in page and "verdict-issued" not in page
    assert "Dicabut pada" in page and "Data tidak benar" not in page


def test_a_replaced_certificate_names_its_replacement(app, client, issued, dummy_staff):
    _, (old, _) = issued
    with app.test_request_context():
        new = services.reissue(dummy_staff, old, "Nama Yang Benar", "")
    state, page = verdict(client.get(f"/sertifikat/verifikasi/{old.code}"))
    assert state == "replaced" and "DIGANTI" in page and new.number in page
    assert verdict(client.get(f"/sertifikat/verifikasi/{new.code}"))[0] == "issued"


def test_a_code_typed_into_the_address_bar_finds_its_page(client, issued):
    code = issued[1][0].code
    response = client.get(f"/sertifikat/verifikasi/{code.lower().replace('-', ' ')}")
    assert response.status_code == 308 and response.headers["Location"].endswith(f"/sertifikat/verifikasi/{code}")


def test_an_unknown_code_is_not_found(client, issued):
    response = client.get("/sertifikat/verifikasi/SRT-2222222222")
    assert response.status_code == 404 and verdict(response)[0] == "unknown"
    page = response.get_data(as_text=True)
    assert "TIDAK DITEMUKAN" in page and 'value="SRT-2222222222"' in page  # shown again, to correct it


@pytest.mark.parametrize("typed", ["number", "number in small letters", "code", "sloppy code"])
def test_searching_by_number_or_code_opens_its_page(client, issued, typed):
    _, (certificate, _) = issued
    text = {"number": certificate.number, "number in small letters": certificate.number.lower(),
            "code": certificate.code, "sloppy code": " " + certificate.code.lower().replace("-", "") + " "}[typed]
    response = client.get("/sertifikat/verifikasi", query_string={"q": text})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/sertifikat/verifikasi/{certificate.code}")


def test_a_search_for_nothing_or_an_unknown_number_says_why(client, issued):
    empty = client.get("/sertifikat/verifikasi", query_string={"q": "  "})
    assert empty.status_code == 422 and "Wajib diisi" in empty.get_data(as_text=True)
    unknown = client.get("/sertifikat/verifikasi", query_string={"q": "9999/PUSPAGA/X/2026"})
    assert unknown.status_code == 404 and 'value="9999/PUSPAGA/X/2026"' in unknown.get_data(as_text=True)


def test_verification_speaks_english_when_chosen(client, issued):
    client.set_cookie("lang", "en")
    page = client.get(f"/sertifikat/verifikasi/{issued[1][0].code}").get_data(as_text=True)
    assert "VALID" in page and "This certificate is genuine" in page


def test_verification_is_rate_limited(client, issued):
    code = issued[1][0].code
    answers = [client.get(f"/sertifikat/verifikasi/{code}").status_code for _ in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429


def test_the_holder_downloads_their_certificate_and_the_browser_keeps_it(client, issued):
    _, (certificate, _) = issued
    token = Registration.get_by_id(certificate.registration_id).token
    page = client.get(f"/pendaftaran/{token}").get_data(as_text=True)
    assert f"/pendaftaran/{token}/sertifikat.pdf" in page and certificate.number in page
    response = client.get(f"/pendaftaran/{token}/sertifikat.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert certificate.holder_name in PdfReader(BytesIO(response.data)).pages[0].extract_text()
    assert "private" in response.headers["Cache-Control"] and response.headers["ETag"]
    again = client.get(f"/pendaftaran/{token}/sertifikat.pdf", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_no_download_without_a_valid_certificate(client, issued, dummy_staff):
    klass, (certificate, _) = issued
    absent = Registration.get(Registration.klass == klass.id, Registration.status == "not_completed")
    page = client.get(f"/pendaftaran/{absent.token}").get_data(as_text=True)
    assert "sertifikat.pdf" not in page and "syarat lulus" in page
    assert client.get(f"/pendaftaran/{absent.token}/sertifikat.pdf").status_code == 404
    token = Registration.get_by_id(certificate.registration_id).token
    assert client.get(f"/pendaftaran/{token}/sertifikat.pdf").status_code == 200  # now kept
    services.revoke(dummy_staff, certificate, "Salah orang")
    assert client.get(f"/pendaftaran/{token}/sertifikat.pdf").status_code == 404
    for junk in ("x" * 65, "%00", "a%00b", "%F0%9F%99%82"):
        assert client.get(f"/pendaftaran/{junk}/sertifikat.pdf").status_code == 404
        assert client.get(f"/pendaftaran/{junk}").status_code == 404
    assert "dicabut" in client.get(f"/pendaftaran/{token}").get_data(as_text=True)


# Staff.

def test_staff_issue_to_everyone_who_completed(client, auth, closed_class, staff_by_role):
    klass = closed_class(completed=3, absent=1)
    auth.login(staff_by_role["koordinator"])
    page = client.get(f"/staf/kelas/{klass.id}/sertifikat").get_data(as_text=True)
    assert 'data-waiting="3"' in page
    response = client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "all"})
    assert response.status_code == 303
    assert Certificate.select().count() == 3
    assert client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "all"}).status_code == 303
    assert Certificate.select().count() == 3


def test_staff_issue_to_those_ticked_or_are_told_to_tick_someone(client, auth, closed_class, staff_by_role):
    klass = closed_class(completed=3)
    auth.login(staff_by_role["admin"])
    nobody = client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "selected"})
    assert nobody.status_code == 422 and "Pilih minimal satu peserta" in nobody.get_data(as_text=True)
    chosen = completed_of(klass)[:2]
    client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "selected", "registrations": [r.id for r in chosen]})
    assert sorted(c.registration_id for c in Certificate.select()) == [r.id for r in chosen]


def test_staff_cannot_issue_to_someone_who_did_not_complete(client, auth, closed_class, staff_by_role):
    klass = closed_class(completed=1, absent=1)
    absent = Registration.get(Registration.klass == klass.id, Registration.status == "not_completed")
    auth.login(staff_by_role["koordinator"])
    response = client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "selected", "registrations": [absent.id]})
    assert response.status_code == 422 and "hanya untuk peserta yang lulus" in response.get_data(as_text=True)
    assert not Certificate.select().exists()


def test_a_facilitator_sees_certificates_but_does_not_issue(client, auth, closed_class, staff_by_role):
    klass = closed_class(completed=1)
    auth.login(staff_by_role["fasilitator"])
    assert client.post(f"/staf/kelas/{klass.id}/sertifikat", data={"scope": "all"}).status_code == 403
    assert not Certificate.select().exists()


def test_staff_of_another_unit_cannot_reach_a_certificate(client, auth, issued, create_unit, create_staff):
    _, (certificate, _) = issued
    auth.login(create_staff(role="admin", unit=create_unit(code="LAIN"), email="lain@puspaga.test"))
    assert client.get(f"/staf/sertifikat/{certificate.id}").status_code == 404
    assert client.post(f"/staf/sertifikat/{certificate.id}/cabut", data={"reason": "bukan urusan saya"}).status_code == 404
    assert Certificate.get_by_id(certificate.id).status == "issued"


def test_revoking_needs_a_reason_and_keeps_what_was_typed(client, auth, issued, staff_by_role):
    _, (certificate, _) = issued
    auth.login(staff_by_role["koordinator"])
    short = client.post(f"/staf/sertifikat/{certificate.id}/cabut", data={"reason": "x"})
    assert short.status_code == 422 and "x</textarea>" in short.get_data(as_text=True) and "5 sampai 300" in short.get_data(as_text=True)
    assert Certificate.get_by_id(certificate.id).status == "issued"
    done = client.post(f"/staf/sertifikat/{certificate.id}/cabut", data={"reason": "Peserta salah data"})
    assert done.status_code == 303 and Certificate.get_by_id(certificate.id).status == "revoked"


def test_reissuing_with_a_corrected_name(client, auth, issued, staff_by_role):
    _, (certificate, _) = issued
    auth.login(staff_by_role["admin"])
    empty = client.post(f"/staf/sertifikat/{certificate.id}/ganti", data={"holder_name": "", "partner_name": "P"})
    assert empty.status_code == 422 and 'value="P"' in empty.get_data(as_text=True)
    response = client.post(f"/staf/sertifikat/{certificate.id}/ganti", data={"holder_name": "Warga Nol", "partner_name": "P"})
    new = Certificate.get(Certificate.version == 2)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staf/sertifikat/{new.id}")
    assert (new.holder_name, new.partner_name) == ("Warga Nol", "P")
    assert "Riwayat versi" in client.get(f"/staf/sertifikat/{new.id}").get_data(as_text=True)


def test_staff_download_a_class_as_one_pdf_and_as_a_zip_of_single_files(client, auth, issued, staff_by_role):
    klass, certificates = issued
    auth.login(staff_by_role["koordinator"])
    merged = client.get(f"/staf/kelas/{klass.id}/sertifikat.pdf")
    assert merged.status_code == 200 and len(PdfReader(BytesIO(merged.data)).pages) == 2
    archive = zipfile.ZipFile(BytesIO(client.get(f"/staf/kelas/{klass.id}/sertifikat.zip").data))
    names = sorted(archive.namelist())
    assert names == sorted(f"sertifikat-{c.number.replace('/', '-')}.pdf" for c in certificates)
    assert all(len(PdfReader(BytesIO(archive.read(n))).pages) == 1 for n in names)
    single = client.get(f"/staf/sertifikat/{certificates[0].id}.pdf")
    assert single.status_code == 200 and certificates[0].number in PdfReader(BytesIO(single.data)).pages[0].extract_text()


def test_staff_preview_a_class_certificate_before_issuing(client, auth, create_class, staff_by_role):
    klass = create_class()
    auth.login(staff_by_role["koordinator"])
    response = client.get(f"/staf/kelas/{klass.id}/sertifikat/contoh.pdf")
    assert response.status_code == 200 and "CONTOH" in PdfReader(BytesIO(response.data)).pages[0].extract_text()
