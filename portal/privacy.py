"""The privacy notice (UU 27/2022): its version is what a citizen's consent points to."""
from datetime import date

PRIVACY_VERSION = "1.0"
PRIVACY_EFFECTIVE = date(2026, 11, 23)
