"""The baseline: a bare Flask app returning fixed bytes, served like the portal."""
import os

from flask import Flask

app = Flask(__name__)
BODY = b"x" * int(os.environ.get("BARE_BYTES", "20000"))


@app.get("/")
def bare():
    return BODY, 200, {"Content-Type": "text/html; charset=utf-8"}
