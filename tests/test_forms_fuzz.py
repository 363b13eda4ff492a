"""Junk into every form: a clear answer, never a 500, and nothing stored half-way."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.staff.models import Staff
from portal.units.models import Unit
from tests.factories import PASSWORD

pytestmark = pytest.mark.engines
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a person could send; a NUL byte never reaches a form (400 before any view: tests/test_nul.py).
typed = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
junk = st.one_of(
    st.text(typed, max_size=40),
    st.text(typed, min_size=300, max_size=3000),
    st.sampled_from(["", " ", "\u200b", "\t\n", "0" * 40, "+62", "08", "{seq", "{seq:04q}", "<script>x</script>",
                     "🙂" * 50, "a@b", "Asia/Makassar", "admin", "1", "-1", "999999999999"]),
)
maybe_junk = st.one_of(st.none(), junk)


def form_of(fields):
    return st.fixed_dictionaries({name: maybe_junk for name in fields}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@FUZZ
@given(data=form_of(["email", "password"]))
def test_login_form(client, dummy_staff, data):
    response = client.post("/staf/masuk", data=data)
    assert response.status_code in (303, 422, 429)


@FUZZ
@given(data=form_of(["current", "new", "confirm"]))
def test_password_form(client, auth, create_staff, data):
    staff = create_staff()
    auth.login(staff)
    response = client.post("/staf/sandi", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert Staff.get_by_id(staff.id).check_password(PASSWORD)


@FUZZ
@given(data=form_of(["name", "email", "role", "unit"]))
def test_staff_form(client, auth, dummy_staff, data):
    auth.login(dummy_staff)
    before = Staff.select().count()
    response = client.post("/staf/pengguna/baru", data=data)
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert Staff.select().count() == before
        assert "Periksa lagi" in response.get_data(as_text=True) or "class=\"error\"" in response.get_data(as_text=True)
    else:
        assert Staff.select().count() == before + 1


UNIT_FIELDS = [
    "name", "code", "city", "province", "address", "phone", "whatsapp", "email", "timezone", "head_name",
    "head_title", "head_nip", "certificate_number_format", "requires_nik", "uptd_ppa_name", "uptd_ppa_phone", "answer_days",
]


@FUZZ
@given(data=form_of(UNIT_FIELDS))
def test_unit_form(client, auth, dummy_staff, dummy_unit, data):
    auth.login(dummy_staff)
    snapshot = Unit.select().where(Unit.id == dummy_unit.id).dicts().get()
    response = client.post(f"/staf/unit/{dummy_unit.id}", data=data)
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert Unit.select().where(Unit.id == dummy_unit.id).dicts().get() == snapshot
