"""A participant takes their class's pre-test or post-test from their own page: `/pendaftaran/<token>/tes/<stage>`."""
from flask import Blueprint, abort, url_for
from flask_babel import gettext as _

from portal.db import utcnow
from portal.htmx import form_step, render
from portal.learning import services
from portal.learning.forms import answer_form
from portal.learning.models import STAGES, ClassTest, TestAttempt
from portal.registrations.models import SEATED, Registration
from portal.security import limit_posts, no_referrer, no_store

bp = Blueprint("learning", __name__, url_prefix="/pendaftaran")
bp.after_request(no_store)
bp.after_request(no_referrer)


@bp.route("/<token>/tes/<any(pre, post):stage>", methods=["GET", "POST"])
@limit_posts("30 per minute; 300 per day")
def take(token, stage):
    """The questions on one page, without JavaScript; once taken, back to their page, which shows the score."""
    registration = Registration.by_token(token) or abort(404)
    test = ClassTest.of(registration.klass_id) or abort(404)
    if registration.status not in SEATED:
        abort(404)  # cancelled or still waiting: no test of theirs
    page = url_for("registrations.page", token=token)
    if stage in TestAttempt.of(registration.id):
        return render("learning/taken.html", registration=registration, stage=STAGES[stage], back=page)
    klass = registration.klass
    form = answer_form(test.items)

    def again():
        return render("learning/take.html", status=form.status, form=form, registration=registration, klass=klass,
                      stage=stage, stage_name=STAGES[stage], open=services.open_stages(klass, utcnow())[stage])

    if not form.is_submitted():
        return again()
    return form_step(lambda form: services.take(registration, stage, form.chosen()),
                     lambda attempt: _("%(stage)s selesai. Nilai Anda: %(score)s.", stage=STAGES[stage],
                                       score=attempt.score),
                     page, form, again=again, flash_refusals=True)
