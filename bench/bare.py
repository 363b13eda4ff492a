"""The baseline: a bare Flask app served like the portal, doing no work."""
from flask import Flask, redirect

app = Flask(__name__)


@app.get("/")
def page():
    """`ok`: what every page's requests per second are divided by."""
    return "ok"


@app.post("/")
def form():
    """A form POST answered with a redirect, as the portal answers a registration: the registration's baseline."""
    return redirect("/", code=303)
