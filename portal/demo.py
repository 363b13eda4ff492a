"""Demo data for trying the portal: two units (one in WITA, one in WIB) with their images, staff, classes,
counselling, requests and cases."""
from flask import current_app

from portal.cases.demo import seed_casework
from portal.classes.demo import seed_classes
from portal.config import link_context
from portal.counseling.demo import seed_counseling
from portal.db import database, utcnow
from portal.learning.demo import seed_templates
from portal.notify.demo import seed_messages
from portal.surveys.demo import seed_surveys
from portal.units.demo import seed_images
from portal.staff.models import Staff
from portal.units.models import Unit
from portal.worker import schedule_reminders

DEMO_PASSWORD = "puspaga-demo"

UNITS = [
    dict(
        name="Puspaga Kota Makassar", code="MKS", city="Kota Makassar", province="Sulawesi Selatan",
        address="Jl. Contoh Raya No. 12, Kec. Panakkukang, Makassar 90231",
        phone="+62411000123", whatsapp="+6281200000123", email="puspaga.makassar@contoh.go.id",
        timezone="Asia/Makassar", head_name="Dra. Hj. Andi Nurhayati, M.Si.",
        head_title="Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        head_nip="197003121995032004", uptd_ppa_name="UPTD PPA Kota Makassar",
        uptd_ppa_phone="+6281100000129",
    ),
    dict(
        name="Puspaga Kabupaten Sleman", code="SLM", city="Kabupaten Sleman", province="DI Yogyakarta",
        address="Jl. Contoh Kaliurang Km 7, Kec. Ngaglik, Sleman 55581",
        phone="+62274000456", whatsapp="+6281300000456", email="puspaga.sleman@contoh.go.id",
        timezone="Asia/Jakarta", head_name="Sri Wahyuni, S.Psi., M.Psi.",
        head_title="Kepala Dinas P3AP2KB", head_nip="197805202003122002",
        requires_nik=True, uptd_ppa_name="UPTD PPA Kabupaten Sleman", uptd_ppa_phone="+6281300000129",
    ),
]

STAFF = [
    ("Admin Puspaga", "admin@puspaga.test", "admin", None),
    ("Rina Koordinator", "koordinator@puspaga.test", "koordinator", "MKS"),
    ("Budi Santoso, M.Psi., Psikolog", "konselor@puspaga.test", "konselor", "MKS"),
    ("Siti Fasilitator", "fasilitator@puspaga.test", "fasilitator", "MKS"),
    ("Nurul Annisa, M.Psi., Psikolog", "psikolog@puspaga.test", "konselor", "MKS"),
    ("Wahyu Hidayat, S.Psi.", "konselor.slm@puspaga.test", "konselor", "SLM"),
]


def seed(now=None):
    """Create the demo units and accounts (all with the demo password), then each feature's data, as it would
    stand at `now` (the current time unless given): the same story whatever the day."""
    now = now or utcnow()
    with database.atomic():
        units = {u["code"]: Unit.create(**u) for u in UNITS}
        for name, email, role, unit_code in STAFF:
            staff = Staff(name=name, email=email, role=role, unit=units.get(unit_code))
            staff.set_password(DEMO_PASSWORD)
            staff.save()
    seed_images(list(units.values()))
    seed_templates(units)
    seed_classes(units, now)
    seed_counseling(units, now)
    seed_casework(units, now)
    seed_surveys(units, now)
    with link_context(current_app):
        schedule_reminders(now)
        with database.atomic():
            seed_messages(now)
