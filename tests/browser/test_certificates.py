"""Certificates in a real browser: the holder downloads, a verifier scans the QR, staff revoke."""
import re

from playwright.sync_api import expect

from portal.certificates.models import Certificate
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.db import database
from tests.browser.pages import no_horizontal_scroll, sign_in

COORDINATOR = "koordinator@puspaga.test"
MKS_PAST = "Kelas Persiapan Pernikahan Angkatan 11"
SLM_PAST = "Kelas Parenting: Disiplin Positif di Rumah"


def issued_certificate(title):
    """A valid certificate of the demo class `title` (the live server shares this process's database handle)."""
    with database.connection_context():
        klass = Class.get(Class.title == title)
        certificate = (Certificate.select().where(Certificate.klass == klass.id, Certificate.status == "issued")
                       .order_by(Certificate.seq).first())
        assert certificate is not None, f"the demo issued no certificate in {title!r}"
        token = Registration.get_by_id(certificate.registration_id).token
        return klass.id, certificate, token


def test_a_registrant_downloads_their_certificate_on_a_phone(page):
    _, certificate, token = issued_certificate(SLM_PAST)
    with database.connection_context():
        assert Certificate.downloadable(certificate.registration_id) is not None

    page.goto(f"/pendaftaran/{token}")
    panel = page.locator('section[data-certificate-status="issued"]')
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Sertifikat")
    no_horizontal_scroll(page)

    with page.expect_download() as info:
        panel.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_a_verifier_opens_the_qr_link_on_a_phone(page, console):
    console.allow(r"\b404\b.*/sertifikat/verifikasi\b")  # an unknown code answers 404, which Chromium and htmx log
    _, certificate, _ = issued_certificate(MKS_PAST)

    page.goto(f"/sertifikat/verifikasi/{certificate.code}")
    expect(page.locator(".verdict-word")).to_have_text("SAH")
    expect(page.locator(".verify-holder")).to_have_text(certificate.holder_name)
    no_horizontal_scroll(page)

    search = page.get_by_label("Nomor sertifikat atau kode verifikasi")
    search.fill("SRT-2222222222")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".verdict-word")).to_have_text("TIDAK DITEMUKAN")
    no_horizontal_scroll(page)

    page.get_by_label("Nomor sertifikat atau kode verifikasi").fill(certificate.number)
    page.get_by_role("button", name="Periksa").click()
    expect(page).to_have_url(re.compile(rf"/sertifikat/verifikasi/{re.escape(certificate.code)}$"))
    expect(page.locator(".verdict-word")).to_have_text("SAH")
    expect(page.locator(".verify-holder")).to_have_text(certificate.holder_name)


def test_the_coordinator_revokes_a_certificate(page):
    klass_id, certificate, _ = issued_certificate(MKS_PAST)
    # Not the one the verifier test looks up, so the tests can run in any order.
    with database.connection_context():
        certificate = (Certificate.select()
                       .where(Certificate.klass == klass_id, Certificate.status == "issued")
                       .order_by(Certificate.seq.desc()).first())

    sign_in(page, COORDINATOR)
    page.goto(f"/staf/kelas/{klass_id}/sertifikat")
    no_horizontal_scroll(page)
    page.get_by_role("link", name=certificate.number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(certificate.number)

    page.get_by_label("Alasan pencabutan").fill("Peserta ternyata tidak hadir pada sesi terakhir.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cabut sertifikat").click()
    badge = page.locator(".page-head [data-certificate-status]")
    expect(badge).to_have_text("Dicabut")
    expect(badge).to_have_attribute("data-certificate-status", "revoked")

    page.goto(f"/sertifikat/verifikasi/{certificate.code}")
    expect(page.locator(".verdict-word")).to_have_text("DICABUT")
    expect(page.locator(".verify-holder")).to_have_text(certificate.holder_name)
    no_horizontal_scroll(page)
