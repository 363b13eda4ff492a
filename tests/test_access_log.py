"""The request log keeps no secret: the filter on targets of every kind and on the records of gunicorn and the
development server; then the portal under gunicorn with gunicorn.conf.py, visited as a citizen and a verifier
would, its whole log searched for the tokens, codes and phone numbers those visits carried."""
import logging
import re
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from gunicorn.glogging import SafeAtoms
from werkzeug.serving import make_server

from portal import access_log
from portal.access_log import AccessLogFilter
from tests.certificates.conftest import closed_class, issue  # noqa: F401 - fixtures
from tests.classes.conftest import create_class, held, register  # noqa: F401 - fixtures
from tests.load.conftest import address_block, limits_storage, portal  # noqa: F401 - the portal under gunicorn
from tests.load.test_registrations import registration_form

TOKEN = "Xq3_tokenOfACitizen-0aZ9"
MASKED = [  # (method, target as sent, as logged)
    ("GET", f"/pendaftaran/{TOKEN}", "/pendaftaran/***"),
    ("GET", f"/pendaftaran/{TOKEN}/kalender.ics", "/pendaftaran/***/kalender.ics"),
    ("POST", f"/pendaftaran/{TOKEN}/batal", "/pendaftaran/***/batal"),
    ("GET", f"/pendaftaran/{TOKEN}/batal", "/pendaftaran/***/batal"),  # its route, under the method it takes
    ("GET", f"/konseling/jadwal/{TOKEN}/pindah?date=2026-03-02", "/konseling/jadwal/***/pindah?date=***"),
    ("GET", "/pengaduan/ADU-7F3K9Q", "/pengaduan/***"),
    ("GET", "/sertifikat/verifikasi/SRT-7F3K9QWXYZ", "/sertifikat/verifikasi/***"),
    ("GET", "/sertifikat/verifikasi?q=srt+7f3k9qwxyz", "/sertifikat/verifikasi?q=***"),
    ("GET", "/staf/kelas/12/pendaftar?q=081234567891&status=confirmed", "/staf/kelas/12/pendaftar?q=***&status=***"),
    ("GET", "/staf/masuk?next=%2Fstaf%2Fkelas%2F1%3Fq%3D0812", "/staf/masuk?next=***"),
    ("GET", "/kelas/7", "/kelas/7"),
    ("GET", "/kelas/081234567891", "/kelas/***"),  # no row id is that long
    ("GET", "/staf/unit/3/gambar/logo.png", "/staf/unit/3/gambar/***.png"),
    ("GET", "/static/css/portal.css", "/static/***"),
    ("GET", "/kelas?kind=pranikah&page=2", "/kelas?kind=***&page=***"),
    ("GET", "/sertifikat/verifikasi?081234567891", "/sertifikat/verifikasi?***=***"),  # a key that is no word
    ("GET", f"/pendaftaran/{TOKEN}/sertifikat/lama", "/pendaftaran/***/***/***"),  # no route: the first word
    ("GET", f"/{TOKEN}", "/***"),  # ... only when some route starts with it
    ("GET", f"/pendaftaran//{TOKEN}", "/pendaftaran//***"),
    ("GET", f"/pendaftaran/{TOKEN[:5]}%2F{TOKEN[5:]}", "/pendaftaran/***/***"),
    ("GET", "/", "/"),
    ("OPTIONS", "*", "*"),
    ("GET", f"https://user:pw@portal.example:8443/pendaftaran/{TOKEN}?q=1",  # a Referer
     "https://portal.example:8443/pendaftaran/***?q=***"),
    ("GET", f"portal.example/pendaftaran/{TOKEN}", "***"),
]


@pytest.mark.parametrize("method, sent, logged", MASKED)
def test_a_target_keeps_its_route_and_row_ids_and_loses_every_other_value(app, method, sent, logged):
    assert AccessLogFilter(app.url_map).target(sent, method) == logged


def filtered(app, name, msg, *args):
    """A record as `name` would log it, after the filter: its message."""
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    assert AccessLogFilter(app.url_map).filter(record)
    return record.getMessage()


def test_gunicorn_access_atoms_lose_the_secrets_headers_cookies_and_the_referers_query(app):
    atoms = SafeAtoms({
        "r": f"GET /pendaftaran/{TOKEN}?q=0812 HTTP/1.1", "m": "GET", "H": "HTTP/1.1", "s": "200",
        "U": f"/pendaftaran/{TOKEN}", "q": "q=0812", "u": "someone",
        "f": f"https://portal.example/pendaftaran/{TOKEN}?q=0812",
        "{cookie}i": "session=SECRET", "{authorization}i": "Basic SECRET", "{location}o": f"/pendaftaran/{TOKEN}",
        "{raw_uri}e": f"/pendaftaran/{TOKEN}"})
    every = "|".join(f"%({name})s" for name in ("r", "U", "q", "f", "u", "{Cookie}i", "{authorization}i",
                                                "{location}o", "{raw_uri}e"))
    assert filtered(app, "gunicorn.access", every, atoms) == (
        "GET /pendaftaran/***?q=*** HTTP/1.1|/pendaftaran/***|q=***|https://portal.example/pendaftaran/***?q=***"
        "|-|-|-|-|-")


