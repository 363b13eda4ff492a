"""Sending a request to a Puspaga without an account, and following it by its code and phone number."""
from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _

from portal.htmx import render, see_other
from portal.inquiries import services
from portal.inquiries.forms import FollowForm, InquiryForm
from portal.inquiries.models import EVENT_LABELS, Inquiry
from portal.notify.models import OutboxMessage
from portal.security import citizen_form, limit_posts, no_referrer, no_store
from portal.tokens import looks_like_token, typed_code
from portal.units.models import Unit

bp = Blueprint("inquiries", __name__, url_prefix="/pengaduan")
OPENED = "inquiries_opened"  # codes this browser has proven (sent, or phone given), so it is not asked again
KEPT = 20


def remember(code):
    session[OPENED] = [code, *[c for c in session.get(OPENED, []) if c != code]][:KEPT]


@bp.route("/", methods=["GET", "POST"])
@citizen_form(address_ceiling="60 per minute; 600 per day")  # requests are long and rarely sent in a crowd
def send():
    units = list(Unit.active_units())
    form = InquiryForm(units)
    if form.validate_on_submit():
        inquiry = services.send(form.request())
        remember(inquiry.code)
        flash(_("Pengaduan Anda sudah terkirim. Simpan kode %(code)s untuk mengikutinya.", code=inquiry.code),
              "success")
        return see_other(url_for(".follow", code=inquiry.code))
    return no_store(render("inquiries/send.html", form=form, units=units, status=form.status))


@bp.get("/kode")
def find():
    """The "already have a code?" box: on to that request's page (which asks for the phone)."""
    code = typed_code(request.args.get("kode", ""), services.CODE_PREFIX)
    if code is None:
        flash(_("Kode pengaduan terdiri dari ADU- dan 6 huruf atau angka, misalnya ADU-7F3K9Q."), "error")
        return see_other(url_for(".send"))
    return see_other(url_for(".follow", code=code))


@bp.route("/<code>", methods=["GET", "POST"])
@limit_posts("10 per minute; 60 per day")
def follow(code):
    """A request's status history and answers, once the browser has shown the phone number it was sent from.

    A wrong code and a wrong phone get the same answer, so the page tells nobody which codes exist.
    """
    if not looks_like_token(code):
        abort(404)
    if code != code.upper():  # typed from a message in small letters
        return redirect(url_for(".follow", code=code.upper()), 308)
    form = FollowForm()
    opened = code in session.get(OPENED, [])
    if not opened and form.validate_on_submit():
        inquiry = Inquiry.get_or_none(Inquiry.code == code, Inquiry.phone == form.phone.data)
        if inquiry and inquiry.anonymised_at is None:
            remember(code)
            return see_other(url_for(".follow", code=code))
        form.phone.errors.append(_("Kode dan nomor HP ini tidak cocok dengan pengaduan mana pun."))
    inquiry = Inquiry.get_or_none(Inquiry.code == code, Inquiry.anonymised_at.is_null()) if opened else None
    if inquiry is None:
        return no_store(render("inquiries/unlock.html", form=form, code=code,
                               status=422 if form.errors else 200))
    response = render("inquiries/follow.html", inquiry=inquiry, history=list(inquiry.history()),
                      event_labels=EVENT_LABELS, delivery=OutboxMessage.latest_whatsapp(inquiry))
    return no_store(no_referrer(response))
