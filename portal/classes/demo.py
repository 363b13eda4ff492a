"""Demo classes: both kinds in both units, one nearly full, one full with a waiting list, two already held."""
from datetime import datetime, time, timedelta

from flask import current_app

from portal.certificates.services import issue_certificates
from portal.classes import services
from portal.learning import services as learning
from portal.learning.models import ClassTest, TestTemplate
from portal.registrations import services as registering
from portal.classes.models import Class, ClassSession
from portal.registrations.models import Registration
from portal.i18n import local_from_utc, utc_from_local
from portal.staff.models import Staff
from portal.config import link_context

PEOPLE = [
    ("Ayu Lestari", "perempuan"), ("Rizky Pratama", "laki-laki"), ("Dewi Anggraini", "perempuan"),
    ("Fajar Nugroho", "laki-laki"), ("Nur Aisyah", "perempuan"), ("Andi Saputra", "laki-laki"),
    ("Putri Wulandari", "perempuan"), ("Muhammad Iqbal", "laki-laki"), ("Sri Rahayu", "perempuan"),
    ("Yusuf Hidayat", "laki-laki"), ("Indah Permata", "perempuan"), ("Agus Setiawan", "laki-laki"),
]

SATURDAY, WEDNESDAY = 5, 2
CLASSES = [
    # unit code, kind, title, mode, capacity, weekday and days ahead of the first session, sessions, registrants
    ("MKS", "pranikah", "Kelas Persiapan Pernikahan Angkatan 12", "offline", 30, SATURDAY, 10, 3, 8),
    ("MKS", "parenting", "Kelas Parenting: Mengasuh Anak Usia Dini", "hybrid", 10, WEDNESDAY, 17, 2, 9),
    ("MKS", "pranikah", "Kelas Persiapan Pernikahan Angkatan 13 (Daring)", "online", 6, SATURDAY, 24, 2, 9),
    ("SLM", "parenting", "Kelas Parenting: Remaja dan Gawai", "offline", 25, WEDNESDAY, 12, 2, 5),
    ("SLM", "pranikah", "Kelas Persiapan Pernikahan Sleman Batch 4", "offline", 20, SATURDAY, 31, 3, 3),
]
# Held and closed, with certificates issued; in each, the people listed last missed sessions and did not complete.
PAST_CLASSES = [
    # unit code, kind, title, weekday and days ago of the first session, sessions, people (name, gender, partner),
    # absences
    ("MKS", "pranikah", "Kelas Persiapan Pernikahan Angkatan 11", SATURDAY, 38, 2, [
        ("Nurfadillah Syam", "perempuan", "Andi Muhammad Arief"),
        ("Muhammad Ikhsan Basri", "laki-laki", "Rahmawati Said"),
        ("Fitriani Rahman", "perempuan", "Syamsul Bahri"),
        ("Hasanuddin Amir", "laki-laki", "Wahyuni Lestari"),
        ("Sitti Khadijah", "perempuan", "Irwan Mappiasse"),
        ("Ahmad Fauzi Latif", "laki-laki", "Nurul Hidayah"),
    ], 1),
    ("SLM", "parenting", "Kelas Parenting: Disiplin Positif di Rumah", WEDNESDAY, 30, 2, [
        ("Dwi Astuti", "perempuan", ""), ("Bambang Sutrisno", "laki-laki", ""),
        ("Rini Handayani", "perempuan", ""), ("Eko Prasetyo", "laki-laki", ""),
        ("Endang Purwanti", "perempuan", ""), ("Heru Susanto", "laki-laki", ""),
        ("Tri Wahyuningsih", "perempuan", ""),
    ], 2),
]
# Held last weeks and waiting for the koordinator to take attendance and close it.
AWAITING_CLOSE = [
    # unit code, kind, title, weekday and days ago of the first session, sessions, registrants
    ("MKS", "parenting", "Kelas Parenting: Komunikasi Tanpa Marah", WEDNESDAY, 16, 3, 6),
]
TOPICS = ["Komunikasi dan resolusi konflik", "Kesehatan reproduksi", "Keuangan keluarga", "Pengasuhan"]


def seed_classes(units, now):
    """Create the demo classes with sessions and registrations, and the past ones with certificates."""
    admin = Staff.by_email("admin@puspaga.test")
    with link_context(current_app):
        for n, (code, kind, title, mode, capacity, weekday, ahead, count, people) in enumerate(CLASSES):
            unit = units[code]
            today = local_from_utc(now, unit.timezone).date()
            klass = create_class(admin, unit, kind, title, mode, capacity, session_days(today, weekday, ahead, count))
            for p in range(people):
                name, gender = PEOPLE[p % len(PEOPLE)]
                registering.register(klass.id, dict(
                    name=name, gender=gender, phone=f"+62812{n:02d}{p:06d}", email="",
                    nik=f"73710{n}{(p % 28) + 1:02d}0{(p % 9) + 1}900{p:03d}"[:16] if unit.requires_nik else None,
                    partner_name="Calon Pasangan" if kind == "pranikah" else "",
                    wedding_date=today + timedelta(days=90) if kind == "pranikah" else None,
                    children_age_groups="3-5" if kind == "parenting" else "",
                ), now=now - timedelta(hours=people - p))
            if people > capacity:  # the first one cancelled from their page: the first on the list got the seat
                first = klass.registrations.order_by(Registration.id).first()
                registering.cancel(first.id, now=now - timedelta(minutes=30))
        for n, row in enumerate(PAST_CLASSES):
            seed_past_class(admin, units, now, n, *row)
        for n, (code, kind, title, weekday, ago, count, people) in enumerate(AWAITING_CLOSE, len(PAST_CLASSES)):
            klass, sessions, registrations = held_class(units[code], now, n, kind, title, weekday, ago, count,
                                                        [(name, gender, "") for name, gender in PEOPLE[:people]])
            learning.set_class_test(admin, klass, TestTemplate.for_class(klass).first(), 60)
            take_tests(registrations[:-1], sessions, post=False)  # the post-test: some on paper still to type in
            take_tests(registrations[:-3], sessions, post=True, pre=False)


