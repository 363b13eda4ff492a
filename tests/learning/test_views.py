"""A participant's tests from their own page, and the staff's pages: templates, a class's test and its scores,
paper tests; what each shows, refuses and stores."""
import re
from datetime import timedelta

import pytest
from hypothesis import given

from portal.classes.models import ClassSession
from portal.learning.models import ClassTest, TestAttempt, TestTemplate
from tests.classes.conftest import person
from tests.learning.conftest import QUESTIONS
from tests.test_forms_fuzz import FUZZ, form_of

pytestmark = pytest.mark.engines


def answers(right, wrong=()):
    """The form as posted: question n answered right (option 1) unless in `wrong`."""
    return {f"q{n}": "0" if n in wrong else "1" for n in range(1, 6) if n not in right}


@pytest.fixture
def seated(tested_class, register):
    return register(tested_class, person(1))[0]


def test_the_participant_takes_the_pre_test_from_their_page(client, clock, tested_class, seated):
    first = ClassSession.of(tested_class.id).first()
    clock.at(first.starts_at)
    page = client.get(f"/pendaftaran/{seated.token}").get_data(as_text=True)
    assert 'data-test="pre"' in page and f"/pendaftaran/{seated.token}/tes/pre" in page
    form = client.get(f"/pendaftaran/{seated.token}/tes/pre")
    assert form.status_code == 200 and form.get_data(as_text=True).count('data-question="') == 5
    assert form.headers["Referrer-Policy"] == "no-referrer" and form.headers["Cache-Control"] == "no-store"

    missing = client.post(f"/pendaftaran/{seated.token}/tes/pre", data={"q1": "1", "q2": "0"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and html.count("Pilih salah satu jawaban.") == 3
    assert re.search(r'checked[^>]*name="q2"[^>]*value="0"|name="q2"[^>]*checked[^>]*value="0"', html) or \
        re.search(r'<input checked id="q2-0"', html)
    assert TestAttempt.select().count() == 0

    done = client.post(f"/pendaftaran/{seated.token}/tes/pre",
                       data={"q1": "1", "q2": "0", "q3": "1", "q4": "1", "q5": "0"}, follow_redirects=True)
    assert "Nilai Anda: 60" in done.get_data(as_text=True) and "nilai 60" in done.get_data(as_text=True)
    again = client.get(f"/pendaftaran/{seated.token}/tes/pre").get_data(as_text=True)
    assert "data-test-taken" in again
    assert TestAttempt.get().score == 60


def test_the_post_test_is_closed_before_the_last_session(client, clock, tested_class, seated):
    clock.at(ClassSession.of(tested_class.id).first().starts_at)
    html = client.get(f"/pendaftaran/{seated.token}/tes/post").get_data(as_text=True)
    assert "data-test-closed" in html and "<form" not in html.split("data-test-closed")[0].split("<article")[1]
    refused = client.post(f"/pendaftaran/{seated.token}/tes/post", data=answers(()), follow_redirects=True)
    assert "Tes akhir sedang tidak dibuka" in refused.get_data(as_text=True) and TestAttempt.select().count() == 0


def test_no_test_page_for_a_class_without_a_test_or_a_stranger(client, create_class, register):
    registration = register(create_class(), person(1))[0]
    assert client.get(f"/pendaftaran/{registration.token}/tes/pre").status_code == 404
    assert client.get("/pendaftaran/bukan-token/tes/pre").status_code == 404
    assert client.get(f"/pendaftaran/{registration.token}/tes/lain").status_code == 404


@FUZZ
@given(data=form_of([f"q{n}" for n in range(1, 6)]))
def test_junk_into_a_test_gets_a_clear_answer_and_stores_nothing_half_way(client, clock, tested_class, register,
                                                                         data):
    clock.at(ClassSession.of(tested_class.id).first().starts_at - timedelta(days=1))  # still taking registrations
    registration = register(tested_class, person(TestAttempt.select().count() + 100))[0]
    before = TestAttempt.select().count()
    response = client.post(f"/pendaftaran/{registration.token}/tes/pre", data=data)
    assert response.status_code in (303, 422)
    assert TestAttempt.select().count() == before + (response.status_code == 303)
    if response.status_code == 422:
        assert 'class="error"' in response.get_data(as_text=True)


def test_a_koordinator_writes_a_template_and_is_told_what_is_wrong(client, auth, staff_by_role, dummy_unit):
    auth.login(staff_by_role["koordinator"])
    data = {"title": "Tes Pranikah", "kind": "pranikah", "unit": str(dummy_unit.id),
            "questions": QUESTIONS.replace("* Benar 3", "- Benar 3")}
    wrong = client.post("/staf/tes/baru", data=data)
    assert wrong.status_code == 422 and "Pertanyaan 3: tandai tepat satu" in wrong.get_data(as_text=True)
    assert "Tes Pranikah" in wrong.get_data(as_text=True) and TestTemplate.select().count() == 0
    assert client.post("/staf/tes/baru", data=data | {"questions": QUESTIONS}).status_code == 303
    template = TestTemplate.get()
    edit = client.get(f"/staf/tes/{template.id}").get_data(as_text=True)
    assert "* Benar 3" in edit and "Tes Pranikah" in edit


@FUZZ
@given(data=form_of(["title", "kind", "unit", "questions"]))
def test_junk_into_the_template_form_stores_nothing_half_way(client, auth, dummy_staff, data):
    auth.login(dummy_staff)
    before = TestTemplate.select().count()
    response = client.post("/staf/tes/baru", data=data)
    assert response.status_code in (303, 422)
    assert TestTemplate.select().count() == before + (response.status_code == 303)


def test_the_class_test_page_sets_the_test_and_takes_paper_tests(client, auth, staff_by_role, create_class,
                                                                 template, register):
    klass = create_class(kind="parenting")
    registration = register(klass, person(1))[0]
    auth.login(staff_by_role["koordinator"])
    page = client.get(f"/staf/kelas/{klass.id}/tes").get_data(as_text=True)
    assert "Tes Parenting" in page
    bad = client.post(f"/staf/kelas/{klass.id}/tes", data={"template": str(template.id), "pass_score": "120"})
    assert bad.status_code == 422 and "Isi antara 0 dan 100." in bad.get_data(as_text=True)
    assert client.post(f"/staf/kelas/{klass.id}/tes", data={"template": str(template.id),
                                                            "pass_score": "70"}).status_code == 303
    assert ClassTest.of(klass.id).pass_score == 70
    paper = client.post(f"/staf/kelas/{klass.id}/tes/{registration.id}/pre", data=answers(()))
    assert paper.status_code == 303
    scores = client.get(f"/staf/kelas/{klass.id}/tes").get_data(as_text=True)
    assert re.search(rf'data-registration="{registration.id}".*?100 <span class="muted">\(kertas\)', scores, re.S)


def test_a_facilitator_sees_the_scores_of_their_class_but_not_the_settings(client, auth, tested_class, seated,
                                                                          create_staff):
    facilitator = create_staff(role="fasilitator")
    from portal.classes.models import ClassFacilitator

    ClassFacilitator.create(klass=tested_class.id, staff=facilitator.id)
    auth.login(facilitator)
    page = client.get(f"/staf/kelas/{tested_class.id}/tes")
    assert page.status_code == 200 and seated.name in page.get_data(as_text=True)
    assert 'name="pass_score"' not in page.get_data(as_text=True)
    assert client.post(f"/staf/kelas/{tested_class.id}/tes", data={"template": ""}).status_code == 403


def test_the_report_shows_each_class_and_kind_gain_and_the_csv_the_same(client, auth, app, staff_by_role,
                                                                        tested_class, register):
    from portal.learning import services
    from tests.learning.conftest import chosen
    from tests.reports.readers import LEARNING, csv_sections

    first, last = ClassSession.of(tested_class.id)
    with app.test_request_context():
        for n, (before, after) in enumerate([(1, 4), (2, 2), (3, 5)], 1):
            registration = register(tested_class, person(n))[0]
            services.take(registration, "pre", chosen(before), now=first.starts_at)
            services.take(registration, "post", chosen(after), now=last.starts_at)
    auth.login(staff_by_role["koordinator"])
    query = f"periode=tahun&tahun={(first.starts_at + timedelta(hours=8)).year}"
    html = client.get(f"/staf/laporan/?{query}").get_data(as_text=True)
    # Pre 20, 40, 60: 40. Post 80, 40, 100: 73.3. Gains 60, 0, 40: 33.3; two of three improved.
    row = re.search(r"<th scope=\"row\">Kelas Uji parenting</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["40,0", "73,3", "33,3", "66,7%"]
    # The kind's pooled row is the table's foot, set apart from the classes' rows.
    foot = re.search(r"<table class=\"report-table\" data-learning>.*?<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert re.findall(r"<th scope=\"row\">([^<]*)</th>", foot) == ["Semua Kelas Parenting"]
    block = next(b for b in csv_sections(client.get(f"/staf/laporan/laporan.csv?{query}").get_data(as_text=True))
                 if b and b[0][0] == LEARNING)
    assert block[2] == ["Kelas Uji parenting", "40", "73.3", "33.3", "66.7", "3"]


def test_a_waitlisted_registrant_has_no_test_page(client, create_class, template, register, app, dummy_staff):
    from portal.learning import services

    klass = create_class(kind="parenting", capacity=1)
    with app.test_request_context():
        services.set_class_test(dummy_staff, klass, template, None)
    register(klass, person(1))
    waiting = register(klass, person(2))[0]
    assert waiting.status == "waitlisted"
    assert client.get(f"/pendaftaran/{waiting.token}/tes/pre").status_code == 404


def test_a_facilitator_of_another_class_finds_nothing(client, auth, tested_class, seated, create_staff):
    auth.login(create_staff(role="fasilitator"))
    assert client.get(f"/staf/kelas/{tested_class.id}/tes").status_code == 404
    assert client.get(f"/staf/kelas/{tested_class.id}/tes/{seated.id}/pre").status_code == 404


def test_a_kinds_row_pools_its_participants_not_its_classes_means(client, auth, app, staff_by_role, create_class,
                                                                  template, dummy_staff, register):
    """Two parenting classes of one and of three participants: the kind's means are over the four people."""
    from portal.learning import services
    from tests.learning.conftest import chosen

    classes = [create_class(kind="parenting", title=title) for title in ("Kelas Kecil", "Kelas Besar")]
    with app.test_request_context():
        for klass in classes:
            services.set_class_test(dummy_staff, klass, template, None)
        for klass, pairs in zip(classes, [[(1, 5)], [(2, 2), (2, 3), (2, 4)]]):
            first, last = ClassSession.of(klass.id)
            for n, (before, after) in enumerate(pairs, 1):
                registration = register(klass, person(n + 10 * klass.id))[0]
                services.take(registration, "pre", chosen(before), now=first.starts_at)
                services.take(registration, "post", chosen(after), now=last.starts_at)
    auth.login(staff_by_role["koordinator"])
    first = ClassSession.of(classes[0].id).first()
    html = client.get(f"/staf/laporan/?periode=tahun&tahun={(first.starts_at + timedelta(hours=8)).year}").get_data(
        as_text=True)
    row = re.search(r"<th scope=\"row\">Semua Kelas Parenting</th>(.*?)</tr>", html, re.S).group(1)
    # Pre 20, 40, 40, 40: 35 (the classes' means 20 and 40 would make 30). Post 100, 40, 60, 80: 70.
    # Gains 80, 0, 20, 40: 35; three of four improved.
    assert re.findall(r"<td>([^<]*)</td>", row) == ["35,0", "70,0", "35,0", "75,0%"]
