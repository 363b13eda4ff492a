"""Admins read the audit log: newest first, filtered by action, scoped to their unit."""
import pytest

from portal.audit.services import record

pytestmark = pytest.mark.engines


def test_org_admin_reads_every_entry_newest_first(client, auth, dummy_staff, create_unit):
    unit = create_unit()
    record("unit.update", dummy_staff, unit, "first")
    record("staff.role", dummy_staff, dummy_staff, "second")
    auth.login(dummy_staff)
    page = client.get("/staf/audit/").get_data(as_text=True)
    assert page.index("second") < page.index("first")
    assert "staff.login" in page


def test_filter_by_action_answers_htmx_with_the_table_only(client, hx, auth, dummy_staff):
    record("staff.role", dummy_staff, dummy_staff, "role-entry")
    auth.login(dummy_staff)
    fragment = hx.get("/staf/audit/?action=staff.role").get_data(as_text=True)
    assert "role-entry" in fragment and "<html" not in fragment
    assert "staff.login" not in fragment


def test_unit_admin_reads_only_their_unit(client, auth, create_staff, create_unit, dummy_unit):
    unit_admin = create_staff(role="admin", unit=dummy_unit)
    record("unit.update", unit_admin, dummy_unit, "ours")
    record("unit.update", None, create_unit(), "theirs")
    auth.login(unit_admin)
    page = client.get("/staf/audit/").get_data(as_text=True)
    assert "ours" in page and "theirs" not in page


def test_entries_record_the_client_address(client, auth, dummy_staff):
    auth.login(dummy_staff)
    from portal.audit.models import AuditLog

    assert AuditLog.get(AuditLog.action == "staff.login").ip == "127.0.0.1"
