"""Staff running classes: the class and its sessions, capacity, registering someone at the desk."""
from datetime import date, datetime, timedelta

import pytest

from portal.registrations.models import Attendance, Registration
from portal.classes.models import Class, ClassFacilitator, ClassSession
from tests.classes.conftest import person, statuses

pytestmark = pytest.mark.engines


def class_data(unit, **changes):
    data = {"kind": "pranikah", "title": "Kelas Persiapan Pernikahan Angkatan 14", "description": "Gratis.",
            "unit": unit.id, "mode": "offline", "venue": "Aula Puspaga", "online_link": "", "capacity": "30",
            "opens_at": "2030-11-01T08:00", "closes_at": "2030-11-20T16:00", "attendance_rule": "all",
            "attendance_minimum": "", "gives_certificate": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def desk_data(**changes):
    data = {"name": "Sri Rahayu", "phone": "0812-3456-7890", "gender": "perempuan", "partner_name": "Budi",
            "wedding_date": (date.today() + timedelta(days=60)).isoformat(), "consent": "y"}
    data.update(changes)
    return data


# Classes: list, create, edit.

def test_list_shows_the_units_classes_with_seats_and_local_time(client, signed_in, create_class, register):
    klass = create_class(capacity=3)
    register(klass, person(1))
    page = client.get("/staf/kelas/").get_data(as_text=True)
    assert klass.title in page and "1/3" in page and "WITA" in page and "Buat kelas" in page


def test_create_class_stores_a_draft_with_times_in_utc(client, signed_in, dummy_unit, create_staff):
    helper = create_staff(role="konselor", name="Dewi Konselor")
    response = client.post("/staf/kelas/baru", data={**class_data(dummy_unit), "facilitators": [helper.id]})
    assert response.status_code == 303
    klass = Class.get(Class.title == "Kelas Persiapan Pernikahan Angkatan 14")
    assert response.headers["Location"] == f"/staf/kelas/{klass.id}"
    assert klass.status == "draft" and klass.capacity == 30 and klass.attendance_minimum is None
    assert klass.registration_opens_at == datetime(2030, 11, 1, 0, 0)  # 08.00 WITA is 00.00 UTC
    assert [f.staff_id for f in klass.facilitators] == [helper.id]


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Wajib diisi"),
    ({"kind": "lainnya"}, "Pilih salah satu"),
    ({"venue": ""}, "Isi tempat"),
    ({"mode": "online", "online_link": ""}, "Isi tautan"),
    ({"online_link": "bukan tautan"}, "alamat web yang benar"),
    ({"capacity": "0"}, "antara 1 dan 1000"),
    ({"capacity": "tiga"}, "bilangan bulat"),
    ({"closes_at": "2030-10-01T08:00"}, "setelah waktu dibuka"),
    ({"attendance_rule": "minimum", "attendance_minimum": ""}, "Wajib diisi"),
])
def test_class_form_errors_are_clear_and_keep_what_was_typed(client, signed_in, dummy_unit, changes, message):
    data = class_data(dummy_unit, description="Catatan <khusus>", **changes)
    response = client.post("/staf/kelas/baru", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Catatan &lt;khusus&gt;" in page
    assert not Class.select().exists()


def test_coordinator_cannot_use_another_units_place_or_people(client, signed_in, dummy_unit, create_unit, create_staff):
    elsewhere = create_unit()
    outsider = create_staff(role="fasilitator", unit=elsewhere)
    assert client.post("/staf/kelas/baru", data=class_data(elsewhere)).status_code == 422
    response = client.post("/staf/kelas/baru", data={**class_data(dummy_unit), "facilitators": [outsider.id]})
    assert response.status_code == 422 and "Pilih fasilitator dari unit kelas ini" in response.get_data(as_text=True)
    assert not Class.select().exists()


def test_edit_shows_local_times_and_saves_changes(client, signed_in, dummy_unit, create_class):
    klass = create_class(registration_opens_at=datetime(2030, 11, 1, 0, 0))
    page = client.get(f"/staf/kelas/{klass.id}/ubah").get_data(as_text=True)
    assert 'value="2030-11-01T08:00"' in page
    data = class_data(dummy_unit, title="Judul Baru", attendance_rule="minimum", attendance_minimum="1", capacity="9")
    assert client.post(f"/staf/kelas/{klass.id}/ubah", data=data).status_code == 303
    klass = Class.get_by_id(klass.id)
    assert (klass.title, klass.attendance_minimum, klass.capacity) == ("Judul Baru", 1, 9)


def test_capacity_below_the_confirmed_count_is_shown_on_its_field(client, signed_in, dummy_unit, published_class, register):
    register(published_class, person(1))
    register(published_class, person(2))
    response = client.post(f"/staf/kelas/{published_class.id}/ubah", data=class_data(dummy_unit, capacity="1"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kurang dari 2 peserta" in page and 'id="capacity-error"' in page
    assert Class.get_by_id(published_class.id).capacity == 2


# The class page: publish, cancel, sessions.

def test_publish_needs_a_session(client, signed_in, create_class):
    klass = create_class(sessions=0, status="draft")
    response = client.post(f"/staf/kelas/{klass.id}/terbitkan", follow_redirects=True)
    assert "minimal satu sesi" in response.get_data(as_text=True)
    assert Class.get_by_id(klass.id).status == "draft"
    ClassSession.create(klass=klass, starts_at=datetime(2030, 11, 24, 1), ends_at=datetime(2030, 11, 24, 4), topic="A")
    client.post(f"/staf/kelas/{klass.id}/terbitkan")
    assert Class.get_by_id(klass.id).status == "published"


def test_sessions_are_added_and_removed_inline_with_htmx(hx, signed_in, create_class):
    klass = create_class(sessions=0, status="draft")
    data = {"day": "2030-11-24", "start": "09:00", "end": "12:00", "topic": "Keuangan keluarga", "speaker": "Budi"}
    response = hx.post(f"/staf/kelas/{klass.id}/sesi", data=data)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment and 'id="sessions"' in fragment
    assert "24 Nov 2030, 09.00–12.00 WITA" in fragment and "12.00 WITA" in fragment
    session = ClassSession.get(ClassSession.klass == klass.id)
    assert session.starts_at == datetime(2030, 11, 24, 1, 0)
    assert Class.get_by_id(klass.id).starts_at == session.starts_at
    fragment = hx.post(f"/staf/kelas/{klass.id}/sesi/{session.id}/hapus").get_data(as_text=True)
    assert "<html" not in fragment and "Keuangan keluarga" not in fragment
    assert not ClassSession.select().where(ClassSession.klass == klass.id).exists()


def test_session_errors_come_back_in_the_fragment(hx, signed_in, create_class):
    klass = create_class(sessions=0, status="draft")
    data = {"day": "2030-11-24", "start": "12:00", "end": "09:00", "topic": "Terbalik"}
    response = hx.post(f"/staf/kelas/{klass.id}/sesi", data=data)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in fragment
    assert "setelah jam mulai" in fragment and 'value="Terbalik"' in fragment


def test_session_add_without_javascript_redirects(client, signed_in, create_class):
    klass = create_class(sessions=0, status="draft")
    data = {"day": "2030-11-24", "start": "09:00", "end": "12:00", "topic": "Komunikasi"}
    response = client.post(f"/staf/kelas/{klass.id}/sesi", data=data)
    assert response.status_code == 303 and response.headers["Location"] == f"/staf/kelas/{klass.id}#sessions"
    assert "Komunikasi" in client.get(f"/staf/kelas/{klass.id}").get_data(as_text=True)


def test_cancelling_a_class_cancels_its_registrations(client, signed_in, published_class, register):
    register(published_class, person(1))
    assert client.post(f"/staf/kelas/{published_class.id}/batalkan").status_code == 303
    assert Class.get_by_id(published_class.id).status == "cancelled"
    assert statuses(published_class) == {"Warga 1": "cancelled"}


# Who reaches what.

def test_facilitator_reaches_only_the_classes_they_run(client, auth, facilitator, create_class, register):
    theirs, other = create_class(), create_class()
    ClassFacilitator.create(klass=theirs, staff=facilitator)
    registration, _ = register(other, person(1))
    session = ClassSession.get(ClassSession.klass == other.id)
    auth.login(facilitator)
    listing = client.get("/staf/kelas/").get_data(as_text=True)
    assert f"/staf/kelas/{theirs.id}\"" in listing and f"/staf/kelas/{other.id}\"" not in listing
    for path in ("", "/pendaftar", "/kehadiran"):
        assert client.get(f"/staf/kelas/{theirs.id}{path}").status_code == 200
        assert client.get(f"/staf/kelas/{other.id}{path}").status_code == 404
    mark = f"/staf/kelas/{other.id}/kehadiran/{registration.id}/{session.id}"
    assert client.post(mark, data={"present": "1"}).status_code == 404
    assert client.post(f"/staf/kelas/{theirs.id}/tutup").status_code == 403
    assert client.post(f"/staf/kelas/{theirs.id}/kapasitas", data={"capacity": "9"}).status_code == 403
    assert not Attendance.select().exists()


def test_coordinator_of_another_unit_gets_404(client, auth, create_staff, create_unit, published_class):
    auth.login(create_staff(role="koordinator", unit=create_unit()))
    assert client.get(f"/staf/kelas/{published_class.id}").status_code == 404
    assert client.post(f"/staf/kelas/{published_class.id}/batalkan").status_code == 404
    assert Class.get_by_id(published_class.id).status == "published"


# Registrations.

def test_desk_registration_takes_a_seat_then_the_waiting_list(client, signed_in, published_class, register):
    register(published_class, person(1))
    response = client.post(f"/staf/kelas/{published_class.id}/pendaftar/baru", data=desk_data())
    assert response.status_code == 303
    desk = Registration.get(Registration.phone == "+6281234567890")
    assert desk.status == "confirmed" and desk.source == "desk"
    client.post(f"/staf/kelas/{published_class.id}/pendaftar/baru", data=desk_data(name="Ani", phone="081298765432"))
    late = Registration.get(Registration.name == "Ani")
    assert late.status == "waitlisted"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "terdaftar dengan kode" in page and desk.code in page


def test_desk_registration_of_a_known_phone_shows_the_existing_one(client, signed_in, published_class, register):
    first, _ = register(published_class, person(1, phone="+6281234567890"))
    response = client.post(f"/staf/kelas/{published_class.id}/pendaftar/baru", data=desk_data(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "sudah terdaftar" in page and first.code in page
    assert Registration.select().where(Registration.klass == published_class.id).count() == 1


def test_desk_form_errors_keep_what_was_typed(client, signed_in, published_class):
    response = client.post(f"/staf/kelas/{published_class.id}/pendaftar/baru", data=desk_data(phone="12345", consent=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "nomor HP Indonesia yang benar" in page and "Centang persetujuan" in page and 'value="Sri Rahayu"' in page
    assert not Registration.select().exists()


# Attendance and closing.


def test_a_finished_class_lists_its_participants_as_seats_taken(client, auth, signed_in, create_class, register,
                                                                 held, dummy_staff):
    klass = create_class(capacity=11)
    for n in range(6):
        register(klass, person(n))
    held(klass)
    with client.application.test_request_context():
        from portal.registrations import services as registering
        registering.close_class(dummy_staff, klass.id)
    auth.login(signed_in)
    assert "6/11" in client.get("/staf/kelas/").get_data(as_text=True)


def test_menu_and_dashboard_lead_to_classes(client, signed_in):
    page = client.get("/staf/").get_data(as_text=True)
    assert page.count('href="/staf/kelas/"') == 2
