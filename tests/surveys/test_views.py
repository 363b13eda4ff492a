"""The survey page a citizen opens from their link, the desk's paper questionnaires, and the IKM page with its
files: what each shows, refuses and stores."""
import re
from decimal import Decimal

import pytest
from hypothesis import given

from portal.db import database
from portal.surveys.models import ELEMENT_KEYS, SurveyInvitation, SurveyResponse
from tests.reports.readers import IKM, csv_ikm, pdf_text, xlsx_ikm
from tests.surveys.conftest import posted
from tests.test_forms_fuzz import FUZZ, form_of

pytestmark = pytest.mark.engines
THIS_YEAR = "periode=tahun&tahun={year}"


def test_the_link_opens_the_nine_questions_without_a_name(client, completed):
    appointment, invitation = completed
    response = client.get(f"/survei/{invitation.token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert len(re.findall(r'data-element="', html)) == 9
    assert "Gratis" in html and "Dikelola dengan baik" in html and 'type="radio"' in html
    assert appointment.name not in html and appointment.phone not in html


def test_an_unknown_link_is_not_found(client, completed):
    assert client.get("/survei/bukan-token-siapa-pun").status_code == 404
    assert client.post("/survei/bukan-token-siapa-pun", data=posted()).status_code == 404


def test_a_missing_answer_is_named_what_was_chosen_stays_and_nothing_is_stored(client, completed):
    _appointment, invitation = completed
    data = posted(3, waktu=None, sarana=None) | {"suggestion": "Antre terlalu lama", "education": "sma"}
    response = client.post(f"/survei/{invitation.token}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count("Pilih salah satu jawaban.") == 2
    assert re.search(r'value="3"[^>]*checked|checked[^>]*value="3"', html)
    assert "Antre terlalu lama" in html and re.search(r'<option selected value="sma">|value="sma" selected', html)
    assert SurveyResponse.select().count() == 0 and not SurveyInvitation.get_by_id(invitation.id).answered


def test_in_english_the_questions_and_errors_are_english(client, completed):
    _appointment, invitation = completed
    client.get("/bahasa?lang=en")
    html = client.post(f"/survei/{invitation.token}", data=posted(4, biaya=None)).get_data(as_text=True)
    assert "Choose one answer." in html and "Very expensive" in html and "Pilih salah" not in html


def test_answering_thanks_once_and_a_second_send_changes_nothing(client, completed):
    _appointment, invitation = completed
    response = client.post(f"/survei/{invitation.token}", data=posted(4, suggestion="Terima kasih"))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-survey-answered" in page and "Jawaban Anda sudah tercatat" in page
    again = client.post(f"/survei/{invitation.token}", data=posted(1), follow_redirects=True)
    assert "data-survey-answered" in again.get_data(as_text=True)
    assert [r.persyaratan for r in SurveyResponse.select()] == [4]


def test_the_appointments_own_page_links_the_survey_until_it_is_answered(client, completed):
    appointment, invitation = completed
    page = client.get(f"/konseling/jadwal/{appointment.token}").get_data(as_text=True)
    assert 'data-survey="open"' in page and f"/survei/{invitation.token}" in page
    client.post(f"/survei/{invitation.token}", data=posted(4))
    assert 'data-survey="answered"' in client.get(f"/konseling/jadwal/{appointment.token}").get_data(as_text=True)


@FUZZ
@given(data=form_of([*ELEMENT_KEYS, "suggestion", "age_group", "gender", "education", "occupation"]))
def test_junk_into_the_survey_gets_a_clear_answer_and_stores_nothing_half_way(client, completed, data):
    appointment, first = completed
    with database.connection_context():  # each example its own unanswered survey
        invitation = SurveyInvitation.create(unit=first.unit_id, service="konseling", object_type="appointment",
                                             object_id=appointment.id * 1000 + SurveyInvitation.select().count(),
                                             token=f"fuzz{SurveyInvitation.select().count()}")
    before = SurveyResponse.select().count()
    response = client.post(f"/survei/{invitation.token}", data=data)
    assert response.status_code in (303, 422)
    answered = SurveyInvitation.get_by_id(invitation.id).answered
    assert SurveyResponse.select().count() == before + (response.status_code == 303) and answered == (
        response.status_code == 303)
    if response.status_code == 422:
        assert 'class="error"' in response.get_data(as_text=True)


@FUZZ
@given(data=form_of([*ELEMENT_KEYS, "unit", "service", "day", "suggestion", "education"]))
def test_junk_into_the_paper_form_stores_nothing_half_way(client, auth, dummy_staff, data):
    auth.login(dummy_staff)
    before = SurveyResponse.select().count()
    response = client.post("/staf/survei/kertas", data=data)
    assert response.status_code in (303, 422)
    assert SurveyResponse.select().count() == before + (response.status_code == 303)


def test_the_desk_types_in_a_paper_questionnaire(client, auth, staff_by_role, dummy_unit, clock):
    auth.login(staff_by_role["koordinator"])
    form = client.get("/staf/survei/kertas").get_data(as_text=True)
    today = re.search(r'name="day"[^>]*value="([\d-]+)"', form).group(1)
    data = posted(3, biaya=None) | {"unit": str(dummy_unit.id), "service": "parenting", "day": today}
    response = client.post("/staf/survei/kertas", data=data)
    assert response.status_code == 303
    stored = SurveyResponse.get()
    assert (stored.source, stored.service, stored.biaya, stored.entered_by_id) == (
        "paper", "parenting", None, staff_by_role["koordinator"].id)
    future = client.post("/staf/survei/kertas", data=data | {"day": "2999-01-01"})
    assert future.status_code == 422 and "tidak boleh setelah hari ini" in future.get_data(as_text=True)
    blank = {"unit": str(dummy_unit.id), "service": "parenting", "day": today, "suggestion": "Bagus"}
    empty = client.post("/staf/survei/kertas", data=blank)
    assert empty.status_code == 422 and "Kuesioner ini kosong" in empty.get_data(as_text=True)
    assert SurveyResponse.select().count() == 1


def seed_answers(app, dummy_unit, completed, more):
    """The completed appointment's answer (all 4, with a suggestion), and `more` others the same year: of 3 but
    the cost 4 and, on paper, of 2 with complaint handling left blank. Returns the year."""
    from portal.surveys import services
    from tests.surveys.conftest import answers

    _appointment, invitation = completed
    with app.test_request_context(), database.connection_context():
        services.answer(invitation.id, answers(4, suggestion="Ruang tunggu perlu kipas"))
        served_at = SurveyResponse.get().served_at
        for n in range(more):
            if n % 2:
                SurveyResponse.create(unit=dummy_unit.id, service="pranikah", source="paper", served_at=served_at,
                                      **answers(2, biaya=4, pengaduan=None))
            else:
                SurveyResponse.create(unit=dummy_unit.id, service="konseling", served_at=served_at,
                                      **answers(3, biaya=4))
    return served_at.year


@pytest.fixture
def answered(app, dummy_unit, completed):
    """Five answers: 4s; 3s twice (cost 4); 2s twice on paper (cost 4, complaint handling blank)."""
    # By hand: seven elements (4 + 3 + 3 + 2 + 2) ÷ 5 = 2.8; the cost 4; complaint handling (4 + 3 + 3) ÷ 3
    # = 3.3333; sum = 7 × 2.8 + 4 + 3.3333 = 26.9333; ÷ 9 = 2.9926; × 25 = 74.81, C (Kurang Baik).
    return seed_answers(app, dummy_unit, completed, 4)


def test_the_ikm_page_shows_the_grade_each_element_and_the_suggestions(client, auth, staff_by_role, answered):
    auth.login(staff_by_role["koordinator"])
    html = client.get(f"/staf/laporan/ikm?{THIS_YEAR.format(year=answered)}").get_data(as_text=True)
    assert 'data-ikm="74.81"' in html and 'data-grade="C"' in html and "C · Kurang Baik" in html
    assert "74,81" in html and "2,9926" in html and "3,3333" in html
    assert html.count('class="chart-row"') >= 9 and "Ruang tunggu perlu kipas" in html
    assert "5 responden" in html


def test_under_five_answers_the_index_and_suggestions_stay_hidden(client, auth, staff_by_role, app, dummy_unit,
                                                                  completed):
    year = seed_answers(app, dummy_unit, completed, 3)
    auth.login(staff_by_role["koordinator"])
    html = client.get(f"/staf/laporan/ikm?{THIS_YEAR.format(year=year)}").get_data(as_text=True)
    assert "data-withheld" in html and 'data-ikm=""' in html and "4 responden" in html
    assert "Ruang tunggu perlu kipas" not in html and "3,0000" not in html


def test_the_csv_workbook_and_pdf_say_what_the_page_says(client, auth, staff_by_role, answered, dummy_unit):
    auth.login(staff_by_role["koordinator"])
    query = THIS_YEAR.format(year=answered)
    from_csv = csv_ikm(client.get(f"/staf/laporan/laporan.csv?{query}").get_data(as_text=True))
    csv_text = client.get(f"/staf/laporan/laporan.csv?{query}").get_data(as_text=True)
    from_csv = csv_ikm(csv_text)
    summary = dict(row[:2] for row in from_csv[IKM][1:])
    assert summary["Nilai IKM dikonversi (25–100)"] == "74.81" and summary["Mutu pelayanan"] == "C (Kurang Baik)"
    assert dict(row[:2] for row in from_csv["IKM: nilai rata-rata per unsur"][1:])[
        "8. Penanganan pengaduan, saran dan masukan"] == "3.3333"
    workbook = client.get(f"/staf/laporan/laporan.xlsx?{query}").data
    from_xlsx = xlsx_ikm(workbook)
    assert Decimal(str(dict(row[:2] for row in from_xlsx[IKM][1:])["Nilai IKM dikonversi (25–100)"])) == Decimal("74.81")
    assert "kipas" not in csv_text and b"kipas" not in workbook  # free text stays on the page
    response = client.get(f"/staf/laporan/ikm.pdf?{query}")
    text = pdf_text(response.data)
    assert response.status_code == 200 and "74,81" in text and "Kurang Baik" in text and "kipas" not in text
    assert response.headers["Content-Disposition"].endswith(f"ikm-{dummy_unit.code}-{answered}.pdf")
