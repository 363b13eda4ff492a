"""Templates as text, when each test is open, one attempt per stage (also under concurrency), the certificate's
test rule at closing, and the learning gain against a hand computation."""
from datetime import timedelta

import pytest

from portal.classes.models import Class, ClassSession
from portal.errors import RuleError
from portal.learning import services
from portal.learning.models import ClassTest, TestAttempt, TestTemplate
from portal.notify.models import OutboxMessage
from portal.registrations import services as registering
from portal.registrations.models import Registration
from tests.concurrency import race
from tests.classes.conftest import person
from tests.learning.conftest import QUESTIONS, chosen

pytestmark = pytest.mark.engines


def test_questions_are_read_from_text_and_a_wrong_one_is_named():
    items = services.parse_questions(QUESTIONS)
    assert len(items) == 5 and items[0] == dict(text="Pertanyaan nomor 1?", options=["Salah satu", "Benar 1",
                                                                                     "Salah dua"], correct=1)
    assert services.parse_questions(services.as_text(items)) == items
    with pytest.raises(RuleError, match="antara 5 dan 15 pertanyaan; sekarang ada 1"):
        services.parse_questions("Satu?\n* Ya\n- Tidak")
    two_right = QUESTIONS.replace("- Salah satu", "* Salah satu", 1)
    with pytest.raises(RuleError, match="Pertanyaan 1: tandai tepat satu"):
        services.parse_questions(two_right)
    unmarked = QUESTIONS.replace("- Salah dua", "Salah dua", 3)
    with pytest.raises(RuleError, match="Pertanyaan 1: tulis pertanyaannya"):
        services.parse_questions(unmarked)


def sessions_of(klass):
    return list(ClassSession.of(klass.id))


def test_the_pre_test_closes_with_the_first_session_and_the_post_test_opens_with_the_last(app, tested_class,
                                                                                        register):
    registration, _ = register(tested_class, person(1))
    first, last = sessions_of(tested_class)
    with app.test_request_context():
        with pytest.raises(RuleError, match="Tes akhir sedang tidak dibuka"):
            services.take(registration, "post", chosen(5), now=first.starts_at)
        assert services.take(registration, "pre", chosen(2), now=first.starts_at).score == 40
        with pytest.raises(RuleError, match="sudah Anda kerjakan"):
            services.take(registration, "pre", chosen(5), now=first.starts_at)
        assert services.take(registration, "post", chosen(4), now=last.starts_at).score == 80
    other, _ = register(tested_class, person(2))
    with app.test_request_context(), pytest.raises(RuleError, match="Tes awal sedang tidak dibuka"):
        services.take(other, "pre", chosen(5), now=first.ends_at)


def test_staff_type_in_a_paper_test_while_the_class_runs(app, tested_class, register, dummy_staff):
    registration, _ = register(tested_class, person(1))
    first, _last = sessions_of(tested_class)
    with app.test_request_context():
        attempt = services.take(registration, "pre", chosen(3), now=first.ends_at + timedelta(days=1),
                                actor=dummy_staff)
    assert (attempt.score, attempt.source, attempt.entered_by_id) == (60, "paper", dummy_staff.id)


@pytest.mark.parametrize("round_", range(3))
def test_a_double_submit_under_concurrency_keeps_one_attempt(app, tested_class, register, round_):
    registration, _ = register(tested_class, person(1))
    first = sessions_of(tested_class)[0]
    results = race(app, [lambda: services.take(registration, "pre", chosen(5), now=first.starts_at)
                         for _ in range(6)])
    assert sum(isinstance(r, TestAttempt) for r in results) == 1, results
    assert all(isinstance(r, (TestAttempt, RuleError)) for r in results), results
    assert TestAttempt.select().count() == 1


def test_the_questions_a_class_took_stay_and_cannot_be_swapped_once_taken(app, tested_class, template, register,
                                                                          dummy_staff, dummy_unit):
    with app.test_request_context():
        services.save_template(dummy_staff, template, dummy_unit, "parenting", "Tes Parenting",
                               QUESTIONS.replace("Benar 1", "Benar baru"))
    assert "Benar baru" not in ClassTest.of(tested_class.id).questions
    registration, _ = register(tested_class, person(1))
    with app.test_request_context():
        services.take(registration, "pre", chosen(5), now=sessions_of(tested_class)[0].starts_at)
        other = services.save_template(dummy_staff, TestTemplate(), dummy_unit, "parenting", "Lain", QUESTIONS)
        with pytest.raises(RuleError, match="tidak dapat diganti"):
            services.set_class_test(dummy_staff, tested_class, other, 60)
        assert services.set_class_test(dummy_staff, tested_class, template, 80).pass_score == 80


