"""Demo requests, cases, notes and referrals, spread over the last months so the reports have something to show."""
from datetime import timedelta

from flask import current_app

from portal.cases import services
from portal.counseling.models import Appointment
from portal.inquiries import services as inquiries
from portal.staff.models import Staff
from portal.config import link_context

REQUESTS = [
    # unit, days ago, category, kecamatan, name, phone, urgent, what happened next, message
    ("MKS", 75, "dokumen", "Tamalate", "Rosmiati", "+6281355500401", False, "answered",
     "Anak saya lahir di rumah dan belum punya akta kelahiran. Syaratnya apa saja?"),
    ("MKS", 60, "hak_asuh", "Rappocini", "Fitriani Usman", "+6281355500402", False, "case",
     "Setelah bercerai, mantan suami tidak mengizinkan saya bertemu anak. Saya harus bagaimana?"),
    ("MKS", 41, "pengasuhan", "Panakkukang", "Muh. Ilham", "+6281355500403", False, "closed",
     "Anak saya yang berumur 4 tahun sering tantrum. Apakah ada kelas parenting dalam waktu dekat?"),
    ("MKS", 20, "konflik", "Biringkanaya", "Hasnah", "+6281355500404", True, "case",
     "Suami saya sering memukul saat marah. Saya takut pulang ke rumah."),
    ("MKS", 9, "remaja", "Tamalate", "Darmawati", "+6281355500405", False, "review",
     "Anak saya kelas 2 SMP tidak mau sekolah sejak dua minggu. Bisa dibantu?"),
    ("MKS", 2, "perkawinan", "Manggala", "Andi Reski", "+6281355500406", False, "new",
     "Kami berencana menikah tahun depan. Apakah kelas pranikah wajib sebelum ke KUA?"),
    ("MKS", 1, "konflik", "Tallo", "Nurhayati", "+6281355500407", True, "new",
     "Ada tetangga yang anaknya sering dipukul dan dikurung. Saya harus lapor ke mana?"),
    ("SLM", 50, "dokumen", "Depok", "Sri Lestari", "+6281355500501", False, "answered",
     "Bagaimana cara mengurus kartu identitas anak untuk anak angkat?"),
    ("SLM", 14, "pengasuhan", "Ngaglik", "Agus Wibowo", "+6281355500502", False, "new",
     "Istri saya bekerja di luar kota. Saya ingin belajar mengasuh anak balita sendirian."),
]
ANSWER = ("Terima kasih sudah menghubungi Puspaga. Silakan datang ke kantor kami pada hari kerja pukul 08.00–14.00 "
          "dengan membawa KTP dan Kartu Keluarga; petugas akan membantu langkah berikutnya.")
NOTES = [
    "Sesi pertama: klien menceritakan latar belakang keluarga. Disepakati rencana tiga sesi dan nomor darurat.",
    "Sesi kedua: klien lebih tenang, mulai menyusun rencana pengasuhan bersama keluarga besar.",
]
REFERRAL = dict(
    destination="uptd_ppa", institution="UPTD PPA Kota Makassar",
    reason="Klien mengalami kekerasan fisik dalam rumah tangga dan membutuhkan pendampingan serta rumah aman.",
    chronology=("Klien menghubungi Puspaga melalui formulir pengaduan. Dalam sesi konseling klien menceritakan "
                "kekerasan yang dialami sejak enam bulan terakhir, terakhir tiga hari sebelum sesi."),
    services_given="Konseling psikologis satu kali; informasi layanan SAPA 129 dan rencana keselamatan.")


def seed_casework(units, now):
    """Requests in both units through the same steps as staff take them; cases with notes and referrals."""
    koordinator, nurul = Staff.by_email("koordinator@puspaga.test"), Staff.by_email("psikolog@puspaga.test")
    wahyu, admin = Staff.by_email("konselor.slm@puspaga.test"), Staff.by_email("admin@puspaga.test")
    with link_context(current_app):
        for code, ago, category, kecamatan, name, phone, urgent, fate, message in REQUESTS:
            at = now - timedelta(days=ago)
            unit = units[code]
            inquiry = inquiries.send(dict(unit_id=unit.id, category=category, message=message, name=name,
                                          phone=phone, kecamatan=kecamatan, urgent=urgent), now=at)
            # Makassar's koordinator triages; Sleman has none, so its admin hands requests to its counsellor.
            staff, follows = (koordinator, nurul if fate == "review" else koordinator) if code == "MKS" else (admin, wahyu)
            later = at + timedelta(hours=3)
            if fate in ("review", "answered", "closed"):
                inquiries.assign(staff, inquiry, follows.id, now=later)
            if fate in ("answered", "closed"):
                inquiries.answer(staff, inquiry, ANSWER, now=later + timedelta(hours=1))
            if fate == "closed":
                inquiries.close(staff, inquiry, now=later + timedelta(days=2))
            if fate == "case":
                case = services.open_case(koordinator, unit.id, dict(
                    client_name=name, client_phone=phone, client_nik=None, gender="perempuan", age_group="26-35",
                    kecamatan=kecamatan, kelurahan="", category=category), [nurul.id], inquiry=inquiry, now=later)
                for n, text in enumerate(NOTES):
                    services.add_note(nurul, case, text, now=later + timedelta(days=2 + 5 * n))
                if urgent:
                    services.refer(nurul, case, REFERRAL, now=later + timedelta(days=3))
                else:
                    referral = services.refer(nurul, case, dict(
                        REFERRAL, destination="pengadilan_agama", institution="Pengadilan Agama Makassar",
                        reason="Klien membutuhkan penetapan hak asuh anak.",
                        chronology="Klien bercerai setahun lalu; mantan suami menahan anak sejak tiga bulan.",
                        services_given="Konsultasi hukum keluarga dua kali."), now=later + timedelta(days=10))
                    services.set_referral_status(nurul, referral, "accepted", now=later + timedelta(days=14))
        # A walk-in in Sleman, and a case from a completed counselling session in Makassar.
        services.open_case(wahyu, units["SLM"].id, dict(
            client_name="Tri Wulandari", client_phone="+6281355500601", client_nik=None, gender="perempuan",
            age_group="13-17", kecamatan="Depok", kelurahan="Caturtunggal", category="remaja"), [wahyu.id],
            now=now - timedelta(days=12))
        held = (Appointment.select().where(Appointment.unit == units["MKS"].id, Appointment.status == "completed")
                .get())
        case = services.open_case(held.counsellor, units["MKS"].id, dict(
            client_name=held.name, client_phone=held.phone, client_nik=None, gender=held.gender,
            age_group=held.age_group, kecamatan="Panakkukang", kelurahan="Pandang", category="konflik"),
            [held.counsellor_id], appointment=held, now=held.ends_at + timedelta(hours=1))
        services.add_note(held.counsellor, case, NOTES[0], now=held.ends_at + timedelta(hours=2))
