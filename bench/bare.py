"""The baseline: a bare Flask app served like the portal, doing no work."""
from functools import lru_cache

from flask import Flask, redirect, request

app = Flask(__name__)


@lru_cache(maxsize=16)
def body(size):
    return b"x" * size


@app.get("/")
def page():
    """`/?bytes=N`: N bytes of HTML, the size of the portal page it stands beside."""
    return body(request.args.get("bytes", 20000, type=int)), 200, {"Content-Type": "text/html; charset=utf-8"}


@app.post("/")
def form():
    """A form POST answered with a redirect, as the portal answers a registration."""
    return redirect("/", code=303)
