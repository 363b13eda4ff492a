"""A person's data: find everything held about a phone number or NIK, export it, erase it."""
from flask import Blueprint

from portal.auth import guard
from portal.security import no_store

bp = Blueprint("people", __name__, url_prefix="/staf/data-pribadi")
guard(bp)
bp.after_request(no_store)
