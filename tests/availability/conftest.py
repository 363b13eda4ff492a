"""Availability fixtures: the counselling fixtures (a unit's service, its counsellors, a booked schedule)."""
from tests.counseling.conftest import (at_monday, booked, create_counsellor, create_service, person,  # noqa: F401
                                      service)
