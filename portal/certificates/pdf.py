"""Certificate documents: one page per certificate, a template per class kind, kept once rendered."""
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from itertools import groupby

import segno
from babel.numbers import format_decimal
from flask import current_app, url_for
from flask_babel import force_locale

from portal.certificates.models import Certificate, CertificateFile
from portal.registrations.models import Registration
from portal.classes.models import KINDS, ClassSession
from portal.db import utcnow
from portal.i18n import local_date, local_date_range, local_from_utc
from portal.pdf import fonts_version, image_data_uri, render_document
from portal.units.models import UnitImage
from portal.numbering import render_number

TEMPLATE = "pdf/certificates.html"
# Every template a certificate is drawn from: a change to any of them renders kept files again.
TEMPLATE_PARTS = (TEMPLATE, "pdf/_base.html", "pdf/certificates/_page.html",
                  "pdf/certificates/pranikah.html", "pdf/certificates/parenting.html")
SAMPLE_CODE = "SRT-CONTOH0000"
# The id of the square each page leaves for its QR code: "qr-<verification code>".
QR_ANCHOR = "qr-"
# Every code uses one and the same of the standard's eight masks: scoring all eight for each code (the default)
# cost about 7 ms a page, and a reader reads a code under any of them (ISO/IEC 18004 7.8).
QR_MASK = 0
POINTS_PER_PX = .75
# Where the certificate template prints the unit's images (width, height).
LOGO_MM, SIGNATURE_MM = (17, 17), (60, 17)


@dataclass
class Page:
    """What one certificate page prints."""

    kind_label: str
    number: str
    code: str
    holder_name: str
    partner_name: str
    nik: str
    class_title: str
    dates: str
    hours: str
    unit_name: str
    signed_at: str
    signer_name: str
    signer_title: str
    signer_nip: str
    verify_address: str
    qr_anchor: str
    sample: bool = False


def verify_url(code):
    return url_for("certificates.verify", code=code, _external=True)


def verify_address():
    """Where to type a code by hand, without the scheme: 'puspaga.go.id/sertifikat/verifikasi'."""
    return url_for("certificates.verify_search", _external=True).split("://", 1)[-1]


def dark_runs(url):
    """The verification link's QR code as (row, first column, length) of each run of dark modules, and its size."""
    matrix = segno.make(url, error="m", micro=False, mask=QR_MASK).matrix
    runs = []
    for row, modules in enumerate(matrix):
        column = 0
        for dark, group in groupby(modules):
            length = len(list(group))
            if dark:
                runs.append((row, column, length))
            column += length
    return runs, len(matrix)


def draw_qr_codes(document, pdf):
    """Draw each page's verification QR code, as filled rectangles, into the square its template left.

    A `write_pdf` finisher: it runs on the finished pages just before the file
    is written. Drawn straight into the page, a code costs a fraction of what
    the same vector code costs as an SVG image.
    """
    for page, number in zip(document.pages, pdf.pages["Kids"][::3]):
        stream = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])]
        for anchor, (left, top, right, _bottom) in page.anchors.items():
            if not anchor.startswith(QR_ANCHOR):
                continue
            runs, size = dark_runs(verify_url(anchor.removeprefix(QR_ANCHOR)))
            module = (right - left) * POINTS_PER_PX / size
            stream.push_state()
            # The page draws from its top-left corner in points; anchors are in CSS pixels.
            stream.transform(a=module, d=module, e=left * POINTS_PER_PX, f=top * POINTS_PER_PX)
            stream.set_color_rgb(0, 0, 0)
            for row, column, length in runs:
                stream.rectangle(column, row, length, 1)
            stream.fill()
            stream.pop_state()


def write(document):
    """A laid-out certificates document as PDF bytes, with its QR codes."""
    return document.write_pdf(finisher=draw_qr_codes)


def total_hours(klass_id):
    """The class's teaching time, summed over its sessions, written the Indonesian way ('7,5')."""
    spans = ClassSession.select(ClassSession.starts_at, ClassSession.ends_at).where(ClassSession.klass == klass_id)
    total = sum(((s.ends_at - s.starts_at) for s in spans), timedelta())
    return format_decimal(round(total.total_seconds() / 3600, 1), locale="id")


