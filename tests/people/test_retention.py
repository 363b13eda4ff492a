"""The retention rule: what ended longer ago than the configured age is anonymised, once; nothing else."""
from datetime import timedelta

import pytest

from portal.audit.models import AuditLog
from portal.cases.models import Case
from portal.registrations.models import Registration
from portal.counseling.models import Appointment
from portal.db import utcnow
from portal.inquiries.models import Inquiry
from portal.people.services import ERASED, run_retention
from tests.people.conftest import row_counts

pytestmark = pytest.mark.engines
DAYS = 1825


def state():
    """Who every record names, and when it was anonymised: what a run may change."""
    return {model: sorted(model.select(model.id, getattr(model, name), model.anonymised_at).tuples())
            for model, name in ((Registration, "name"), (Appointment, "name"), (Inquiry, "name"),
                                (Case, "client_name"))}


@pytest.fixture
def old_and_new(seed_person):
    """A person whose records all ended six years ago, one whose ended last month, and old but open ones."""
    long_ago = utcnow() - timedelta(days=DAYS + 365)
    return dict(
        old=seed_person(ended=long_ago),
        recent=seed_person(phone="+6281200000002", nik=None, name="Warga Baru", tag="baru",
                           ended=utcnow() - timedelta(days=30)),
        still_open=seed_person(phone="+6281200000003", nik=None, name="Warga Kasus Terbuka", tag="buka",
                               ended=long_ago, case_status="open", inquiry_status="case_opened"),
        waiting=seed_person(phone="+6281200000004", nik=None, name="Warga Menunggu", tag="tunggu",
                            ended=long_ago, inquiry_status="new"),
    )


def test_old_records_are_anonymised_and_recent_or_open_ones_are_not(app_context, old_and_new):
    counts = run_retention(DAYS)
    old, recent, still_open = old_and_new["old"], old_and_new["recent"], old_and_new["still_open"]
    assert Registration.get_by_id(old.registration.id).name == ERASED
    assert Appointment.get_by_id(old.appointment.id).concern is None
    assert Inquiry.get_by_id(old.inquiry.id).anonymised_at and Case.get_by_id(old.case.id).anonymised_at
    for model, record in ((Registration, recent.registration), (Appointment, recent.appointment),
                          (Inquiry, recent.inquiry), (Case, recent.case)):
        assert model.get_by_id(record.id).anonymised_at is None, model
    assert Case.get_by_id(still_open.case.id).client_name == "Warga Kasus Terbuka"  # an open case: never
    assert Inquiry.get_by_id(still_open.inquiry.id).anonymised_at is None  # the request the open case came from
    # Its class and its appointment ended long ago: they go, the open case keeps its own copy of the client.
    assert Registration.get_by_id(still_open.registration.id).anonymised_at
    assert Inquiry.get_by_id(old_and_new["waiting"].inquiry.id).name == "Warga Menunggu"  # still waits for staff
    assert (counts.registrations, counts.appointments, counts.inquiries, counts.cases) == (3, 3, 1, 2)
    entry = AuditLog.get(AuditLog.action == "retention.run")
    assert entry.actor_id is None and entry.detail.startswith(f"days={DAYS} registrations=3")


def test_a_second_run_changes_nothing(app_context, old_and_new):
    run_retention(DAYS)
    before, rows = state(), row_counts()
    assert run_retention(DAYS).total == 0
    assert state() == before and row_counts() == rows


def test_a_dry_run_counts_and_changes_nothing(app_context, old_and_new):
    before, rows = state(), row_counts()
    preview = run_retention(DAYS, dry_run=True)
    assert state() == before and row_counts() == rows
    assert not AuditLog.select().where(AuditLog.action == "retention.run").exists()
    assert run_retention(DAYS) == preview


def test_the_command_uses_the_configured_age(app, runner, old_and_new):
    app.config["RETENTION_DAYS"] = DAYS + 400  # older than anything seeded: nothing is due
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0 and "registrations=0" in result.output and "dry run" in result.output
    app.config["RETENTION_DAYS"] = DAYS
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0 and "registrations=3 certificates=3 appointments=3" in result.output
    assert "Warga" not in result.output and "+62" not in result.output
