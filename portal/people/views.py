"""A person's data: find everything held about a phone number or NIK, export it, erase it.

Every step is a POST: the number or NIK travels in the form body, never in a URL or a log line.
"""
from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit.services import record
from portal.auth import guard, roles
from portal.db import utcnow
from portal.htmx import redirect_to, render, see_other, wants_fragment
from portal.pdf import pdf_response, render_pdf
from portal.people import exports, services
from portal.people.forms import EraseForm, FindForm, PersonForm
from portal.people.holdings import KINDS, MESSAGE_STATUSES
from portal.people.holdings import find as find_person
from portal.security import no_store

bp = Blueprint("people", __name__, url_prefix="/staf/data-pribadi")
guard(bp)
bp.after_request(no_store)


def page(form, held=None, erase_form=None, status=200, fragment=None):
    """The search page, with what was found and the buttons that act on it."""
    if held is not None and erase_form is None:
        erase_form = EraseForm(formdata=None, query=form.query.data)
    return render("people/find.html", fragment, form=form, held=held, erase_form=erase_form, kinds=KINDS,
                  message_statuses=MESSAGE_STATUSES, query=form.query.data, status=status)


def refused(form):
    """A search page that says why the number or NIK carried by an export or erase button was not accepted."""
    if wants_fragment():  # the erase panel asked; the whole page has to change
        flash(" ".join(form.query.errors), "error")
        return redirect_to(url_for(".find"))
    search = FindForm(formdata=None, query=form.query.data)
    search.query.errors = list(form.query.errors)
    return page(search, status=422)


def searched(form, action, detail=""):
    """The person a validated form names, read within the signed-in admin's reach; the step is audited."""
    held = find_person(current_user, **form.identity)
    record(action, current_user, None, f"{detail} by={next(iter(form.identity))} {held.detail()}".strip(),
           unit_id=current_user.unit_id)
    return held


@bp.route("/", methods=["GET", "POST"])
@roles("admin")
def find():
    """The search form; posted, everything held about that phone number or NIK."""
    form = FindForm()
    if not form.is_submitted():
        return page(FindForm(formdata=None))
    if not form.validate():
        return page(form, status=422)
    return page(form, searched(form, "person.search"))


def export(kind, build):
    """Check the person an export button carries, audit the export, and answer with `build(held, now)`."""
    form = PersonForm()
    if not form.validate():
        return refused(form)
    now = utcnow()
    return build(searched(form, "person.export", kind), now)


@bp.post("/ekspor.json")
@roles("admin")
def export_json():
    """Everything held about the person, as a JSON download."""
    def download(held, now):
        response = Response(exports.as_json(held, current_user, now), mimetype="application/json")
        response.headers.set("Content-Disposition", "attachment", filename=f"data-pribadi-{now:%Y%m%d-%H%M}.json")
        return response
    return export("json", download)


@bp.post("/ekspor.pdf")
@roles("admin")
def export_pdf():
    """Everything held about the person, as a readable A4 document on the unit's letterhead."""
    def download(held, now):
        pdf = render_pdf("pdf/person_data.html", **exports.pdf_context(held, current_user, now))
        return pdf_response(pdf, f"data-pribadi-{now:%Y%m%d-%H%M}.pdf")
    return export("pdf", download)


@bp.post("/hapus")
@roles("admin")
def erase():
    """Anonymise everything held about the person, once the admin has ticked the confirmation."""
    form = EraseForm()
    if not form.validate():
        if form.identity is None:
            return refused(form)
        search, held = FindForm(formdata=None, query=form.query.data), searched(form, "person.search")
        # With nothing held there is nothing to confirm: the page says so, and asks for no tick.
        return page(search, held, erase_form=form, status=422 if held.total else 200, fragment="people/_erase.html")
    held = find_person(current_user, **form.identity)
    counts = services.erase(current_user, held)
    flash(_("Data pribadi dianonimkan: %(n)s catatan. Angka statistik tetap tersimpan.", n=counts.total), "success")
    return redirect_to(url_for(".find")) if request.htmx else see_other(url_for(".find"))
