"""Demo counselling: each unit's services, counsellors with weekly hours, a holiday, and bookings past and coming."""
from datetime import date, datetime, time, timedelta

from flask import current_app

from portal.counseling import services
from portal.availability.models import ClosedDay, CounsellorService, DateException, Service, WorkingHours
from portal.i18n import local_from_utc, utc_from_local
from portal.staff.models import Staff
from portal.config import link_context

SERVICES = [
    # name, description, minutes, buffer, modes, needs confirmation
    ("Konseling Keluarga", "Masalah hubungan suami-istri, komunikasi dan konflik dalam keluarga.", 60, 15,
     "offline,video,phone", False),
    ("Konseling Anak & Remaja", "Perilaku, emosi, sekolah dan pergaulan anak dan remaja.", 60, 15,
     "offline,video", False),
    ("Konsultasi Hukum Keluarga", "Hak asuh, perceraian, nafkah anak dan dokumen kependudukan.", 45, 15,
     "offline,phone", True),
    ("Konseling Pranikah", "Kesiapan menikah bagi calon pengantin, sendiri atau berdua.", 60, 15,
     "offline,video", False),
]
COUNSELLORS = [
    # name, email (demo accounts of portal/demo.py), unit, services it gives (indexes into SERVICES), works Saturdays
    ("Budi Santoso, M.Psi., Psikolog", "konselor@puspaga.test", "MKS", (0, 1, 3), False),
    ("Nurul Annisa, M.Psi., Psikolog", "psikolog@puspaga.test", "MKS", (0, 1, 2), True),
    ("Wahyu Hidayat, S.Psi.", "konselor.slm@puspaga.test", "SLM", (0, 1, 2, 3), True),
]
# Public holidays every unit closes on, by (month, day); kept for last year, this year and next.
HOLIDAYS = [((12, 25), "Hari Raya Natal"), ((1, 1), "Tahun Baru Masehi")]
# A day's place is counted in working days (Monday to Friday, not a holiday): 1 is
# the first from the day after tomorrow (so past every notice), -1 the last before today. Each booking names
# its counsellor, day and hour, so the demo tells the same story whatever day it is seeded.
BOOKINGS = [
    # unit, service index, counsellor, mode, working day, hour (local), name, phone, for whom, gender, age, urgent
    ("MKS", 0, "konselor@puspaga.test", "offline", 1, 9, "Rahmawati Said", "+6281355500101", "self", "perempuan",
     "26-35", False),
    ("MKS", 0, "konselor@puspaga.test", "phone", 2, 9, "Nur Aisyah", "+6281355500103", "self", "perempuan",
     "26-35", True),  # urgent: the first of Budi's day
    ("MKS", 1, "konselor@puspaga.test", "video", 2, 13, "Andi Muhammad Arief", "+6281355500102", "child",
     "laki-laki", "36-45", False),
    ("MKS", 2, "psikolog@puspaga.test", "offline", 3, 9, "Hasanuddin Amir", "+6281355500104", "self", "laki-laki",
     "36-45", False),
    ("MKS", 3, "konselor@puspaga.test", "offline", 5, 13, "Irwan Mappiasse", "+6281355500105", "couple",
     "laki-laki", "18-25", False),
    ("SLM", 0, "konselor.slm@puspaga.test", "offline", 1, 10, "Dwi Astuti", "+6281355500201", "self", "perempuan",
     "36-45", False),
    ("SLM", 1, "konselor.slm@puspaga.test", "video", 4, 13, "Eko Prasetyo", "+6281355500202", "child", "laki-laki",
     "36-45", False),
    ("SLM", 2, "konselor.slm@puspaga.test", "phone", 4, 9, "Rini Handayani", "+6281355500203", "self", "perempuan",
     "26-35", False),
]
LEAVE = ("konselor@puspaga.test", 6)  # Budi's day of leave, after his bookings
# Held already: (unit, service, counsellor, working day, hour, name, phone, outcome)
HELD = [
    ("MKS", 0, "psikolog@puspaga.test", -3, 9, "Sitti Khadijah", "+6281355500301", "complete"),
    ("MKS", 1, "konselor@puspaga.test", -2, 10, "Ahmad Fauzi Latif", "+6281355500302", "no_show"),
    ("SLM", 0, "konselor.slm@puspaga.test", -2, 13, "Bambang Sutrisno", "+6281355500303", "complete"),
]
CONCERN = "Kami sering bertengkar soal pembagian tugas di rumah dan ingin belajar berkomunikasi lebih baik."


