"""Demo counselling: each unit's services, counsellors with weekly hours, a holiday, and bookings past and coming."""
from datetime import date, datetime, time, timedelta

from flask import current_app

from portal.counseling import services
from portal.counseling.models import ClosedDay, CounsellorService, DateException, Service, WorkingHours
from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.staff.models import Staff

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
HOLIDAYS = [(date(2026, 12, 25), "Hari Raya Natal"), (date(2027, 1, 1), "Tahun Baru Masehi")]
BOOKINGS = [
    # unit, service index, mode, days from today, hour (local), name, phone, for whom, gender, age group, urgent
    ("MKS", 0, "offline", 2, 9, "Rahmawati Said", "+6281355500101", "self", "perempuan", "26-35", False),
    ("MKS", 1, "video", 3, 10, "Andi Muhammad Arief", "+6281355500102", "child", "laki-laki", "36-45", False),
    ("MKS", 0, "phone", 3, 13, "Nur Aisyah", "+6281355500103", "self", "perempuan", "26-35", True),
    ("MKS", 2, "offline", 4, 9, "Hasanuddin Amir", "+6281355500104", "self", "laki-laki", "36-45", False),
    ("MKS", 3, "offline", 6, 14, "Irwan Mappiasse", "+6281355500105", "couple", "laki-laki", "18-25", False),
    ("SLM", 0, "offline", 2, 10, "Dwi Astuti", "+6281355500201", "self", "perempuan", "36-45", False),
    ("SLM", 1, "video", 5, 13, "Eko Prasetyo", "+6281355500202", "child", "laki-laki", "36-45", False),
    ("SLM", 2, "phone", 5, 9, "Rini Handayani", "+6281355500203", "self", "perempuan", "26-35", False),
]
# Held already: (unit, service, days ago, hour, name, phone, outcome)
HELD = [
    ("MKS", 0, 5, 9, "Sitti Khadijah", "+6281355500301", "complete"),
    ("MKS", 1, 4, 10, "Ahmad Fauzi Latif", "+6281355500302", "no_show"),
    ("SLM", 0, 3, 13, "Bambang Sutrisno", "+6281355500303", "complete"),
]
CONCERN = "Kami sering bertengkar soal pembagian tugas di rumah dan ingin belajar berkomunikasi lebih baik."


def seed_counseling(units):
    """Services, counsellors and their hours in both units, then bookings through the same rules as citizens."""
    admin = Staff.by_email("admin@puspaga.test")
    offered = {code: [Service.create(unit=unit, name=name, description=text, duration_minutes=minutes,
                                     buffer_minutes=rest, modes=modes, needs_confirmation=confirm)
                      for name, text, minutes, rest, modes, confirm in SERVICES]
               for code, unit in units.items()}
    for code, unit in units.items():
        for day, reason in HOLIDAYS:
            ClosedDay.create(unit=unit, day=day, reason=reason)
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
    budi = Staff.by_email("konselor@puspaga.test")
    today = local_from_utc(utcnow(), units["MKS"].timezone).date()
    DateException.create(counsellor=budi, day=today + timedelta(days=8), kind="off", note="Cuti")
    with current_app.test_request_context("/"):
        for code, index, mode, ahead, hour, name, phone, whom, gender, age, urgent in BOOKINGS:
            book_near(offered[code][index], mode, today + timedelta(days=ahead), hour, dict(
                name=name, phone=phone, email="", for_whom=whom, gender=gender, age_group=age,
                concern=CONCERN, urgent=urgent), utcnow())
        for code, index, ago, hour, name, phone, outcome in HELD:
            day = today - timedelta(days=ago)
            while day.weekday() >= 5:  # on a working day, and still in the past
                day -= timedelta(days=1)
            appointment = book_near(offered[code][index], "offline", day, hour, dict(
                name=name, phone=phone, email="", for_whom="self", gender="perempuan", age_group="26-35",
                concern=CONCERN, urgent=False), datetime.combine(day - timedelta(days=3), time(0)))
            if appointment is not None:
                services.staff_step(admin, appointment, outcome, now=appointment.ends_at + timedelta(minutes=5))


def book_near(service, mode, day, hour, person, now):
    """Book the first free start at or after `hour` on `day`, or on the next day with room."""
    tz = service.unit.timezone
    for shift in range(7):
        free = services.free_slots(service, mode, day + timedelta(days=shift), now)
        later = [s for s in sorted(free) if local_from_utc(s, tz).hour >= hour] or sorted(free)
        if later:
            return services.book(service, mode, later[0], person, now)
    return None
