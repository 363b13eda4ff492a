"""Names in any script print in the PDFs, from the bundled fallback fonts, and no letter of them reaches the log."""
import logging
import subprocess

import pytest

from portal import pdf
from portal.certificates import pdf as certificate_pdf
from portal.classes.models import Class, ClassSession
from portal.registrations import services as registering
from portal.registrations.exports import roster_pdf
from tests.certificates.conftest import issue  # noqa: F401 - fixture used here
from tests.classes.conftest import create_class, held, person, register  # noqa: F401 - fixtures used here

# Each name, and the fallback fonts (as pdffonts names them) that must print it on the attendance sheet.
NAMES = {
    "김민지 Ａｙｕ": ("Noto-Sans-KR-", "Noto-Sans-SC-"),  # Hangul, and fullwidth Latin from the Chinese font
    "王秀英": ("Noto-Sans-SC-",),
    "さくら": ("Noto-Sans-SC-",),
    "محمد": ("Noto-Sans-Arabic",),
    "สมชาย": ("Noto-Sans-Thai",),
    "प्रिया": ("Noto-Sans-devanagari",),
    "Ольга": ("Noto-Sans-cyrillic",),
    "Nguyễn Thị Ánh": ("Plus-Jakarta-Sans-vietnamese",),
    "Αλέξανδρος": ("Noto-Sans-greek",),
    "薗田": ("Noto-Sans-JP-", "Noto-Sans-SC-"),  # a Japanese surname: 薗 is in the Japanese font only
}
# The certificate prints names in Playfair Display, whose own Cyrillic and Vietnamese come first.
SERIF = {"Ольга": ("Playfair-Display-cyrillic",), "Nguyễn Thị Ánh": ("Playfair-Display-vietnamese",)}
LETTERS = {char for name in NAMES for char in name if not char.isascii() and not char.isspace()}


@pytest.fixture
def world_class(app, create_class, register, held, dummy_staff):
    """A closed class whose participants, named in many scripts, all completed it."""
    klass = create_class(capacity=len(NAMES))
    registrations = [register(klass, person(n, name=name))[0] for n, name in enumerate(NAMES)]
    held(klass)
    with app.test_request_context():
        for registration in registrations:
            for session in ClassSession.of(klass.id):
                registering.mark_attendance(dummy_staff, registration, session, True)
        registering.close_class(dummy_staff, klass.id)
    return Class.get_by_id(klass.id)


@pytest.fixture
def documents(app, world_class, issue):
    """Render the attendance sheet and the class's certificates: {what: PDF bytes}."""

    def render():
        certificates = issue(world_class)
        with app.test_request_context():
            return {"attendance sheet": roster_pdf(world_class),
                    "certificates": certificate_pdf.write(certificate_pdf.render(certificates, world_class))}

    return render


@pytest.fixture
def missing_glyphs(monkeypatch, caplog):
    """WeasyPrint's own report of each character it drew as a box, with the portal's filter lifted."""
    monkeypatch.setattr(logging.getLogger("weasyprint"), "filters", [])
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return lambda: [r.getMessage() for r in caplog.records if r.getMessage().startswith(".notdef glyph")]


def poppler(tool, data, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, path, "-"] if tool == "pdftotext" else [tool, path],
                          capture_output=True, text=True, check=True).stdout


def embedded_fonts(data, tmp_path):
    """The fonts pdffonts lists as embedded, without their subset prefix (`ABCDEF+`)."""
    rows = poppler("pdffonts", data, tmp_path).splitlines()[2:]
    return {row.split()[0].split("+", 1)[-1] for row in rows if row.split()[-5] == "yes"}


def test_no_letter_of_a_name_reaches_the_log(documents, caplog):
    caplog.set_level(logging.DEBUG)  # the root at DEBUG; WeasyPrint's and fontTools' loggers as the portal sets them
    documents()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not LETTERS & set(logged)


@pytest.mark.parametrize("document", ["attendance sheet", "certificates"])
def test_every_name_prints_from_a_bundled_font_that_has_it(documents, missing_glyphs, tmp_path, document):
    data = documents()[document]
    assert missing_glyphs() == []
    text = poppler("pdftotext", data, tmp_path)
    assert [name for name in NAMES if name not in text] == []
    fonts = embedded_fonts(data, tmp_path)
    for name, needed in NAMES.items():
        needed = SERIF.get(name, needed) if document == "certificates" else needed
        assert all(any(font.startswith(prefix) for font in fonts) for prefix in needed), (name, sorted(fonts))


def test_a_latin_document_loads_no_fallback_font(app, create_class, register, tmp_path):
    klass = create_class(capacity=2)
    register(klass, person(1, name="Siti Aminah"))
    with app.test_request_context():
        fonts = embedded_fonts(roster_pdf(Class.get_by_id(klass.id)), tmp_path)
    assert fonts and all(font.startswith("Plus-Jakarta-Sans") for font in fonts), fonts
    assert pdf.fallback_stylesheets("<p>Siti Aminah · 09.00 WITA – “Kelas”</p>", app.static_folder, None, None) == []


def test_only_the_missing_glyph_warning_is_kept_out_of_the_log(caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("weasyprint").warning('.notdef glyph rendered for Unicode string unsupported by fonts: '
                                            '"%s" (U+%04X)', "김", ord("김"))
    logging.getLogger("weasyprint").warning("Font-face %r cannot be loaded", "Plus Jakarta Sans")
    logging.getLogger("weasyprint").error("Failed to load image")
    assert [record.getMessage() for record in caplog.records] == [
        "Font-face 'Plus Jakarta Sans' cannot be loaded", "Failed to load image"]
