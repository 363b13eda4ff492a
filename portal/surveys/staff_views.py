"""Paper questionnaires typed in at the desk (marked as such in every figure)."""
from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import MANAGERS, guard, roles
from portal.htmx import form_step, render
from portal.i18n import local_today
from portal.security import no_store
from portal.surveys import services
from portal.surveys.forms import PaperSurveyForm
from portal.units.models import Unit

bp = Blueprint("survey_admin", __name__, url_prefix="/staf/survei")
guard(bp)
bp.after_request(no_store)


@bp.route("/kertas", methods=["GET", "POST"])
@roles(*MANAGERS)
def paper():
    """One paper questionnaire at a time; after saving, the empty form again for the next one."""
    units = list(Unit.visible_to(current_user))
    form = PaperSurveyForm()
    form.offer(units, local_today(units[0].timezone) if units else None)

    def save(form):
        return services.record_paper(current_user, form.units[form.unit.data], form.service.data, form.day.data,
                                     form.values())

    return form_step(save, _("Kuesioner kertas tersimpan. Isi kuesioner berikutnya."), url_for(".paper"), form,
                     again=lambda: render("surveys/paper.html", status=form.status, form=form))
