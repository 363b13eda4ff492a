"""Junk into the request form and the follow page: a clear answer, never a 500, nothing stored half-way."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.inquiries.models import Inquiry, InquiryEvent
from portal.notify.models import OutboxMessage
from portal.security import limiter
from tests.inquiries.conftest import form
from tests.test_forms_fuzz import FUZZ, form_of, junk

pytestmark = pytest.mark.engines
FIELDS = ["unit", "category", "message", "name", "phone", "kecamatan", "danger", "consent"]


def counts():
    return Inquiry.select().count(), InquiryEvent.select().count(), OutboxMessage.select().count()


def sent_to(response):
    """A taken request leads to its own page (a repeat of the same words, to the first one)."""
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert Inquiry.select().where(Inquiry.code == code).exists()


@FUZZ
@given(data=form_of(FIELDS))
def test_the_request_form_with_junk_everywhere(client, dummy_unit, data):
    limiter.reset()
    before = counts()
    response = client.post("/pengaduan/", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert counts() == before
        assert 'class="error"' in response.get_data(as_text=True)
    else:
        sent_to(response)


@FUZZ
@given(field=st.sampled_from(FIELDS), value=junk)
def test_one_bad_field_in_a_good_request(client, dummy_unit, field, value):
    """A single junk answer among good ones: refused with a message on that field, or taken whole."""
    limiter.reset()
    before = counts()
    response = client.post("/pengaduan/", data=form(dummy_unit, **{field: value}))
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert counts() == before and 'class="error"' in response.get_data(as_text=True)
    else:
        sent_to(response)


@FUZZ
@given(code=junk, phone=junk)
def test_the_follow_page(client, code, phone):
    limiter.reset()
    response = client.post(f"/pengaduan/{code}", data={"phone": phone})
    assert response.status_code in (308, 404, 405, 422)
