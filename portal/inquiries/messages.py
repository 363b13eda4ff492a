"""What someone who sent a request is told: that it arrived, that an answer waits on their page, that it is
done, that staff will call. Never its words, its category or the answer itself: the page shows those to whoever
gives the phone number, the message lands on a shared phone."""
from flask_babel import force_locale

from portal.config import citizen_url
from portal.notify.services import queue


def private_link(inquiry):
    return citizen_url("inquiries.follow", code=inquiry.code)


def tell(topic, inquiry):
    with force_locale(inquiry.language):
        params = dict(name=inquiry.name, unit=inquiry.unit.name, code=inquiry.code, link=private_link(inquiry))
    queue(topic, inquiry, inquiry.unit_id, inquiry.phone, "", params, inquiry.language)


def received(inquiry):
    tell("inquiry.received", inquiry)


def answered(inquiry):
    tell("inquiry.answered", inquiry)


def closed(inquiry):
    tell("inquiry.closed", inquiry)


def case_opened(inquiry):
    tell("inquiry.case_opened", inquiry)
