"""Issuing, numbering, revoking and reissuing, including invariant 5 under concurrent requests."""
from datetime import datetime, timedelta

import peewee as pw
import pytest

from portal.audit.models import AuditLog
from portal.certificates import services
from portal.certificates.models import Certificate, CertificateFile
from portal.db import database
from portal.errors import RuleError
from portal.i18n import local_from_utc
from portal.notify.models import OutboxMessage
from portal.units.models import DEFAULT_NUMBER_FORMAT
from portal.numbering import render_number
from tests.certificates.conftest import completed_of
from tests.concurrency import race

pytestmark = pytest.mark.engines
ROUNDS = 3


def numbers(unit):
    return sorted(Certificate.select(Certificate.seq).where(Certificate.unit == unit.id).tuples())


def test_everyone_who_completed_gets_one_numbered_certificate(closed_class, issue):
    klass = closed_class(completed=3, absent=2)
    issued = issue(klass)
    assert sorted(c.registration_id for c in issued) == [r.id for r in completed_of(klass)]
    day = local_from_utc(issued[0].issued_at, klass.unit.timezone).date()
    assert sorted(c.number for c in issued) == [
        render_number(DEFAULT_NUMBER_FORMAT, n, klass.unit.code, day) for n in (1, 2, 3)]
    assert all(c.code.startswith("SRT-") and len(c.code) == 14 for c in issued)


def test_issuing_again_makes_no_second_certificate(closed_class, issue):
    klass = closed_class(completed=2)
    first = issue(klass)
    assert issue(klass) == []
    assert issue(klass, [first[0].registration_id]) == []
    assert Certificate.select().count() == 2


def test_one_chosen_registrant_gets_one(closed_class, issue):
    klass = closed_class(completed=3)
    chosen = completed_of(klass)[1]
    [certificate] = issue(klass, [chosen.id])
    assert certificate.registration_id == chosen.id and certificate.seq == 1


def test_someone_who_did_not_complete_cannot_get_one(closed_class, issue):
    klass = closed_class(completed=1, absent=1)
    absent = [r for r in klass.registrations if r.status == "not_completed"][0]
    with pytest.raises(RuleError, match="lulus"):
        issue(klass, [completed_of(klass)[0].id, absent.id])
    assert not Certificate.select().exists()


def test_a_class_that_is_still_running_or_gives_none_issues_nothing(create_class, closed_class, issue):
    with pytest.raises(RuleError, match="ditutup"):
        issue(create_class())
    with pytest.raises(RuleError, match="tidak memberikan"):
        issue(closed_class(completed=1, gives_certificate=False))
    assert not Certificate.select().exists()


def test_a_certificate_is_never_dated_before_the_class_ends(closed_class, issue):
    klass = closed_class(completed=1)
    with pytest.raises(RuleError, match="ditutup"):
        issue(klass, now=klass.ends_at - timedelta(minutes=1))
    [certificate] = issue(klass, now=klass.ends_at)
    assert certificate.issued_at >= klass.ends_at


def test_issuing_queues_a_ready_message_and_audits(closed_class, issue):
    klass = closed_class(completed=2)
    issued = issue(klass)
    ready = OutboxMessage.select().where(OutboxMessage.topic == "certificate.ready")
    assert ready.count() == 2
    assert all("/pendaftaran/" in m.body and m.channel == "whatsapp" for m in ready)
    assert {c.number for c in issued} <= {m.body.split("nomor ")[1].split(".")[0] for m in ready}
    assert AuditLog.select().where(AuditLog.action == "certificate.issue").count() == 2


def test_numbers_are_per_unit_and_start_again_each_local_year(clock, closed_class, issue, create_unit):
    clock.at(datetime(2026, 12, 1, 2))  # classes held in December, certificates issued at the turn of the year
    other = create_unit(code="SLM", timezone="Asia/Jakarta")
    klass = closed_class(completed=2)
    elsewhere = closed_class(completed=1, unit=other)
    # 16.30 UTC on 31 December is already 1 January in Makassar (WITA, UTC+8).
    assert [c.seq for c in issue(klass, [completed_of(klass)[0].id], now=datetime(2026, 12, 31, 15, 0))] == [1]
    [new_year] = issue(klass, now=datetime(2026, 12, 31, 16, 30))
    assert (new_year.year, new_year.seq) == (2027, 1) and new_year.number.endswith("/I/2027")
    assert [c.seq for c in issue(elsewhere, now=datetime(2026, 12, 31, 16, 30))] == [1]


