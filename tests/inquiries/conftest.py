"""Request fixtures: the public form's answers, and requests made through the service."""
import pytest

from portal.inquiries import services


def details(unit, n=0, **fields):
    """What someone types into /pengaduan (the service's form, after validation)."""
    values = dict(unit_id=unit.id, category="hak_asuh", message=f"Mantan suami tidak mengizinkan saya bertemu anak {n}.",
                  name=f"Ibu Warga {n}", phone=f"+6281234567{n:03d}", kecamatan="Tamalate", urgent=False)
    values.update(fields)
    return values


def form(unit_row, **fields):
    """The same as posted by a browser."""
    values = dict(unit=str(unit_row.id), category="hak_asuh", message="Mantan suami tidak mengizinkan saya bertemu anak.",
                  name="Ibu Warga", phone="0812 3456 7001", kecamatan="Tamalate", danger="no", consent="y")
    values.update(fields)
    return values


@pytest.fixture
def send_inquiry(app, dummy_unit):
    def make(unit=dummy_unit, n=0, **fields):
        with app.test_request_context():
            return services.send(details(unit, n, **fields))

    return make
