"""A local server that answers as WhatsApp gateways do, for the tests and the outbox benchmark: the Cloud API
at /v21.0/<phone number id>/messages and a rented HTTP gateway at /send; it counts what each message's marker
received."""
import json
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Gateway:
    """What the local gateway received, and how it answers: `script` maps a recipient (digits) to a list of
    (status, body) answers given in turn; `delay` slows every answer."""

    def __init__(self):
        self.received, self.bodies, self.script, self.delay = Counter(), [], {}, 0.0
        self.lock = threading.Lock()

    def answer(self, handler, payload, recipient, marker):
        with self.lock:
            self.bodies.append((handler.path, dict(handler.headers), payload))
            answers = self.script.get(recipient)
            status, body = answers.pop(0) if answers else (None, None)
            if status != "hang":
                self.received[marker] += 1
        if self.delay:
            time.sleep(self.delay)
        if status == "hang":
            time.sleep(3)
            return 200, {}
        return status or 200, body


def marker_of(text):
    return next((word for word in text.split() if word.startswith("M") and word[1:].isdigit()), text)


@contextmanager
def serve_gateway():
    """A local server at gateway.url: /v21.0/<phone id>/messages answers as the Cloud API does, /send as a
    rented HTTP gateway (Fonnte-style form fields, 200 with status false for a refused number)."""
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # the answer leaves in one write, not headers and body apart (delayed ACKs)
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path.endswith("/messages"):
                payload = json.loads(raw)
                values = payload["template"]["components"][0]["parameters"]
                marker = values[0]["text"] if values else ""
                status, body = state.answer(self, payload, payload["to"], marker)
                body = body or {"messaging_product": "whatsapp", "contacts": [{"wa_id": payload["to"]}],
                                "messages": [{"id": f"wamid.{marker}"}]}
            else:
                payload = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                status, body = state.answer(self, payload, payload.get("target", ""),
                                            marker_of(payload.get("message", "")))
                body = body or {"status": True, "id": [f"id-{marker_of(payload.get('message', ''))}"]}
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout test)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()
