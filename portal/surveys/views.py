"""The satisfaction survey a citizen opens from the link they got after a service: `/survei/<token>`."""
from flask import Blueprint, abort, url_for
from flask_babel import gettext as _

from portal.htmx import form_step, render
from portal.security import limit_posts, no_referrer, no_store
from portal.surveys import services
from portal.surveys.forms import SurveyForm
from portal.surveys.models import ELEMENTS, SERVICES, SurveyInvitation

bp = Blueprint("surveys", __name__, url_prefix="/survei")
bp.after_request(no_store)
bp.after_request(no_referrer)


def own_invitation(token):
    return SurveyInvitation.by_token(token) or abort(404)


@bp.route("/<token>", methods=["GET", "POST"])
@limit_posts("30 per minute; 300 per day")
def survey(token):
    """The nine questions on one page (no JavaScript needed); once answered, a thank-you in its place."""
    invitation = own_invitation(token)
    form = SurveyForm()
    if invitation.answered:
        return render("surveys/thanks.html", invitation=invitation, unit=invitation.unit)

    def again():
        return render("surveys/survey.html", status=form.status, form=form, invitation=invitation,
                      unit=invitation.unit, service=SERVICES.get(invitation.service, ""), elements=ELEMENTS)

    if not form.is_submitted():
        return again()
    return form_step(lambda form: services.answer(invitation.id, form.values()),
                     _("Terima kasih! Jawaban Anda sudah tercatat."), url_for(".survey", token=token), form,
                     again=again, flash_refusals=True)
