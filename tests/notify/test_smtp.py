"""Email through a real SMTP server in the test process (aiosmtpd): plain text, the calendar entry attached as
text/calendar with its method, login when a user is set, and what the server's refusals make of a message."""
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from portal.notify.models import OutboxMessage
from portal.notify.services import send_due
from portal.registrations.services import cancel
from tests.registrations.test_services import person

REFUSED = "ditolak@contoh.id"


class Mailbox:
    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, envelope.rcpt_tos,
                              email.message_from_bytes(envelope.content, policy=policy.default),
                              session.authenticated))
        return "250 Message accepted"


def check_login(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"puspaga", b"rahasia")
    return AuthResult(success=ok)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), authenticator=check_login,
                            auth_require_tls=False)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_SECURITY="none",
                      SMTP_USER="puspaga", SMTP_PASSWORD="rahasia", MAIL_FROM="Puspaga <puspaga@contoh.go.id>")
    yield mailbox
    controller.stop()


def test_a_confirmation_arrives_as_plain_text_with_its_calendar_invitation(app, smtp_server, create_class, register):
    klass = create_class()
    registration, _ = register(klass, person(1, email="warga@contoh.id"))
    with app.test_request_context():
        send_due("uji", senders=None)
    (sender, recipients, message, authenticated), = smtp_server.received
    assert recipients == ["warga@contoh.id"] and "puspaga@contoh.go.id" in sender and authenticated
    assert message["Subject"] == "Kelas Puspaga" and message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    assert registration.code in text and registration.token in text
    (calendar,) = [part for part in message.iter_attachments()]
    assert calendar.get_content_type() == "text/calendar" and calendar.get_param("method") == "REQUEST"
    ics = calendar.get_content()
    assert "METHOD:REQUEST" in ics and "ATTENDEE:mailto:warga@contoh.id" in ics and ics.count("BEGIN:VEVENT") == 2
    sent = OutboxMessage.get(OutboxMessage.channel == "email")
    assert sent.status == "sent" and sent.provider_id == message["Message-ID"]


def test_a_cancellation_carries_method_cancel(app, smtp_server, create_class, register):
    klass = create_class()
    registration, _ = register(klass, person(1, email="warga@contoh.id"))
    with app.test_request_context():
        send_due("uji")
    with app.test_request_context():
        cancel(registration.id)
        send_due("uji")
    assert len(smtp_server.received) == 2  # the cancellation carries no calendar: the seat, not the class, ended
    assert "dibatalkan" in smtp_server.received[1][2].get_body(("plain",)).get_content()


def test_a_refused_address_fails_at_once_and_the_next_one_still_goes(app, smtp_server, create_class, register):
    klass = create_class()
    register(klass, person(1, email=REFUSED))
    with app.test_request_context():
        send_due("uji")
    refused = OutboxMessage.get(OutboxMessage.channel == "email")
    assert refused.status == "failed" and "refused" in refused.last_error
    register(klass, person(2, email="warga@contoh.id"))
    with app.test_request_context():
        send_due("uji")
    assert [r[1] for r in smtp_server.received] == [["warga@contoh.id"]]


def test_an_unreachable_server_is_tried_again_later(app, create_class, register):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_SECURITY="none", MAIL_FROM="puspaga@contoh.go.id")
    klass = create_class()
    register(klass, person(1, email="warga@contoh.id"))
    with app.test_request_context():
        send_due("uji")
    message = OutboxMessage.get(OutboxMessage.channel == "email")
    assert message.status == "pending" and "ConnectionRefused" in message.last_error