def session_days(today, weekday, ahead, count):
    """Weekly session days on `weekday`, the first on or after `ahead` days from today (negative: on or before,
    in the past)."""
    first = today + timedelta(days=ahead)
    shift = (weekday - first.weekday()) % 7
    first += timedelta(days=shift if ahead >= 0 else shift - 7 if shift else 0)
    return [first + timedelta(days=7 * s) for s in range(count)]


def create_class(admin, unit, kind, title, mode, capacity, days):
    """A published class with a morning session on each of the days."""
    facilitator = Staff.by_email("fasilitator@puspaga.test")
    klass = Class(status="draft")
    services.save_class(admin, klass, dict(
        unit=unit, kind=kind, title=title, mode=mode,
        description="Kelas gratis dari Puspaga. Materi disampaikan psikolog, konselor dan narasumber dari dinas terkait.",
        venue="" if mode == "online" else f"Aula {unit.name}, {unit.address}",
        online_link="" if mode == "offline" else "https://meet.contoh.go.id/puspaga-kelas",
        registration_opens_at=None, registration_closes_at=None,
        attendance_minimum=None, gives_certificate=True,
    ), [facilitator.id] if unit.code == "MKS" else [], capacity)
    for s, day in enumerate(days):
        start = utc_from_local(datetime.combine(day, time(9, 0)), unit.timezone)
        services.add_session(admin, klass, start, start + timedelta(hours=3), TOPICS[s % len(TOPICS)],
                             "Budi Santoso, M.Psi., Psikolog")
    services.publish(admin, klass)
    learning.set_class_test(admin, klass, TestTemplate.for_class(klass).first(), None)
    return klass


def seed_past_class(admin, units, now, n, code, kind, title, weekday, ago, count, people, absent):
    """A class held weeks ago: registered before it began, attendance marked, closed, certificates issued."""
    klass, sessions, registrations = held_class(units[code], now, n, kind, title, weekday, ago, count, people)
    take_tests(registrations, sessions, post=True)
    for p, registration in enumerate(registrations):
        missed = p - (len(people) - absent) + 1  # the last `absent` people miss 1, 2, ... sessions
        for s, session in enumerate(sessions):
            registering.mark_attendance(admin, registration, session, present=s >= missed, now=session.ends_at)
    ended = sessions[-1].ends_at
    registering.close_class(admin, klass.id, now=ended + timedelta(hours=2))
    issue_certificates(admin, klass.id, now=ended + timedelta(days=1))


# Each participant's right answers before and after, in turn: most learn something, one does not.
BEFORE_AFTER = [(2, 4), (3, 5), (1, 3), (3, 3), (2, 5), (4, 4), (2, 3)]


def take_tests(registrations, sessions, pre=True, post=True):
    """The class's pre-test at its first session and post-test at its last, answered by `BEFORE_AFTER`: the first
    questions right, the others wrong."""
    items = ClassTest.of(sessions[0].klass_id).items
    for p, registration in enumerate(registrations):
        before, after = BEFORE_AFTER[p % len(BEFORE_AFTER)]
        for stage, right, at in (("pre", before, sessions[0].starts_at), ("post", after, sessions[-1].starts_at)):
            if (stage == "pre" and pre) or (stage == "post" and post):
                answers = [item["correct"] if q < right else (item["correct"] + 1) % len(item["options"])
                           for q, item in enumerate(items)]
                learning.take(registration, stage, answers, now=at)


def held_class(unit, now, n, kind, title, weekday, ago, count, people):
    """A class whose sessions lie in the past, everyone registered ten days before it began.

    Returns (class, sessions, registrations)."""
    admin = Staff.by_email("admin@puspaga.test")
    today = local_from_utc(now, unit.timezone).date()
    klass = create_class(admin, unit, kind, title, "offline", len(people) + 5, session_days(today, weekday, -ago, count))
    sessions = list(ClassSession.of(klass.id))
    registered_at = sessions[0].starts_at - timedelta(days=10)
    registrations = [registering.register(klass.id, dict(
        name=name, gender=gender, phone=f"+62857{n:02d}{p:06d}", email="",
        nik=sleman_nik(n * 10 + p, gender) if unit.requires_nik else None, partner_name=partner,
        wedding_date=today + timedelta(days=30 + 7 * p) if kind == "pranikah" else None,
        children_age_groups="6-12" if kind == "parenting" else "",
    ), now=registered_at + timedelta(hours=p))[0] for p, (name, gender, partner) in enumerate(people)]
    return klass, sessions, registrations


def sleman_nik(n, gender):
    """A NIK of Kabupaten Sleman (34.04): district, birth date (day + 40 for women), serial."""
    day = 1 + (n * 7) % 28 + (40 if gender == "perempuan" else 0)
    return f"3404{7 + n % 10:02d}{day:02d}{1 + (n * 5) % 12:02d}{85 + n % 12:02d}{1 + n:04d}"
