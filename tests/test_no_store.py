"""Pages that show personal data are never kept by a cache (DESIGN.md §6): one hand-written list of them, each
opened on the demo data by someone who may see it. Every GET page under /staf is in that list or in the short
list of pages without personal data, with the reason, so a new page cannot go without a decision."""
from datetime import datetime
from functools import cached_property

import pytest
from flask import url_for

from portal import demo
from portal.cases.models import Case, Referral
from portal.certificates.models import Certificate
from portal.classes.models import Class
from portal.counseling.models import Appointment
from portal.counseling.slots import slot_key
from portal.db import utcnow
from portal.inquiries.models import Inquiry
from portal.registrations.models import Registration
from portal.staff.models import Staff
from portal.units.models import Unit

ADMIN, COORDINATOR = "admin@puspaga.test", "koordinator@puspaga.test"
COUNSELLOR = "psikolog@puspaga.test"  # Nurul: the demo cases of Makassar with their notes and referrals are hers
CITIZEN = None  # a private link: no account, the secret is in the address
FOLLOWER = "the phone the request was sent from"  # /pengaduan/<code> opens once that phone is shown

# endpoint: (who opens it, the values of its address from the demo data)
PERSONAL = {
    "staff.dashboard": (COORDINATOR, lambda d: {}),  # urgent bookings and requests by name
    "staff.second_factor": (COORDINATOR, lambda d: {}),  # the authenticator's secret in a QR: no cache either
    "staff.staff_list": (ADMIN, lambda d: {}),
    "staff.staff_edit": (ADMIN, lambda d: {"staff_id": d.coordinator.id}),
    "audit.log": (ADMIN, lambda d: {}),
    "registration_admin.registrations": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),
    "registration_admin.registration": (COORDINATOR, lambda d: {"klass_id": d.klass.id,
                                                                "registration_id": d.registration.id}),
    "registration_admin.registrations_csv": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),
    "registration_admin.registrations_xlsx": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),
    "registration_admin.attendance": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),
    "learning_admin.class_test": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),  # names and scores
    "learning_admin.paper": (COORDINATOR, lambda d: {"klass_id": d.klass.id, "registration_id": d.registration.id,
                                                     "stage": "pre"}),
    "registration_admin.roster_pdf": (COORDINATOR, lambda d: {"klass_id": d.klass.id}),
    "certificate_admin.class_certificates": (COORDINATOR, lambda d: {"klass_id": d.certificate.klass_id}),
    "certificate_admin.class_pdf": (COORDINATOR, lambda d: {"klass_id": d.certificate.klass_id}),
    "certificate_admin.class_zip": (COORDINATOR, lambda d: {"klass_id": d.certificate.klass_id}),
    "certificate_admin.certificate": (COORDINATOR, lambda d: {"certificate_id": d.certificate.id}),
    "certificate_admin.certificate_pdf": (COORDINATOR, lambda d: {"certificate_id": d.certificate.id}),
    "counseling_admin.schedule": (COORDINATOR, lambda d: {"minggu": d.appointment.starts_at.date().isoformat()}),
    "counseling_admin.appointment": (COORDINATOR, lambda d: {"appointment_id": d.appointment.id}),
    "availability.counsellor_time": (COUNSELLOR, lambda d: {}),  # a counsellor's days off, with their notes
    "inquiry_admin.inbox": (COORDINATOR, lambda d: {}),
    "inquiry_admin.inquiry": (COORDINATOR, lambda d: {"inquiry_id": d.inquiry.id}),
    "case_admin.case_list": (COUNSELLOR, lambda d: {}),
    "case_admin.case": (COUNSELLOR, lambda d: {"case_id": d.referral.case_id}),
    "case_admin.new_case": (COORDINATOR, lambda d: {"pengaduan": d.inquiry.id}),  # filled in from the request
    "case_admin.letter": (COUNSELLOR, lambda d: {"referral_id": d.referral.id}),
    "message_desk.desk": (COORDINATOR, lambda d: {}),
    "reports.overview": (COORDINATOR, lambda d: {}),  # cases by category and kecamatan: small counts point at people
    "reports.report_csv": (COORDINATOR, lambda d: {}),
    "reports.report_xlsx": (COORDINATOR, lambda d: {}),
    "reports.report_pdf": (COORDINATOR, lambda d: {}),
    "reports.satisfaction": (COORDINATOR, lambda d: {}),  # the suggestions, as their writers typed them
    "reports.satisfaction_pdf": (COORDINATOR, lambda d: {}),
    "units.unit_edit": (ADMIN, lambda d: {"unit_id": d.unit.id}),  # the signatory's name and NIP
    "units.unit_image": (COORDINATOR, lambda d: {"unit_id": d.unit.id, "kind": "signature"}),
    "registrations.page": (CITIZEN, lambda d: {"token": d.registration.token}),
    "registrations.calendar_file": (CITIZEN, lambda d: {"token": d.registration.token}),
    "counseling.appointment_page": (CITIZEN, lambda d: {"token": d.appointment.token}),
    "counseling.calendar_file": (CITIZEN, lambda d: {"token": d.appointment.token}),
    "counseling.move": (CITIZEN, lambda d: {"token": d.appointment.token}),
    "counseling.move_confirm": (CITIZEN, lambda d: {"token": d.appointment.token,
                                                    "mulai": slot_key(d.appointment.starts_at)}),
    "inquiries.follow": (FOLLOWER, lambda d: {"code": d.inquiry.code}),
}

