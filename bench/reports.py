"""Reports: a year of units rendered for an organisation admin; a town's 10 units in `make bench`, a province's 50
on PostgreSQL in `make bench-province` (bench/province.py).

The year seeded is last year, so nothing here shows in the catalogue or the schedules the other benches measure.
"""
import http.client
import itertools
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from bench import table
from bench.harness import portal_app, send



@dataclass(frozen=True)
class Scale:
    """How much a year holds."""

    units: int
    registrations: int  # in classes of 100
    appointments: int
    requests: int
    cases: int

    @property
    def classes(self):
        return self.registrations // PER_CLASS


PER_CLASS = 100
TOWN = Scale(units=10, registrations=100_000, appointments=50_000, requests=12_000, cases=4_000)
PROVINCE = Scale(units=50, registrations=1_000_000, appointments=500_000, requests=60_000, cases=20_000)
RUNS = 15
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
CHUNK = 1_000


def seed_year(database_url, scale=TOWN):
    """Add a year of rows in `scale.units` new units with bulk inserts; returns the year."""
    from portal.db import database

    app = portal_app(database_url)
    year = datetime.utcnow().year - 1
    with app.test_request_context(), database.connection_context():
        units, staff, services = seed_units(scale)
        when = spread(year)
        insert_classes(scale, units, when)
        insert_appointments(scale, units, staff, services, when)
        insert_casework(scale, units, staff, when)
    return year


def spread(year):
    """A time somewhere in the year, a different one each call, the same each run."""
    start, minutes = datetime(year, 1, 1), 365 * 24 * 60
    steps = itertools.count()
    return lambda: start + timedelta(minutes=next(steps) * 7919 % minutes)


def seed_units(scale):
    from portal.availability.models import Service
    from portal.staff.models import Staff
    from portal.units.models import Unit

    units, staff, services = [], {}, {}
    for n in range(scale.units):
        unit = Unit.create(name=f"Puspaga Laporan {n}", code=f"LPR{n}", city="Kota Bench", province="Bench",
                           address="Jl. Bench", timezone=ZONES[n % len(ZONES)])
        units.append(unit)
        staff[unit.id] = Staff.create(name=f"Konselor Laporan {n}", email=f"laporan{n}@puspaga.test", role="konselor",
                                      unit=unit, password_hash="!")
        services[unit.id] = [Service.create(unit=unit, name=name) for name in
                             ("Konseling Keluarga", "Konseling Anak & Remaja", "Konseling Pranikah")]
    return units, staff, services


def bulk(model, rows):
    from portal.db import database

    with database.atomic():
        for start in range(0, len(rows), CHUNK):
            model.insert_many(rows[start:start + CHUNK]).execute()


