"""axe-core finds no serious or critical accessibility violation on the shell's pages."""
from pathlib import Path

import pytest

from tests.browser.pages import sign_in

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text()
PUBLIC = ["/", "/privasi", "/staf/masuk", "/tidak-ada", "/kelas/", "/kelas/1", "/kelas/3"]
STAFF = ["/staf/", "/staf/pengguna", "/staf/pengguna/baru", "/staf/unit/1", "/staf/audit/", "/staf/sandi",
         "/staf/kelas/", "/staf/kelas/baru", "/staf/kelas/1", "/staf/kelas/1/pendaftar", "/staf/kelas/1/pendaftar/baru",
         "/staf/kelas/1/kehadiran"]


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
