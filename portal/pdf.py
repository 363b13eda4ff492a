"""PDF documents: Jinja templates under templates/pdf/ rendered by WeasyPrint, offline.

Templates refer to static files by paths relative to `static/` (for example
`fonts/plus-jakarta-sans/…woff`) and to uploaded images by `data:` URIs.
The fetcher serves exactly those: no network, no file outside `static/`.

A name can come in any script. Beyond its main fonts' Latin, a document loads
the fallback faces listed in static/fonts/pdf-fallback.json (more of the main
fonts' letters, Noto Sans for other scripts) that cover characters of its own
text, so a Latin-only page costs no more than before.

WeasyPrint is imported by the first document, inside the functions that use it: importing it takes about 0.4 s,
which a start, a command or a page without a PDF should not pay.
"""
import atexit
import base64
import hashlib
import json
import logging
import mimetypes
import re
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _

from portal.images import fitted_png

PDF_MIMETYPE = "application/pdf"
FALLBACK_FONTS = "fonts/pdf-fallback.json"  # under static/, written by scripts/vendor_fonts.py
FALLBACK_CHAINS = ("sans-serif", "serif")  # the text of Plus Jakarta Sans and of Playfair Display
# WeasyPrint's warning for a character no font has names the character: a letter of someone's name.
MISSING_GLYPH = ".notdef glyph rendered for Unicode string"


def keeps_no_missing_glyph(record):
    """False for WeasyPrint's per-character missing-glyph warning, true for every other record."""
    return not str(record.msg).startswith(MISSING_GLYPH)


# WeasyPrint's other records stay (its level is set in create_app()); fontTools' name font tables, not the text.
logging.getLogger("weasyprint").addFilter(keeps_no_missing_glyph)


def static_only_fetcher(static_folder):
    """A WeasyPrint URL fetcher that serves `data:` URIs and files inside one static folder, and refuses every
    other URL."""
    return fetcher_class()(static_folder)


@cache
def fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

    class StaticOnlyFetcher(URLFetcher):
        """Serves `data:` URIs and files inside one static folder; refuses every other URL."""

        def __init__(self, static_folder):
            # A refused URL stops the rendering: a document must never silently lose a font or image.
            super().__init__(fail_on_errors=True)
            self.root = Path(static_folder).resolve()

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path = self.static_path(url) if scheme == "file" else None
            if path is None:
                raise PermissionError(f"PDF documents may only use files under static/ and data: URIs, not {url[:120]}")
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path2url(path), path.read_bytes(), {"Content-Type": mimetype})

        def static_path(self, url):
            """The file a file: URL names, if it is inside the static folder (after resolving `..` and links)."""
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            path = Path(url2pathname(parts.path)).resolve()
            return path if path.is_relative_to(self.root) and path.is_file() else None

    return StaticOnlyFetcher


@cache
def fallback_fonts(static_folder):
    """The fallback families in the order they are tried, and for each character the numbers of those covering it."""
    families = json.loads((Path(static_folder) / FALLBACK_FONTS).read_text())["families"]
    covering = {}
    for number, family in enumerate(families):
        for first, last in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?", family["unicode_range"]):
            for point in range(int(first, 16), int(last or first, 16) + 1):
                covering.setdefault(point, []).append(number)
    return families, covering


def fallback_stylesheets(html, static_folder, fetcher, font_config):
    """The fallback faces a document's text needs, and the chains naming them (none for text the main fonts cover)."""
    families, covering = fallback_fonts(static_folder)
    # Upper case too: a `text-transform: uppercase` heading prints letters the source may not have.
    wanted = sorted({number for char in set(html) | set(html.upper()) for number in covering.get(ord(char), ())})
    if not wanted:
        return []
    needed = [families[number] for number in wanted]
    rules = [face_rule(family, face) for family in needed for face in family["faces"]] + [chains_rule(needed)]
    from weasyprint import CSS
    from weasyprint.urls import path2url

    return [CSS(string="\n".join(rules), base_url=path2url(str(Path(static_folder) / FALLBACK_FONTS)),
                url_fetcher=fetcher, font_config=font_config)]


def face_rule(family, face):
    """The @font-face rule of one face of a fallback family."""
    return (f'@font-face {{ font-family: "{family["name"]}"; font-weight: {face["weight"]}; '
            f'font-style: {face["style"]}; src: url("{face["src"]}") format("woff"); '
            f'unicode-range: {family["unicode_range"]}; }}')