@pytest.mark.parametrize("name, msg, args, logged", [
    ("gunicorn.error", "Error handling request %s %s", ("GET", "/pengaduan/ADU-7F3K9Q?phone=0812"),
     "Error handling request GET /pengaduan/***?phone=***"),
    ("werkzeug", '127.0.0.1 - - [02/Mar/2026 09:00:00] "%s" %s %s',  # coloured on a terminal
     (f"\x1b[33mGET /pendaftaran/{TOKEN} HTTP/1.1\x1b[0m", "404", "-"),
     '127.0.0.1 - - [02/Mar/2026 09:00:00] "\x1b[33mGET /pendaftaran/*** HTTP/1.1\x1b[0m" 404 -'),
    ("gunicorn.error", "Booting worker with pid: %s", (4242,), "Booting worker with pid: 4242"),
])
def test_request_lines_inside_other_messages_are_masked_and_the_rest_left_alone(app, name, msg, args, logged):
    assert filtered(app, name, msg, *args) == logged


def test_attaching_again_replaces_the_filter():
    first, second = access_log.attach(None, "test.access"), access_log.attach(None, "test.access")
    assert logging.getLogger("test.access").filters == [second] != [first]


def test_the_development_server_logs_masked_request_lines(app, caplog):
    access_log.init_app(app)  # the factory did this for the app it built last
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            requests.get(f"http://127.0.0.1:{server.port}/pendaftaran/{TOKEN}?q=081234567891", timeout=30)
    finally:
        server.shutdown()
        thread.join()
    assert '"GET /pendaftaran/***?q=*** HTTP/1.1" 404' in caplog.text
    assert TOKEN not in caplog.text and "1234567891" not in caplog.text


PHONE = "081234567891"
PHONE_FORMS = (PHONE, "+6281234567891", "6281234567891", "81234567891", "0812-3456-7891")
LINE = re.compile(r'\[[^\]]+\] "(\w+) (\S+) HTTP/1\.1" (\d{3}) (?:\d+|-) \d+ms')


def logged_visits(log, expected, seconds=10):
    """The (method, target, status) of each access line, once as many as `expected` are there (a worker writes
    its line just after the answer)."""
    deadline = time.monotonic() + seconds
    while True:
        lines = [LINE.fullmatch(line) for line in log.read_text().splitlines()]
        visits = Counter((m[1], m[2], int(m[3])) for m in lines if m and m[2] != "/healthz")
        if visits.total() >= expected.total() or time.monotonic() > deadline:
            return visits
        time.sleep(0.1)


def asking(path, **query):
    return f"{path}?{urlencode(query)}"


@pytest.mark.timeless  # the server keeps the real clock
def test_the_served_portals_log_has_every_visit_and_none_of_its_secrets(portal, create_class, closed_class, issue):
    """A registration, the registrant's own pages, a staff search by phone, a certificate's verification and a
    request followed up: each one line with its route, and no token, code, number or phone anywhere in the log."""
    klass = create_class(capacity=5, sessions=1)
    citizen, = portal.citizens(1)
    form = f"/kelas/{klass.id}"
    citizen.open_form(form)
    answer = citizen.submit(form, {**registration_form(citizen), "phone": PHONE})
    assert answer.status_code == 303, answer.text[:500]
    own = urlsplit(answer.headers["Location"]).path
    certificate, = issue(closed_class(completed=1))
    search, verify = f"/staf/kelas/{klass.id}/pendaftar", "/sertifikat/verifikasi"
    visits = [  # (path, status, as logged)
        (own, 200, "/pendaftaran/***"), (f"{own}/kalender.ics", 200, "/pendaftaran/***/kalender.ics"),
        *[(asking(search, q=phone), 302, f"{search}?q=***") for phone in PHONE_FORMS],
        (f"{verify}/{certificate.code}", 200, f"{verify}/***"),
        (asking(verify, q=certificate.code), 303, f"{verify}?q=***"),
        (asking(verify, q=certificate.number), 303, f"{verify}?q=***"),
        (asking("/pengaduan/ADU-7F3K9Q", phone=PHONE), 200, "/pengaduan/***?phone=***"),
    ]
    referer = {"Referer": portal.url + asking(own, q=PHONE)}
    for path, status, _ in visits:
        assert citizen.browser.get(portal.url + path, headers=referer, allow_redirects=False).status_code == status
    expected = Counter([("GET", form, 200), ("POST", form, 303), *[("GET", logged, s) for _, s, logged in visits]])
    logged = logged_visits(portal.server.log, expected)
    log = portal.server.log.read_text()
    secrets = [own.rsplit("/", 1)[1], certificate.code, certificate.number, *PHONE_FORMS,
               *citizen.browser.cookies.values()]
    assert [secret for secret in secrets if secret in log] == [], log
    assert logged == expected, log
    portal.assert_no_traceback()
