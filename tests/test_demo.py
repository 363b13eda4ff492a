"""The demo data shows certificates (each unit's logo and signature, issued certificates of each kind) and
counselling (services, hours, bookings)."""
from portal.certificates.models import Certificate
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.availability.models import Service
from portal.counseling.models import Appointment
from portal.units.models import Unit


def test_demo_units_have_images_and_past_classes_have_certificates(app, runner):
    app.config["DEMO"] = True
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for unit in Unit.select():
        assert {image.kind for image in unit.images} == {"logo", "signature"}
    issued = Certificate.select(Class.kind).join(Class).where(Certificate.status == "issued").tuples()
    assert {kind for (kind,) in issued} == {"pranikah", "parenting"}
    assert Registration.select().where(Registration.status == "not_completed").exists()


def test_demo_counselling_has_services_hours_and_bookings_in_both_units(app, runner):
    app.config["DEMO"] = True
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    for unit in Unit.select():
        assert Service.select().where(Service.unit == unit.id).count() == 4
        assert Appointment.select().where(Appointment.unit == unit.id, Appointment.status == "confirmed").exists()
    statuses = {a.status for a in Appointment.select()}
    assert {"pending", "confirmed", "completed", "no_show"} <= statuses
    assert Appointment.select().where(Appointment.urgent == True).exists()  # noqa: E712


def test_demo_casework_has_requests_cases_notes_and_referrals(app, runner):
    from portal.cases.models import Case, CaseNote, Referral
    from portal.inquiries.models import Inquiry

    app.config["DEMO"] = True
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert {i.status for i in Inquiry.select()} == {"new", "in_review", "answered", "case_opened", "closed"}
    assert Inquiry.select().where(Inquiry.urgent == True, Inquiry.status == "new").exists()  # noqa: E712
    assert {c.source for c in Case.select()} == {"inquiry", "appointment", "walk_in"}
    assert CaseNote.select().count() >= 4 and Referral.select().count() >= 2
    assert len({r.destination for r in Referral.select()}) >= 2
