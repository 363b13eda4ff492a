"""Factory fixtures in pairs: `create_x` makes one to order, `dummy_x` a ready one."""
import itertools

import pytest

from portal.staff.models import ROLES, Staff
from portal.units.models import Unit

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)

__all__ = ["PASSWORD", "create_unit", "dummy_unit", "create_staff", "dummy_staff", "staff_by_role"]


@pytest.fixture
def create_unit(app):
    def make(**fields):
        n = next(_counter)
        values = dict(
            name=f"Puspaga Uji {n}", code=f"U{n}", city="Kota Uji", province="Provinsi Uji",
            address="Jl. Uji No. 1", timezone="Asia/Makassar",
        )
        values.update(fields)
        return Unit.create(**values)

    return make


@pytest.fixture
def dummy_unit(create_unit):
    return create_unit(name="Puspaga Kota Makassar", code="MKS")


@pytest.fixture
def create_staff(app, dummy_unit):
    def make(role="koordinator", unit=dummy_unit, email=None, password=PASSWORD, **fields):
        staff = Staff(
            name=fields.pop("name", f"Petugas {role}"),
            email=email or f"{role}{next(_counter)}@puspaga.test",
            role=role,
            unit=unit,
            **fields,
        )
        staff.set_password(password)
        staff.save()
        return staff

    return make


@pytest.fixture
def dummy_staff(create_staff):
    """An organisation admin."""
    return create_staff(role="admin", unit=None, email="admin@puspaga.test", name="Admin Organisasi")


@pytest.fixture
def staff_by_role(create_staff, dummy_unit):
    """One account of each role in the dummy unit, plus the organisation admin."""
    accounts = {role: create_staff(role=role, unit=dummy_unit) for role in ROLES}
    accounts["org_admin"] = create_staff(role="admin", unit=None, email="org@puspaga.test")
    return accounts
