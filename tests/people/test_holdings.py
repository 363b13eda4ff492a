"""Finding a person: any spelling of their number or their NIK finds every kind of record, within the admin's reach."""
import pytest

from portal.people.forms import FindForm
from portal.people.holdings import KINDS, find
from tests.people.conftest import EMAIL, NIK, PHONE, SPELLINGS

pytestmark = pytest.mark.engines
EVERY_KIND = {kind: (3 if kind == "messages" else 1) for kind in KINDS}  # WhatsApp and email about the seat, one answer


def identity_of(app, text):
    """What the search form makes of what staff typed."""
    with app.test_request_context(method="POST", data={"query": text}):
        form = FindForm(meta={"csrf": False})
        assert form.validate(), form.errors
        return form.identity


@pytest.mark.parametrize("typed", SPELLINGS + [NIK, "7371 0145 0190 0001"])
def test_every_spelling_of_the_number_and_the_nik_find_every_kind_of_record(app, app_context, seed_person,
                                                                             staff_by_role, typed):
    seed_person()
    held = find(staff_by_role["org_admin"], **identity_of(app, typed))
    assert held.counts == EVERY_KIND
    assert held.who.phones == {PHONE} and held.who.niks == {NIK} and held.who.emails == {EMAIL}
    assert len(held.notes[held.cases[0].id]) == 1 and len(held.referrals[held.cases[0].id]) == 1
    assert held.certificates[0].id in held.kept and held.events[held.inquiries[0].id][0].answer


def test_a_unit_admin_finds_only_their_own_units_records(app_context, seed_person, create_unit, create_staff,
                                                         staff_by_role):
    seed_person()
    other = create_unit(name="Puspaga Lain")
    seed_person(unit=other)
    assert find(staff_by_role["org_admin"], phone=PHONE).counts == {k: 2 * n for k, n in EVERY_KIND.items()}
    mine = find(staff_by_role["admin"], phone=PHONE)
    assert mine.counts == EVERY_KIND
    assert {r.klass.unit_id for r in mine.registrations} == {staff_by_role["admin"].unit_id}
    stranger = create_staff(role="admin", unit=create_unit(name="Puspaga Kosong"))
    assert find(stranger, phone=PHONE).total == 0 and find(stranger, nik=NIK).total == 0


def test_someone_else_is_not_found(app_context, seed_person, staff_by_role):
    seed_person()
    seed_person(phone="+6281299990000", nik="7371014501900002", name="Orang Lain", email="lain@contoh.id")
    held = find(staff_by_role["org_admin"], phone="+6281299990001")
    assert held.total == 0
    assert find(staff_by_role["org_admin"], phone=PHONE).counts == EVERY_KIND
