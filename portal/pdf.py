"""PDF documents: Jinja templates under templates/pdf/ rendered by WeasyPrint, offline.

Templates refer to static files by paths relative to `static/` (for example
`fonts/plus-jakarta-sans/…woff`) and to uploaded images by `data:` URIs.
The fetcher serves exactly those: no network, no file outside `static/`.
"""
import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from portal.images import fitted_png

PDF_MIMETYPE = "application/pdf"


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


def render_document(template, **context):
    """Lay out a template under templates/pdf/ as a WeasyPrint document (its pages can be written apart)."""
    static_folder = current_app.static_folder
    html = HTML(
        string=render_template(template, **context),
        base_url=path2url(static_folder + "/"),
        url_fetcher=StaticOnlyFetcher(static_folder),
    )
    return html.render(font_config=FontConfiguration())


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
