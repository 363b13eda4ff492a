"""Staff triage of requests: urgent first; take up, answer, close, or open a case."""
from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import COUNSELLING, MANAGERS, guard, roles
from portal.htmx import form_step, render
from portal.inquiries import services
from portal.inquiries.forms import AnswerForm, AssignForm, CloseForm
from portal.inquiries.models import CATEGORIES, EVENT_LABELS, OPEN, STATUS_LABELS, Inquiry
from portal.notify.models import OutboxMessage
from portal.security import no_store
from portal.staff.models import ROLE_LABELS

bp = Blueprint("inquiry_admin", __name__, url_prefix="/staf/pengaduan")
guard(bp)
bp.after_request(no_store)



@bp.context_processor
def inquiry_admin_context():
    return {"categories": CATEGORIES, "inquiry_statuses": STATUS_LABELS, "event_labels": EVENT_LABELS}


@bp.get("/")
@roles(*COUNSELLING)  # a counsellor sees the requests assigned to them
def inbox():
    """New and in-review requests, urgent first; or those of one status."""
    status = request.args.get("status", "")
    statuses = [status] if status in STATUS_LABELS else OPEN
    tabs = [("", url_for(".inbox"), _("Perlu ditangani"))] + [
        (key, url_for(".inbox", status=key), label) for key, label in STATUS_LABELS.items() if key not in OPEN]
    return render("inquiries/staff/inbox.html", inquiries=list(Inquiry.inbox(current_user, statuses)), tabs=tabs,
                  shown=status if status in STATUS_LABELS else "")


def seen_inquiry(inquiry_id):
    return Inquiry.seen_by(current_user).where(Inquiry.id == inquiry_id).first() or abort(404)


def assignee_choices(inquiry):
    """Nobody chosen until someone is: then the unit's koordinators and counsellors, with their role."""
    return [("", _("— Pilih petugas —"))] + [
        (s.id, f"{s.name} ({ROLE_LABELS[s.role]})") for s in services.assignable(inquiry)]


def inquiry_page(inquiry, status=200, assign_form=None, answer_form=None, close_form=None):
    assign_form = assign_form or AssignForm(data={"assignee": inquiry.assigned_to_id})
    assign_form.assignee.choices = assignee_choices(inquiry)
    return render("inquiries/staff/inquiry.html", inquiry=inquiry, history=list(inquiry.history()),
                  assign_form=assign_form, answer_form=answer_form or AnswerForm(),
                  close_form=close_form or CloseForm(), status=status,
                  messages=list(OutboxMessage.about(inquiry)))


@bp.get("/<id:inquiry_id>")
@roles(*COUNSELLING)
def inquiry(inquiry_id):
    return inquiry_page(seen_inquiry(inquiry_id))


def act(inquiry, form, action, done, **forms):
    """One triage step from a posted form: back to the request, or its page again with the form's errors."""
    return form_step(action, done, url_for(".inquiry", inquiry_id=inquiry.id), form,
                     lambda: inquiry_page(inquiry, status=422, **forms), flash_refusals=True)


@bp.post("/<id:inquiry_id>/tugaskan")
@roles(*MANAGERS)
def assign(inquiry_id):
    inquiry = seen_inquiry(inquiry_id)
    form = AssignForm()
    form.assignee.choices = assignee_choices(inquiry)
    return act(inquiry, form, lambda f: services.assign(current_user, inquiry, f.assignee.data),
               _("Pengaduan ditugaskan."), assign_form=form)


@bp.post("/<id:inquiry_id>/jawab")
@roles(*COUNSELLING)
def answer(inquiry_id):
    inquiry = seen_inquiry(inquiry_id)
    form = AnswerForm()
    return act(inquiry, form, lambda f: services.answer(current_user, inquiry, f.answer.data),
               _("Jawaban dikirim ke warga."), answer_form=form)


@bp.post("/<id:inquiry_id>/tutup")
@roles(*COUNSELLING)
def close(inquiry_id):
    inquiry = seen_inquiry(inquiry_id)
    form = CloseForm()
    return act(inquiry, form, lambda f: services.close(current_user, inquiry, f.answer.data),
               _("Pengaduan ditutup."), close_form=form)
