"""Demo classes: both kinds in both units, one nearly full, one full with a waiting list."""
from datetime import datetime, time, timedelta

from flask import current_app

from portal.classes import registering, services
from portal.classes.models import Class
from portal.i18n import utc_from_local
from portal.staff.models import Staff

PEOPLE = [
    ("Ayu Lestari", "perempuan"), ("Rizky Pratama", "laki-laki"), ("Dewi Anggraini", "perempuan"),
    ("Fajar Nugroho", "laki-laki"), ("Nur Aisyah", "perempuan"), ("Andi Saputra", "laki-laki"),
    ("Putri Wulandari", "perempuan"), ("Muhammad Iqbal", "laki-laki"), ("Sri Rahayu", "perempuan"),
    ("Yusuf Hidayat", "laki-laki"), ("Indah Permata", "perempuan"), ("Agus Setiawan", "laki-laki"),
]

CLASSES = [
    # unit code, kind, title, mode, capacity, days ahead, sessions, registrants
    ("MKS", "pranikah", "Kelas Persiapan Pernikahan Angkatan 12", "offline", 30, 10, 3, 8),
    ("MKS", "parenting", "Kelas Parenting: Mengasuh Anak Usia Dini", "hybrid", 10, 17, 2, 9),
    ("MKS", "pranikah", "Kelas Persiapan Pernikahan Angkatan 13 (Daring)", "online", 6, 24, 2, 9),
    ("SLM", "parenting", "Kelas Parenting: Remaja dan Gawai", "offline", 25, 12, 2, 5),
    ("SLM", "pranikah", "Kelas Persiapan Pernikahan Sleman Batch 4", "offline", 20, 31, 3, 3),
]
TOPICS = ["Komunikasi dan resolusi konflik", "Kesehatan reproduksi", "Keuangan keluarga", "Pengasuhan"]


def seed_classes(units):
    """Create the demo classes with sessions and registrations."""
    facilitator = Staff.by_email("fasilitator@puspaga.test")
    admin = Staff.by_email("admin@puspaga.test")
    today = datetime.now().date()
    with current_app.test_request_context("/"):
        for n, (code, kind, title, mode, capacity, ahead, count, people) in enumerate(CLASSES):
            unit = units[code]
            klass = Class(status="draft")
            services.save_class(admin, klass, dict(
                unit=unit, kind=kind, title=title, mode=mode,
                description="Kelas gratis dari Puspaga. Materi disampaikan psikolog, konselor dan narasumber dari dinas terkait.",
                venue="" if mode == "online" else f"Aula {unit.name}, {unit.address}",
                online_link="" if mode == "offline" else "https://meet.contoh.go.id/puspaga-kelas",
                registration_opens_at=None, registration_closes_at=None,
                attendance_minimum=None, gives_certificate=True,
            ), [facilitator.id] if code == "MKS" else [], capacity)
            for s in range(count):
                day = today + timedelta(days=ahead + 7 * s)
                start = utc_from_local(datetime.combine(day, time(9, 0)), unit.timezone)
                services.add_session(admin, klass, start, start + timedelta(hours=3), TOPICS[s % len(TOPICS)],
                                     "Budi Santoso, M.Psi., Psikolog")
            services.publish(admin, klass)
            for p in range(people):
                name, gender = PEOPLE[p % len(PEOPLE)]
                registering.register(klass.id, dict(
                    name=name, gender=gender, phone=f"+62812{n:02d}{p:06d}", email="",
                    nik=f"73710{n}{(p % 28) + 1:02d}0{(p % 9) + 1}900{p:03d}"[:16] if unit.requires_nik else None,
                    partner_name="Calon Pasangan" if kind == "pranikah" else "",
                    wedding_date=today + timedelta(days=90) if kind == "pranikah" else None,
                    children_age_groups="3-5" if kind == "parenting" else "",
                ))
