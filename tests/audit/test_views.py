"""Admins read the audit log: newest first, filtered by action, scoped to their unit, in words."""
import re
from pathlib import Path

import pytest

import portal
from portal.audit.models import ACTION_LABELS, OBJECT_LABELS
from portal.notify.models import OutboxMessage
from portal.audit.services import record
from portal.cases.models import Case, Referral
from portal.certificates.models import Certificate
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.availability.models import ClosedDay, DateException, Service
from portal.counseling.models import Appointment
from portal.inquiries.models import Inquiry
from portal.staff.models import Staff
from portal.units.models import Unit

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


def recorded_actions():
    """Every action code the portal writes: the literals in its record(...) calls, and the counselling steps."""
    from portal.counseling.services import STAFF_STEPS

    found = set()
    for path in Path(portal.__file__).parent.rglob("*.py"):
        for call in re.findall(r"record\((.*?)(?:,|\))", path.read_text()):
            found |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', call))
            if call.startswith('f"appointment.{action}"'):
                found |= {f"appointment.{step}" for step in STAFF_STEPS}
    return found


def test_every_action_and_record_kind_reads_as_words():
    actions = recorded_actions()
    assert {"staff.login", "appointment.no_show", "unit.closed_day_add"} <= actions  # the scan finds them
    assert sorted(actions - set(ACTION_LABELS)) == []
    audited = {model._meta.table_name for model in (Staff, Unit, Class, Registration, Certificate, Appointment,
                                                     Service, ClosedDay, DateException, Inquiry, Case, Referral,
                                                     OutboxMessage)}
    assert sorted(audited - set(OBJECT_LABELS)) == []


def test_the_log_shows_labels_not_codes(client, auth, dummy_staff):
    auth.login(dummy_staff)
    page = client.get("/staf/audit/").get_data(as_text=True)
    assert "Masuk" in page and ">staff.login<" not in page and "<code>" not in page
    assert f"Akun {dummy_staff.id}" in page
