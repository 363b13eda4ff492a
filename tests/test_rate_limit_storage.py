"""Several app instances share one login throttle through Redis (the scale path)."""
import os

import pytest
import redis

from portal import create_app
from tests.conftest import test_config

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        pytest.skip("Shared rate-limit storage needs TEST_REDIS_URL (CI sets it to the local Redis)")
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("LIMITS*"):
        store.delete(key)
    return REDIS_URL


def test_two_instances_count_failed_logins_together(database_url, redis_url, create_staff):
    staff = create_staff()
    settings = test_config(database_url, RATELIMIT_STORAGE_URI=redis_url)
    first = create_app(settings).test_client()
    attempt = {"email": staff.email, "password": "wrong-password"}
    for _ in range(6):
        assert first.post("/staf/masuk", data=attempt).status_code == 422
    second = create_app(settings).test_client()
    for _ in range(4):
        assert second.post("/staf/masuk", data=attempt).status_code == 422
    assert second.post("/staf/masuk", data=attempt).status_code == 429
