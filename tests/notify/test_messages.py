"""Every topic's text, in both languages: what fills it, and what it may never say on a shared family phone."""
import re

import pytest

from portal.notify.messages import TOPICS, render, template_text

# Words that would tell whoever picks up the family phone why someone went to Puspaga (hand-written, Indonesian
# and English): a concern, a case, a request's category, danger or violence.
FORBIDDEN = [
    "konseling", "konselor", "psikolog", "kasus", "kekerasan", "kdrt", "bahaya", "darurat", "aduan", "pengaduan",
    "cerai", "perceraian", "hak asuh", "pelecehan", "korban", "sapa 129", "uptd", "ppa", "rujukan", "masalah",
    "concern", "counsel", "case", "violence", "abuse", "danger", "divorce", "custody", "victim", "complaint",
    "referral", "problem",
]


def filled(topic):
    return {name: f"<{name}>" for name in TOPICS[topic].params}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_no_text_names_a_concern_a_case_a_category_or_violence(app_context, topic, language):
    text, subject = render(topic, filled(topic), language)
    said = f"{text} {subject}".lower()
    assert not [word for word in FORBIDDEN if re.search(rf"\b{re.escape(word)}", said)], (topic, language, text)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_text_uses_exactly_its_templates_parameters(app_context, topic, language):
    text, _ = render(topic, filled(topic), language)
    assert set(re.findall(r"<(\w+)>", text)) == set(TOPICS[topic].params)
    submitted = template_text(topic, language)
    assert re.findall(r"\{\{(\d+)\}\}", submitted) and "%(" not in submitted
    assert sorted(set(re.findall(r"\{\{(\d+)\}\}", submitted)), key=int) == [
        str(n) for n in range(1, len(TOPICS[topic].params) + 1)]


def test_english_texts_are_english(app_context):
    text, subject = render("appointment.confirmed", filled("appointment.confirmed"), "en")
    assert "appointment" in text.lower() and "Janji" not in text and subject != "Janji temu Anda di Puspaga"


def test_template_names_are_unique_and_as_meta_takes_them():
    names = [topic.template for topic in TOPICS.values()]
    assert len(set(names)) == len(names) and all(re.fullmatch(r"[a-z0-9_]{1,512}", n) for n in names)


def test_a_citizen_reading_english_gets_english_messages_and_the_office_reads_it_on_the_record(client,
                                                                                               create_class):
    from portal.notify.models import OutboxMessage
    from portal.registrations.models import Registration
    from tests.classes.test_views import form_data

    klass = create_class()
    client.set_cookie("lang", "en")
    assert client.post(f"/kelas/{klass.id}", data=form_data()).status_code == 303
    registration = Registration.get()
    message = OutboxMessage.get()
    assert registration.language == "en" and message.language == "en"
    assert message.body.startswith("Hello Siti Aminah") and message.subject == "Puspaga class"
    client.set_cookie("lang", "id")
    client.post(f"/kelas/{klass.id}", data=form_data(name="Budi", phone="0812-3456-7891"))
    assert OutboxMessage.select().order_by(OutboxMessage.id.desc()).get().body.startswith("Halo Budi")


def test_links_in_messages_point_at_the_portal_address_whatever_host_staff_used(app, create_class):
    app.config["PORTAL_URL"] = "https://puspaga.contoh.go.id"
    klass = create_class()
    with app.test_request_context(base_url="http://10.0.0.5:8000"):  # the office's internal name
        from portal.registrations.services import register as register_here
        registration, _ = register_here(klass.id, {"name": "Siti", "phone": "+6281234567890", "gender": "perempuan",
                                                   "partner_name": "Budi"})
    from portal.notify.models import OutboxMessage
    assert f"https://puspaga.contoh.go.id/pendaftaran/{registration.token}" in OutboxMessage.get().body
    assert "10.0.0.5" not in OutboxMessage.get().body
