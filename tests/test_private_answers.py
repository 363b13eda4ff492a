"""What a citizen typed never lingers: an answer to a form is not stored by any cache, and rate-limit breaches
do not write the typed email or number to the log."""
import logging

import pytest

from portal.security import limiter
from tests.classes.conftest import create_class  # noqa: F401 - fixture
from tests.classes.test_views import form_data


def test_a_refused_registration_repeats_the_name_and_phone_only_uncached(client, create_class):
    klass = create_class()
    response = client.post(f"/kelas/{klass.id}", data=form_data(name="Siti Aminah", email="bukan-email"))
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Siti Aminah" in text and "0812-3456-7890" in text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": True}


def test_breaching_a_limit_logs_no_typed_email_or_number(client, create_class, caplog):
    klass = create_class()
    limiter.reset()
    with caplog.at_level(logging.DEBUG):
        for n in range(25):  # one number sent again and again breaches its limit
            client.post(f"/kelas/{klass.id}", data=form_data(phone="0812-3456-0001", email="siti@contoh.id"))
        for _ in range(12):
            client.post("/staf/masuk", data={"email": "kepala.rahasia@contoh.id", "password": "salah-sekali"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "siti@contoh.id" not in logged and "kepala.rahasia" not in logged and "3456" not in logged