def test_closing_needs_the_post_test_score_and_says_which_rule_was_missed(app, tested_class, register,
                                                                        dummy_staff):
    passed, failed, absent = (register(tested_class, person(n))[0] for n in (1, 2, 3))
    first, last = sessions_of(tested_class)
    with app.test_request_context():
        for registration in (passed, failed):
            for session in (first, last):
                registering.mark_attendance(dummy_staff, registration, session, True, now=session.starts_at)
        services.take(passed, "post", chosen(3), now=last.starts_at)  # 60: just enough
        services.take(failed, "post", chosen(2), now=last.starts_at)  # 40
        registering.close_class(dummy_staff, tested_class.id, now=last.ends_at)
        klass = Class.get_by_id(tested_class.id)
        sessions = sessions_of(klass)
        assert Registration.get_by_id(passed.id).status == "completed"
        assert registering.missed_rules(klass, Registration.get_by_id(failed.id), sessions) == {"test": (40, 60)}
        assert registering.missed_rules(klass, Registration.get_by_id(absent.id), sessions) == {
            "attendance": (0, 2), "test": (None, 60)}
    told = {m.topic: m.object_id for m in OutboxMessage.select().where(
        OutboxMessage.topic.in_(["registration.not_passed", "registration.not_completed"]))}
    assert told == {"registration.not_passed": str(failed.id), "registration.not_completed": str(absent.id)}


def test_the_gain_of_a_class_is_the_hand_computed_one(app, tested_class, register):
    people = [register(tested_class, person(n))[0] for n in range(1, 5)]
    first, last = sessions_of(tested_class)
    with app.test_request_context():
        for registration, (before, after) in zip(people, [(1, 4), (2, 2), (3, 5), (2, None)]):
            services.take(registration, "pre", chosen(before), now=first.starts_at)
            if after is not None:
                services.take(registration, "post", chosen(after), now=last.starts_at)
    gain = services.gains(Class.select().where(Class.id == tested_class.id))[tested_class.id]
    # Pre 20, 40, 60, 40: mean 40. Post 80, 40, 100: mean 73.3. Both: +60, 0, +40: gain 33.3; 2 of 3 improved.
    assert gain.mean_pre == 40 and round(gain.mean_post, 1) == 73.3
    assert round(gain.gain, 1) == 33.3 and gain.improved == pytest.approx(2 / 3)


@pytest.mark.parametrize("right, questions, percent", [(5, 8, 63), (7, 8, 88), (1, 3, 33), (2, 3, 67), (5, 5, 100)])
def test_a_score_is_the_percent_right_with_halves_rounded_up(right, questions, percent):
    assert services.score(right, questions) == percent


def test_who_cancelled_after_the_pre_test_counts_in_no_gain(app, tested_class, register):
    stays, leaves = register(tested_class, person(1))[0], register(tested_class, person(2))[0]
    first, last = sessions_of(tested_class)
    with app.test_request_context():
        services.take(stays, "pre", chosen(2), now=first.starts_at - timedelta(days=1))
        services.take(leaves, "pre", chosen(5), now=first.starts_at - timedelta(days=1))
        registering.cancel(leaves.id, now=first.starts_at - timedelta(hours=20))
        services.take(stays, "post", chosen(4), now=last.starts_at)
    gain = services.gains(Class.select().where(Class.id == tested_class.id))[tested_class.id]
    assert (gain.pre, gain.post, gain.pairs) == ([40], [80], [(40, 80)])


def test_a_test_comes_off_a_class_only_before_anyone_took_it_and_its_row_stays(app, tested_class, template,
                                                                                register, dummy_staff):
    with app.test_request_context():
        assert services.set_class_test(dummy_staff, tested_class, None, None) is None
        assert ClassTest.of(tested_class.id) is None and ClassTest.row_of(tested_class.id) is not None
        services.set_class_test(dummy_staff, tested_class, template, 50)
        registration = register(tested_class, person(1))[0]
        services.take(registration, "pre", chosen(5), now=sessions_of(tested_class)[0].starts_at)
        with pytest.raises(RuleError, match="tidak dapat diganti"):
            services.set_class_test(dummy_staff, tested_class, None, None)
    assert ClassTest.of(tested_class.id).pass_score == 50
