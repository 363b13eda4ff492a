"""A known data set in three units (WITA, WIB, WIT) around November 2026, and the report it must give, counted in
plain Python over the rows made."""
import itertools
import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from portal.cases.models import DESTINATIONS, Case, Referral
from portal.certificates.models import Certificate
from portal.classes.forms import GENDERS
from portal.registrations.models import REGISTRATION_STATUSES, Registration
from portal.classes.models import KINDS, Class
from portal.availability.models import MODES, Service
from portal.counseling.models import STATUSES, STATUS_LABELS, Appointment
from portal.inquiries.models import CATEGORIES, Inquiry

ZONES = ("Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
KECAMATAN = ("Panakkukang", "Tamalate", "Rappocini", "")
_serial = itertools.count(1)


def utc(local, tz_name):
    """A naive local time of a zone as naive UTC (zoneinfo, not the portal's helper)."""
    return local.replace(tzinfo=ZoneInfo(tz_name)).astimezone(timezone.utc).replace(tzinfo=None)


def local_day(moment, tz_name):
    return moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz_name)).date()


def moments(rng, tz_name, count):
    """Times in a unit's zone: every edge of November and of the year, then random ones from September to
    January."""
    edges = [datetime(2026, 10, 31, 23, 59), datetime(2026, 11, 1, 0, 0), datetime(2026, 11, 30, 23, 59),
             datetime(2026, 12, 1, 0, 0), datetime(2026, 12, 31, 23, 59), datetime(2027, 1, 1, 0, 0)]
    spread = [datetime(2026, 9, 15) + timedelta(minutes=rng.randrange(0, 125 * 24 * 60)) for _ in range(count)]
    return [utc(moment, tz_name) for moment in edges + spread]


def serial(prefix):
    return f"{prefix}{next(_serial):07d}"


def seed(rng, units, staff):
    """Rows of every kind in each unit, made directly with the models."""
    data = SimpleNamespace(units=units, classes=[], registrations=[], certificates=[], appointments=[], requests=[],
                           cases=[], referrals=[])
    for unit in units:
        seed_classes(rng, unit, data)
        seed_counselling(rng, unit, staff[unit.id], data)
        seed_casework(rng, unit, staff[unit.id], data)
    return data


def seed_classes(rng, unit, data):
    seq = itertools.count(1)
    for start in moments(rng, unit.timezone, 8):
        klass = Class.create(unit=unit, kind=rng.choice(list(KINDS)), title="Kelas", capacity=40, starts_at=start,
                             status=rng.choice(("draft", "published", "published", "closed", "cancelled")))
        data.classes.append(klass)
        for _ in range(rng.randrange(0, 7)):
            registration = Registration.create(
                klass=klass, code=serial("R"), token=serial("t"), status=rng.choice(REGISTRATION_STATUSES),
                name="Warga", phone="+62812" + serial("")[-7:], gender=rng.choice(list(GENDERS) + ["perempuan"]),
                consent_version="1.0", consent_at=start)
            data.registrations.append(registration)
            if registration.status == "completed":
                issue(rng, unit, klass, registration, seq, data)


def issue(rng, unit, klass, registration, seq, data):
    """A certificate some time around the class; now and then a corrected second version, or a revoked one."""
    versions = (1, 2) if rng.random() < 0.3 else (1,)
    for version in versions:
        n = next(seq)
        issued_at = klass.starts_at + timedelta(days=rng.randrange(-3, 20), hours=rng.randrange(24))
        data.certificates.append(Certificate.create(
            registration=registration, klass=klass, unit=unit, version=version, year=2026, seq=n,
            number=f"{n}/{unit.code}", code=serial("S"), holder_name="Warga", issued_at=issued_at,
            status="replaced" if version < len(versions) else rng.choice(("issued", "issued", "revoked"))))


def seed_counselling(rng, unit, counsellor, data):
    services = [Service.create(unit=unit, name="Konseling Keluarga"),
                Service.create(unit=unit, name=f"Konsultasi {unit.code}")]
    for start in moments(rng, unit.timezone, 30):
        data.appointments.append(Appointment.create(
            unit=unit, service=rng.choice(services), counsellor=counsellor, mode=rng.choice(list(MODES)),
            starts_at=start, ends_at=start + timedelta(hours=1), blocked_until=start + timedelta(hours=1),
            status=rng.choice(STATUSES), code=serial("K"), token=serial("a"), name="Warga", phone="+6281200000000",
            for_whom="self", gender="perempuan", age_group="26-35", consent_version="1.0", consent_at=start))


