"""Staff sign-in, sessions, own password, and account administration through the web."""
import threading
import time

import pytest

from portal.audit.models import AuditLog
from portal.auth import LAST_SEEN
from portal.staff.models import Staff
from tests.factories import PASSWORD


def test_login_lands_on_dashboard_and_records_it(client, auth, dummy_staff):
    response = auth.login(dummy_staff)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staf/"
    assert "Admin Organisasi" in client.get("/staf/").get_data(as_text=True)
    assert Staff.get_by_id(dummy_staff.id).last_login_at is not None
    assert AuditLog.get(AuditLog.action == "staff.login").actor_id == dummy_staff.id


@pytest.mark.parametrize(
    "email, password",
    [("admin@puspaga.test", "wrong-password"), ("nobody@puspaga.test", PASSWORD), ("", ""), ("bukan email", "x")],
)
def test_bad_login_says_so_and_keeps_the_email(client, dummy_staff, email, password):
    response = client.post("/staf/masuk", data={"email": email, "password": password})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "salah" in page or "Wajib diisi" in page
    assert f'value="{email}"' in page
    assert not password or f'value="{password}"' not in page


def test_deactivated_account_cannot_log_in(auth, create_staff):
    staff = create_staff(active=False)
    assert auth.login(staff).status_code == 422


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "/\\evil.example", "/%09/evil.example", "/%0d%0a/evil.example", "https://evil.example/"]
)
def test_login_follows_only_local_next(client, dummy_staff, target):
    data = {"email": dummy_staff.email, "password": PASSWORD}
    response = client.post(f"/staf/masuk?next={target}", data=data)
    assert response.headers["Location"] == "/staf/"
    client.post("/staf/keluar")
    response = client.post("/staf/masuk?next=/staf/pengguna", data=data)
    assert response.headers["Location"] == "/staf/pengguna"


def test_login_starts_a_fresh_session(client, auth, dummy_staff):
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    auth.login(dummy_staff)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_attempts_are_throttled_per_account(client, dummy_staff):
    for _ in range(10):
        client.post("/staf/masuk", data={"email": dummy_staff.email, "password": "wrong-password"})
    response = client.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_signing_in_often_never_locks_the_owner_out_and_a_success_clears_failures(app, dummy_staff):
    owner = app.test_client()
    for _ in range(12):  # a koordinator back and forth between devices all morning
        assert owner.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD}).status_code == 303
        owner.post("/staf/keluar")
    for _ in range(9):
        owner.post("/staf/masuk", data={"email": dummy_staff.email, "password": "wrong-password"})
    assert owner.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD}).status_code == 303
    owner.post("/staf/keluar")
    for _ in range(10):  # the count started again
        assert owner.post("/staf/masuk", data={"email": dummy_staff.email, "password": "nope"}).status_code == 422
    assert owner.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD}).status_code == 429


def test_spelling_the_email_differently_shares_the_throttle(client, dummy_staff):
    variants = [dummy_staff.email.upper(), f" {dummy_staff.email} ", dummy_staff.email + "\t", "\n" + dummy_staff.email]
    for n in range(10):
        client.post("/staf/masuk", data={"email": variants[n % len(variants)], "password": "wrong-password"})
    response = client.post("/staf/masuk", data={"email": f"  {dummy_staff.email.title()}", "password": PASSWORD})
    assert response.status_code == 429


