"""A NUL byte anywhere in a query or a form is refused with 400 before any view runs (PostgreSQL answered 500)."""
import pytest

from tests.classes.conftest import create_class  # noqa: F401 - fixture

pytestmark = pytest.mark.engines


def test_a_nul_in_staff_searches_is_a_400_on_both_engines(client, auth, staff_by_role, create_class):
    klass = create_class()
    auth.login(staff_by_role["koordinator"])
    assert client.post(f"/staf/kelas/{klass.id}/pendaftar", data={"q": "\x00"}).status_code == 400
    assert client.post(f"/staf/kelas/{klass.id}/pendaftar", data={"q": "Siti"}).status_code == 200
    assert client.get(f"/staf/kelas/{klass.id}/pendaftar", query_string={"status": "\x00"}).status_code == 400
    auth.logout()
    auth.login(staff_by_role["org_admin"])
    assert client.get("/staf/audit/", query_string={"action": "a\x00b"}).status_code == 400
    assert client.get("/staf/audit/", query_string={"a\x00": "x"}).status_code == 400


def test_a_nul_in_a_public_form_is_a_400_and_nothing_is_stored(client, dummy_unit, create_class):
    from portal.inquiries.models import Inquiry
    from portal.registrations.models import Registration
    from tests.classes.test_views import form_data

    klass = create_class()
    assert client.post(f"/kelas/{klass.id}", data=form_data(name="Siti\x00")).status_code == 400
    assert client.post("/pengaduan/", data={"unit": dummy_unit.id, "name": "\x00", "message": "x"}).status_code == 400
    assert client.get("/kelas/", query_string={"kind": "\x00"}).status_code == 400
    assert not Registration.select().exists() and not Inquiry.select().exists()
