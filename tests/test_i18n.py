"""Translations: every interface string has its English text; times carry the zone label."""
from datetime import datetime
from pathlib import Path

from babel.messages.pofile import read_po

from portal.i18n import local_time

CATALOGUE = Path(__file__).resolve().parent.parent / "portal/translations/en/LC_MESSAGES/messages.po"
TEMPLATE = CATALOGUE.parent.parent.parent / "messages.pot"


def test_every_message_has_an_english_translation():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert missing == []


def test_catalogue_holds_every_message_of_the_template():
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    assert {m.id for m in template if m.id} <= {m.id for m in catalogue if m.id}


def test_local_time_shows_the_unit_zone(app):
    moment = datetime(2026, 11, 24, 1, 0)
    with app.test_request_context():
        assert local_time(moment, "Asia/Makassar") == "24 Nov 2026, 09.00 WITA"
        assert local_time(moment, "Asia/Jakarta").endswith("08.00 WIB")
        assert local_time(moment, "Asia/Jayapura").endswith("10.00 WIT")
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert local_time(moment, "Asia/Makassar") == "24 Nov 2026, 09:00 WITA"
