"""Reports: a unit's figures (or every unit's, for organisation admins) by month, quarter, year or range."""
from flask import Blueprint

from portal.auth import guard
from portal.security import no_store

bp = Blueprint("reports", __name__, url_prefix="/staf/laporan")
guard(bp)
bp.after_request(no_store)
