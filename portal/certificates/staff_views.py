"""Staff pages for certificates: issue to a class, preview, download, revoke and reissue."""
import re
import zipfile
from io import BytesIO

from flask import Blueprint, abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.audit.services import record
from portal.auth import CLASS_RUNNERS, MANAGERS, found, guard, roles
from portal.certificates import services
from portal.certificates.forms import IssueForm, ReissueForm, RevokeForm
from portal.certificates.models import Certificate
from portal.certificates.pdf import kept_pdf, render, sample_certificate, split, write
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.errors import RuleError
from portal.htmx import render as render_page
from portal.htmx import see_other
from portal.pdf import pdf_response
from portal.security import no_store

bp = Blueprint("certificate_admin", __name__, url_prefix="/staf")
guard(bp)
bp.after_request(no_store)


def managed_class(klass_id):
    """A class the signed-in staff member runs or manages, else 404 (facilitators: only their own)."""
    return found(Class.managed_by(current_user, klass_id))


def managed_certificate(certificate_id):
    """A certificate of a class the staff member runs or manages, else 404."""
    certificate = Certificate.get_or_none(Certificate.id == certificate_id) or abort(404)
    managed_class(certificate.klass_id)
    return certificate


def file_name(certificate):
    """A download name from the printed number: 0007/PUSPAGA/MKS/XI/2026 → sertifikat-0007-PUSPAGA-MKS-XI-2026.pdf."""
    return "sertifikat-" + (re.sub(r"[^A-Za-z0-9]+", "-", certificate.number).strip("-") or certificate.code) + ".pdf"


# A class's certificates.

def class_certificates_page(klass, form, status=200):
    rows = list(Registration.of_class(klass.id).where(Registration.status.in_(("completed", "not_completed")))
                .order_by(Registration.name, Registration.id))
    return render_page("certificates/staff/class.html", klass=klass, form=form, rows=rows,
                       certificates=Certificate.latest_by_registration(klass.id), status=status)


@bp.get("/kelas/<id:klass_id>/sertifikat")
@roles(*CLASS_RUNNERS)
def class_certificates(klass_id):
    """Who completed the class and the state of each one's certificate."""
    return class_certificates_page(managed_class(klass_id), IssueForm(formdata=None))


@bp.post("/kelas/<id:klass_id>/sertifikat")
@roles(*MANAGERS)
def issue(klass_id):
    """Issue to everyone who completed the class, or to those ticked."""
    klass = managed_class(klass_id)
    form = IssueForm()
    if not form.validate():
        return class_certificates_page(klass, form, status=422)
    chosen = None if request.form.get("scope") == "all" else form.registrations.data
    if chosen == []:
        form.registrations.errors.append(_("Pilih minimal satu peserta, atau tekan Terbitkan untuk semua."))
        return class_certificates_page(klass, form, status=422)
    try:
        issued = services.issue_certificates(current_user, klass.id, chosen)
    except RuleError as error:
        form.show(error)
        return class_certificates_page(klass, form, status=422)
    if issued:
        flash(ngettext("%(num)s sertifikat diterbitkan.", "%(num)s sertifikat diterbitkan.", len(issued)), "success")
    else:
        flash(_("Tidak ada sertifikat baru: semua peserta yang dipilih sudah memilikinya."), "info")
    return see_other(url_for(".class_certificates", klass_id=klass.id))


@bp.get("/kelas/<id:klass_id>/sertifikat/contoh.pdf")
@roles(*CLASS_RUNNERS)
def preview(klass_id):
    """The class's certificate with made-up names, to check it before issuing."""
    klass = managed_class(klass_id)
    if not klass.starts_at:
        flash(_("Tambahkan sesi kelas terlebih dahulu agar tanggal dan jam pelajaran dapat dicetak."), "error")
        return see_other(url_for(".class_certificates", klass_id=klass.id))
    pdf = write(render([sample_certificate(klass)], klass, sample=True))
    return pdf_response(pdf, f"contoh-sertifikat-kelas-{klass.id}.pdf", inline=True)


def class_document(klass):
    """The class's valid certificates laid out as one document, or 404 when there are none."""
    certificates = list(Certificate.issued_in_class(klass.id))
    if not certificates:
        abort(404)
    return certificates, render(certificates, klass)


