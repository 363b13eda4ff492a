"""Staff pages that set when counselling can be booked: a unit's services, booking rules and closed days
(koordinator, admin), and each counsellor's week and dates (their own, or their unit's for a koordinator)."""
from datetime import timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import COUNSELLING, MANAGERS, found, guard, roles
from portal.availability import services
from portal.availability.forms import (EXCEPTION_KINDS, WEEKDAYS, ClosedDayForm, ExceptionForm, ServiceForm,
                                       SettingsForm, week_form)
from portal.availability.models import MODES, ClosedDay, CounsellorService, DateException, Service, WorkingHours
from portal.htmx import form_step, render, see_other
from portal.i18n import local_today
from portal.security import no_store
from portal.staff.models import Staff
from portal.units.models import Unit

bp = Blueprint("availability", __name__, url_prefix="/staf/konseling")
guard(bp)
bp.after_request(no_store)


@bp.context_processor
def availability_context():
    return {"modes": MODES, "weekdays": WEEKDAYS, "exception_kinds": EXCEPTION_KINDS}


def chosen_unit():
    """The unit a page is about: the staff member's own, or (organisation admins) the one asked for."""
    return found(Unit.chosen(current_user, request.args.get("unit", type=int)))


# Services and the unit's booking rules.

def managed_service(service_id):
    units = [u.id for u in Unit.visible_to(current_user)]
    return Service.get_or_none(Service.id == service_id, Service.unit.in_(units)) or abort(404)


@bp.get("/layanan")
@roles(*MANAGERS)
def service_list():
    unit = chosen_unit()
    return render("availability/services.html", unit=unit, units=Unit.visible_to(current_user),
                  offered=Service.of_unit(unit.id), closed=ClosedDay.of_unit(unit.id),
                  settings_form=SettingsForm(obj=unit), closed_form=ClosedDayForm())


@bp.route("/layanan/baru", methods=["GET", "POST"])
@bp.route("/layanan/<id:service_id>", methods=["GET", "POST"])
@roles(*MANAGERS)
def service_edit(service_id=None):
    service = managed_service(service_id) if service_id else Service(unit=chosen_unit())
    form = ServiceForm(data=None if service.id is None else {**service.__data__, "modes": service.mode_list})
    return form_step(lambda form: services.save_service(current_user, service, form.values()),
                     lambda saved: _("Layanan %(name)s disimpan.", name=saved.name),
                     url_for(".service_list", unit=service.unit_id), form,
                     lambda: render("availability/service_form.html", service=service, form=form, status=form.status))


@bp.post("/pengaturan")
@roles(*MANAGERS)
def settings():
    unit = chosen_unit()
    form = SettingsForm()
    if form.validate():
        services.save_settings(current_user, unit, {f.name: f.data for f in form if f.name != "csrf_token"})
        flash(_("Aturan pemesanan disimpan."), "success")
    else:
        flash(_("Periksa lagi aturan pemesanan: %(errors)s", errors=" ".join(str(e) for f in form for e in f.errors)), "error")
    return see_other(url_for(".service_list", unit=unit.id))


@bp.post("/hari-tutup")
@roles(*MANAGERS)
def closed_day_add():
    unit = chosen_unit()
    form = ClosedDayForm()
    if form.validate():
        services.add_closed_day(current_user, unit, form.day.data, form.reason.data)
        flash(_("Hari tutup ditambahkan."), "success")
    else:
        flash(_("Isi tanggal hari tutup."), "error")
    return see_other(url_for(".service_list", unit=unit.id))


@bp.post("/hari-tutup/<id:closed_day_id>/hapus")
@roles(*MANAGERS)
def closed_day_remove(closed_day_id):
    unit = chosen_unit()
    services.remove_closed_day(current_user, unit, closed_day_id)
    return see_other(url_for(".service_list", unit=unit.id))


# A counsellor's week and dates: their own, or (koordinator, admin) their unit's counsellors'.

def counsellor_for(staff_id):
    """The counsellor whose time this page sets: oneself, or one of the manager's unit."""
    if current_user.role == "konselor":
        return current_user if staff_id in (None, current_user.id) else abort(404)
    counsellor = Staff.get_or_none(Staff.id == staff_id, Staff.role == "konselor") if staff_id else None
    if counsellor is None or not (current_user.is_org_admin or counsellor.unit_id == current_user.unit_id):
        abort(404)
    return counsellor


def week_data(counsellor):
    data = {}
    for row in WorkingHours.of(counsellor.id):
        prefix = "" if row.kind == "work" else "break_"
        data[f"{prefix}start_{row.weekday}"], data[f"{prefix}end_{row.weekday}"] = row.start, row.end
    given = CounsellorService.given_by(counsellor.id)
    data["services"] = [g.service_id for g in given]
    data["modes"] = sorted({m for g in given for m in g.modes.split(",")}) or list(MODES)
    return data


@bp.route("/waktu", methods=["GET", "POST"])
@bp.route("/waktu/<id:staff_id>", methods=["GET", "POST"])
@roles(*COUNSELLING)
def counsellor_time(staff_id=None):
    if staff_id is None and current_user.role in MANAGERS:  # a koordinator starts at their unit's first counsellor
        first = next(iter(Staff.counsellors_of(chosen_unit().id)), None) or abort(404)
        return see_other(url_for(".counsellor_time", staff_id=first.id))
    counsellor = counsellor_for(staff_id)
    offered = Service.of_unit(counsellor.unit_id)
    form = week_form(offered)(data=None if request.method == "POST" else week_data(counsellor))
    if form.validate_on_submit():
        week = {day: (form[f"start_{day}"].data, form[f"end_{day}"].data, form[f"break_start_{day}"].data,
                      form[f"break_end_{day}"].data) for day in range(7)}
        services.save_week(current_user, counsellor, week, form.services.data, form.modes.data)
        flash(_("Jam kerja %(name)s disimpan.", name=counsellor.name), "success")
        return see_other(request.path)
    return render("availability/time.html", counsellor=counsellor, form=form, status=form.status,
                  exception_form=ExceptionForm(),
                  exceptions=DateException.of(counsellor.id, local_today(counsellor.unit.timezone) - timedelta(30)),
                  counsellors=Staff.counsellors_of(counsellor.unit_id) if current_user.role in MANAGERS else [])


@bp.post("/waktu/<id:staff_id>/tanggal")
@roles(*COUNSELLING)
def exception_add(staff_id):
    counsellor = counsellor_for(staff_id)
    form = ExceptionForm()
    if form.validate():
        services.add_exception(current_user, counsellor, form.day.data, form.kind.data, form.start.data,
                            form.end.data, form.note.data)
        flash(_("Tanggal khusus ditambahkan."), "success")
    else:
        flash(" ".join(str(e) for f in form for e in f.errors) or _("Periksa lagi tanggal khusus."), "error")
    return see_other(url_for(".counsellor_time", staff_id=counsellor.id))


@bp.post("/waktu/<id:staff_id>/tanggal/<id:exception_id>/hapus")
@roles(*COUNSELLING)
def exception_remove(staff_id, exception_id):
    counsellor = counsellor_for(staff_id)
    services.remove_exception(current_user, counsellor, exception_id)
    return see_other(url_for(".counsellor_time", staff_id=counsellor.id))
