"""Uploaded unit images: checked for type and size, re-encoded to PNG."""
import hashlib
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000 * 4000
MAX_SIDE = 1200
# MPO is what many phone cameras save as .jpg.
FORMATS = {"PNG", "JPEG", "MPO"}


class ImageError(ValueError):
    """An upload that is not a usable image; the message says why."""


def clean_image(stream):
    """Read an upload and return (png_bytes, sha256); raise ImageError if unsuitable."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageError(_l("Gambar paling besar 1 MB."))
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise ImageError(_l("Gunakan gambar PNG atau JPG."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageError(_l("Ukuran gambar terlalu besar (paling besar 4000 × 4000 piksel)."))
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGBA")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = BytesIO()
            image.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageError(_l("Berkas ini bukan gambar PNG atau JPG yang utuh.")) from None
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()
