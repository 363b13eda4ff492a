"""Staff issue a class's certificates in a real browser: first those ticked, then everyone left."""
import re

from playwright.sync_api import expect

from portal.certificates.models import Certificate, CertificateFile
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.db import database
from tests.browser.pages import no_horizontal_scroll, sign_in

COORDINATOR = "koordinator@puspaga.test"
MKS_PAST = "Kelas Persiapan Pernikahan Angkatan 11"


def class_without_certificates():
    """The demo's finished Makassar class as it was before its certificates were issued (this module's own copy)."""
    with database.connection_context():
        klass = Class.get(Class.title == MKS_PAST)
        ids = [c.id for c in Certificate.select(Certificate.id).where(Certificate.klass == klass.id)]
        CertificateFile.delete().where(CertificateFile.certificate.in_(ids)).execute()
        Certificate.delete().where(Certificate.id.in_(ids)).execute()
        completed = list(Registration.select().where(Registration.klass == klass.id,
                                                     Registration.status == "completed").order_by(Registration.name))
        return klass.id, completed


def test_the_coordinator_issues_those_ticked_then_everyone_left(page):
    klass_id, completed = class_without_certificates()
    assert len(completed) >= 2
    sign_in(page, COORDINATOR)
    page.goto(f"/staf/kelas/{klass_id}/sertifikat")
    no_horizontal_scroll(page)
    expect(page.locator("[data-waiting]")).to_have_attribute("data-waiting", str(len(completed)))

    first = completed[0]
    page.get_by_label(f"Pilih {first.name}").check()
    page.get_by_role("button", name="Terbitkan untuk yang dipilih").click()
    expect(page.locator(".notice-success")).to_contain_text("1 sertifikat diterbitkan")
    row = page.locator(f'tr[data-registration="{first.id}"]')
    expect(row.locator("[data-certificate-status]")).to_have_attribute("data-certificate-status", "issued")
    expect(row.get_by_role("link", name=re.compile(r"^\d{4}\/PUSPAGA\/MKS\/"))).to_be_visible()

    page.get_by_role("button", name=f"Terbitkan untuk semua yang lulus ({len(completed) - 1})").click()
    expect(page.locator(".notice-success")).to_contain_text(f"{len(completed) - 1} sertifikat diterbitkan")
    expect(page.locator("[data-waiting]")).to_have_attribute("data-waiting", "0")
    expect(page.get_by_role("button", name="Terbitkan untuk yang dipilih")).to_have_count(0)
    expect(page.get_by_role("link", name="Semua sertifikat, satu PDF untuk dicetak")).to_be_visible()
    no_horizontal_scroll(page)
    with database.connection_context():
        issued = Certificate.select().where(Certificate.klass == klass_id, Certificate.status == "issued")
        assert sorted(c.registration_id for c in issued) == sorted(r.id for r in completed)
