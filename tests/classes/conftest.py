"""Class fixtures: a published class with sessions, made through the services."""
from datetime import datetime, timedelta

import pytest

from portal.classes import services
from portal.registrations import services as registering
from portal.registrations.models import Registration
from portal.classes.models import Class


@pytest.fixture
def create_class(app, dummy_unit, dummy_staff):
    """Make a published class starting in a week with `sessions` three-hour sessions."""

    def make(capacity=5, kind="pranikah", sessions=2, unit=dummy_unit, status="published", **fields):
        with app.test_request_context():
            klass = Class()
            values = dict(unit=unit, kind=kind, title=f"Kelas Uji {kind}", description="", mode="offline",
                          venue="Aula", online_link="https://meet.contoh.go.id/x", registration_opens_at=None,
                          registration_closes_at=None, attendance_minimum=None, gives_certificate=True)
            values.update(fields)
            services.save_class(dummy_staff, klass, values, [], capacity)
            start = datetime.utcnow().replace(microsecond=0) + timedelta(days=7)
            for n in range(sessions):
                begin = start + timedelta(days=7 * n)
                services.add_session(dummy_staff, klass, begin, begin + timedelta(hours=3), f"Sesi {n + 1}", "")
            if status == "published":
                services.publish(dummy_staff, klass)
        return Class.get_by_id(klass.id)

    return make


@pytest.fixture
def held(clock):
    """`held(klass)` moves the clock past the class's last session, as once it has been held."""

    def move(klass, after=timedelta(hours=1)):
        return clock.at(Class.get_by_id(klass.id).ends_at + after)

    return move


def person(n, **changes):
    """A registrant's details, different for each n."""
    values = dict(name=f"Warga {n}", phone=f"+6281234{n:06d}", email="", gender="perempuan", nik=None,
                  partner_name="Pasangan", wedding_date=None, children_age_groups="")
    values.update(changes)
    return values


@pytest.fixture
def register(app):
    """Register through the service inside a request context, as a view would."""

    def call(klass, who, **kwargs):
        with app.test_request_context():
            return registering.register(klass.id, who, **kwargs)

    return call


@pytest.fixture
def coordinator(create_staff):
    return create_staff(role="koordinator", name="Rina Koordinator")


@pytest.fixture
def facilitator(create_staff):
    return create_staff(role="fasilitator", name="Fajar Fasilitator")


@pytest.fixture
def signed_in(auth, coordinator):
    auth.login(coordinator)
    return coordinator


@pytest.fixture
def published_class(create_class):
    """A published pre-marriage class with two seats and two sessions."""
    return create_class(capacity=2, sessions=2)


def statuses(klass):
    return {r.name: r.status for r in Registration.select().where(Registration.klass == klass.id)}
