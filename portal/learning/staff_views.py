"""Tests for staff: templates per class kind, a class's test and pass score, its participants' scores and gain,
and paper tests typed in."""
from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import CLASS_RUNNERS, MANAGERS, found, guard, roles
from portal.classes.models import KINDS, Class
from portal.htmx import form_step, render
from portal.learning import services
from portal.learning.forms import answer_form
from portal.learning.models import STAGES, ClassTest, TestAttempt, TestTemplate
from portal.learning.staff_forms import ClassTestForm, TemplateForm
from portal.registrations.models import SEATED, Registration
from portal.security import no_store
from portal.units.models import Unit

bp = Blueprint("learning_admin", __name__, url_prefix="/staf")
guard(bp)
bp.after_request(no_store)


@bp.get("/tes/")
@roles(*MANAGERS)
def templates():
    """The test templates of the units this staff member looks after."""
    units = list(Unit.visible_to(current_user))
    return render("learning/templates.html", templates=list(TestTemplate.of_units([u.id for u in units])),
                  kinds=KINDS)


@bp.route("/tes/baru", methods=["GET", "POST"])
@bp.route("/tes/<id:template_id>", methods=["GET", "POST"])
@roles(*MANAGERS)
def template_form(template_id=None):
    """Write or change a template: its name, kind and questions as text."""
    units = list(Unit.visible_to(current_user))
    template = (found(TestTemplate.get_or_none(TestTemplate.id == template_id,
                                               TestTemplate.unit.in_([u.id for u in units])))
                if template_id else TestTemplate())
    form = TemplateForm(obj=template if template_id else None)
    form.offer(units)
    if template_id and not form.is_submitted():
        form.unit.data, form.questions.data = template.unit_id, services.as_text(template.items)

    def save(form):
        return services.save_template(current_user, template, form.units[form.unit.data], form.kind.data,
                                      form.title.data, form.questions.data)

    return form_step(save, _("Tes tersimpan."), url_for(".templates"), form,
                     again=lambda: render("learning/template_form.html", status=form.status, form=form,
                                          test_template=template))


def managed_class(klass_id):
    return found(Class.managed_by(current_user, klass_id))


def class_test_page(klass, form, status=200):
    test = ClassTest.of(klass.id)
    people = list(klass.registrations.where(Registration.status.in_(SEATED)).order_by(Registration.name))
    scores = TestAttempt.of_class(klass.id)
    gain = services.gains(Class.select().where(Class.id == klass.id)).get(klass.id)
    return render("learning/class_test.html", status=status, klass=klass, test=test, form=form, people=people,
                  scores=scores, gain=gain, stages=STAGES, can_manage=current_user.role in MANAGERS)


def settings_form(klass):
    test = ClassTest.of(klass.id)
    form = ClassTestForm(data=None if request.method == "POST" else dict(
        template=test.template_id if test else None, pass_score=test.pass_score if test else None))
    offered = list(TestTemplate.for_class(klass))
    if test and test.template_id not in {t.id for t in offered}:  # moved to another kind since: still its own
        offered.append(test.template)
    form.offer(offered)
    return form


@bp.get("/kelas/<id:klass_id>/tes")
@roles(*CLASS_RUNNERS)
def class_test(klass_id):
    """A class's test and pass score, each participant's scores and the class's learning gain."""
    klass = managed_class(klass_id)
    return class_test_page(klass, settings_form(klass))


@bp.post("/kelas/<id:klass_id>/tes")
@roles(*MANAGERS)
def class_test_settings(klass_id):
    klass = managed_class(klass_id)
    form = settings_form(klass)
    return form_step(lambda form: services.set_class_test(current_user, klass, form.templates.get(form.template.data),
                                                          form.pass_score.data),
                     _("Tes kelas tersimpan."), url_for(".class_test", klass_id=klass.id), form,
                     again=lambda: class_test_page(klass, form, form.status))


@bp.route("/kelas/<id:klass_id>/tes/<id:registration_id>/<any(pre, post):stage>", methods=["GET", "POST"])
@roles(*CLASS_RUNNERS)
def paper(klass_id, registration_id, stage):
    """A participant's test on paper, typed in: the answers they marked."""
    klass = managed_class(klass_id)
    registration = found(Registration.get_or_none(Registration.id == registration_id,
                                                  Registration.klass == klass.id))
    test = found(ClassTest.of(klass.id))
    form = answer_form(test.items)
    back = url_for(".class_test", klass_id=klass.id)
    return form_step(lambda form: services.take(registration, stage, form.chosen(), actor=current_user),
                     _("Jawaban tes kertas tersimpan."), back, form,
                     again=lambda: render("learning/paper.html", status=form.status, form=form, klass=klass,
                                          registration=registration, stage=stage, stage_name=STAGES[stage],
                                          back=back),
                     flash_refusals=True)
