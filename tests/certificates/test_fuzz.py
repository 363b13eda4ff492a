"""Junk into the certificate forms: a clear answer, never a 500, and nothing changed by a refused one."""
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.certificates.models import Certificate
from portal.security import limiter
from tests.test_forms_fuzz import FUZZ, form_of, junk

pytestmark = pytest.mark.engines


@pytest.fixture
def certificate(closed_class, issue):
    return issue(closed_class(completed=1))[0]


def state():
    """Everything a certificate form could change."""
    return list(Certificate.select(Certificate.id, Certificate.status, Certificate.holder_name,
                                   Certificate.partner_name, Certificate.number).order_by(Certificate.id).tuples())


@FUZZ
@given(typed=junk)
def test_the_public_search(client, certificate, typed):
    limiter.reset()
    response = client.get("/sertifikat/verifikasi", query_string={"q": typed})
    assert response.status_code in (303, 404, 422)
    if response.status_code != 303:
        page = response.get_data(as_text=True)
        assert 'class="error"' in page or "TIDAK DITEMUKAN" in page


@FUZZ
@given(typed=junk)
def test_the_code_page(client, certificate, typed):
    limiter.reset()
    response = client.get("/sertifikat/verifikasi/" + quote(typed, safe=""))
    assert response.status_code in (200, 404, 308)
    if response.status_code == 200:
        assert typed == certificate.code


def says_why(client, response):
    """A refused form shows its errors (422), or, when the certificate's state forbids it, its page says so."""
    if response.status_code == 303:
        response = client.get(response.headers["Location"])
    page = response.get_data(as_text=True)
    return 'class="error"' in page or "notice-error" in page


@FUZZ
@given(data=form_of(["reason"]))
def test_the_revoke_form(client, auth, staff_by_role, certificate, data):
    auth.login(staff_by_role["koordinator"])
    before = state()
    response = client.post(f"/staf/sertifikat/{certificate.id}/cabut", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422 or before[0][1] == "revoked":
        assert state() == before and says_why(client, response)
    else:
        assert Certificate.get_by_id(certificate.id).status == "revoked"


@FUZZ
@given(data=form_of(["holder_name", "partner_name"]), latest=st.booleans())
def test_the_reissue_form(client, auth, staff_by_role, certificate, data, latest):
    auth.login(staff_by_role["admin"])
    target = Certificate.select().order_by(Certificate.id.desc() if latest else Certificate.id).first()
    before = state()
    response = client.post(f"/staf/sertifikat/{target.id}/ganti", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422 or target.status != "issued":
        assert state() == before and says_why(client, response)
    else:
        assert len(state()) == len(before) + 1
        assert Certificate.get_by_id(target.id).status == "replaced"


@FUZZ
@given(scope=st.one_of(st.none(), junk), chosen=st.lists(junk, max_size=4))
def test_the_issue_form(client, auth, staff_by_role, closed_class, scope, chosen):
    klass = closed_class(completed=1, absent=1)
    auth.login(staff_by_role["koordinator"])
    data = {"registrations": chosen}
    if scope is not None:
        data["scope"] = scope
    response = client.post(f"/staf/kelas/{klass.id}/sertifikat", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert Certificate.select().where(Certificate.klass == klass.id).count() == 0
        assert says_why(client, response)
