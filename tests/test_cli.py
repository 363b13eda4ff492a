"""Command-line tasks: migrate, create an admin, seed the demo, back up."""
import re
import sqlite3

import pytest

from portal.db import MIGRATIONS
from portal.staff.models import Staff
from portal.units.models import Unit


def test_migrate_reports_the_current_migration(runner):
    newest = sorted(p.stem for p in MIGRATIONS.glob("[0-9]*.py"))[-1]
    result = runner.invoke(args=["migrate"])
    assert result.exit_code == 0 and newest in result.output


def test_create_admin_asks_for_the_password_twice(runner, dummy_unit):
    result = runner.invoke(
        args=["create-admin", "--email", "Kepala@Puspaga.test", "--name", "Kepala", "--unit", "MKS"],
        input="a-long-password\na-long-password\n",
    )
    assert result.exit_code == 0, result.output
    staff = Staff.get(Staff.email == "kepala@puspaga.test")
    assert staff.role == "admin" and staff.unit_id == dummy_unit.id and staff.check_password("a-long-password")


def test_create_admin_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@puspaga.test", "--name", "A"], input="short\nshort\n")
    assert result.exit_code != 0 and not Staff.select().exists()


def test_seed_demo_needs_demo_mode(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "PORTAL_DEMO" in result.output
    assert not Staff.select().exists()


def test_seed_demo_creates_the_documented_logins_once(app, runner):
    app.config["DEMO"] = True
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    assert {u.timezone for u in Unit.select()} == {"Asia/Makassar", "Asia/Jakarta"}
    for email in ("admin@puspaga.test", "koordinator@puspaga.test", "konselor@puspaga.test", "fasilitator@puspaga.test"):
        assert Staff.by_email(email).check_password("puspaga-demo")
    assert Staff.by_email("admin@puspaga.test").is_org_admin


def test_backup_copies_the_sqlite_database(runner, dummy_unit, tmp_path):
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM unit").fetchall() == [(dummy_unit.name,)]


@pytest.mark.engines("postgresql")
def test_backup_on_postgresql_prints_pg_dump(runner):
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0 and result.output.startswith("pg_dump --format=custom")


def test_a_backup_without_a_name_is_named_for_the_portals_clock_in_utc(app, runner, dummy_unit, clock):
    from datetime import datetime
    from pathlib import Path

    clock.at(datetime(2027, 1, 1, 0, 30))  # 08.30 WITA on New Year's Day: the name keeps UTC
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    (made,) = Path(app.instance_path).glob("backup-20270101-0030[0-5][0-9]Z.sqlite3")  # the clock ticks on
    assert str(made) in result.output
    made.unlink()


@pytest.mark.engines("postgresql")
def test_the_pg_dump_command_names_its_file_for_the_portals_clock(runner, clock):
    from datetime import datetime

    clock.at(datetime(2027, 1, 1, 0, 30))
    assert re.search(r"--file=puspaga-20270101-0030[0-5]\dZ\.dump", runner.invoke(args=["backup"]).output)