# The one private file a browser may keep, and why: never a shared cache, and not this list's no-store.
KEPT_BY_ITS_OWN_BROWSER = {
    "certificates.download": ("the holder's certificate, a document to keep and show: private, with an ETag so "
                              "a slow connection fetches it once (tests/certificates/test_views.py)",
                              CITIZEN, lambda d: {"token": d.certificate.registration.token}),
}

# Staff pages without personal data, and why.
NO_PERSONAL_DATA = {
    "staff.login": "the sign-in form",
    "staff.login_code": "the sign-in's second step: a field for the code",
    "staff.password": "one's own password form",
    "staff.staff_create": "an empty form for a new account",
    "people.find": "the search form; what it finds is the answer to a POST",
    "class_admin.class_list": "classes, their dates and seats",
    "class_admin.class_page": "a class, its sessions and facilitators (staff at work)",
    "class_admin.class_create": "an empty class form",
    "class_admin.class_edit": "a class's own settings",
    "class_admin.desk_register": "an empty registration form",
    "certificate_admin.preview": "a sample certificate with made-up names",
    "counseling_admin.desk_booking": "services and free times; the person's details are posted",
    "availability.service_list": "a unit's counselling services",
    "availability.service_edit": "a service's settings",
    "units.unit_list": "units, their names and cities",
    "units.unit_create": "an empty unit form",
    "survey_admin.paper": "an empty paper questionnaire",
    "learning_admin.templates": "the test templates: their names and kinds",
    "learning_admin.template_form": "a test's questions",
}

SEEDED_AT = datetime(2027, 3, 1, 2, 0)  # a Monday, 10.00 WITA


class DemoRecords:
    """The demo rows the pages above are opened on: Makassar's, which the coordinator runs."""

    @cached_property
    def unit(self):
        return Unit.get(Unit.code == "MKS")

    @cached_property
    def coordinator(self):
        return Staff.by_email(COORDINATOR)

    @cached_property
    def registration(self):
        """A seat in a class still to come (it has a calendar file)."""
        return (Registration.select().join(Class)
                .where(Class.unit == self.unit.id, Class.status == "published", Class.starts_at > utcnow(),
                       Registration.status == "confirmed").order_by(Registration.id).first())

    @cached_property
    def klass(self):
        return self.registration.klass

    @cached_property
    def certificate(self):
        return (Certificate.select().join(Class).where(Class.unit == self.unit.id, Certificate.status == "issued")
                .order_by(Certificate.id).first())

    @cached_property
    def appointment(self):
        """A coming appointment its holder may still move."""
        return (Appointment.select().where(Appointment.unit == self.unit.id, Appointment.status == "confirmed",
                                           Appointment.starts_at > utcnow()).order_by(Appointment.starts_at).first())

    @cached_property
    def inquiry(self):
        return Inquiry.select().where(Inquiry.unit == self.unit.id).order_by(Inquiry.id).first()

    @cached_property
    def referral(self):
        return Referral.select().join(Case).where(Case.unit == self.unit.id).order_by(Referral.id).first()


def staff_pages(app):
    """The endpoints of every GET page under /staf."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/staf") and "GET" in rule.methods}


@pytest.mark.fresh_app  # the portal's own routes, not those another test added to a shared app
def test_every_staff_page_is_listed_as_personal_or_without_personal_data(app):
    pages = staff_pages(app)
    assert sorted(pages - set(PERSONAL) - set(NO_PERSONAL_DATA)) == []
    assert sorted(set(PERSONAL) & set(NO_PERSONAL_DATA)) == []
    assert sorted(set(NO_PERSONAL_DATA) - pages) == []
    assert sorted(set(PERSONAL) - {rule.endpoint for rule in app.url_map.iter_rules()}) == []


def browser_of(app, browsers, who, url, records):
    """A test client for `who`: signed in for staff, having shown the phone for a request, or a bare one."""
    if who in browsers and who != FOLLOWER:
        return browsers[who]
    browser = browsers[who] = app.test_client()
    if who == FOLLOWER:
        browser.post(url, data={"phone": records.inquiry.phone})
    elif who is not CITIZEN:
        signed = browser.post("/staf/masuk", data={"email": who, "password": demo.DEMO_PASSWORD})
        assert signed.status_code in (302, 303) and "/staf/masuk" not in signed.headers["Location"], who
    return browser


def cache_answers(app, pages):
    """{endpoint: (status, Cache-Control)} of each page of `pages` ({endpoint: (who, values)}) on the demo data."""
    records, browsers, answers = DemoRecords(), {}, {}
    for endpoint, (who, values) in pages.items():
        with app.test_request_context():
            url = url_for(endpoint, **values(records))
        response = browser_of(app, browsers, who, url, records).get(url)
        answers[endpoint] = (response.status_code, response.headers.get("Cache-Control"))
    return answers


def test_every_page_with_personal_data_is_no_store(app, clock):
    clock.at(SEEDED_AT)
    with app.test_request_context():
        demo.seed(now=utcnow())
    answers = cache_answers(app, PERSONAL)
    assert {endpoint: answer for endpoint, answer in answers.items() if answer != (200, "no-store")} == {}
    kept = cache_answers(app, {endpoint: opened for endpoint, (_, *opened) in KEPT_BY_ITS_OWN_BROWSER.items()})
    assert set(kept.values()) == {(200, "private")}
