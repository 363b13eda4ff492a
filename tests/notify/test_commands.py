"""`flask outbox send` (one round, for cron), `flask outbox work` (rounds until stopped) and
`flask outbox templates` (the texts to submit to Meta)."""
from datetime import timedelta

from portal.notify.messages import TOPICS
from portal.notify.models import OutboxMessage
from portal.worker import work
from tests.notify.conftest import http_settings


def test_templates_prints_every_topic_with_numbered_parameters(runner):
    result = runner.invoke(args=["outbox", "templates"])
    assert result.exit_code == 0
    for topic in TOPICS.values():
        assert topic.template in result.output
    assert "{{1}}=name" in result.output and "%(" not in result.output
    english = runner.invoke(args=["outbox", "templates", "--language", "en"]).output
    assert "Hello {{1}}" in english


def test_send_delivers_what_is_due_once_and_says_what_waits(app, runner, gateway, dummy_unit, make_messages):
    app.config.update(http_settings(gateway.url))
    make_messages(dummy_unit, 3)
    make_messages(dummy_unit, 1, due=OutboxMessage.select().first().due_at + timedelta(days=2))  # not due yet
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "Messages handled: 3" in result.output
    assert sum(gateway.received.values()) == 3
    assert runner.invoke(args=["outbox", "send"]).output.count("Messages handled: 0") == 1


def test_without_a_gateway_whatsapp_waits_for_the_desk(app, runner, dummy_unit, make_messages):
    make_messages(dummy_unit, 2)
    result = runner.invoke(args=["outbox", "send"])
    assert "Messages handled: 0" in result.output and "Waiting for the desk: 2" in result.output
    assert OutboxMessage.select().where(OutboxMessage.status == "pending").count() == 2


def test_work_runs_its_rounds_and_says_what_it_handled(app, gateway, dummy_unit, make_messages):
    app.config.update(http_settings(gateway.url))
    make_messages(dummy_unit, 2)
    said = []
    work(app, interval=0, rounds=2, log=said.append)
    assert sum(gateway.received.values()) == 2 and said == ["outbox: 2 message(s) handled"]
