"""Staff account rules, on SQLite and PostgreSQL, including concurrent creation."""
import threading

import pytest

from portal.audit.models import AuditLog
from portal.db import database
from portal.errors import RuleError
from portal.staff import services
from portal.staff.models import Staff

pytestmark = pytest.mark.engines


def test_email_is_unique_whatever_the_case(app_context, dummy_staff, dummy_unit):
    with pytest.raises(RuleError) as error:
        services.create_staff(dummy_staff, "X", "ADMIN@puspaga.test", "konselor", dummy_unit.id)
    assert error.value.field == "email"
    assert Staff.select().count() == 1


def test_non_admin_roles_need_a_unit(app_context, dummy_staff):
    with pytest.raises(RuleError) as error:
        services.create_staff(dummy_staff, "X", "x@puspaga.test", "konselor", 0)
    assert error.value.field == "unit"


def test_unit_admin_cannot_move_staff_to_another_unit(app_context, create_staff, create_unit, dummy_unit):
    unit_admin = create_staff(role="admin", unit=dummy_unit)
    staff = create_staff(unit=dummy_unit)
    other = create_unit()
    with pytest.raises(RuleError):
        services.update_staff(unit_admin, staff, staff.name, staff.email, staff.role, other.id)
    assert Staff.get_by_id(staff.id).unit_id == dummy_unit.id


def test_a_failed_change_writes_no_audit_row(app_context, dummy_staff, create_staff):
    staff = create_staff()
    original_email = staff.email
    before = AuditLog.select().count()
    with pytest.raises(RuleError):
        services.update_staff(dummy_staff, staff, staff.name, dummy_staff.email, staff.role, staff.unit_id)
    assert AuditLog.select().count() == before
    assert Staff.get_by_id(staff.id).email == original_email


def test_two_admins_racing_to_create_the_same_email_make_one_account(app, dummy_staff, dummy_unit):
    racers = 8
    barrier = threading.Barrier(racers)
    outcomes = []

    def create(n):
        with app.test_request_context():
            barrier.wait()
            try:
                services.create_staff(dummy_staff, f"Racer {n}", "same@puspaga.test", "konselor", dummy_unit.id)
                outcomes.append("created")
            except RuleError as error:
                outcomes.append(error.field)
            finally:
                database.close()

    for _ in range(3):
        Staff.delete().where(Staff.email == "same@puspaga.test").execute()
        outcomes.clear()
        threads = [threading.Thread(target=create, args=(n,)) for n in range(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count("created") == 1
        assert outcomes.count("email") == racers - 1
        assert Staff.select().where(Staff.email == "same@puspaga.test").count() == 1


def test_the_last_org_admin_cannot_be_demoted_or_closed(app_context, dummy_staff, create_staff, dummy_unit):
    other = create_staff(role="admin", unit=None, email="second@puspaga.test")
    services.set_active(dummy_staff, other, False)
    with pytest.raises(RuleError):
        services.update_staff(other, dummy_staff, dummy_staff.name, dummy_staff.email, "koordinator", dummy_unit.id)
    assert Staff.get_by_id(dummy_staff.id).is_org_admin


def test_two_org_admins_demoting_each_other_at_once_leave_one(app, create_staff, dummy_unit):
    for _ in range(3):
        Staff.update(role="koordinator", unit=dummy_unit).where(Staff.role == "admin").execute()
        first = create_staff(role="admin", unit=None)
        second = create_staff(role="admin", unit=None)
        barrier = threading.Barrier(2)
        outcomes = []

        def demote(actor, target):
            with app.test_request_context():
                barrier.wait()
                try:
                    services.update_staff(actor, target, target.name, target.email, "koordinator", dummy_unit.id)
                    outcomes.append("demoted")
                except RuleError:
                    outcomes.append("refused")
                finally:
                    database.close()

        threads = [threading.Thread(target=demote, args=pair) for pair in ((first, second), (second, first))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["demoted", "refused"]
        assert Staff.org_admins().count() == 1