def chains_rule(families):
    """`--fallback-sans-serif` and `--fallback-serif`, which the templates put after their main font: the families
    of each chain in the order they are tried, then the generic family."""
    chains = {chain: [f'"{family["name"]}"' for family in families if chain in family["chains"]] + [chain]
              for chain in FALLBACK_CHAINS}
    return "html { " + " ".join(f"--fallback-{chain}: {', '.join(names)};" for chain, names in chains.items()) + " }"


@cache
def fonts_version(static_folder):
    """A digest of the fallback fonts' list: a kept document drawn with other fonts is out of date."""
    return hashlib.sha256((Path(static_folder) / FALLBACK_FONTS).read_bytes()).hexdigest()[:16]


# A document's own <style>: templates/pdf/_base.html writes one.
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
KEPT_STYLESHEETS = 32  # per thread: a few document kinds, each unit's certificates, rosters and letters


class Typesetter(threading.local):
    """What every document a thread lays out shares, made once: the font configuration (which reads the system's
    fonts when made and keeps each @font-face it was given, decoded and registered) and the parsed style sheets.

    A class's certificates, rosters and letters repeat one style, with its fonts and its images as data: URIs;
    parsing it took half of a certificate's layout.
    """

    def __init__(self):
        self.font_config = None
        self.stylesheets = OrderedDict()

    def fonts(self):
        if self.font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self.font_config = FontConfiguration()
            # Dropped at exit, while the interpreter can still remove its folder of decoded fonts.
            atexit.register(self.__dict__.clear)
        return self.font_config

    def stylesheet(self, text, base_url, fetcher):
        """A style's parsed sheet, kept by its text (the most recently used kept first)."""
        key = hashlib.sha256(text.encode()).digest()
        if key in self.stylesheets:
            self.stylesheets.move_to_end(key)
        else:
            from weasyprint import CSS

            self.stylesheets[key] = CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=self.fonts())
            if len(self.stylesheets) > KEPT_STYLESHEETS:
                self.stylesheets.popitem(last=False)
        return self.stylesheets[key]


typesetter = Typesetter()


def render_document(template, **context):
    """Lay out a template under templates/pdf/ as a WeasyPrint document (its pages can be written apart).

    The template's <style> is laid out as a kept sheet of the document's own, in the order written.
    """
    from weasyprint import HTML
    from weasyprint.urls import path2url

    static_folder = current_app.static_folder
    source = render_template(template, **context)
    fetcher, font_config = static_only_fetcher(static_folder), typesetter.fonts()
    base_url = path2url(static_folder + "/")
    sheets = [typesetter.stylesheet(text, base_url, fetcher) for text in STYLE.findall(source)]
    html = HTML(string=STYLE.sub("", source), base_url=base_url, url_fetcher=fetcher)
    faces = fallback_stylesheets(source, static_folder, fetcher, font_config)
    return html.render(font_config=font_config, stylesheets=sheets + faces)


def render_pdf(template, **context):
    """Render a template under templates/pdf/ to PDF bytes."""
    return render_document(template, **context).write_pdf()


def pdf_response(pdf, filename, inline=False, etag=None):
    """Send PDF bytes as a download (or to show in the browser when `inline`).

    The bytes go out in one piece. With an `etag`, a browser that already
    holds them is answered 304.
    """
    response = Response(pdf, mimetype=PDF_MIMETYPE)
    response.headers.set("Content-Disposition", "inline" if inline else "attachment", filename=filename)
    if etag:
        response.set_etag(etag)
        response.make_conditional(request)
    response.cache_control.private = True
    return response


def place_name(city):
    """The place written before a date on a letter: 'Kota Makassar' signs as 'Makassar'."""
    return re.sub(r"^(Kota|Kabupaten|Kab\.)\s+", "", city)


def signature_blocks(unit, signers):
    """Who signs a printed document: the head of the unit acknowledging it (when the unit names one), then each of
    `signers`, (role, name) pairs."""
    blocks = [dict(role=[role], name=name) for role, name in signers]
    if unit.head_name:
        detail = _("NIP. %(nip)s", nip=unit.head_nip) if unit.head_nip else ""
        blocks.insert(0, dict(role=[_("Mengetahui,"), unit.head_title or _("Kepala Unit")], name=unit.head_name,
                              detail=detail))
    return blocks


def image_data_uri(image, size_mm):
    """A stored PNG (anything with `.png` bytes, e.g. a unit's logo) as a data: URI, or None.

    `size_mm` is the (width, height) the document prints it within; the image is scaled to that.
    """
    if image is None:
        return None
    png = fitted_png(bytes(image.png), *size_mm)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
