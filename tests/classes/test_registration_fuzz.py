"""Junk into the public registration form: a clear answer, never a 500, nothing stored half-way."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.registrations.models import Registration
from portal.notify.models import OutboxMessage
from tests.test_forms_fuzz import form_of

pytestmark = pytest.mark.engines
FIELDS = ["name", "phone", "email", "gender", "nik", "partner_name", "wedding_date", "children_age_groups", "consent"]
dates = st.one_of(st.dates().map(str), st.sampled_from(["2001-01-01", "9999-12-31", "31-12-2026", "kemarin", ""]))


@pytest.fixture
def klass(create_class):
    """One small class for every example: after a seat is taken, people join the waiting list."""
    return create_class(capacity=1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=form_of(FIELDS), wedding=st.one_of(st.none(), dates))
def test_registration_form(client, klass, data, wedding):
    if wedding is not None:
        data["wedding_date"] = wedding
    before = Registration.select().count(), OutboxMessage.select().count()
    address = f"10.{len(data)}.{len(str(data)) % 250}.{hash(str(data)) % 250}"  # stay under the per-address limit
    response = client.post(f"/kelas/{klass.id}", data=data, environ_base={"REMOTE_ADDR": address})
    assert response.status_code in (200, 303, 422)
    if response.status_code == 422:
        assert (Registration.select().count(), OutboxMessage.select().count()) == before
        html = response.get_data(as_text=True)
        assert 'class="error"' in html or "notice-error" in html
