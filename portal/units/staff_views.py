"""Admin pages for units and their settings, and their images for staff (signatures are never public)."""
from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import guard, roles
from portal.errors import RuleError
from portal.htmx import render, see_other
from portal.security import no_store
from portal.units import services
from portal.units.forms import UnitForm
from portal.units.models import Unit, UnitImage
from portal.units.views import send_png

bp = Blueprint("units", __name__, url_prefix="/staf/unit")
guard(bp)
bp.after_request(no_store)


def own_unit(unit_id):
    """A unit the signed-in staff member looks after, else 403 (or 404 when there is none)."""
    unit = Unit.visible_to(current_user).where(Unit.id == unit_id).first()
    if unit is None:
        abort(404 if current_user.is_org_admin else 403)
    return unit


@bp.get("/")
@roles("admin")
def unit_list():
    """The units this admin looks after."""
    return render("units/list.html", units=Unit.visible_to(current_user))


def save_form(unit, form):
    """Save a validated form; put a rule's message on its field."""
    uploads = {kind: (request.files.get(kind) or None) for kind in UnitImage.KINDS}
    uploads = {kind: f if f and f.filename else None for kind, f in uploads.items()}
    settings = {name: getattr(form, name).data for name in services.SETTINGS}
    try:
        return services.save_unit(current_user, unit, settings, uploads)
    except RuleError as error:
        form.show(error)
        return None


@bp.route("/baru", methods=["GET", "POST"])
@roles("admin")
def unit_create():
    """Add a unit (organisation admins only)."""
    if not current_user.is_org_admin:
        abort(403)
    form = UnitForm()
    if form.validate_on_submit() and save_form(Unit(), form):
        flash(_("Unit baru disimpan."), "success")
        return see_other(url_for(".unit_list"))
    return render("units/form.html", form=form, unit=None, status=form.status)


@bp.route("/<id:unit_id>", methods=["GET", "POST"])
@roles("admin")
def unit_edit(unit_id):
    """Change every setting of a unit, its logo and signature."""
    unit = own_unit(unit_id)
    form = UnitForm(obj=unit)
    if form.validate_on_submit() and save_form(unit, form):
        flash(_("Pengaturan unit disimpan."), "success")
        return see_other(url_for(".unit_edit", unit_id=unit.id))
    return render("units/form.html", form=form, unit=unit, status=form.status)


@bp.get("/<id:unit_id>/gambar/<kind>.png")
@roles("admin", "koordinator")
def unit_image(unit_id, kind):
    """A unit's logo or signature for staff; signatures are never public."""
    if kind not in UnitImage.KINDS:
        abort(404)
    return send_png(own_unit(unit_id).image(kind))
