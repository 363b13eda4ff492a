"""One rule for a person's name on every form: blank after removing what nobody sees (spaces, tabs, newlines,
zero-width spaces) is "Wajib diisi", no letter at all is refused, names in any script are kept, tidied."""
import pytest

from portal.counseling.models import Appointment
from portal.inquiries.models import Inquiry
from portal.registrations.models import Registration
from tests.classes.conftest import create_class  # noqa: F401 - fixture
from tests.classes.test_views import form_data
from tests.counseling.conftest import create_counsellor, create_service, service, start  # noqa: F401 - fixtures
from tests.counseling.test_views import DETAILS, book
from tests.inquiries.conftest import form as inquiry_form

pytestmark = pytest.mark.engines
BLANK = [" ", "\t", "\n", "\u200b", " \u200b\u200b\t", "\u2060"]


@pytest.mark.parametrize("typed", BLANK + ["123", "- . -"])
def test_a_class_registration_needs_real_names(client, create_class, typed):
    klass = create_class()
    for field in ("name", "partner_name"):
        response = client.post(f"/kelas/{klass.id}", data=form_data(**{field: typed}))
        text = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert ("Wajib diisi" if typed in BLANK else "Tulis nama dengan huruf") in text, field
    assert not Registration.select().exists()


@pytest.mark.parametrize("typed", BLANK)
def test_the_counselling_details_and_a_request_need_a_name(client, dummy_unit, service, start, typed):
    assert book(client, service, start, name=typed).status_code == 422
    response = client.post("/pengaduan/", data=inquiry_form(dummy_unit, name=typed))
    assert response.status_code == 422 and "Wajib diisi" in response.get_data(as_text=True)
    assert not Appointment.select().exists() and not Inquiry.select().exists()


def test_names_in_any_script_are_kept_and_tidied(client, create_class, service, start):
    klass = create_class()
    assert client.post(f"/kelas/{klass.id}", data=form_data(name=" 김민지\u200b  Ａｙｕ\n")).status_code == 303
    assert Registration.get().name == "김민지 Ａｙｕ"
    assert book(client, service, start, name="Wayan\tSudarsana").status_code == 303
    assert Appointment.get().name == "Wayan Sudarsana" and DETAILS["name"] != Appointment.get().name
