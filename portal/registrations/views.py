"""A registrant's own page, opened by its secret link: status, waiting-list place, sessions, link, calendar,
certificate, and cancelling."""
from flask import Blueprint, abort, url_for
from flask_babel import gettext as _

from portal.certificates.models import Certificate
from portal.registrations.models import SEATED, Registration
from portal.classes.models import Class, ClassSession
from portal.db import utcnow
from portal.htmx import form_step, render
from portal.ics import ics_response
from portal.notify.models import OutboxMessage
from portal.registrations import services
from portal.registrations.forms import CancelForm
from portal.registrations.messages import class_calendar
from portal.security import no_referrer, no_store
from portal.learning import services as learning
from portal.learning.models import STAGES, ClassTest, TestAttempt
from portal.surveys.models import SurveyInvitation

bp = Blueprint("registrations", __name__, url_prefix="/pendaftaran")
bp.after_request(no_store)
bp.after_request(no_referrer)  # every address here holds the private link's token


def own_registration(token):
    """The registration this secret link belongs to, or 404."""
    return Registration.by_token(token) or abort(404)


@bp.get("/<token>")
def page(token):
    """A registrant's own page: status, waiting-list place, sessions, link, calendar, cancel."""
    registration = own_registration(token)
    klass = Class.with_confirmed().where(Class.id == registration.klass_id).get()
    now = utcnow()
    started = bool(klass.starts_at and now >= klass.starts_at)
    sessions = list(ClassSession.of(klass.id))
    return render("registrations/page.html", registration=registration, klass=klass, sessions=sessions,
                  test=ClassTest.of(klass.id), attempts=TestAttempt.of(registration.id), stage_names=STAGES,
                  seated=SEATED, stages=learning.open_stages(klass, now, sessions),
                  missed=services.missed_rules(klass, registration, sessions),
                  can_cancel=registration.is_active and not started, calendar=registration.holds_coming_seat(now),
                  form=CancelForm(), certificate=Certificate.latest_of(registration.id),
                  delivery=OutboxMessage.latest_whatsapp(registration), survey=SurveyInvitation.of(registration))


@bp.post("/<token>/batal")
def cancel(token):
    """Cancel, or leave the waiting list, once the tick is set."""
    registration = own_registration(token)
    return form_step(lambda form: services.cancel(registration.id), _("Pendaftaran Anda sudah dibatalkan."),
                     url_for(".page", token=token), CancelForm())


@bp.get("/<token>/kalender.ics")
def calendar_file(token):
    """The class's sessions as a calendar file, for someone who holds a seat in a class still to come."""
    registration = own_registration(token)
    if not registration.holds_coming_seat(utcnow()):
        abort(404)
    return ics_response(class_calendar(registration.klass, registration), "kelas-puspaga.ics")
