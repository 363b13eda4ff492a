"""A unit's logo for public pages, and how a stored unit image is served."""
from flask import Blueprint, abort, make_response, request

from portal.units.models import UnitImage

bp = Blueprint("unit_public", __name__)


@bp.get("/unit/<id:unit_id>/logo.png")
def unit_logo(unit_id):
    """A unit's logo, for public pages."""
    return send_png(UnitImage.of(unit_id, "logo"))


def send_png(image):
    """Serve a stored PNG with an ETag, or 404."""
    if image is None:
        abort(404)
    response = make_response(bytes(image.png))
    response.mimetype = "image/png"
    response.set_etag(image.sha256)
    return response.make_conditional(request)
