"""The certificate document: what it prints, its QR code, one page each, and the kept rendering."""
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.certificates import pdf as certificate_pdf
from portal.certificates import services
from portal.certificates.models import Certificate, CertificateFile
from portal.db import utcnow
from portal.units.models import Unit
from tests.classes.conftest import person


def text_of(pdf):
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def qr_codes(pdf, tmp_path):
    """Every QR code on the first page, read from a 200 dpi rendering with zbarimg."""
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", tmp_path / "c.pdf", tmp_path / "page"],
                   check=True)
    [image] = tmp_path.glob("page*.png")
    found = subprocess.run(["zbarimg", "--quiet", "--raw", image], capture_output=True, text=True, check=True)
    return found.stdout.split()


def kept(app, certificate):
    with app.test_request_context():
        return certificate_pdf.kept_pdf(Certificate.downloadable(certificate.registration_id))


def test_the_certificate_prints_name_partner_number_class_and_signatory(app, closed_class, issue, dummy_unit):
    Unit.update(head_name="Dra. Andi Nurhayati", head_nip="197003121995032004", city="Kota Makassar").execute()
    klass = closed_class(completed=1, title="Kelas Persiapan Pernikahan Angkatan 12")
    [certificate] = issue(klass)
    [page] = text_of(kept(app, certificate)[0])
    for expected in ("SERTIFIKAT", "KELAS PERSIAPAN PERNIKAHAN", "Warga 0", "Pasangan", certificate.number,
                     "Kelas Persiapan Pernikahan Angkatan 12", certificate.code, "Dra. Andi Nurhayati",
                     "NIP. 197003121995032004", "Kota Makassar,", "6 jam"):
        assert expected in page, expected


def test_a_parenting_certificate_has_its_own_title_and_no_partner(app, closed_class, issue):
    [certificate] = issue(closed_class(completed=1, kind="parenting"))
    [page] = text_of(kept(app, certificate)[0])
    assert "KELAS PARENTING" in page and "pasangan" not in page.lower()


def test_the_nik_is_printed_when_the_registrant_gave_one(app, create_class, register, held, dummy_staff):
    from portal.registrations import services as registering

    klass = create_class(capacity=2)
    registration, _ = register(klass, person(1, nik="7371012345678901"))
    held(klass)
    with app.test_request_context():
        for session in klass.sessions:
            registering.mark_attendance(dummy_staff, registration, session, True)
        registering.close_class(dummy_staff, klass.id)
        [certificate] = services.issue_certificates(dummy_staff, klass.id)
    assert "NIK 7371012345678901" in text_of(kept(app, certificate)[0])[0]


def test_the_qr_code_reads_as_the_exact_verification_address(app, closed_class, issue, tmp_path):
    [certificate] = issue(closed_class(completed=1))
    assert qr_codes(kept(app, certificate)[0], tmp_path) == [
        f"http://localhost/sertifikat/verifikasi/{certificate.code}"]


def test_a_class_renders_as_one_document_with_a_page_each(app, closed_class, issue):
    klass = closed_class(completed=3)
    issue(klass)
    certificates = list(Certificate.issued_in_class(klass.id))
    with app.test_request_context():
        document = certificate_pdf.render(certificates, klass)
        pages = text_of(certificate_pdf.write(document))
        singles = certificate_pdf.split(document, certificates)
    assert len(pages) == 3
    assert [c.holder_name in page for c, page in zip(certificates, pages)] == [True] * 3
    assert [len(text_of(pdf)) for _, pdf in singles] == [1, 1, 1]
    assert certificates[2].number in text_of(singles[2][1])[0]


def test_a_kept_certificate_is_served_again_without_rendering(app, closed_class, issue, monkeypatch):
    [certificate] = issue(closed_class(completed=1))
    pdf, etag = kept(app, certificate)
    monkeypatch.setattr(certificate_pdf, "render", lambda *a, **k: pytest.fail("rendered again"))
    assert kept(app, certificate) == (pdf, etag)


@pytest.mark.parametrize("change", ["unit", "template"])
def test_a_changed_unit_or_template_renders_the_certificate_again(app, closed_class, issue, monkeypatch, change):
    [certificate] = issue(closed_class(completed=1))
    first, _ = kept(app, certificate)
    renders, real_render = [], certificate_pdf.render
    monkeypatch.setattr(certificate_pdf, "render", lambda *a: renders.append(a) or real_render(*a))
    if change == "unit":
        Unit.update(name="Puspaga Kota Baru", updated_at=utcnow() + timedelta(seconds=1)).execute()
    else:
        monkeypatch.setattr(certificate_pdf, "template_version", lambda: "changed")
    pdf, _ = kept(app, certificate)
    assert len(renders) == 1 and kept(app, certificate)[0] == pdf and len(renders) == 1
    assert ("Puspaga Kota Baru" in text_of(pdf)[0]) == (change == "unit")
    assert CertificateFile.select().count() == 1


def test_the_sample_is_marked_and_uses_the_class_and_unit(app, closed_class):
    klass = closed_class(completed=0, title="Kelas Parenting Contoh", kind="parenting")
    with app.test_request_context():
        [page] = text_of(certificate_pdf.write(certificate_pdf.render([certificate_pdf.sample_certificate(klass)], klass, sample=True)))
    assert "CONTOH" in page and "Nama Peserta Contoh" in page and "Kelas Parenting Contoh" in page
    assert not Certificate.select().exists()


def test_each_kind_keeps_its_own_style_when_rendered_one_after_another(app, closed_class, issue, tmp_path):
    """A thread keeps the style sheets it parsed: a class kind's colours never leak into another's certificate."""
    from PIL import Image

    def border_colour(pdf, name):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", tmp_path / f"{name}.pdf", tmp_path / name],
                       check=True)
        with Image.open(tmp_path / f"{name}.png") as image:  # the accent border, 10 mm in from the left edge
            return image.convert("RGB").getpixel((round(10 / 25.4 * 40), image.height // 2))

    [pranikah] = issue(closed_class(completed=1, kind="pranikah"))
    [parenting] = issue(closed_class(completed=1, kind="parenting"))
    with app.test_request_context():  # rendered each time, not the kept file
        first, other, again = (border_colour(certificate_pdf.write(certificate_pdf.render([c], c.klass)), name)
                               for c, name in ((pranikah, "a"), (parenting, "b"), (pranikah, "c")))
    assert first == again and first != other
