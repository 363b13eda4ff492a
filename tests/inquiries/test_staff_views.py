"""Triage: urgent first, assign, answer (to the outbox and the citizen's page), close."""
import pytest

from portal.audit.models import AuditLog
from portal.inquiries.models import Inquiry
from portal.notify.models import OutboxMessage

pytestmark = pytest.mark.engines


def test_the_inbox_puts_urgent_requests_first_then_the_oldest(client, auth, staff_by_role, send_inquiry):
    older, urgent, newer = send_inquiry(n=1), send_inquiry(n=2, urgent=True), send_inquiry(n=3)
    send_inquiry(n=4).__class__.update(status="closed").where(Inquiry.id == 4).execute()
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/pengaduan/").get_data(as_text=True)
    order = [page.index(f'data-inquiry="{i.id}"') for i in (urgent, older, newer)]
    assert order == sorted(order) and 'data-inquiry="4"' not in page
    assert 'data-inquiry="4"' in client.get("/staf/pengaduan/?status=closed").get_data(as_text=True)


def test_the_dashboard_heads_with_urgent_requests(client, auth, staff_by_role, send_inquiry):
    urgent = send_inquiry(urgent=True)
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/").get_data(as_text=True)
    assert "data-urgent-inquiries" in page and urgent.code in page