def page_of(certificate, klass, unit, nik, hours, sample=False):
    """The printed page of one certificate (saved, or a sample that is not)."""
    tz = unit.timezone
    return Page(
        kind_label=str(KINDS[klass.kind]), number=certificate.number, code=certificate.code,
        holder_name=certificate.holder_name, partner_name=certificate.partner_name, nik=nik or "",
        class_title=klass.title, dates=local_date_range(klass.starts_at, klass.ends_at, tz) if klass.starts_at else "",
        hours=hours, unit_name=unit.name, signed_at=f"{unit.city}, {local_date(certificate.issued_at, tz)}",
        signer_name=certificate.signer_name, signer_title=certificate.signer_title,
        signer_nip=certificate.signer_nip, verify_address=verify_address(),
        qr_anchor=QR_ANCHOR + certificate.code, sample=sample,
    )


def render(certificates, klass, sample=False):
    """Lay out certificates of one class as one document, a page each, always in Indonesian."""
    unit = klass.unit
    niks = dict(Registration.select(Registration.id, Registration.nik)
                .where(Registration.id.in_([c.registration_id for c in certificates if c.registration_id])).tuples())
    with force_locale("id"):
        hours = total_hours(klass.id)
        pages = [page_of(c, klass, unit, niks.get(c.registration_id), hours, sample) for c in certificates]
        return render_document(TEMPLATE, kind=klass.kind, pages=pages,
                               logo=image_data_uri(UnitImage.of(unit.id, "logo"), LOGO_MM),
                               signature=image_data_uri(UnitImage.of(unit.id, "signature"), SIGNATURE_MM))


def sample_certificate(klass, now=None):
    """An unsaved certificate with made-up names, to preview a class's certificate before issuing."""
    unit, now = klass.unit, now or utcnow()
    return Certificate(
        klass=klass, unit=unit, number=render_number(unit.certificate_number_format, 1, unit.code,
                                                     local_from_utc(now, unit.timezone).date()),
        code=SAMPLE_CODE, holder_name="Nama Peserta Contoh",
        partner_name="Nama Pasangan Contoh" if klass.kind == "pranikah" else "",
        signer_name=unit.head_name, signer_title=unit.head_title, signer_nip=unit.head_nip, issued_at=now,
    )


@cache
def template_version():
    """A digest of the certificate templates' sources and of the fonts they fall back on, read once per process."""
    loader, digest = current_app.jinja_env.loader, hashlib.sha256(fonts_version(current_app.static_folder).encode())
    for name in TEMPLATE_PARTS:
        digest.update(loader.get_source(current_app.jinja_env, name)[0].encode())
    return digest.hexdigest()[:16]


def file_key(unit_updated_at):
    """What a kept rendering depends on besides the certificate itself: the templates and the unit."""
    return hashlib.sha256(f"{template_version()}|{unit_updated_at.isoformat()}".encode()).hexdigest()


def kept_pdf(certificate):
    """A certificate's PDF and ETag, rendered once and kept until the templates or unit change.

    `certificate` comes from `Certificate.downloadable()`, with its unit and
    kept file (if any) loaded.
    """
    key = file_key(certificate.unit.updated_at)
    kept = getattr(certificate, "kept", None)
    if kept is not None and kept.id is not None and kept.key == key:
        return bytes(kept.pdf), kept.etag
    pdf = write(render([certificate], certificate.klass))
    etag = hashlib.sha256(pdf).hexdigest()[:32]
    (CertificateFile.insert(certificate=certificate, key=key, etag=etag, pdf=pdf, rendered_at=utcnow())
     .on_conflict(conflict_target=[CertificateFile.certificate],
                  update={CertificateFile.key: key, CertificateFile.etag: etag, CertificateFile.pdf: pdf,
                          CertificateFile.rendered_at: utcnow()})
     .execute())
    return pdf, etag


def holder_pdf(token):
    """The PDF, ETag and code of the valid certificate behind a registrant's private link, or None.

    A kept file is served from one narrow query; otherwise it is rendered and kept.
    """
    kept = CertificateFile.for_holder(token)
    if kept is not None:
        code, unit_updated_at, key, etag, pdf = kept
        if key == file_key(unit_updated_at):
            return bytes(pdf), etag, code
    registration = Registration.by_token(token)
    certificate = registration and Certificate.downloadable(registration.id)
    if certificate is None:
        return None
    return *kept_pdf(certificate), certificate.code


def split(document, certificates):
    """One PDF per certificate from a class's laid-out document, without laying it out again."""
    return [(c, write(document.copy([page]))) for c, page in zip(certificates, document.pages)]
