"""Admin pages for units and their settings, and their images for staff (signatures are never public)."""
from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import guard, roles
from portal.htmx import form_step, render
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


def saving(unit, form, done, then):
    """Save the unit form and its uploaded images: to `then(unit)` once saved, else the form again."""

    def save(form):
        uploads = {kind: request.files.get(kind) for kind in UnitImage.KINDS}
        uploads = {kind: f if f and f.filename else None for kind, f in uploads.items()}
        return services.save_unit(current_user, unit, {name: getattr(form, name).data for name in services.SETTINGS},
                                  uploads)

    return form_step(save, done, None, form,
                     lambda: render("units/form.html", form=form, unit=unit if unit.id else None, status=form.status),
                     then=then)


@bp.route("/baru", methods=["GET", "POST"])
@roles("admin")
def unit_create():
    """Add a unit (organisation admins only)."""
    if not current_user.is_org_admin:
        abort(403)
    return saving(Unit(), UnitForm(), _("Unit baru disimpan."), lambda unit: url_for(".unit_list"))


@bp.route("/<id:unit_id>", methods=["GET", "POST"])
@roles("admin")
def unit_edit(unit_id):
    """Change every setting of a unit, its logo and signature."""
    unit = own_unit(unit_id)
    return saving(unit, UnitForm(obj=unit), _("Pengaturan unit disimpan."),
                  lambda saved: url_for(".unit_edit", unit_id=saved.id))


@bp.get("/<id:unit_id>/gambar/<kind>.png")
@roles("admin", "koordinator")
def unit_image(unit_id, kind):
    """A unit's logo or signature for staff; signatures are never public."""
    if kind not in UnitImage.KINDS:
        abort(404)
    return send_png(own_unit(unit_id).image(kind))