def test_revoking_withdraws_once_and_forgets_the_kept_file(app, closed_class, issue, dummy_staff):
    [certificate] = issue(closed_class(completed=1))
    CertificateFile.create(certificate=certificate, key="k", etag="e", pdf=b"%PDF")
    revoked = services.revoke(dummy_staff, certificate, "Data peserta tidak benar")
    assert (revoked.status, revoked.revoke_reason, revoked.revoked_by_id) == ("revoked", "Data peserta tidak benar", dummy_staff.id)
    assert not CertificateFile.select().exists()
    with pytest.raises(RuleError):
        services.revoke(dummy_staff, certificate, "lagi")
    assert AuditLog.select().where(AuditLog.action == "certificate.revoke").count() == 1


def test_reissuing_makes_a_new_version_and_replaces_the_old(app, closed_class, issue, dummy_staff):
    old = issue(closed_class(completed=2))[0]
    with app.test_request_context():
        new = services.reissue(dummy_staff, old, "Warga Nol Benar", "Pasangan Benar")
        with pytest.raises(RuleError, match="berlaku"):
            services.reissue(dummy_staff, old, "Lagi", "")
    old = Certificate.get_by_id(old.id)
    assert (old.status, old.replaced_by_id) == ("replaced", new.id)
    assert (new.status, new.version, new.holder_name, new.partner_name) == ("issued", 2, "Warga Nol Benar", "Pasangan Benar")
    assert new.number != old.number and new.code != old.code and new.registration_id == old.registration_id
    assert new.seq == 3  # after the two first issued
    assert AuditLog.select().where(AuditLog.action == "certificate.reissue").count() == 1


def test_a_revoked_certificate_stays_revoked(app, closed_class, issue, dummy_staff):
    [certificate] = issue(closed_class(completed=1))
    with app.test_request_context():
        services.revoke(dummy_staff, certificate, "Salah orang")
        with pytest.raises(RuleError, match="berlaku"):
            services.reissue(dummy_staff, certificate, "Nama Lain", "")
    assert [c.status for c in Certificate.select()] == ["revoked"]


def test_the_database_refuses_a_second_valid_certificate(closed_class, issue):
    [certificate] = issue(closed_class(completed=1))
    copy = {f: getattr(certificate, f) for f in ("registration", "klass", "unit", "year", "holder_name")}
    with pytest.raises(pw.IntegrityError), database.atomic():
        Certificate.create(**copy, version=2, seq=99, number="99", code="SRT-X")


def test_concurrent_issuing_never_duplicates_or_skips_a_number(app, closed_class, create_unit, dummy_staff):
    """Invariant 5: issue-all for one class many times at once, and for a second class of the unit."""
    for round_ in range(ROUNDS):
        unit = create_unit(code=f"R{round_}")
        one, two = closed_class(completed=4, unit=unit), closed_class(completed=3, unit=unit)
        jobs = [lambda k=k: services.issue_certificates(dummy_staff, k.id) for k in (one, two) * 5]
        results = race(app, jobs)
        assert not [r for r in results if isinstance(r, Exception)]
        assert sum(len(r) for r in results) == 7
        assert numbers(unit) == [(n,) for n in range(1, 8)]
        per_registration = Certificate.select(Certificate.registration, pw.fn.COUNT(Certificate.id)).group_by(
            Certificate.registration).tuples()
        assert {count for _, count in per_registration} == {1}


def test_concurrent_reissues_of_one_certificate_make_one_new_version(app, closed_class, issue, dummy_staff):
    for _ in range(ROUNDS):
        [certificate] = issue(closed_class(completed=1))
        results = race(app, [lambda n=n: services.reissue(dummy_staff, certificate, f"Nama {n}", "") for n in range(6)])
        assert len([r for r in results if isinstance(r, Certificate)]) == 1
        assert all(isinstance(r, (Certificate, RuleError)) for r in results)
        versions = Certificate.select().where(Certificate.registration == certificate.registration_id)
        assert sorted(c.status for c in versions) == ["issued", "replaced"]
