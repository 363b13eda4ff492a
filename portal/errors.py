"""Error pages in the visitor's language; a 500 carries a reference the log also has."""
import logging
import secrets

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


class RuleError(ValueError):
    """A change a service refuses; `field` names the form field to show `message` on."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message

MESSAGES = {
    400: (_l("Permintaan tidak dapat diproses"), _l("Ada yang tidak beres dengan isian yang dikirim. Silakan kembali dan coba lagi.")),
    403: (_l("Akses ditolak"), _l("Akun Anda tidak memiliki izin untuk membuka halaman ini.")),
    404: (_l("Halaman tidak ditemukan"), _l("Alamat ini tidak ada atau sudah dipindahkan. Periksa kembali tautannya.")),
    405: (_l("Cara akses tidak didukung"), _l("Halaman ini tidak bisa dibuka dengan cara tersebut.")),
    413: (_l("Berkas terlalu besar"), _l("Berkas yang dikirim melebihi batas ukuran. Gunakan berkas yang lebih kecil.")),
    429: (_l("Terlalu banyak percobaan"), _l("Anda mencoba terlalu sering. Tunggu sebentar, lalu coba lagi.")),
    500: (_l("Terjadi kesalahan di sistem kami"), _l("Maaf, permintaan Anda gagal diproses. Silakan coba lagi beberapa saat lagi.")),
}
CSRF_MESSAGE = _l("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.")


def render_error(code, message=None, reference=None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    page = render_template(
        "errors/error.html", code=code, title=title, message=message or default, reference=reference
    )
    return page, code


def handle_http(error):
    """Known HTTP errors get their page."""
    return render_error(error.code)


def handle_csrf(error):
    """An expired or missing CSRF token: say how to recover."""
    return render_error(400, CSRF_MESSAGE)


def handle_unexpected(error):
    """Anything else: log the traceback under a reference the visitor can quote."""
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http(error)
    reference = secrets.token_hex(4).upper()
    log.error("Unhandled error, reference %s", reference, exc_info=error)
    return render_error(500, reference=reference)


def init_app(app):
    app.register_error_handler(CSRFError, handle_csrf)
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