def seed_casework(rng, unit, staff, data):
    categories = list(CATEGORIES) + ["kuno"]  # a code no longer offered still counts, as "Tidak diketahui"
    for at in moments(rng, unit.timezone, 20):
        data.requests.append(Inquiry.create(
            unit=unit, code=serial("P"), category=rng.choice(categories), name="Warga", phone="+6281200000000",
            kecamatan=rng.choice(KECAMATAN), consent_version="1.0", consent_at=at, created_at=at))
    seq = itertools.count(1)
    for at in moments(rng, unit.timezone, 12):
        case = Case.create(unit=unit, code=serial("C"), source="walk_in", client_name="Klien", gender="perempuan",
                           age_group="26-35", kecamatan=rng.choice(KECAMATAN), category=rng.choice(categories),
                           opened_by=staff, opened_at=at)
        data.cases.append(case)
        if rng.random() < 0.6:
            created_at = at + timedelta(hours=rng.randrange(0, 72))
            data.referrals.append(Referral.create(
                case=case, unit=unit, year=2026, seq=next(seq), number="x", destination=rng.choice(list(DESTINATIONS)),
                reason="-", chronology="-", consent=True, created_by=staff, created_at=created_at))


@pytest.fixture
def dataset(app, create_unit, create_staff):
    """Three units, one per zone, each with a koordinator, and the known rows."""
    with app.test_request_context():
        units = [create_unit(code=f"Z{n}", name=f"Puspaga Zona {n}", timezone=tz) for n, tz in enumerate(ZONES)]
        staff = {unit.id: create_staff(role="koordinator", unit=unit) for unit in units}
        data = seed(random.Random(2026), units, staff)
    data.koordinators = staff
    return data


def expected(data, unit_ids, first, last):
    """The report counted row by row: {table key: {label: [counts]}} and {figure key: value}."""
    zone = {unit.id: unit.timezone for unit in data.units}

    def inside(rows, moment, unit_id=lambda row: row.unit_id):
        return [row for row in rows if unit_id(row) in unit_ids
                and first <= local_day(moment(row), zone[unit_id(row)]) <= last]

    held = {c.id: c for c in inside(data.classes, lambda c: c.starts_at) if c.status not in ("draft", "cancelled")}
    people = [r for r in data.registrations if r.klass_id in held and r.status not in ("cancelled", "waitlisted")]
    done = [r for r in people if r.status == "completed"]
    certificates = [c for c in inside(data.certificates, lambda c: c.issued_at) if c.version == 1]
    kind_of = {c.id: c.kind for c in data.classes}
    appointments = inside(data.appointments, lambda a: a.starts_at)
    service_name = {a.service_id: a.service.name for a in data.appointments}
    requests = inside(data.requests, lambda r: r.created_at)
    cases = inside(data.cases, lambda c: c.opened_at)
    referrals = inside(data.referrals, lambda r: r.created_at)

    outcomes = Counter(a.status for a in appointments)
    tables = {
        "classes": fixed(KINDS, Counter(c.kind for c in held.values()), Counter(kind_of[r.klass_id] for r in people),
                         Counter(kind_of[r.klass_id] for r in done)),
        "participants": fixed(GENDERS, Counter(r.gender for r in people), Counter(r.gender for r in done)),
        "certificates": fixed(KINDS, Counter(kind_of[c.klass_id] for c in certificates)),
        "appointments_service": ranked(Counter(service_name[a.service_id] for a in appointments)),
        "appointments_mode": fixed(MODES, Counter(a.mode for a in appointments)),
        "appointments_outcome": fixed(STATUS_LABELS, outcomes),
        "requests_category": fixed(CATEGORIES, Counter(r.category for r in requests)),
        "requests_kecamatan": ranked(Counter(r.kecamatan or "Tidak diisi" for r in requests)),
        "cases_category": fixed(CATEGORIES, Counter(c.category for c in cases)),
        "cases_kecamatan": ranked(Counter(c.kecamatan or "Tidak diisi" for c in cases)),
        "referrals": fixed(DESTINATIONS, Counter(r.destination for r in referrals)),
    }
    seen = outcomes["completed"] + outcomes["no_show"]
    figures = {"classes": len(held), "registered": len(people), "completed": len(done),
               "certificates": len(certificates), "appointments": len(appointments),
               "no_show": outcomes["no_show"] / seen if seen else None, "requests": len(requests),
               "cases": len(cases), "referrals": len(referrals)}
    return tables, figures


def fixed(labels, *counters):
    """Every known label (zeros too); unknown codes together as "Tidak diketahui"."""
    rows = {str(label): [counter[code] for counter in counters] for code, label in labels.items()}
    others = [sum(n for code, n in counter.items() if code not in labels) for counter in counters]
    if any(others):
        rows["Tidak diketahui"] = others
    return rows


def ranked(counter):
    """Only the names that occur."""
    return {name: [n] for name, n in counter.items()}
