"""axe-core finds no serious or critical accessibility violation on the shell's pages."""
from pathlib import Path

import pytest

from tests.browser.pages import sign_in

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text()
PUBLIC = ["/", "/privasi", "/staf/masuk", "/tidak-ada", "/kelas/", "/kelas/1", "/kelas/3", "/sertifikat/verifikasi",
          "/sertifikat/verifikasi/SRT-2222222222", "/konseling/", "/konseling/1", "/pengaduan/", "/pengaduan/ADU-ZZZZZZ"]
STAFF = ["/staf/", "/staf/pengaduan/", "/staf/pengaduan/1", "/staf/kasus/", "/staf/kasus/1", "/staf/kasus/baru",
         "/staf/pengguna", "/staf/pengguna/baru", "/staf/unit/1", "/staf/audit/", "/staf/sandi",
         "/staf/kelas/", "/staf/kelas/baru", "/staf/kelas/1", "/staf/kelas/1/pendaftar", "/staf/kelas/1/pendaftar/baru",
         "/staf/kelas/1/kehadiran", "/staf/sertifikat/1", "/staf/konseling/", "/staf/konseling/janji/1",
         "/staf/konseling/pesan", "/staf/konseling/layanan", "/staf/konseling/layanan/1", "/staf/konseling/waktu/3",
         "/staf/laporan/", "/staf/laporan/?periode=tahun&tahun=2026&unit=1", "/staf/data-pribadi/",
         "/staf/laporan/ikm", "/staf/survei/kertas", "/staf/tes/", "/staf/tes/1", "/staf/kelas/1/tes"]


def serious_violations(page):
    """Run axe in the page (evaluate is not subject to the CSP) and keep what blocks people."""
    page.evaluate(AXE)
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_pass_axe(page, console, path):
    console.allow(r"404")
    page.goto(path)
    assert serious_violations(page) == []


def test_staff_pages_pass_axe(page):
    sign_in(page)
    found = {}
    for path in STAFF:
        page.goto(path)
        assert page.url.endswith(path), f"{path} led to {page.url}"
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    assert found == {}


def test_the_booking_steps_pass_axe(page):
    """The picker with a day chosen, the details form (with the danger help showing), and the booked page."""
    page.goto("/konseling/1")
    page.locator("button.day").first.click()
    page.locator("a.slot").first.wait_for()
    assert serious_violations(page) == []
    page.locator("a.slot").first.click()
    page.locator(".danger-question").get_by_label("Ya", exact=True).check()
    assert serious_violations(page) == []
    page.get_by_label("Nama Anda").fill("Warga Axe")
    page.get_by_label("Nomor HP (WhatsApp)").fill("081277770002")
    for label in ("Diri sendiri", "Perempuan", "26–35 tahun"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Saya sudah membaca pemberitahuan privasi", exact=False).check()
    page.get_by_role("button", name="Pesan jadwal").click()
    page.locator("article.appointment").wait_for()
    assert serious_violations(page) == []