def test_parallel_guesses_cannot_pass_the_throttle(app, dummy_staff):
    guesses = 25
    barrier = threading.Barrier(guesses)
    statuses = []

    def guess():
        barrier.wait()
        response = app.test_client().post("/staf/masuk", data={"email": dummy_staff.email, "password": "nope"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(422) == 10 and statuses.count(429) == guesses - 10


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, auth, dummy_staff):
    auth.login(dummy_staff)
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    assert stolen.get("/staf/").status_code == 200
    auth.logout()
    assert stolen.get("/staf/").status_code == 302


def test_expired_session_sends_htmx_to_the_login_page(client, hx, auth, dummy_staff, app):
    auth.login(dummy_staff)
    with client.session_transaction() as session:
        session[LAST_SEEN] = time.time() - app.config["IDLE_TIMEOUT"].total_seconds() - 5
    response = hx.post("/staf/pengguna", data={"q": "a"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/staf/masuk")


def test_logout_is_post_only_and_ends_the_session(client, auth, dummy_staff):
    auth.login(dummy_staff)
    assert client.get("/staf/keluar").status_code == 405
    assert client.post("/staf/keluar").status_code == 303
    assert client.get("/staf/").status_code == 302


def test_idle_session_expires(client, auth, dummy_staff, app):
    auth.login(dummy_staff)
    with client.session_transaction() as session:
        session[LAST_SEEN] = time.time() - app.config["IDLE_TIMEOUT"].total_seconds() - 5
    response = client.get("/staf/")
    assert response.status_code == 302 and "/staf/masuk" in response.headers["Location"]
    assert client.get("/staf/").status_code == 302


def test_deactivating_an_account_ends_its_open_session(app, client, auth, dummy_staff, create_staff):
    other = create_staff()
    auth.login(other)
    assert client.get("/staf/").status_code == 200
    admin_client = app.test_client()
    admin_client.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD})
    admin_client.post(f"/staf/pengguna/{other.id}/status", data={"active": "0"})
    assert client.get("/staf/").status_code == 302


def test_admin_creates_account_with_temporary_password(client, auth, dummy_staff, dummy_unit):
    auth.login(dummy_staff)
    response = client.post(
        "/staf/pengguna/baru",
        data={"name": "Dewi Konselor", "email": " Dewi@Puspaga.Test ", "role": "konselor", "unit": dummy_unit.id},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    created = Staff.get(Staff.email == "dewi@puspaga.test")
    assert created.must_change_password and created.unit_id == dummy_unit.id
    page = response.get_data(as_text=True)
    password = page.split("data-temporary-password>")[1].split("<")[0]
    assert created.check_password(password)
    assert AuditLog.get(AuditLog.action == "staff.create").object_id == str(created.id)


def test_temporary_password_must_be_changed_first(app, client, auth, create_staff):
    staff = create_staff(must_change_password=True)
    auth.login(staff)
    assert client.get("/staf/").headers["Location"] == "/staf/sandi"
    response = client.post(
        "/staf/sandi", data={"current": PASSWORD, "new": "a-new-long-password", "confirm": "a-new-long-password"}
    )
    assert response.status_code == 303
    assert client.get("/staf/").status_code == 200
    assert Staff.get_by_id(staff.id).check_password("a-new-long-password")


def test_changing_ones_password_ends_every_other_session_and_keeps_this_one(app, client, auth, create_staff):
    staff = create_staff()
    elsewhere = app.test_client()  # the same account signed in on another device (or by someone who guessed it)
    elsewhere.post("/staf/masuk", data={"email": staff.email, "password": PASSWORD})
    assert elsewhere.get("/staf/").status_code == 200
    auth.login(staff)
    changed = client.post("/staf/sandi", data={"current": PASSWORD, "new": "a-new-long-password",
                                              "confirm": "a-new-long-password"})
    assert changed.status_code == 303
    assert client.get("/staf/").status_code == 200
    assert elsewhere.get("/staf/").status_code == 302


@pytest.mark.parametrize(
    "data, message",
    [
        ({"current": "wrong", "new": "a-new-long-password", "confirm": "a-new-long-password"}, "Kata sandi saat ini salah"),
        ({"current": PASSWORD, "new": "short", "confirm": "short"}, "Minimal 10 karakter"),
        ({"current": PASSWORD, "new": "a-new-long-password", "confirm": "different-password"}, "tidak sama"),
    ],
)
def test_password_change_errors(client, auth, create_staff, data, message):
    auth.login(create_staff())
    response = client.post("/staf/sandi", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "email": "a@b.id", "role": "konselor"}, "Wajib diisi"),
        ({"name": "A", "email": "bukan-email", "role": "konselor"}, "alamat email yang benar"),
        ({"name": "A", "email": "a@b.id", "role": "raja"}, "Pilih salah satu"),
        ({"name": "A", "email": "admin@puspaga.test", "role": "konselor"}, "sudah dipakai"),
        ({"name": "A", "email": "a@b.id", "role": "konselor", "unit": 0}, "Pilih unit"),
        ({"name": "A", "email": "a@b.id", "role": ""}, "Wajib diisi"),
        ({"name": "A", "email": "a@b.id", "role": "admin", "unit": ""}, "Wajib diisi"),
    ],
)
def test_staff_form_errors_are_clear_and_keep_input(client, auth, dummy_staff, dummy_unit, data, message):
    auth.login(dummy_staff)
    data = {"unit": dummy_unit.id, **data}
    before = Staff.select().count()
    response = client.post("/staf/pengguna/baru", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{data["name"]}"' in page
    assert Staff.select().count() == before


def test_role_change_is_audited(client, auth, dummy_staff, create_staff, dummy_unit):
    staff = create_staff(role="fasilitator")
    auth.login(dummy_staff)
    response = client.post(
        f"/staf/pengguna/{staff.id}",
        data={"name": staff.name, "email": staff.email, "role": "koordinator", "unit": dummy_unit.id},
    )
    assert response.status_code == 303
    assert Staff.get_by_id(staff.id).role == "koordinator"
    entry = AuditLog.get(AuditLog.action == "staff.role")
    assert entry.actor_id == dummy_staff.id and "fasilitator" in entry.detail


def test_unit_admin_manages_only_their_unit(client, auth, create_staff, create_unit, dummy_unit):
    unit_admin = create_staff(role="admin", unit=dummy_unit)
    elsewhere = create_staff(unit=create_unit())
    auth.login(unit_admin)
    assert client.get(f"/staf/pengguna/{elsewhere.id}").status_code == 404
    page = client.get("/staf/pengguna").get_data(as_text=True)
    assert elsewhere.email not in page
    response = client.post(
        "/staf/pengguna/baru", data={"name": "X", "email": "x@puspaga.test", "role": "admin", "unit": 0}
    )
    assert response.status_code == 422
    assert not Staff.select().where(Staff.email == "x@puspaga.test").exists()


def test_unit_admin_cannot_promote_through_the_edit_form(client, auth, create_staff, dummy_unit):
    unit_admin = create_staff(role="admin", unit=dummy_unit)
    colleague = create_staff(role="koordinator", unit=dummy_unit)
    auth.login(unit_admin)
    for target in (colleague, unit_admin):
        response = client.post(
            f"/staf/pengguna/{target.id}", data={"name": "X", "email": target.email, "role": "admin", "unit": 0}
        )
        assert response.status_code == 422
        assert Staff.get_by_id(target.id).unit_id == dummy_unit.id


@pytest.mark.parametrize("action", ["status", "reset-sandi"])
def test_unit_admin_cannot_touch_another_units_account(client, auth, create_staff, create_unit, dummy_unit, action):
    unit_admin = create_staff(role="admin", unit=dummy_unit)
    elsewhere = create_staff(unit=create_unit())
    auth.login(unit_admin)
    assert client.post(f"/staf/pengguna/{elsewhere.id}/{action}", data={"active": "0"}).status_code == 404
    fresh = Staff.get_by_id(elsewhere.id)
    assert fresh.active and fresh.check_password(PASSWORD)


def test_admin_cannot_lock_themselves_out(client, auth, dummy_staff):
    auth.login(dummy_staff)
    client.post(f"/staf/pengguna/{dummy_staff.id}/status", data={"active": "0"})
    assert Staff.get_by_id(dummy_staff.id).active


def test_password_reset_gives_new_password_and_ends_sessions(app, client, auth, dummy_staff, create_staff):
    staff = create_staff()
    their_client = app.test_client()
    their_client.post("/staf/masuk", data={"email": staff.email, "password": PASSWORD})
    auth.login(dummy_staff)
    page = client.post(f"/staf/pengguna/{staff.id}/reset-sandi").get_data(as_text=True)
    password = page.split("data-temporary-password>")[1].split("<")[0]
    assert Staff.get_by_id(staff.id).check_password(password)
    assert their_client.get("/staf/").status_code == 302
    assert AuditLog.select().where(AuditLog.action == "staff.password_reset").count() == 1


def test_staff_search_answers_htmx_with_rows_only(client, hx, auth, dummy_staff, create_staff):
    create_staff(name="Rina Koordinator")
    create_staff(name="Budi Konselor", role="konselor")
    auth.login(dummy_staff)
    fragment = hx.post("/staf/pengguna", data={"q": "rina"}).get_data(as_text=True)
    assert "Rina Koordinator" in fragment and "Budi Konselor" not in fragment
    assert "<html" not in fragment
    full = client.post("/staf/pengguna", data={"q": "rina"}).get_data(as_text=True)
    assert "<html" in full and "Rina Koordinator" in full and "Budi Konselor" not in full
