"""The channels a worker sends through: email by SMTP, WhatsApp by the Cloud API or by an HTTP gateway. Each
answers one `Result`: sent (with the provider's id), or failed, and whether trying again could help."""
import json
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import NamedTuple

import requests

from portal.validators import international

# Cloud API error codes that mean "later", though they come with HTTP 400: throttling of the business or the pair.
CLOUD_RETRY_CODES = {4, 80007, 130429, 131048, 131056}


class Result(NamedTuple):
    sent: bool
    permanent: bool = False  # a failure trying again cannot mend (an invalid number, a refused recipient)
    provider_id: str = ""
    error: str = ""  # what went wrong; with `cancel`, the cancel reason's code
    cancel: bool = False  # not to be sent at all (no longer deliverable, too late)


def sent(provider_id=""):
    return Result(True, provider_id=provider_id)


def failed(error, permanent, cancel=False):
    return Result(False, permanent=permanent, error=str(error)[:300], cancel=cancel)


def http_failure(response, detail=""):
    """A gateway's HTTP answer that is not a success: 429 and 5xx may pass, any other 4xx will not."""
    retry = response.status_code == 429 or response.status_code >= 500
    return failed(f"HTTP {response.status_code} {detail or response.text[:200]}".strip(), permanent=not retry)


class CloudApi:
    """WhatsApp Business Cloud API: each message as its topic's approved template, filled with its parameters."""

    def __init__(self, config, topics):
        self.url = f"{config['WHATSAPP_CLOUD_URL']}/{config['WHATSAPP_PHONE_NUMBER_ID']}/messages"
        self.topics, self.timeout = topics, config["OUTBOX_TIMEOUT_SECONDS"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {config['WHATSAPP_TOKEN']}"

    def payload(self, message):
        topic, params = self.topics[message.topic], message.parameters
        values = [{"type": "text", "text": str(params.get(name, ""))} for name in topic.params]
        return {"messaging_product": "whatsapp", "recipient_type": "individual",
                "to": international(message.recipient), "type": "template",
                "template": {"name": topic.template, "language": {"code": message.language},
                             "components": [{"type": "body", "parameters": values}]}}

    def send(self, message):
        try:
            response = self.session.post(self.url, json=self.payload(message), timeout=self.timeout)
        except requests.RequestException as error:
            return failed(f"{type(error).__name__}: {error}", permanent=False)
        body = answer_json(response)
        if response.ok and body.get("messages"):
            return sent(body["messages"][0].get("id", ""))
        error = body.get("error") or {}
        if response.status_code == 400 and error.get("code") in CLOUD_RETRY_CODES:
            return failed(f"{error.get('code')} {error.get('message', '')}", permanent=False)
        return http_failure(response, f"{error.get('code', '')} {error.get('message', '')}".strip())


class HttpGateway:
    """A rented WhatsApp gateway (Fonnte, Wablas and the like): a POST with the number and the text."""

    def __init__(self, config):
        self.url, self.timeout = config["WHATSAPP_HTTP_URL"], config["OUTBOX_TIMEOUT_SECONDS"]
        self.fields = config["WHATSAPP_HTTP_NUMBER_FIELD"], config["WHATSAPP_HTTP_TEXT_FIELD"]
        self.session = requests.Session()
        if config["WHATSAPP_HTTP_TOKEN"]:
            self.session.headers["Authorization"] = config["WHATSAPP_HTTP_TOKEN"]

    def send(self, message):
        number, text = self.fields
        try:
            response = self.session.post(self.url, data={number: international(message.recipient),
                                                         text: message.body}, timeout=self.timeout)
        except requests.RequestException as error:
            return failed(f"{type(error).__name__}: {error}", permanent=False)
        if not response.ok:
            return http_failure(response)
        body = answer_json(response)
        if body.get("status") is False:  # these gateways answer 200 with status false for a refused number
            return failed(body.get("reason") or body.get("message") or "refused", permanent=True)
        given = body.get("id") or body.get("message_id") or ""
        return sent(str(given[0] if isinstance(given, list) and given else given))


class Smtp:
    """Email by SMTP: plain text, and the calendar entry as text/calendar when the message carries one."""

    def __init__(self, config):
        self.config = config

    def connect(self):
        c = self.config
        timeout = c["OUTBOX_TIMEOUT_SECONDS"]
        if c["SMTP_SECURITY"] == "ssl":
            server = smtplib.SMTP_SSL(c["SMTP_HOST"], c["SMTP_PORT"], timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(c["SMTP_HOST"], c["SMTP_PORT"], timeout=timeout)
            if c["SMTP_SECURITY"] == "starttls":
                server.starttls(context=ssl.create_default_context())
        if c["SMTP_USER"]:
            server.login(c["SMTP_USER"], c["SMTP_PASSWORD"])
        return server

    def email(self, message):
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.config["MAIL_FROM"], message.recipient, message.subject
        email["Message-ID"] = make_msgid(domain="puspaga")
        email.set_content(message.body)
        if message.attachment:
            method = "CANCEL" if "METHOD:CANCEL" in message.attachment else "REQUEST"
            email.add_attachment(message.attachment.encode("utf-8"), maintype="text", subtype="calendar",
                                 filename=message.attachment_name or "jadwal.ics", params={"method": method})
        return email

    def send(self, message):
        email = self.email(message)
        try:
            with self.connect() as server:
                server.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            return failed(f"refused: {error.recipients}", permanent=True)
        except smtplib.SMTPAuthenticationError as error:  # the office's password, not the message: try again
            return failed(f"SMTP {error.smtp_code} login refused", permanent=False)
        except smtplib.SMTPResponseException as error:
            return failed(f"SMTP {error.smtp_code} {error.smtp_error!r}", permanent=error.smtp_code >= 500)
        except (OSError, smtplib.SMTPException) as error:
            return failed(f"{type(error).__name__}: {error}", permanent=False)
        return sent(email["Message-ID"])


def answer_json(response):
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def senders(config, topics):
    """{channel: sender} for the channels this office sends through itself; the desk sends the rest by hand."""
    found = {}
    if config["WHATSAPP_GATEWAY"] == "cloud":
        found["whatsapp"] = CloudApi(config, topics)
    elif config["WHATSAPP_GATEWAY"] == "http":
        found["whatsapp"] = HttpGateway(config)
    if config["SMTP_HOST"]:
        found["email"] = Smtp(config)
    return found
