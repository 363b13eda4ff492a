"""Pages compressed as they are sent (portal/assets.py): brotli or gzip as the browser accepts, with their headers;
files, streams, refusals and no-store pages as they are."""
import gzip
import io
import re
from datetime import datetime, timedelta, timezone

import brotli
import pytest
import time_machine
from flask import Response, make_response, send_file, stream_with_context

from tests.classes.conftest import create_class  # noqa: F401 - the fixture

pytestmark = pytest.mark.timeless
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}


@pytest.mark.parametrize("accepts, sent", [("gzip, deflate, br, zstd", "br"), ("gzip, deflate", "gzip"), ("", None)])
def test_a_page_is_compressed_as_the_browser_accepts_with_its_headers(client, dummy_unit, accepts, sent):
    response = client.get("/", headers={"Accept-Encoding": accepts})
    assert response.headers.get("Content-Encoding") == sent
    assert {"Accept-Encoding", "HX-Request"} <= {v.strip() for v in response.headers["Vary"].split(",")}
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = DECODE[sent](response.data).decode()
    assert page.startswith("<!doctype html>") and "SAPA 129" in page and dummy_unit.name in page
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_an_htmx_fragment_is_compressed_and_stays_a_fragment(client, create_class):
    for n in range(4):
        create_class(title=f"Kelas Parenting {n}", kind="parenting")
    response = client.get("/kelas/?kind=parenting", headers={"HX-Request": "true", "Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    fragment = brotli.decompress(response.data).decode()
    assert "Kelas Parenting 3" in fragment and "<html" not in fragment and "<footer" not in fragment


@pytest.fixture
def routes(app):
    """Answers of each kind the portal sends, on routes of their own."""
    pdf, table, archive = b"%PDF-1.7\n" + b"0" * 4000, b"PK\x03\x04" + b"1" * 4000, b"PK\x03\x04" + b"2" * 4000
    page = "<!doctype html><p>" + "Kelas Persiapan Pernikahan " * 200

    def kept():
        response = make_response(page)
        response.set_etag("page-v1")
        return response

    answers = {
        "/t/pdf": lambda: send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name="a.pdf"),
        "/t/xlsx": lambda: send_file(io.BytesIO(table), download_name="a.xlsx", mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
        "/t/zip": lambda: send_file(io.BytesIO(archive), mimetype="application/zip", download_name="a.zip"),
        "/t/stream": lambda: Response(stream_with_context(iter([page[:3000], page[3000:]])), mimetype="text/html"),
        "/t/kept": kept,
    }
    for path, view in answers.items():
        app.add_url_rule(path, path, view)
    return {"/t/pdf": pdf, "/t/xlsx": table, "/t/zip": archive, "/t/stream": page.encode(), "/t/kept": page.encode()}


@pytest.mark.fresh_app
def test_files_and_streams_go_as_they_are(client, routes):
    for path in ("/t/pdf", "/t/xlsx", "/t/zip", "/t/stream"):
        response = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        assert "Content-Encoding" not in response.headers, path
        assert response.data == routes[path], path


@pytest.mark.fresh_app
def test_a_compressed_page_keeps_an_etag_of_its_own_that_answers_304(client, routes):
    response = client.get("/t/kept", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br" and brotli.decompress(response.data) == routes["/t/kept"]
    assert response.headers["ETag"] == '"page-v1:br"'
    again = client.get("/t/kept", headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = client.get("/t/kept", headers={"Accept-Encoding": ""})
    assert plain.headers["ETag"] == '"page-v1"' and plain.data == routes["/t/kept"]


def test_what_repeats_typed_text_or_holds_personal_data_goes_uncompressed(client, dummy_unit):
    """BREACH needs a page that repeats what an attacker typed beside a secret, compressed. Such pages are not:
    the verification of an unknown number (404) and a refused form (422) echo what was typed; the staff area and
    every answer to a POST are no-store."""
    accepts = {"Accept-Encoding": "br, gzip"}
    unknown = client.get("/sertifikat/verifikasi", query_string={"q": "9999/TYPED"}, headers=accepts)
    assert unknown.status_code == 404 and b"9999/TYPED" in unknown.data
    refused = client.post("/pengaduan/", data={"name": "Siti Typed"}, headers=accepts)
    assert refused.status_code == 422 and b"Siti Typed" in refused.data
    staff = client.get("/staf/masuk", headers=accepts)
    assert staff.status_code == 200 and staff.headers["Cache-Control"] == "no-store"
    for response in (unknown, refused, staff):
        assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("config_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_csrf_token_on_a_compressed_page_changes_every_second(client, create_class):
    """Half of the BREACH answer: the session's secret is in the page only signed with the time, so no string
    stays the same across the thousands of requests the attack needs."""
    klass = create_class()  # a week from now: open for registration at every moment below
    moment = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    tokens = []
    for second in (0, 0, 1):
        with time_machine.travel(moment + timedelta(seconds=second), tick=False):
            response = client.get(f"/kelas/{klass.id}", headers={"Accept-Encoding": "br, gzip"})
        assert response.headers["Content-Encoding"] == "gzip"
        tokens.append(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', gzip.decompress(response.data).decode())[1])
    assert tokens[0] == tokens[1] != tokens[2]
    assert tokens[0].split(".")[0] == tokens[2].split(".")[0]  # one session, one secret: only the signature moves


@pytest.mark.parametrize("config_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_csrf_token_is_compressed_apart_from_what_the_page_repeats(app, create_class):
    """The other half: the page repeats its address (the language links), which an attacker can choose. The
    token shares no compression history with it: two visitors' compressed pages are the same bytes but for a
    stretch no longer than the token itself (and the checksum at the end), so the length never depends on how
    much of the token the address guessed."""
    klass = create_class()
    address = f"/kelas/{klass.id}?tebak=IjE"
    bodies, tokens = [], []
    for _ in range(2):
        response = app.test_client().get(address, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip"
        page = gzip.decompress(response.data).decode()
        assert "tebak%3DIjE" in page
        tokens.append(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1])
        bodies.append(response.data[:-8])  # without the CRC and length of the gzip trailer
    first, second = bodies
    same_start = next(n for n, (a, b) in enumerate(zip(first, second)) if a != b)
    same_end = next(n for n, (a, b) in enumerate(zip(reversed(first), reversed(second))) if a != b)
    assert tokens[0] != tokens[1]
    assert len(first) - same_start - same_end <= len(tokens[0]) + 8
    assert same_end > 500  # the page after the form's token: kept bytes, whoever asks