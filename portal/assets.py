"""What a phone downloads: static files under content-hashed names, kept a year and sent precompressed
(WhiteNoise), and every page compressed as it is sent (Flask-Compress).

`flask assets` (run by `make run` and `make test`) copies static/ into the build folder: each file under a name
with its content's hash (`css/portal.3f9a0c1b2d4e.css`, stylesheets naming the hashed fonts), its gzip and
brotli variants beside it, and a manifest. The app then gives `url_for('static', …)` the hashed name and
serves those files before Flask sees the request. Without a build, or when static/ has changed since it
(and under `flask --debug run`), static/ is served as it is, revalidated on every use.
"""
import hashlib
import json
import logging
import os
import posixpath
import re
from functools import partial
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_compress import Compress
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from portal.security import HEADERS

MANIFEST = "manifest.json"
IMMUTABLE = "public, max-age=31536000, immutable"
# url(…) in a stylesheet; an address with a scheme, a root or only a fragment is left alone.
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)

log = logging.getLogger(__name__)


class BuildError(RuntimeError):
    """The static build cannot be made as static/ stands."""


def init_app(app):
    """Compress responses; serve the static build under hashed names when it matches static/."""
    app.config.setdefault("STATIC_BUILD", os.path.join(app.instance_path, "static-build"))
    compress(app)
    app.cli.add_command(assets_command)
    manifest = None if app.debug else current_manifest(app.config["STATIC_BUILD"], app.static_folder)
    if manifest is None:
        say = log.warning if app.config.get("PRODUCTION") else log.info
        say("Static files are served from static/ as they are: `flask assets` builds their hashed names.")
        return
    app.url_defaults(partial(hashed_filename, manifest["files"]))
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=files_folder(app.config["STATIC_BUILD"]),
                              prefix=app.static_url_path, max_age=None, allow_all_origins=False,
                              add_headers_function=static_headers)


def compress(app):
    """Brotli or gzip for what the app renders (HTML, JSON), as the browser accepts. Left as they are: files
    (PDF, XLSX, ZIP, CSV) and streamed answers; answers other than 2xx (a refused form repeats what was
    typed); and every no-store answer (personal data, every POST answer), so that no compressed length can
    tell an eavesdropper what such a page holds (BREACH)."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_REGISTER", False)
    compressor = Compress(app)

    @app.after_request
    def compressed(response):
        if "no-store" in response.headers.get("Cache-Control", ""):
            return response
        return compressor.after_request(response)


def hashed_filename(names, endpoint, values):
    """`url_for('static', filename=…)` names the hashed copy of a built file."""
    if endpoint == "static" and values.get("filename") in names:
        values["filename"] = names[values["filename"]]


def static_headers(headers, path, url):
    """Every built file has its content's hash in its name: a browser keeps it a year without asking again."""
    headers["Cache-Control"] = IMMUTABLE
    for name, value in HEADERS.items():
        headers.setdefault(name, value)


def files_folder(build):
    return Path(build) / "files"


def current_manifest(build, static_folder):
    """The build's manifest if it was made from static/ as it is now, else None."""
    try:
        manifest = json.loads((Path(build) / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("sources") == fingerprint(static_folder) else None


def sources(static_folder):
    """Each file under static/ (its name relative to it, with /) and its stat; dotfiles left out."""
    found = []
    for folder, subfolders, files in os.walk(static_folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        relative = os.path.relpath(folder, static_folder).replace(os.sep, "/")
        for name in files:
            if not name.startswith("."):
                path = os.path.join(folder, name)
                found.append((name if relative == "." else f"{relative}/{name}", os.stat(path)))
    return sorted(found)


def fingerprint(static_folder):
    """What static/ holds, by name, size and modification time: cheap enough to check at every start."""
    digest = hashlib.sha256()
    for name, stat in sources(static_folder):
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build(static_folder, target):
    """Copy static/ into `target` under hashed names with their compressed variants; write the manifest.

    Files already there stay (a hashed name always holds the same bytes), so a server still running on an
    older manifest keeps finding its files; the manifest is replaced in one step.
    """
    root, into = Path(static_folder), files_folder(target)
    names, made_from = {}, fingerprint(root)  # before reading: a file changed meanwhile makes the build stale
    # Stylesheets last: they name other files, and must name them by their hashed names.
    for name in sorted((name for name, _ in sources(root)), key=lambda name: name.endswith(".css")):
        data = (root / name).read_bytes()
        if name.endswith(".css"):
            data = hashed_references(name, data.decode("utf-8"), names).encode("utf-8")
        names[name] = hashed_name(name, data)
        put(into / names[name], data)
    manifest = {"sources": made_from, "files": names}
    manifest_path = Path(target) / MANIFEST
    os.replace(drafted(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode()), manifest_path)
    return manifest


def hashed_name(name, data):
    """`css/portal.css` → `css/portal.<12 hex digits of its content's SHA-256>.css` (`LICENSE` → `LICENSE.<…>`)."""
    stem, extension = posixpath.splitext(name)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}{extension}"


def hashed_references(name, css, names):
    """The stylesheet with each relative url() pointing at the hashed copy of the file it names."""
    folder = posixpath.dirname(name)

    def swap(match):
        quote, address = match.groups()
        if OUTSIDE.match(address):
            return match.group(0)
        path, mark, rest = re.fullmatch(r"([^?#]*)([?#]?)(.*)", address).groups()
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in names:
            raise BuildError(f"{name} names {address}, which is not a file under static/")
        return f"url({quote}{posixpath.relpath(names[target], folder)}{mark}{rest}{quote})"

    return CSS_URL.sub(swap, css)


def put(path, data):
    """Write a built file and its compressed variants, the file itself last: once it exists, so do they."""
    if path.exists():
        return
    draft = drafted(path, data)
    compressor = Compressor(quiet=True)
    for variant in compressor.compress(str(draft)) if compressor.should_compress(path.name) else ():
        os.replace(variant, f"{path}{variant[len(str(draft)):]}")  # the draft's .br and .gz, under the name
    os.replace(draft, path)


def drafted(path, data):
    """`data` written whole under a hidden name beside `path`, for os.replace to put in place in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.write_bytes(data)
    return draft


@click.command("assets")
@with_appcontext
def assets_command():
    """Build the static files under hashed names, compressed, for the portal to serve (run after changes)."""
    manifest = build(current_app.static_folder, current_app.config["STATIC_BUILD"])
    click.echo(f"{len(manifest['files'])} static files built into {current_app.config['STATIC_BUILD']}.")
