"""Command-line tasks: migrate, create an admin, seed the demo, back up and restore the database."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.backup import BackupError, backup, default_target, restore
from portal.config import link_context
from portal.db import apply_migrations, database


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Apply the numbered migrations in migrations/."""
    done = apply_migrations()
    click.echo(f"Database is at migration {done[-1] if done else '(none)'}.")


@click.command("create-admin")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--unit", "unit_code", default=None, help="Unit code; none makes an organisation admin.")
def create_admin_command(email, name, unit_code):
    """Create an admin account; the password is asked for, never taken from arguments."""
    from portal.audit.services import record
    from portal.staff.models import Staff, normalise_email
    from portal.units.models import Unit

    password = click.prompt("Password (10+ characters)", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    with database.connection_context(), database.atomic():
        unit = Unit.get_or_none(Unit.code == unit_code) if unit_code else None
        if unit_code and unit is None:
            raise click.ClickException(f"No unit with code {unit_code}.")
        if Staff.by_email(email):
            raise click.ClickException(f"{email} already has an account.")
        staff = Staff(name=name, email=normalise_email(email), role="admin", unit=unit)
        staff.set_password(password)
        staff.save()
        record("staff.create", None, staff, "role=admin (cli)")
    click.echo(f"Admin {staff.email} created.")


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has units.")
def seed_demo_command(if_empty):
    """Fill the database with demo units, staff and data (PORTAL_DEMO=1 only)."""
    from portal.demo import seed
    from portal.units.models import Unit

    if not current_app.config["DEMO"]:
        raise click.ClickException("Demo data needs PORTAL_DEMO=1: it creates known passwords.")
    with database.connection_context():
        if if_empty and Unit.select().exists():
            click.echo("Database already has data; demo seed skipped.")
            return
        seed()
    click.echo("Demo data created. Staff password: puspaga-demo")


@click.command("backup")
@with_appcontext
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target):
    """Write a consistent snapshot of the running database: pg_dump (custom format) or SQLite's backup API."""
    try:
        made = backup(current_app.config["DATABASE_URL"], target or default_target(current_app.instance_path))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {made}")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(source):
    """Load a backup into the configured database, which must be empty (never migrated)."""
    try:
        newest = restore(current_app.config["DATABASE_URL"], source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {source}: the database is at migration {newest}. Run flask migrate if the code is newer.")


@click.command("retention")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised.")
def retention_command(dry_run):
    """Anonymise every record whose life ended more than PORTAL_RETENTION_DAYS ago (idempotent; for cron)."""
    from portal.people.services import run_retention

    days = current_app.config["RETENTION_DAYS"]
    with database.connection_context():
        counts = run_retention(days, dry_run=dry_run)
    verb = "would be anonymised (dry run, nothing changed)" if dry_run else "anonymised"
    click.echo(f"Retention of {days} days: {counts.detail()} {verb}.")


outbox = click.Group("outbox", help="Send the messages waiting in the outbox.")


@outbox.command("send")
@with_appcontext
def outbox_send_command():
    """Queue the coming reminders and send what is due, once, then exit (for cron)."""
    from portal import worker

    with link_context(current_app), database.connection_context():
        (sessions, appointments), claimed = worker.run_once()
        waiting = worker.waiting_for_desk()
    click.echo(f"Reminders looked at: {sessions} session(s), {appointments} appointment(s). "
               f"Messages handled: {claimed}. Waiting for the desk: {waiting}.")


@outbox.command("work")
@with_appcontext
@click.option("--interval", type=float, default=None, help="Seconds between rounds (OUTBOX_INTERVAL_SECONDS).")
def outbox_work_command(interval):
    """Keep sending: one round, a pause, another round (for a service manager)."""
    from portal import worker

    interval = interval if interval is not None else current_app.config["OUTBOX_INTERVAL_SECONDS"]
    click.echo(f"Outbox worker started; a round every {interval:g} s.")
    worker.work(current_app._get_current_object(), interval, log=click.echo)


@outbox.command("templates")
@with_appcontext
@click.option("--language", default="id", type=click.Choice(["id", "en"]))
def outbox_templates_command(language):
    """Print each topic's WhatsApp template (name, parameters, text) to submit to Meta for approval."""
    from portal.notify.messages import TOPICS, template_text

    for key, topic in TOPICS.items():
        params = ", ".join(f"{{{{{n}}}}}={name}" for n, name in enumerate(topic.params, 1))
        click.echo(f"{topic.template} ({language}, UTILITY) — {key}\n  {params}\n  {template_text(key, language)}\n")


def init_app(app):
    for command in (migrate_command, create_admin_command, seed_demo_command, backup_command, restore_command,
                    retention_command, outbox):
        app.cli.add_command(command)
