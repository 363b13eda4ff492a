"""Citizens: the catalogue, a class page, registering, and their private registration page."""
from datetime import date, datetime, timedelta

import pytest

from portal.registrations.models import Registration
from portal.notify.models import OutboxMessage
from tests.classes.conftest import person

pytestmark = pytest.mark.engines


def form_data(**changes):
    data = {"name": "Siti Aminah", "phone": "0812-3456-7890", "email": "", "gender": "perempuan",
            "partner_name": "Ahmad Fauzi", "wedding_date": (date.today() + timedelta(days=60)).isoformat(),
            "consent": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_catalogue_shows_live_numbers_and_filters(client, create_class, register):
    pranikah = create_class(capacity=3)
    parenting = create_class(capacity=4, kind="parenting", title="Kelas Parenting Uji")
    create_class(status="draft", title="Draf Rahasia")
    register(pranikah, person(1))
    page = client.get("/kelas/").get_data(as_text=True)
    assert f'data-capacity="3" data-seats-left="2"' in page and f'data-capacity="4" data-seats-left="4"' in page
    assert "Draf Rahasia" not in page
    filtered = client.get("/kelas/?kind=parenting").get_data(as_text=True)
    assert parenting.title in filtered and pranikah.title not in filtered


def test_catalogue_filter_answers_htmx_with_cards_only(hx, create_class):
    create_class()
    fragment = hx.get("/kelas/?mode=offline").get_data(as_text=True)
    assert "<html" not in fragment and "data-seats-left" in fragment


def test_class_page_shows_seats_and_sessions_in_unit_time(client, create_class):
    klass = create_class(capacity=2)
    page = client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    assert 'data-capacity="2" data-seats-left="2"' in page
    assert "WITA" in page and "Sesi 1" in page and "Sesi 2" in page
    assert klass.online_link not in page


def test_draft_class_is_not_found(client, create_class):
    assert client.get(f"/kelas/{create_class(status='draft').id}").status_code == 404


def test_register_then_follow_the_private_link(client, create_class):
    klass = create_class()
    response = client.post(f"/kelas/{klass.id}", data=form_data())
    assert response.status_code == 303
    registration = Registration.get()
    assert response.headers["Location"] == f"/pendaftaran/{registration.token}"
    assert registration.phone == "+6281234567890" and registration.consent_version
    page = client.get(response.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert 'data-status="confirmed"' in html and registration.code in html


def test_full_class_offers_the_waiting_list_and_tells_the_position(client, create_class, register):
    klass = create_class(capacity=1)
    register(klass, person(1))
    assert "Masuk daftar tunggu" in client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    location = client.post(f"/kelas/{klass.id}", data=form_data()).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert 'data-status="waitlisted"' in html and "nomor 1 di daftar tunggu" in html


def test_registering_twice_in_the_same_browser_shows_the_same_page(client, create_class):
    klass = create_class()
    first = client.post(f"/kelas/{klass.id}", data=form_data()).headers["Location"]
    again = client.post(f"/kelas/{klass.id}", data=form_data(phone="+62 812 3456 7890"))
    assert again.headers["Location"] == first
    assert Registration.select().count() == 1


def test_registering_twice_elsewhere_resends_the_link_but_never_shows_it(app, client, create_class):
    klass = create_class()
    client.post(f"/kelas/{klass.id}", data=form_data())
    registration = Registration.get()
    confirmations = OutboxMessage.about(registration).where(OutboxMessage.topic == "registration.confirmed")
    OutboxMessage.update(created_at=datetime(2020, 1, 1)).execute()  # the first message is old now
    for _ in range(3):
        other = app.test_client().post(f"/kelas/{klass.id}", data=form_data())
        assert other.status_code == 200 and registration.token not in other.get_data(as_text=True)
    assert confirmations.count() == 2  # resent once, not on every repeat


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Wajib diisi"),
        ({"phone": "12345"}, "nomor HP Indonesia"),
        ({"phone": "+1 202 555 0100"}, "nomor HP Indonesia"),
        ({"consent": None}, "Centang persetujuan"),
        ({"wedding_date": "2001-01-01"}, "tidak boleh di masa lalu"),
        ({"gender": "x"}, "Pilih salah satu"),
        ({"email": "bukan-email"}, "alamat email yang benar"),
    ],
)
def test_bad_input_is_explained_and_kept(client, create_class, changes, message):
    klass = create_class()
    response = client.post(f"/kelas/{klass.id}", data=form_data(**changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if changes.get("name") != "":
        assert "Siti Aminah" in html
    assert not Registration.select().exists()


def test_nik_is_asked_only_where_the_unit_needs_it(client, create_class, create_unit):
    strict = create_class(unit=create_unit(requires_nik=True))
    assert 'name="nik"' not in client.get(f"/kelas/{create_class().id}").get_data(as_text=True)
    response = client.post(f"/kelas/{strict.id}", data=form_data(nik="1234"))
    assert response.status_code == 422 and "NIK terdiri dari 16 angka" in response.get_data(as_text=True)
    assert client.post(f"/kelas/{strict.id}", data=form_data(nik="7371014501900001")).status_code == 303


def test_parenting_asks_for_children_age_groups(client, create_class):
    klass = create_class(kind="parenting")
    response = client.post(f"/kelas/{klass.id}", data=form_data(partner_name=None, wedding_date=None))
    assert response.status_code == 422 and "kelompok usia" in response.get_data(as_text=True)
    ok = client.post(f"/kelas/{klass.id}", data={**form_data(), "children_age_groups": ["3-5", "6-12"]})
    assert ok.status_code == 303 and Registration.get().children_age_groups == "3-5,6-12"


def test_inline_check_of_phone_and_nik(client):
    assert "nomor HP Indonesia" in client.post("/kelas/periksa/phone", data={"phone": "123"}).get_data(as_text=True)
    assert "Format benar" in client.post("/kelas/periksa/phone", data={"phone": "081234567890"}).get_data(as_text=True)
    assert "16 angka" in client.post("/kelas/periksa/nik", data={"nik": "9999"}).get_data(as_text=True)
    assert client.post("/kelas/periksa/name", data={}).status_code == 404


def test_seats_fragment_for_polling(client, create_class):
    klass = create_class(capacity=3)
    html = client.get(f"/kelas/{klass.id}/kursi").get_data(as_text=True)
    assert 'data-seats-left="3"' in html and "every 20s" in html


def test_catalogue_and_home_run_the_same_queries_for_few_or_many_classes(client, create_class, register, count_queries):
    def queries(path):
        with count_queries() as n:
            assert client.get(path).status_code == 200
        return n.value

    klass = create_class()
    register(klass, person(1))
    few = queries("/kelas/"), queries("/")
    for _ in range(6):
        register(create_class(), person(2))
    assert (queries("/kelas/"), queries("/")) == few
    assert 1 <= few[0] <= 4, few


def test_catalogue_pages_twelve_at_a_time(client, hx, create_class):
    for _ in range(14):
        create_class()
    first = client.get("/kelas/").get_data(as_text=True)
    assert first.count("data-seats-left") == 12 and "page=2" in first
    second = hx.get("/kelas/?page=2").get_data(as_text=True)
    assert second.count("data-seats-left") == 2 and "page=3" not in second and "<html" not in second


def test_registering_when_registration_closed_explains_instead_of_failing(client, create_class):
    from datetime import datetime

    klass = create_class(registration_closes_at=datetime(2020, 1, 1))
    response = client.post(f"/kelas/{klass.id}", data=form_data())
    assert response.status_code in (200, 422)
    assert not Registration.select().exists()


def test_a_full_class_page_says_which_place_in_line_comes_next(client, create_class, register):
    klass = create_class(capacity=1)
    for n in range(3):
        register(klass, person(n))
    assert "nomor 3 di daftar tunggu" in client.get(f"/kelas/{klass.id}").get_data(as_text=True)


def test_cached_catalogue_follows_every_seat_change_and_keeps_tokens_personal(app, client, clock, create_class,
                                                                                 register, count_queries):
    clock.at(datetime(2026, 11, 23, 1, 0, 0))  # cache keys hold the minute: stay well inside one
    klass = create_class(capacity=3)
    with count_queries() as miss:
        assert 'data-seats-left="3"' in client.get("/kelas/").get_data(as_text=True)
    with count_queries() as hit:
        again = client.get("/kelas/").get_data(as_text=True)
    assert hit.value < miss.value and 'data-seats-left="3"' in again  # served from the cache
    register(klass, person(1))
    assert 'data-seats-left="2"' in client.get("/kelas/").get_data(as_text=True)
    stranger = app.test_client().get("/kelas/")  # no form on the catalogue: no token, no session to keep
    assert "csrf" not in stranger.get_data(as_text=True) and "Set-Cookie" not in stranger.headers
    assert "csrf-slot" not in again


def test_a_class_not_taking_people_says_why_and_offers_no_seats(client, clock, create_class, register, held,
                                                                dummy_staff):
    klass = create_class(capacity=30)
    register(klass, person(1))
    clock.at(klass.starts_at + timedelta(minutes=1))
    started = client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    assert "sudah dimulai" in started and "kursi masih tersedia" not in started
    held(klass)
    with client.application.test_request_context():
        from portal.registrations import services as registering
        registering.close_class(dummy_staff, klass.id)
    closed = client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    assert 'data-registration-state="closed"' in closed and "sudah selesai" in closed
    assert "kursi masih tersedia" not in closed and 'name="phone"' not in closed


def test_a_class_that_has_started_refuses_an_online_registration_and_stores_nothing(client, clock, create_class):
    clock.at(datetime(2027, 3, 1, 2, 0))
    klass = create_class(capacity=30)
    clock.at(klass.starts_at + timedelta(minutes=1))
    response = client.post(f"/kelas/{klass.id}", data=form_data())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'data-registration-state="started"' in page
    assert "Kelas ini sudah dimulai, jadi pendaftaran sudah ditutup." in page and 'name="phone"' not in page
    assert Registration.select().count() == 0 and OutboxMessage.select().count() == 0


def test_a_repeat_from_someone_else_learns_no_status(app, create_class, register):
    klass = create_class(capacity=1)
    register(klass, person(1))
    register(klass, person(2))
    for who in (person(1), person(2)):
        page = app.test_client().post(f"/kelas/{klass.id}", data=form_data(phone=who["phone"])).get_data(as_text=True)
        assert "data-already" in page and "data-status" not in page
        for label in ("Terdaftar", "Daftar tunggu", "daftar tunggu", "terkonfirmasi", "status"):
            assert label not in page.split('<main', 1)[1], label
        assert "baru saja mengirim" not in page and "menunggu dikirim petugas" in page


