"""Counselling slots: one day's free times for a unit with 10 counsellors and 60 days of bookings, and the
picker fragment htmx asks for when a day is chosen, against the bare endpoint."""
import statistics
import time
from datetime import datetime, timedelta
from urllib.request import Request, urlopen

from bench import table
from bench.harness import portal_app

COUNSELLORS = 10
DAYS = 60
RUNS = 15
HTMX = {"HX-Request": "true"}


def seed_busy_unit(database_url):
    """A unit whose 10 counsellors give one service, booked three times each working day for 60 days
    (30 behind, 30 ahead). Returns the service id, a local date with free times left, and the bookings made."""
    from portal.availability.models import CounsellorService, Service, WorkingHours
    from portal.counseling.models import Appointment
    from portal.db import database
    from portal.i18n import utc_from_local
    from portal.staff.models import Staff
    from portal.units.models import Unit

    app = portal_app(database_url)
    with app.test_request_context(), database.connection_context(), database.atomic():
        unit = Unit.create(name="Puspaga Bench", code="BENCH", city="Kota Bench", province="Bench", address="Jl. Bench",
                           timezone="Asia/Makassar", booking_horizon_days=DAYS)
        service = Service.create(unit=unit, name="Konseling Bench", duration_minutes=60, buffer_minutes=15,
                                 modes="offline,video")
        today = datetime.utcnow().date()
        rows = []
        for n in range(COUNSELLORS):
            staff = Staff.create(name=f"Konselor Bench {n}", email=f"bench{n}@puspaga.test", role="konselor",
                                 unit=unit, password_hash="!")
            CounsellorService.create(counsellor=staff, service=service, modes="offline,video")
            for weekday in range(6):
                WorkingHours.create(counsellor=staff, weekday=weekday, start="08:00", end="16:00")
                WorkingHours.create(counsellor=staff, weekday=weekday, kind="break", start="12:00", end="13:00")
            for day in range(-DAYS // 2, DAYS // 2):
                date = today + timedelta(days=day)
                if date.weekday() == 6:
                    continue
                for k, hour in enumerate((8, 11, 14)):  # leaves 09.30 free
                    start = utc_from_local(datetime.combine(date, datetime.min.time()).replace(hour=hour), unit.timezone)
                    rows.append(dict(unit=unit, service=service, counsellor=staff, mode="offline", starts_at=start,
                                     ends_at=start + timedelta(minutes=60), blocked_until=start + timedelta(minutes=75),
                                     status="confirmed", code=f"KNS-B{n:02d}{day + 40:03d}{k}",
                                     token=f"bench-{n}-{day}-{k}", name="Warga Bench", phone="+6281200000000",
                                     for_whom="self", gender="perempuan", age_group="26-35",
                                     consent_version="1.0", consent_at=start))
        for chunk in range(0, len(rows), 500):
            Appointment.insert_many(rows[chunk:chunk + 500]).execute()
        day = today + timedelta(days=3)
        while day.weekday() == 6:
            day += timedelta(days=1)
        return service.id, day, len(rows)


def free_slot_times(database_url, service_id, day):
    """Median ms to compute one day's free slots (any counsellor), straight from the database."""
    from portal.availability.models import Service
    from portal.counseling import services
    from portal.db import database

    app = portal_app(database_url)
    with app.test_request_context(), database.connection_context():
        service = Service.get_by_id(service_id)
        assert services.free_slots(service, "offline", day), "the bench day has no free time"
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            services.free_slots(Service.get_by_id(service_id), "offline", day)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def slot_times(database_url, service_id, day, bookings):
    """One day's free slots computed straight from the database, against the bench's own budget."""
    median = free_slot_times(database_url, service_id, day)
    return table.measured(f"free slots of a day: {COUNSELLORS} counsellors, {bookings:,} bookings over {DAYS} days "
                          f"(median of {RUNS})", f"{median:.1f} ms", "≤ 20 ms *", median <= 20)


def fragment_path(portal_url, service_id, day):
    """The picker fragment htmx asks for when a day is chosen (templates/counseling/_picker.html), checked once."""
    path = f"/konseling/{service_id}?cara=offline&tanggal={day.isoformat()}"
    answer = urlopen(Request(portal_url + path, headers=HTMX)).read()
    assert b'data-slot="' in answer and b"<html" not in answer, "the slots fragment did not render"
    return path
