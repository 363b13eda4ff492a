"""Command-line tasks: migrate, create an admin, seed the demo (backup and restore: tests/test_backup.py)."""
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
