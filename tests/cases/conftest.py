"""Case fixtures: a case in the dummy unit with its counsellor, a note and a referral, each with a marker text that
must never reach anyone but the case's counsellors."""
from datetime import datetime

import pytest

from portal.cases import services

NOTE_SECRET = "CATATAN-RAHASIA-7Q4"
CHRONOLOGY_SECRET = "KRONOLOGI-RAHASIA-9X2"
REASON_SECRET = "ALASAN-RAHASIA-3K8"
OPENED = datetime(2026, 11, 20, 2, 0)  # a Friday, 10.00 WITA: the case's first referral is numbered in XI/2026


def client_details(**fields):
    values = dict(client_name="Ibu Klien", client_phone="+6281234567111", client_nik=None, gender="perempuan",
                  age_group="26-35", kecamatan="tamalate ", kelurahan="Mangasa", category="konflik")
    values.update(fields)
    return values


def referral_details(**fields):
    values = dict(destination="uptd_ppa", institution="UPTD PPA Kota Makassar",
                  reason=f"Butuh pendampingan hukum. {REASON_SECRET}",
                  chronology=f"Klien mengalami kekerasan. {CHRONOLOGY_SECRET}",
                  services_given="Konseling dua kali.")
    values.update(fields)
    return values


@pytest.fixture
def case_world(app, clock, staff_by_role, create_staff):
    """A case with one counsellor on it and one off it, a note by the counsellor and a referral, opened at OPENED."""
    clock.at(OPENED)
    on_case = staff_by_role["konselor"]
    off_case = create_staff(role="konselor", name="Konselor Lain")
    with app.test_request_context():
        case = services.open_case(staff_by_role["koordinator"], on_case.unit_id, client_details(), [on_case.id])
        note = services.add_note(on_case, case, f"Klien bercerita panjang. {NOTE_SECRET}")
        referral = services.refer(on_case, case, referral_details())
    return dict(case=case, note=note, referral=referral, on_case=on_case, off_case=off_case, **staff_by_role)
