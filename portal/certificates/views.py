"""Public certificate pages: verification by anyone, and the holder's own download."""
from flask import Blueprint, abort, redirect, request, url_for

from portal.certificates.forms import VerifyForm
from portal.certificates.models import Certificate
from portal.certificates.pdf import holder_pdf
from portal.certificates.services import CODE_LENGTH, CODE_PREFIX
from portal.htmx import render
from portal.pdf import pdf_response
from portal.security import limit_reads, no_referrer, no_store
from portal.tokens import typed_code

bp = Blueprint("certificates", __name__)

# Verification answers name a person: slow down anyone walking through numbers or codes.
VERIFY_LIMIT = "30 per minute;300 per day"


def normalised_code(text):
    """A typed verification code in its stored form (SRT-XXXXXXXXXX), or None if it is not one."""
    return typed_code(text, CODE_PREFIX, CODE_LENGTH)


@bp.get("/sertifikat/verifikasi")
@limit_reads(VERIFY_LIMIT)
def verify_search():
    """Ask for a number or code; one match goes straight to its verification page."""
    form = VerifyForm(request.args)
    if "q" not in request.args:
        form = VerifyForm(formdata=None)
        return render("certificates/verify.html", form=form, certificate=None, state=None)
    if form.validate():
        code = normalised_code(form.q.data)
        matches = [code] if code and Certificate.by_code(code) else [c.code for c in Certificate.by_number(form.q.data)]
        if len(matches) == 1:
            return redirect(url_for(".verify", code=matches[0]), code=303)
        state = "ambiguous" if matches else "unknown"
        return render("certificates/verify.html", form=form, certificate=None, state=state, checked=form.q.data,
                      status=404)
    return render("certificates/verify.html", form=form, certificate=None, state=None, status=422)


@bp.get("/sertifikat/verifikasi/<code>")
@limit_reads(VERIFY_LIMIT)
def verify(code):
    """The QR target: valid, revoked, replaced or unknown, in large plain words."""
    canonical = normalised_code(code) if len(code) <= 40 else None
    if canonical and canonical != code:  # typed by hand: "srt 7f3k…" is the same code
        return redirect(url_for(".verify", code=canonical), code=308)
    certificate = Certificate.by_code(code) if canonical else None
    state = certificate.status if certificate else "unknown"
    typed = code[:40] if certificate is None else None  # an unknown code stays in the box, to correct it
    response = render("certificates/verify.html", form=VerifyForm(formdata=None, q=typed), certificate=certificate,
                      state=state, checked=typed, status=404 if certificate is None else 200)
    return no_store(no_referrer(response))


@bp.get("/pendaftaran/<token>/sertifikat.pdf")
def download(token):
    """The holder's valid certificate, from their private link."""
    pdf, etag, code = holder_pdf(token) or abort(404)
    return no_referrer(pdf_response(pdf, f"sertifikat-{code}.pdf", etag=etag))
