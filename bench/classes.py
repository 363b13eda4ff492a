"""The class catalogue with 200 classes, and registration POSTs against a bare POST."""
import http.client
import itertools
import re
from datetime import datetime, timedelta
from urllib.parse import urlencode

from bench.harness import portal_app

CLASSES = 200


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


def session_and_token(port, klass_id):
    """A citizen's session cookie and the CSRF token of the class page's registration form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/kelas/{klass_id}")
    page = conn.getresponse()
    cookie = "; ".join(c.split(";")[0] for c in page.msg.get_all("Set-Cookie") if c.startswith("session="))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.read().decode()).group(1)
    conn.close()
    return cookie, token


def registration(side, klass_id):
    """Registration POSTs under wrk (bench/register.lua: each a new phone number from a new address) against the
    same POSTs to the bare endpoint. Run after the class page is measured: it fills the class and its waiting list."""
    cookie, token = session_and_token(side.portal_port, klass_id)
    form = urlencode({"csrf_token": token, "name": "Warga Bench", "gender": "perempuan", "partner_name": "X",
                      "wedding_date": "2027-06-01", "children_age_groups": "3-5", "consent": "y"})
    runs = itertools.count(1)  # every run its own block of a million phone numbers

    def arguments():
        return form, cookie, str(next(runs) * 1_000_000)

    return side.form("registration POST", f"/kelas/{klass_id}", 0.15, "register.lua", arguments)
