"""Demo tests: a template for each kind of class in every unit (the demo classes take them: portal/classes/demo.py)."""
from portal.learning import services
from portal.learning.models import TestTemplate
from portal.staff.models import Staff

TEMPLATES = {
    "pranikah": ("Tes Kelas Persiapan Pernikahan", """Menurut UU Perkawinan, usia minimal menikah bagi perempuan dan laki-laki adalah
- 16 tahun
- 18 tahun
* 19 tahun

Cara terbaik menyelesaikan perbedaan pendapat dengan pasangan adalah
- Diam sampai pasangan mengalah
* Membicarakan dengan tenang dan mendengarkan
- Meminta keluarga besar memutuskan

Pemeriksaan kesehatan sebelum menikah berguna untuk
* Mengetahui kondisi kesehatan calon pengantin sejak awal
- Memenuhi syarat foto pernikahan
- Menentukan tanggal pernikahan

Keuangan keluarga sebaiknya direncanakan
- Oleh suami saja
* Bersama oleh suami dan istri
- Setelah punya anak

Kekerasan dalam rumah tangga
- Urusan pribadi yang tidak boleh dilaporkan
- Wajar bila pasangan berbuat salah
* Dilarang undang-undang dan dapat dilaporkan"""),
    "parenting": ("Tes Kelas Parenting", """Saat anak tantrum, langkah pertama yang baik adalah
- Memarahinya agar berhenti
* Tetap tenang dan memastikan anak aman
- Menuruti semua permintaannya

Disiplin positif berarti
- Hukuman fisik yang ringan
* Mengajarkan aturan dengan konsisten dan penuh kasih
- Membiarkan anak berbuat sesukanya

Waktu layar yang dianjurkan untuk anak di bawah 2 tahun
* Sebaiknya tidak ada, kecuali panggilan video keluarga
- Dua jam sehari
- Sebanyak yang anak mau

Pujian yang membangun adalah pujian atas
- Kecantikan atau ketampanan anak
* Usaha yang dilakukan anak
- Anak yang lebih baik dari temannya

Bila anak bercerita tentang perundungan di sekolah, orang tua sebaiknya
- Menyuruhnya membalas
* Mendengarkan, menenangkan, lalu menghubungi sekolah
- Menganggapnya hal biasa"""),
}


def seed_templates(units):
    """Each unit's templates, written by its admin."""
    admin = Staff.by_email("admin@puspaga.test")
    for unit in units.values():
        for kind, (title, text) in TEMPLATES.items():
            services.save_template(admin, TestTemplate(), unit, kind, title, text)