def insert_classes(scale, units, when):
    """Held classes with 100 registrations each, and a certificate for everyone who completed."""
    from portal.certificates.models import Certificate
    from portal.classes.models import Class
    from portal.registrations.models import Registration

    bulk(Class, [dict(unit=units[n % scale.units], kind=("pranikah", "parenting")[n % 2], title=f"Kelas Laporan {n}",
                      capacity=PER_CLASS, status=("closed", "closed", "closed", "cancelled")[n % 4], starts_at=when())
                 for n in range(scale.classes)])
    classes = list(Class.select(Class.id, Class.unit, Class.starts_at).where(Class.title.startswith("Kelas Laporan ")))
    statuses = ("completed", "completed", "not_completed", "cancelled", "confirmed")
    rows = [dict(klass=klass.id, code=f"LPR{n:07d}", token=f"laporan-{n}", status=statuses[n % 5], name="Peserta",
                 phone=f"+628{n:010d}", gender=("perempuan", "laki-laki")[n % 3 % 2], consent_version="1.0",
                 consent_at=klass.starts_at)
            for n, klass in ((n, classes[n // PER_CLASS]) for n in range(scale.registrations))]
    bulk(Registration, rows)
    done = (Registration.select(Registration.id, Class.id, Class.unit, Class.starts_at).join(Class)
            .where(Class.title.startswith("Kelas Laporan "), Registration.status == "completed").tuples())
    seq = itertools.count(1)
    bulk(Certificate, [dict(registration=reg_id, klass=klass_id, unit=unit_id, year=starts_at.year, seq=n,
                            number=f"{n}/LPR", code=f"SLP{n:07d}", holder_name="Peserta",
                            issued_at=starts_at + timedelta(days=14))
                       for (reg_id, klass_id, unit_id, starts_at), n in zip(done, seq)])


def insert_appointments(scale, units, staff, services, when):
    from portal.counseling.models import Appointment

    rows = []
    for n in range(scale.appointments):
        unit, start = units[n % scale.units], when()
        rows.append(dict(unit=unit, service=services[unit.id][n % 3], counsellor=staff[unit.id],
                         mode=("offline", "video", "phone")[n % 3],
                         status=("completed", "completed", "no_show", "cancelled", "confirmed")[n % 5],
                         starts_at=start, ends_at=start + timedelta(hours=1),
                         blocked_until=start + timedelta(minutes=75), code=f"KLP{n:07d}", token=f"laporan-a{n}",
                         name="Warga", phone="+6281200000000", for_whom="self", gender="perempuan",
                         age_group="26-35", consent_version="1.0", consent_at=start))
    bulk(Appointment, rows)


def insert_casework(scale, units, staff, when):
    from portal.cases.models import DESTINATIONS, Case, Referral
    from portal.inquiries.models import CATEGORIES, Inquiry

    categories, places = list(CATEGORIES), ["Coblong", "Sukajadi", "Cicendo", "Andir", ""]
    rows = []
    for n in range(scale.requests):
        at = when()
        rows.append(dict(unit=units[n % scale.units], code=f"PLP{n:07d}", category=categories[n % 7], name="Warga",
                         phone="+6281200000000", kecamatan=places[n % 5], consent_version="1.0", consent_at=at,
                         created_at=at))
    bulk(Inquiry, rows)
    bulk(Case, [dict(unit=units[n % scale.units], code=f"CLP{n:07d}", source="walk_in", client_name="Klien",
                     gender="perempuan", age_group="26-35", kecamatan=places[n % 5], category=categories[n % 7],
                     opened_by=staff[units[n % scale.units].id], opened_at=when()) for n in range(scale.cases)])
    cases = list(Case.select(Case.id, Case.unit, Case.opened_at).where(Case.code.startswith("CLP")))
    bulk(Referral, [dict(case=case.id, unit=case.unit_id, year=case.opened_at.year, seq=n + 1, number=f"{n}/RUJ",
                         destination=list(DESTINATIONS)[n % 8], reason="-", chronology="-", consent=True,
                         created_by=staff[case.unit_id], created_at=case.opened_at + timedelta(days=1))
                    for n, case in enumerate(cases[::2])])


def fetch(port, method, path, body=None, headers=None):
    """One request; returns (status, session cookie set by the answer, body as text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    conn.close()
    cookie = "; ".join(c.split(";")[0] for c in response.msg.get_all("Set-Cookie") or [] if c.startswith("session="))
    return response.status, cookie, text


def signed_in(port, email="admin@puspaga.test", password="puspaga-demo"):
    """The session cookie of the demo organisation admin, signed in through the login form."""
    _, cookie, html = fetch(port, "GET", "/staf/masuk")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urlencode({"csrf_token": token, "email": email, "password": password})
    status, cookie, _ = fetch(port, "POST", "/staf/masuk", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    assert status in (302, 303) and cookie, f"sign-in failed: {status}"
    return cookie


def median_ms(port, path, headers=None, runs=RUNS):
    """Median milliseconds of `runs` GETs of `path`, one after another; each must answer 200."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = send(port, "GET", path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, f"{path} answered {status}"
    return statistics.median(times)


def report(portal_port, year, scale=TOWN, budget_ms=1000, issue_budget=False, runs=RUNS):
    """The year report's median time for the organisation admin, against its budget: the issue's, or the bench's
    own (starred)."""
    cookie = {"Cookie": signed_in(portal_port)}
    path = f"/staf/laporan/?periode=tahun&tahun={year}&unit=semua"
    status, _, page = fetch(portal_port, "GET", path, headers=cookie)
    assert status == 200 and f"Tahun {year}" in page, "the year report did not render"
    page_ms = median_ms(portal_port, path, cookie, runs)
    return table.measured(f"year report, all {scale.units} units: {scale.registrations:,} registrations, "
                          f"{scale.appointments:,} appointments (median of {runs})", f"{page_ms:.0f} ms",
                          f"≤ {budget_ms} ms{'' if issue_budget else ' *'}", page_ms <= budget_ms)


def main():
    """Run this bench alone: `python -m bench.reports`."""
    from bench.harness import serve
    from bench.run import demo_database

    with tempfile.TemporaryDirectory() as folder:
        env = demo_database(folder)
        started = time.perf_counter()
        year = seed_year(env["DATABASE_URL"])
        print(f"seeded a year of {TOWN.units} units in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with serve("wsgi:app", {**env, "TRUSTED_PROXIES": "1"}) as portal:
            print(table.render([report(portal, year)]))


if __name__ == "__main__":
    main()