@bp.get("/kelas/<id:klass_id>/sertifikat.pdf")
@roles(*CLASS_RUNNERS)
def class_pdf(klass_id):
    """All valid certificates of a class as one PDF, a page each, to print."""
    klass = managed_class(klass_id)
    _certificates, document = class_document(klass)
    record("class.export", current_user, klass, "sertifikat.pdf")
    return pdf_response(write(document), f"sertifikat-kelas-{klass.id}.pdf")


@bp.get("/kelas/<id:klass_id>/sertifikat.zip")
@roles(*CLASS_RUNNERS)
def class_zip(klass_id):
    """All valid certificates of a class, one PDF file each, in a ZIP (to send one by one)."""
    klass = managed_class(klass_id)
    certificates, document = class_document(klass)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, pdf in split(document, certificates):
            archive.writestr(file_name(certificate), pdf)
    record("class.export", current_user, klass, "sertifikat.zip")
    buffer.seek(0)
    return send_file(buffer, mimetype="application/zip", as_attachment=True,
                     download_name=f"sertifikat-kelas-{klass.id}.zip")


# One certificate.

def certificate_page(certificate, revoke_form=None, reissue_form=None, status=200):
    return render_page("certificates/staff/certificate.html", certificate=certificate,
                       klass=Class.with_confirmed().where(Class.id == certificate.klass_id).get(),
                       revoke_form=revoke_form or RevokeForm(formdata=None),
                       reissue_form=reissue_form or ReissueForm.for_certificate(certificate, formdata=None),
                       status=status)


@bp.get("/sertifikat/<id:certificate_id>")
@roles(*CLASS_RUNNERS)
def certificate(certificate_id):
    """One certificate, its versions, and the forms to revoke or reissue it."""
    return certificate_page(managed_certificate(certificate_id))


@bp.get("/sertifikat/<id:certificate_id>.pdf")
@roles(*CLASS_RUNNERS)
def certificate_pdf(certificate_id):
    """A valid certificate's PDF (kept after its first rendering)."""
    certificate = managed_certificate(certificate_id)
    downloadable = Certificate.downloadable(certificate.registration_id)
    if downloadable is None or downloadable.id != certificate.id:
        abort(404)
    pdf, etag = kept_pdf(downloadable)
    return pdf_response(pdf, file_name(certificate), etag=etag)


def refused(certificate, message):
    """Asked from a page that is out of date for what the certificate's state no longer allows: say so on its page."""
    flash(message, "error")
    return see_other(url_for(".certificate", certificate_id=certificate.id))


@bp.post("/sertifikat/<id:certificate_id>/cabut")
@roles(*MANAGERS)
def revoke(certificate_id):
    """Withdraw a certificate with a reason."""
    certificate = managed_certificate(certificate_id)
    if certificate.status != "issued":
        return refused(certificate, services.NOT_REVOCABLE)
    form = RevokeForm()
    if form.validate():
        try:
            services.revoke(current_user, certificate, form.reason.data)
        except RuleError as error:
            return refused(certificate, error.message)
        else:
            flash(_("Sertifikat %(number)s dicabut.", number=certificate.number), "success")
            return see_other(url_for(".certificate", certificate_id=certificate.id))
    return certificate_page(certificate, revoke_form=form, status=422)


@bp.post("/sertifikat/<id:certificate_id>/ganti")
@roles(*MANAGERS)
def reissue(certificate_id):
    """Replace a certificate with a corrected new version."""
    certificate = managed_certificate(certificate_id)
    if certificate.status != "issued":
        return refused(certificate, services.NOT_REISSUABLE)
    form = ReissueForm.for_certificate(certificate)
    if form.validate():
        partner = form.partner_name.data if "partner_name" in form else ""
        try:
            new = services.reissue(current_user, certificate, form.holder_name.data, partner)
        except RuleError as error:
            return refused(certificate, error.message)
        else:
            flash(_("Sertifikat baru %(number)s diterbitkan menggantikan %(old)s.",
                    number=new.number, old=certificate.number), "success")
            return see_other(url_for(".certificate", certificate_id=new.id))
    return certificate_page(certificate, reissue_form=form, status=422)
