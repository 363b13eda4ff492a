"""Confidential cases: the list, a case and its timeline, notes, counsellors and referrals with their letters.

Every page here is no-store and kept out of htmx history (the staff layout), and every open of a case is audited.
"""
from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import COUNSELLING, MANAGERS, guard, roles
from portal.cases import services
from portal.cases.forms import (CaseForm, CaseStatusForm, CounsellorsForm, NoteForm, ReferralForm,
                                ReferralStatusForm)
from portal.cases.pdf import referral_letter
from portal.cases.models import DESTINATIONS, REFERRAL_STATUSES, SOURCES, STATUS_LABELS, Case, Referral
from portal.counseling.models import Appointment
from portal.db import row_id
from portal.htmx import form_step, render
from portal.inquiries.models import CATEGORIES, Inquiry
from portal.pdf import pdf_response
from portal.security import no_store
from portal.units.models import Unit

bp = Blueprint("case_admin", __name__, url_prefix="/staf/kasus")
guard(bp)
bp.after_request(no_store)



@bp.context_processor
def case_admin_context():
    return {"case_statuses": STATUS_LABELS, "categories": CATEGORIES, "destinations": DESTINATIONS,
            "referral_statuses": REFERRAL_STATUSES, "sources": SOURCES}


@bp.get("/")
@roles(*COUNSELLING)
def case_list():
    """Open cases (or closed ones), newest first."""
    status = "closed" if request.args.get("status") == "closed" else "open"
    cases = Case.seen_by(current_user).where(Case.status == status).order_by(Case.urgent.desc(), Case.opened_at.desc())
    return render("cases/list.html", cases=list(cases), shown=status)


def source_of_new_case():
    """The request or appointment a new case comes from (?pengaduan=id or ?janji=id), if the staff member sees it."""
    inquiry_id, appointment_id = request.args.get("pengaduan", type=row_id), request.args.get("janji", type=row_id)
    inquiry = appointment = None
    if inquiry_id:
        inquiry = Inquiry.seen_by(current_user).where(Inquiry.id == inquiry_id).first() or abort(404)
    elif appointment_id:
        appointment = Appointment.seen_by(current_user).where(Appointment.id == appointment_id).first() or abort(404)
    return inquiry, appointment


def prefill(inquiry, appointment):
    if inquiry:
        return {"urgent": inquiry.urgent, "client_name": inquiry.name, "client_phone": inquiry.phone, "kecamatan": inquiry.kecamatan,
                "category": inquiry.category}
    if appointment:
        return {"urgent": appointment.urgent, "client_name": appointment.name, "client_phone": appointment.phone,
                "gender": appointment.gender,
                "age_group": appointment.age_group, "counsellors": [appointment.counsellor_id]}
    return {"counsellors": [current_user.id]} if current_user.role == "konselor" else {}


def unit_for_new_case(inquiry, appointment):
    if inquiry or appointment:
        return (inquiry or appointment).unit
    asked = request.args.get("unit", type=int)
    units = list(Unit.visible_to(current_user))
    return next((u for u in units if u.id == asked), None) or (units[0] if units else abort(404))


@bp.route("/baru", methods=["GET", "POST"])
@roles(*COUNSELLING)
def new_case():
    """Open a case: from a request, from an appointment, or for someone who walked in."""
    inquiry, appointment = source_of_new_case()
    unit = unit_for_new_case(inquiry, appointment)
    form = CaseForm(data=None if request.method == "POST" else prefill(inquiry, appointment))
    form.counsellors.choices = [(c.id, c.name) for c in services.unit_counsellors(unit.id)]
    return form_step(lambda form: services.open_case(current_user, unit.id, form.client(), form.counsellors.data,
                                                     inquiry=inquiry, appointment=appointment),
                     lambda case: _("Kasus %(code)s dibuka.", code=case.code), None, form,
                     lambda: render("cases/new.html", form=form, unit=unit, inquiry=inquiry, appointment=appointment,
                                    status=form.status),
                     then=lambda case: url_for(".case", case_id=case.id))


