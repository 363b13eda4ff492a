"""Static files under content-hashed names, kept a year, sent precompressed (portal/assets.py); static/ as it is
when there is no build, or an old one."""
import gzip
import hashlib
import json
import re

import brotli
import pytest

from portal import ROOT, assets, create_app
from tests.conftest import test_config

pytestmark = pytest.mark.timeless
HASHED = r"/static/{}\.[0-9a-f]{{12}}{}"


@pytest.fixture(scope="module")
def build_folder(tmp_path_factory):
    """static/ built once for this module, apart from the one `make` keeps in instance/."""
    folder = tmp_path_factory.mktemp("static-build")
    assets.build(ROOT / "static", folder)
    return folder


@pytest.fixture
def config_overrides(build_folder):
    return {"STATIC_BUILD": str(build_folder)}


def hashed_url(page, name, extension):
    found = re.search(HASHED.format(re.escape(name), re.escape(extension)), page)
    assert found, f"no hashed {name}{extension} in the page"
    return found.group(0)


def test_pages_name_static_files_by_their_content_hash(app, client):
    page = client.get("/").get_data(as_text=True)
    script = hashed_url(page, "vendor/htmx/htmx.min", ".js")
    hashed_url(page, "css/portal", ".css")
    hashed_url(page, "img/icon", ".svg")
    original = app.static_folder + "/vendor/htmx/htmx.min.js"
    digest = hashlib.sha256(open(original, "rb").read()).hexdigest()[:12]
    assert script == f"/static/vendor/htmx/htmx.min.{digest}.js"
    assert client.get(script).data == open(original, "rb").read()


def test_a_hashed_file_is_kept_a_year_without_asking_again(client):
    stylesheet = hashed_url(client.get("/").get_data(as_text=True), "css/portal", ".css")
    response = client.get(stylesheet)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("accepts, sent", [
    ("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br, zstd", "br"), ("identity", None), ("", None),
])
def test_the_compressed_copy_follows_what_the_browser_accepts(app, client, accepts, sent):
    script = hashed_url(client.get("/").get_data(as_text=True), "vendor/htmx/htmx.min", ".js")
    response = client.get(script, headers={"Accept-Encoding": accepts})
    assert response.headers.get("Content-Encoding") == sent
    assert response.headers["Vary"] == "Accept-Encoding"
    body = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[sent](response.data)
    assert body == open(app.static_folder + "/vendor/htmx/htmx.min.js", "rb").read()
    assert sent is None or len(response.data) < len(body) / 3


def test_the_stylesheet_names_the_fonts_by_their_hashed_names(client):
    stylesheet = hashed_url(client.get("/").get_data(as_text=True), "css/portal", ".css")
    css = client.get(stylesheet).get_data(as_text=True)
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css)
    assert fonts and all(re.search(r"\.[0-9a-f]{12}\.woff2$", font) for font in fonts)
    font = client.get(f"/static/{fonts[0]}", headers={"Accept-Encoding": "br, gzip"})
    assert font.status_code == 200 and font.mimetype == "font/woff2"
    assert "Content-Encoding" not in font.headers  # WOFF 2 is compressed already
    assert font.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_unhashed_name_is_revalidated_and_an_unknown_hash_is_not_found(client):
    plain = client.get("/static/css/portal.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers.get("Cache-Control", "")
    assert client.get("/static/css/portal.0123456789ab.css").status_code == 404
    assert client.get("/static/manifest.json").status_code == 404


@pytest.fixture
def stale_or_missing(request, build_folder, tmp_path):
    """A build folder that is missing, or made from static/ as it was before a change."""
    if request.param == "missing":
        return tmp_path / "never-built"
    manifest = json.loads((build_folder / assets.MANIFEST).read_text())
    (tmp_path / assets.MANIFEST).write_text(json.dumps({**manifest, "sources": "static/ before an edit"}))
    return tmp_path


@pytest.mark.parametrize("stale_or_missing", ["missing", "stale"], indirect=True)
def test_without_a_current_build_static_is_served_as_it_is(database_url, stale_or_missing):
    client = create_app(test_config(database_url, STATIC_BUILD=str(stale_or_missing))).test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'src="/static/vendor/htmx/htmx.min.js"' in page and 'href="/static/css/portal.css"' in page
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200 and "immutable" not in response.headers.get("Cache-Control", "")


def test_a_build_keeps_the_files_an_older_manifest_names(tmp_path):
    """A server started on the last build still finds its files while the next one is made."""
    static, build = tmp_path / "static", tmp_path / "build"
    (static / "css").mkdir(parents=True)
    (static / "img").mkdir()
    (static / "img" / "dot.svg").write_text("<svg/>")
    (static / "css" / "site.css").write_text('a { background: url("../img/dot.svg"); color: red }\n' * 40)
    before = assets.build(static, build)["files"]
    (static / "css" / "site.css").write_text('a { background: url(../img/dot.svg); color: blue }\n' * 40)
    after = assets.build(static, build)["files"]
    assert before["css/site.css"] != after["css/site.css"] and before["img/dot.svg"] == after["img/dot.svg"]
    files = build / "files"
    for name in (before["css/site.css"], after["css/site.css"]):
        assert (files / name).exists() and (files / f"{name}.br").exists() and (files / f"{name}.gz").exists()
    assert f'url(../{after["img/dot.svg"]})' in (files / after["css/site.css"]).read_text()
    assert assets.current_manifest(build, static)["files"] == after
    (static / "img" / "dot.svg").write_text("<svg></svg>")
    assert assets.current_manifest(build, static) is None


def test_a_stylesheet_naming_a_missing_file_stops_the_build(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text('a { background: url("gone.png") }')
    with pytest.raises(assets.BuildError, match="gone.png"):
        assets.build(tmp_path / "static", tmp_path / "build")


def test_flask_assets_builds_what_the_portal_serves(app, runner, tmp_path):
    app.config["STATIC_BUILD"] = str(tmp_path)
    result = runner.invoke(args=["assets"])
    assert result.exit_code == 0 and "static files built" in result.output
    manifest = assets.current_manifest(tmp_path, app.static_folder)
    assert manifest["files"]["css/portal.css"].startswith("css/portal.")
