"""Uploaded unit images: checked for type and size, re-encoded to PNG."""
import hashlib
from functools import lru_cache
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000 * 4000
MAX_SIDE = 1200
PRINT_DPI = 300
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


@lru_cache(maxsize=16)
def fitted_png(png, width_mm, height_mm):
    """A stored PNG scaled down to print inside width × height millimetres at 300 dpi (never up).

    Documents carry the image at the size it is printed, not as uploaded: they
    lay out and download faster. Kept per process for the few images in use.
    """
    box = (round(width_mm / 25.4 * PRINT_DPI), round(height_mm / 25.4 * PRINT_DPI))
    with Image.open(BytesIO(png)) as image:
        if image.width <= box[0] and image.height <= box[1]:
            return png
        image.thumbnail(box)
        out = BytesIO()
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
