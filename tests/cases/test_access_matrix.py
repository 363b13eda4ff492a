"""Who reaches what: every request, case, note, referral, report and personal-data route × every role and the
anonymous; and the text of notes and referral chronologies reaches nobody but the case's counsellors: not in pages,
exports, logs or the audit log."""
import logging

import pytest
from flask import url_for

from portal.audit.models import AuditLog
from tests.cases.conftest import CHRONOLOGY_SECRET, NOTE_SECRET, REASON_SECRET, referral_details
from tests.inquiries.conftest import send_inquiry  # noqa: F401 - fixture
from tests.factories import PASSWORD
from tests.test_access import allowed_roles

pytestmark = pytest.mark.engines
SECRETS = (NOTE_SECRET, CHRONOLOGY_SECRET, REASON_SECRET)
WHO = ("anonymous", "org_admin", "admin", "koordinator", "on_case", "off_case", "fasilitator", "elsewhere")
READERS = {"on_case"}  # the only one who may ever see a secret
OK, SEE_OTHER, LOGIN, FORBIDDEN, MISSING, INVALID = 200, 303, 302, 403, 404, 422
MANAGERS = {"org_admin", "admin", "koordinator"}


def expect(ok, *, forbidden=(), missing=(), ok_status=OK):
    """Expected status by who: `ok` get ok_status, `forbidden` 403, `missing` 404 (the record is not theirs)."""
    table = {"anonymous": LOGIN}
    for who in WHO[1:]:
        table[who] = ok_status if who in ok else MISSING if who in missing else FORBIDDEN
    assert not set(forbidden) & set(ok)
    return table


def routes(world):
    """(label, method, url, data, expected by who) for every case and request route."""
    case, note, referral, inquiry = world["case"].id, world["note"].id, world["referral"].id, world["inquiry"].id
    del note
    konselors = {"on_case", "off_case"}
    lists = MANAGERS | konselors | {"elsewhere"}  # everyone's own lists, empty for another unit
    seeing_case = MANAGERS | {"on_case"}
    return [
        ("case list", "GET", url_for("case_admin.case_list"), None, expect(lists)),
        ("new case", "GET", url_for("case_admin.new_case"), None, expect(lists)),
        ("case", "GET", url_for("case_admin.case", case_id=case), None,
         expect(seeing_case, missing={"off_case", "elsewhere"})),
        ("letter", "GET", url_for("case_admin.letter", referral_id=referral), None,
         expect({"on_case"}, missing={"off_case"})),
        ("note", "POST", url_for("case_admin.add_note", case_id=case), {"body": "Catatan baru."},
         expect({"on_case"}, missing={"off_case"}, ok_status=SEE_OTHER)),
        ("refer", "POST", url_for("case_admin.refer", case_id=case), {**referral_details(), "consent": "y"},
         expect({"on_case"}, missing={"off_case"}, ok_status=SEE_OTHER)),
        ("counsellors", "POST", url_for("case_admin.counsellors", case_id=case),
         {"counsellors": [world["on_case"].id]}, expect(MANAGERS, missing={"elsewhere"}, ok_status=SEE_OTHER)),
        ("referral status", "POST", url_for("case_admin.referral_status", referral_id=referral), {"status": "sent"},
         expect(seeing_case, missing={"off_case", "elsewhere"}, ok_status=SEE_OTHER)),
        ("inbox", "GET", url_for("inquiry_admin.inbox"), None, expect(lists)),
        ("request", "GET", url_for("inquiry_admin.inquiry", inquiry_id=inquiry), None,
         expect(MANAGERS, missing={"on_case", "off_case", "elsewhere"})),
        ("assign", "POST", url_for("inquiry_admin.assign", inquiry_id=inquiry), {"assignee": world["on_case"].id},
         expect(MANAGERS, missing={"elsewhere"}, ok_status=SEE_OTHER)),
    ]


@pytest.fixture
def world(app, case_world, send_inquiry, create_unit, create_staff):
    world = dict(case_world, inquiry=send_inquiry(), elsewhere=create_staff(role="koordinator", unit=create_unit()))
    world["anonymous"] = None
    return world


