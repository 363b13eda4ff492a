"""The class catalogue with 200 classes, and registration POSTs, against a bare endpoint."""
import http.client
import itertools
import re
import sys
from datetime import datetime, timedelta
from urllib.parse import urlencode

from bench.harness import closed_loop, portal_app, send

CLASSES = 200
PEOPLE = itertools.count(1)  # every bench registrant has a new phone number


def seed_many_classes(database_url):
    """Add CLASSES published classes (with a session each) to a demo database."""
    from portal.classes import services
    from portal.classes.models import Class
    from portal.db import database
    from portal.staff.models import Staff
    from portal.units.models import Unit

    app = portal_app(database_url)
    with app.test_request_context(), database.connection_context():
        admin = Staff.by_email("admin@puspaga.test")
        units = list(Unit.select())
        start = datetime.utcnow() + timedelta(days=3)
        for n in range(CLASSES):
            klass = Class()
            services.save_class(admin, klass, dict(
                unit=units[n % len(units)], kind=("pranikah", "parenting")[n % 2], title=f"Kelas Bench {n}",
                description="", mode=("offline", "online", "hybrid")[n % 3], venue="Aula", online_link="",
                registration_opens_at=None, registration_closes_at=None, attendance_minimum=None,
                gives_certificate=True), [], 1000)
            begin = start + timedelta(hours=6 * n)
            services.add_session(admin, klass, begin, begin + timedelta(hours=3), "Sesi", "")
            services.publish(admin, klass)
        # Register into a class whose unit asks no NIK, so every bench person is valid.
        return Class.select().join(Unit).where(Unit.requires_nik == False).order_by(Class.id.desc()).first().id  # noqa: E712


def registration_rps(port, klass_id, seconds=5.0, clients=4):
    """Registration POSTs, each client with its own session and CSRF token, each a new person."""
    sessions = []
    for _ in range(clients):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", f"/kelas/{klass_id}")
        page = conn.getresponse()
        cookie = "; ".join(c.split(";")[0] for c in page.msg.get_all("Set-Cookie") if c.startswith("session="))
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.read().decode()).group(1)
        conn.close()
        sessions.append((cookie, token))

    def register(i, _):
        n = next(PEOPLE)
        cookie, token = sessions[i]
        body = urlencode({"csrf_token": token, "name": "Warga Bench", "phone": f"+62813{n:08d}",
                          "gender": "perempuan", "partner_name": "X", "wedding_date": "2027-06-01",
                          "children_age_groups": "3-5", "consent": "y"})
        status, _ = send(port, "POST", f"/kelas/{klass_id}", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
            "X-Forwarded-For": f"10.{i}.{n // 250 % 250}.{n % 250}"})
        return status == 303

    return closed_loop(register, seconds, clients)


def bare_post_rps(port, seconds=5.0, clients=4):
    """The same closed loop of form POSTs against the bare endpoint."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return closed_loop(lambda i, n: send(port, "POST", "/", "a=1", form)[0] == 303, seconds, clients)


def compare_registration(portal_port, bare_port, klass_id):
    """Print registration POSTs per second against bare POSTs and return the ratio."""
    registration_rps(portal_port, klass_id, 1.0)
    posts = registration_rps(portal_port, klass_id)
    bare = bare_post_rps(bare_port)
    print(f"{'registration POST':<28} {posts:8.0f} req/s   bare {bare:8.0f} req/s   ratio {posts / bare:.2f}")
    return posts / bare
