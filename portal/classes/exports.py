"""Roster and attendance sheet PDFs, registrations as CSV and XLSX."""
from flask import Blueprint

from portal.auth import guard
from portal.security import no_store

bp = Blueprint("class_exports", __name__, url_prefix="/staf/kelas")
guard(bp)
bp.after_request(no_store)