def signed_in(app, world, who):
    """A browser of `who`, signed in once (the login is throttled)."""
    client = app.test_client()
    if world[who] is not None:
        client.post("/staf/masuk", data={"email": world[who].email, "password": PASSWORD})
    return client


@pytest.mark.parametrize("who", WHO)
def test_each_route_answers_each_role_as_it_should(app, world, who):
    with app.test_request_context():
        table = routes(world)
    client = signed_in(app, world, who)
    for label, method, url, data, expected in table:
        response = client.open(url, method=method, data=data)
        assert response.status_code == expected[who], (label, who, response.status_code)
        body = response.get_data(as_text=True) if response.mimetype != "application/pdf" else ""
        if who not in READERS:
            assert not any(secret in body for secret in SECRETS), (label, who)


@pytest.mark.parametrize("who", WHO)
def test_report_and_personal_data_pages_follow_their_roles_and_hold_no_secret(app, world, who):
    """Every GET page under /staf/laporan and /staf/data-pribadi (ids filled with 1)."""
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(("/staf/laporan", "/staf/data-pribadi"))
             and "GET" in r.methods]
    assert rules
    client = signed_in(app, world, who)
    for rule in rules:
        with app.test_request_context():
            url = url_for(rule.endpoint, **{arg: 1 for arg in rule.arguments})
        response = client.get(url)
        allowed = allowed_roles(app, rule.endpoint)
        role = None if who == "anonymous" else world[who].role
        if role is None:
            assert response.status_code == LOGIN, rule.endpoint
        elif role not in allowed:
            assert response.status_code == FORBIDDEN, (rule.endpoint, who)
        else:
            assert response.status_code < 500, (rule.endpoint, who)
        assert not any(secret.encode() in response.data for secret in SECRETS), (rule.endpoint, who)


def test_no_secret_reaches_the_logs_or_the_audit_log(app, world, caplog):
    caplog.set_level(logging.DEBUG)
    app.logger.debug("capture check")  # every record, the portal's own included, is read below
    with app.test_request_context():
        table = routes(world)
    for who in WHO:
        client = signed_in(app, world, who)
        for _, method, url, data, _ in table:
            client.open(url, method=method, data=data)
    assert AuditLog.select().where(AuditLog.action == "case.view").count() >= 4
    for entry in AuditLog.select():
        row = " ".join(str(v) for v in entry.__data__.values())
        assert not any(secret in row for secret in SECRETS), entry.action
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "capture check" in logged and not any(secret in logged for secret in SECRETS)


def exported_text(response):
    """What a downloaded file says, whatever its kind: PDF text, the cells of an XLSX, or the bytes as text."""
    from io import BytesIO
    from zipfile import ZipFile

    from pypdf import PdfReader

    if response.mimetype == "application/pdf":
        return " ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    if response.data[:2] == b"PK":
        with ZipFile(BytesIO(response.data)) as book:
            return " ".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return response.get_data(as_text=True)


def test_exports_of_a_person_and_of_reports_hold_no_secret(app, world):
    """The admin's downloads about the case's client, and every report file, never carry a note or chronology."""
    client = signed_in(app, world, "org_admin")
    phone = world["case"].client_phone
    downloads = [client.post(path, data={"query": phone}) for path in
                 ("/staf/data-pribadi/ekspor.json", "/staf/data-pribadi/ekspor.pdf")]
    unit = world["case"].unit_id
    downloads += [client.get(f"/staf/laporan/laporan.{kind}?unit={unit}") for kind in ("csv", "xlsx", "pdf")]
    for response in downloads:
        assert response.status_code == 200, response.request.path
        text = exported_text(response)
        assert text.strip(), response.request.path
        assert not any(secret in text for secret in SECRETS), response.request.path
    person = downloads[0].get_data(as_text=True)
    assert world["case"].client_name in person  # it is the person's export, only without the confidential texts