def test_assign_answer_and_close(app, client, auth, staff_by_role, send_inquiry):
    inquiry = send_inquiry()
    counsellor = staff_by_role["konselor"]
    auth.login(staff_by_role["koordinator"])
    assert client.post(f"/staf/pengaduan/{inquiry.id}/tugaskan", data={"assignee": counsellor.id}).status_code == 303
    assert Inquiry.get_by_id(inquiry.id).status == "in_review"
    answered = client.post(f"/staf/pengaduan/{inquiry.id}/jawab",
                           data={"answer": "Silakan datang ke kantor hari Senin untuk konsultasi hak asuh."})
    assert answered.status_code == 303 and Inquiry.get_by_id(inquiry.id).status == "answered"
    message = OutboxMessage.select().where(OutboxMessage.topic == "inquiry.answered").get()
    # the message sends them to their page: the answer itself is not for a shared phone
    assert "datang ke kantor" not in message.body and inquiry.code in message.body
    assert message.recipient == inquiry.phone
    assert AuditLog.select().where(AuditLog.action == "inquiry.answer").count() == 1
    assert client.post(f"/staf/pengaduan/{inquiry.id}/tutup", data={"answer": ""}).status_code == 303
    assert Inquiry.get_by_id(inquiry.id).status == "closed"
    # the citizen sees every step and the answer
    citizen = app.test_client()
    page = citizen.post(f"/pengaduan/{inquiry.code}", data={"phone": inquiry.phone}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "datang ke kantor hari Senin" in text and "Ditinjau petugas" in text and "Ditutup" in text
    assert 'data-status="closed"' in text


def test_an_empty_answer_is_refused_and_nothing_changes(client, auth, staff_by_role, send_inquiry):
    inquiry = send_inquiry()
    auth.login(staff_by_role["koordinator"])
    response = client.post(f"/staf/pengaduan/{inquiry.id}/jawab", data={"answer": "  "})
    assert response.status_code == 422 and "Wajib diisi" in response.get_data(as_text=True)
    assert Inquiry.get_by_id(inquiry.id).status == "new" and OutboxMessage.select().count() == 1


def test_a_closed_request_cannot_be_answered(client, auth, staff_by_role, send_inquiry):
    inquiry = send_inquiry()
    auth.login(staff_by_role["koordinator"])
    client.post(f"/staf/pengaduan/{inquiry.id}/tutup", data={})
    response = client.post(f"/staf/pengaduan/{inquiry.id}/jawab", data={"answer": "Terlambat."}, follow_redirects=True)
    assert "sudah dijawab atau ditutup" in response.get_data(as_text=True)
    assert OutboxMessage.select().where(OutboxMessage.topic == "inquiry.answered").count() == 0


def test_assigning_outside_the_unit_is_refused(client, auth, staff_by_role, send_inquiry, create_unit, create_staff):
    inquiry = send_inquiry()
    stranger = create_staff(role="konselor", unit=create_unit())
    auth.login(staff_by_role["koordinator"])
    response = client.post(f"/staf/pengaduan/{inquiry.id}/tugaskan", data={"assignee": stranger.id})
    assert response.status_code == 422 and Inquiry.get_by_id(inquiry.id).assigned_to_id is None


def test_a_counsellor_sees_only_requests_assigned_to_them(client, auth, staff_by_role, send_inquiry):
    mine, other = send_inquiry(n=1), send_inquiry(n=2)
    Inquiry.update(assigned_to=staff_by_role["konselor"]).where(Inquiry.id == mine.id).execute()
    auth.login(staff_by_role["konselor"])
    page = client.get("/staf/pengaduan/").get_data(as_text=True)
    assert f'data-inquiry="{mine.id}"' in page and f'data-inquiry="{other.id}"' not in page
    assert client.get(f"/staf/pengaduan/{other.id}").status_code == 404


def test_another_units_koordinator_cannot_open_it(client, auth, send_inquiry, create_unit, create_staff):
    inquiry = send_inquiry()
    auth.login(create_staff(role="koordinator", unit=create_unit()))
    assert client.get(f"/staf/pengaduan/{inquiry.id}").status_code == 404
    assert client.post(f"/staf/pengaduan/{inquiry.id}/tutup", data={}).status_code == 404


def test_answering_while_a_case_is_opened_leaves_one_outcome(app, staff_by_role, send_inquiry):
    """Triage steps hold the request's row like opening a case does: one of them wins, the other is refused."""
    from portal.cases import services as cases
    from portal.errors import RuleError
    from portal.inquiries import services
    from tests.cases.conftest import client_details
    from tests.concurrency import race

    koordinator, counsellor = staff_by_role["koordinator"], staff_by_role["konselor"]
    for n in range(10):
        inquiry = send_inquiry(n=n)
        results = race(app, [
            lambda: cases.open_case(koordinator, inquiry.unit_id, client_details(), [counsellor.id], inquiry=inquiry),
            lambda: services.answer(koordinator, inquiry, "Jawaban."),
            lambda: services.close(koordinator, inquiry),
        ])
        assert all(r is None or isinstance(r, RuleError) or r.__class__.__name__ == "Case" for r in results), results
        final = Inquiry.get_by_id(inquiry.id)
        events = list(final.history())
        steps = [e.action for e in events]
        assert len(final.cases) == steps.count("case_opened") <= 1, steps
        assert final.status == events[-1].status, steps  # the row says what its last step says
        if "case_opened" in steps:  # nothing answers or reopens a request once it became a case
            assert steps[steps.index("case_opened") + 1:] in ([], ["closed"]), steps
        assert steps.count("closed") <= 1 and steps.count("answered") <= 1, steps


def test_a_step_taken_on_an_old_view_of_a_request_is_checked_against_its_row(app, staff_by_role, send_inquiry):
    """Two staff with the same request open: one opens a case, the other then answers from their page."""
    from portal.cases import services as cases
    from portal.errors import RuleError
    from portal.inquiries import services
    from tests.cases.conftest import client_details

    seen_by_both = send_inquiry()
    with app.test_request_context():
        cases.open_case(staff_by_role["koordinator"], seen_by_both.unit_id, client_details(),
                        [staff_by_role["konselor"].id], inquiry=seen_by_both)
        for step in (lambda: services.answer(staff_by_role["admin"], seen_by_both, "Jawaban."),
                     lambda: services.assign(staff_by_role["admin"], seen_by_both, staff_by_role["konselor"].id)):
            with pytest.raises(RuleError):
                step()
    assert Inquiry.get_by_id(seen_by_both.id).status == "case_opened"


def test_the_inbox_takes_the_same_queries_however_many_requests_wait(client, auth, staff_by_role, send_inquiry,
                                                                     count_queries):
    auth.login(staff_by_role["koordinator"])
    counsellor = staff_by_role["konselor"]

    def queries_for_inbox():
        with count_queries() as counted:
            assert client.get("/staf/pengaduan/").status_code == 200
        return counted.value

    for n in range(2):
        Inquiry.update(assigned_to=counsellor).where(Inquiry.id == send_inquiry(n=n).id).execute()
    few = queries_for_inbox()
    for n in range(2, 8):
        Inquiry.update(assigned_to=counsellor).where(Inquiry.id == send_inquiry(n=n).id).execute()
    assert queries_for_inbox() == few
