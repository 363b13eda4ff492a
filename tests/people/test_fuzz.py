"""Junk into the person forms: a clear answer, never a 500, and nothing erased by a refused one."""
import pytest
from hypothesis import given

from portal.registrations.models import Registration
from tests.people.conftest import NAME
from tests.test_forms_fuzz import FUZZ, form_of

pytestmark = pytest.mark.engines


@pytest.fixture
def seeded(app, seed_person):
    return seed_person()


@FUZZ
@given(data=form_of(["query", "confirm"]))
def test_the_person_forms(client, auth, staff_by_role, seeded, data):
    auth.login(staff_by_role["admin"])
    for url in ("/staf/data-pribadi/", "/staf/data-pribadi/ekspor.json", "/staf/data-pribadi/hapus"):
        response = client.post(url, data=data)
        assert response.status_code in (200, 303, 422), (url, response.status_code)
        if response.status_code == 422:
            assert 'class="error"' in response.get_data(as_text=True)
    assert Registration.get_by_id(seeded.registration.id).name == NAME  # junk never names this person