def seen_case(case_id):
    return Case.seen_by(current_user).where(Case.id == case_id).first() or abort(404)


def case_page(case, status=200, note_form=None, referral_form=None, counsellors_form=None):
    counsellors, ids = case.counsellors(), services.counsellor_ids(case)
    counsellors_form = counsellors_form or CounsellorsForm(data={"counsellors": sorted(c.id for c in counsellors)})
    counsellors_form.counsellors.choices = [(c.id, c.name) for c in services.unit_counsellors(case.unit_id)]
    services.viewed(current_user, case)
    return render("cases/case.html", case=case, unit=case.unit, counsellors=counsellors,
                  on_case=current_user.id in ids, timeline=services.timeline(case),
                  reads=lambda author_id: services.may_read_confidential(current_user, case, author_id, ids),
                  note_form=note_form or NoteForm(), referral_form=referral_form or ReferralForm(),
                  counsellors_form=counsellors_form, status_form=CaseStatusForm(),
                  referral_status_form=ReferralStatusForm(), status=status)


@bp.get("/<id:case_id>")
@roles(*COUNSELLING)
def case(case_id):
    return case_page(seen_case(case_id))


def act(case, form, action, done, **forms):
    """One step on a case from a posted form: back to the case, or its page again with the form's errors."""
    return form_step(action, done, url_for(".case", case_id=case.id), form,
                     lambda: case_page(case, status=422, **forms), flash_refusals=True)


@bp.post("/<id:case_id>/catatan")
@roles("konselor")
def add_note(case_id):
    case = seen_case(case_id)
    form = NoteForm()
    return act(case, form, lambda f: services.add_note(current_user, case, f.body.data), _("Catatan disimpan."),
               note_form=form)


@bp.post("/<id:case_id>/konselor")
@roles(*MANAGERS)
def counsellors(case_id):
    case = seen_case(case_id)
    form = CounsellorsForm()
    form.counsellors.choices = [(c.id, c.name) for c in services.unit_counsellors(case.unit_id)]
    return act(case, form, lambda f: services.set_counsellors(current_user, case, f.counsellors.data),
               _("Konselor kasus diperbarui."), counsellors_form=form)


@bp.post("/<id:case_id>/status")
@roles(*COUNSELLING)
def case_status(case_id):
    case = seen_case(case_id)
    status = "open" if request.form.get("status") == "open" else "closed"
    done = _("Kasus dibuka kembali.") if status == "open" else _("Kasus ditutup.")
    return act(case, CaseStatusForm(), lambda f: services.set_status(current_user, case, status), done)


@bp.post("/<id:case_id>/rujukan")
@roles("konselor")
def refer(case_id):
    case = seen_case(case_id)
    form = ReferralForm()
    details = lambda f: {name: getattr(f, name).data or "" for name in  # noqa: E731
                         ("destination", "institution", "reason", "chronology", "services_given")}
    return act(case, form, lambda f: services.refer(current_user, case, details(f)),
               _("Rujukan dibuat. Unduh suratnya untuk ditandatangani."), referral_form=form)


def seen_referral(referral_id):
    referral = Referral.get_or_none(Referral.id == referral_id) or abort(404)
    seen_case(referral.case_id)
    return referral


@bp.post("/rujukan/<id:referral_id>/status")
@roles(*COUNSELLING)
def referral_status(referral_id):
    referral = seen_referral(referral_id)
    form = ReferralStatusForm()
    return act(referral.case, form, lambda f: services.set_referral_status(current_user, referral, f.status.data),
               _("Status rujukan diperbarui."))


@bp.get("/rujukan/<id:referral_id>/surat.pdf")
@roles("konselor")
def letter(referral_id):
    """The referral letter, ready to sign: only for the case's counsellors, who may read its chronology."""
    referral = seen_referral(referral_id)
    if not services.may_read_confidential(current_user, referral.case, referral.created_by_id):
        abort(403)
    pdf = referral_letter(current_user, referral)
    return pdf_response(pdf, f"surat-rujukan-{referral.seq:03d}-{referral.year}.pdf")