def seed_counseling(units, now):
    """Services, counsellors and their hours in both units, then bookings through the same rules as citizens."""
    offered = {code: [Service.create(unit=unit, name=name, description=text, duration_minutes=minutes,
                                     buffer_minutes=rest, modes=modes, needs_confirmation=confirm)
                      for name, text, minutes, rest, modes, confirm in SERVICES]
               for code, unit in units.items()}
    for code, unit in units.items():
        today = local_from_utc(now, unit.timezone).date()
        for year in (today.year - 1, today.year, today.year + 1):
            for (month, day), reason in HOLIDAYS:
                ClosedDay.create(unit=unit, day=date(year, month, day), reason=reason)
    for name, email, code, given, saturday in COUNSELLORS:
        counsellor = Staff.by_email(email)
        for index in given:
            CounsellorService.create(counsellor=counsellor, service=offered[code][index],
                                     modes=offered[code][index].modes)
        for weekday in range(5):
            WorkingHours.create(counsellor=counsellor, weekday=weekday, start=time(8), end=time(15))
            WorkingHours.create(counsellor=counsellor, weekday=weekday, kind="break", start=time(12), end=time(13))
        if saturday:
            WorkingHours.create(counsellor=counsellor, weekday=5, start=time(8), end=time(12))
    email, leave = LEAVE
    DateException.create(counsellor=Staff.by_email(email), day=working_day(units["MKS"], now, leave),
                         kind="off", note="Cuti")
    with link_context(current_app):
        seed_bookings(offered, units, now)


def seed_bookings(offered, units, now):
    """The coming bookings, then the held ones with their outcome."""
    admin = Staff.by_email("admin@puspaga.test")
    for code, index, email, mode, nth, hour, name, phone, whom, gender, age, urgent in BOOKINGS:
        book_at(offered[code][index], mode, email, working_day(units[code], now, nth), hour, dict(
            name=name, phone=phone, email="", for_whom=whom, gender=gender, age_group=age,
            concern=CONCERN, urgent=urgent), now)
    for code, index, email, nth, hour, name, phone, outcome in HELD:
        day = working_day(units[code], now, nth)
        appointment = book_at(offered[code][index], "offline", email, day, hour, dict(
            name=name, phone=phone, email="", for_whom="self", gender="perempuan", age_group="26-35",
            concern=CONCERN, urgent=False), utc_from_local(datetime.combine(day - timedelta(days=7), time(9)),
                                                          units[code].timezone))
        services.staff_step(admin, appointment, outcome, now=appointment.ends_at + timedelta(minutes=5))


def working_day(unit, now, nth):
    """The unit's nth working day from the day after tomorrow (nth > 0), or back from yesterday (nth < 0)."""
    today = local_from_utc(now, unit.timezone).date()
    closed = {c.day for c in ClosedDay.select().where(ClosedDay.unit == unit.id)}
    step, day, left = (1, today + timedelta(days=2), nth) if nth > 0 else (-1, today - timedelta(days=1), -nth)
    while True:
        if day.weekday() < 5 and day not in closed:
            left -= 1
            if left == 0:
                return day
        day += timedelta(days=step)


def book_at(service, mode, email, day, hour, person, now):
    """Book this counsellor at this local hour; the demo's days are chosen so the time is always free."""
    start = utc_from_local(datetime.combine(day, time(hour)), service.unit.timezone)
    return services.book(service, mode, start, person, now, counsellor_id=Staff.by_email(email).id)
