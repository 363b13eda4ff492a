"""Invitations after a service, one answer per service (also under concurrency), paper questionnaires, and the
index of seeded answers against a hand computation on both engines."""
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from portal.classes.models import ClassSession
from portal.counseling.models import Appointment
from portal.db import database
from portal.errors import RuleError
from portal.notify.models import OutboxMessage
from portal.registrations import services as registering
from portal.surveys import services
from portal.surveys.models import ELEMENT_KEYS, SurveyInvitation, SurveyResponse
from tests.classes.conftest import create_class, person as registrant, register  # noqa: F401
from tests.concurrency import race
from tests.surveys.conftest import answers
from tests.surveys.test_index import by_hand

pytestmark = pytest.mark.engines
# Words a shared family phone must not show (DESIGN.md §7).
SENSITIVE = ("konseling", "kasus", "kekerasan", "masalah", "keluhan", "pengaduan", "counsel", "violence")


def test_a_completed_appointment_gets_one_survey_link_by_message(completed):
    appointment, invitation = completed
    assert invitation.service == "konseling" and not invitation.answered
    message = OutboxMessage.get(OutboxMessage.topic == "survey.invited")
    assert message.recipient == appointment.phone and f"/survei/{invitation.token}" in message.body
    assert not any(word in message.body.lower() for word in SENSITIVE)


def test_inviting_again_makes_no_second_survey_nor_message(app, completed):
    appointment, invitation = completed
    with app.test_request_context():
        services.invite(Appointment.get_by_id(appointment.id), appointment.unit, "konseling")
    assert SurveyInvitation.select().count() == 1 and SurveyInvitation.get().token == invitation.token
    assert OutboxMessage.select().where(OutboxMessage.topic == "survey.invited").count() == 1


def test_a_no_show_gets_no_survey(took_place):
    assert took_place("no_show")[1] is None
    assert SurveyInvitation.select().count() == 0


def test_closing_a_class_invites_those_who_attended_a_session(app, create_class, register, dummy_staff):
    klass = create_class(sessions=2, kind="parenting")
    came, absent = register(klass, registrant(1))[0], register(klass, registrant(2))[0]
    first, last = ClassSession.of(klass.id)
    with app.test_request_context():
        registering.mark_attendance(dummy_staff, came, first, True, now=first.starts_at)
        registering.close_class(dummy_staff, klass.id, now=last.ends_at)
    invited = list(SurveyInvitation.select())
    assert [(i.object_id, i.service) for i in invited] == [(came.id, "parenting")]
    assert SurveyInvitation.of(absent) is None


def test_one_answer_per_service_and_no_way_back_to_who_gave_it(app, completed):
    appointment, invitation = completed
    with app.test_request_context():
        services.answer(invitation.id, answers(3, suggestion="  Ruang tunggu sempit.  "))
        with pytest.raises(RuleError, match="sudah diisi"):
            services.answer(invitation.id, answers(1))
    response = SurveyResponse.get()
    assert SurveyResponse.select().count() == 1 and SurveyInvitation.get_by_id(invitation.id).answered
    # The desk's message is left as it was: seeing it withdrawn, staff would learn who had just answered.
    assert OutboxMessage.get(OutboxMessage.topic == "survey.invited").status == "pending"
    # Dated by the day of the service only, never the hour the appointment's own records hold.
    finished_at = Appointment.get_by_id(appointment.id).finished_at
    local = response.served_at + timedelta(hours=8)  # the dummy unit is in WITA
    assert (local.date(), local.time()) == ((finished_at + timedelta(hours=8)).date(), time(12))
    assert response.served_at != finished_at
    assert response.suggestion == "Ruang tunggu sempit." and response.source == "online"
    assert [getattr(response, key) for key in ELEMENT_KEYS] == [3] * 9
    # Nothing in an answer's row names the invitation, the appointment or the person.
    row = SurveyResponse.select().where(SurveyResponse.id == response.id).dicts().get()
    assert not {"invitation", "invitation_id", "object_id", "appointment_id", "name", "phone", "token"} & set(row)
    assert appointment.name not in str(row) and invitation.token not in str(row)


@pytest.mark.parametrize("round_", range(3))
def test_a_double_submit_under_concurrency_makes_one_answer(app, completed, round_):
    _appointment, invitation = completed
    results = race(app, [lambda: services.answer(invitation.id, answers(4)) for _ in range(8)])
    assert sum(isinstance(r, SurveyResponse) for r in results) == 1
    assert all(isinstance(r, (SurveyResponse, RuleError)) for r in results), results
    assert SurveyResponse.select().count() == 1


def test_a_paper_questionnaire_is_marked_and_dated_noon_of_its_day(app, dummy_unit, dummy_staff):
    with app.test_request_context():
        response = services.record_paper(dummy_staff, dummy_unit, "pranikah", date(2026, 3, 9),
                                         answers(2, biaya=None, education="sma"))
    assert response.source == "paper" and response.entered_by_id == dummy_staff.id and response.biaya is None
    assert response.served_at.date() == date(2026, 3, 9) and response.served_at.hour in (3, 4, 5)  # 12.00 local


def seed_total(unit, total, respondents):
    """`respondents` answers whose values add up to `total` over all nine elements."""
    left = total
    for n in range(respondents):
        rest_after = (respondents - n - 1) * 9
        values = []
        for element in range(9):
            remaining_slots = rest_after + (9 - element - 1)
            value = max(1, min(4, left - remaining_slots))
            values.append(value)
            left -= value
        SurveyResponse.create(unit=unit.id, service="konseling", served_at=date(2026, 6, 1),
                              **dict(zip(ELEMENT_KEYS, values)))
    assert left == 0
    return [tuple(getattr(r, k) for k in ELEMENT_KEYS) for r in SurveyResponse.select()]


def landing_on(converted):
    """(respondents, total of all answers) whose index, written with two decimals, is `converted`."""
    for respondents in range(1, 400):
        for total in range(9 * respondents, 36 * respondents + 1):
            value = (Decimal(total * 25) / (9 * respondents)).quantize(Decimal("0.01"), "ROUND_HALF_UP")
            if value == Decimal(converted):
                return respondents, total
    raise AssertionError(converted)


@pytest.mark.parametrize("converted, letter", [
    ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"), ("65.00", "C"), ("64.99", "D")])
def test_seeded_answers_give_the_hand_computed_index_and_grade(app, dummy_unit, converted, letter):
    respondents, total = landing_on(converted)
    with database.connection_context():
        sets = seed_total(dummy_unit, total, respondents)
        index = services.index_of(SurveyResponse.unit == dummy_unit.id)
    assert index.respondents == respondents
    assert index.converted == by_hand(sets) == Decimal(converted) and index.grade.letter == letter
