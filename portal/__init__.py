"""Puspaga Portal: the web system of a Pusat Pembelajaran Keluarga."""
import logging
from importlib import import_module
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask

from portal import access_log, assets, auth, cli, config, crypto, db, errors, forms, htmx, i18n, security

ROOT = Path(__file__).resolve().parent.parent
# Every feature folder of the package (docs/ARCHITECTURE.md says what each file in one holds).
FEATURES = ("public", "units", "staff", "audit", "classes", "registrations", "certificates", "availability",
            "counseling", "inquiries", "cases", "reports", "people", "notify", "surveys", "learning")


def create_app(test_config=None):
    """Build the portal app from the environment, or from `test_config` in tests."""
    load_dotenv(ROOT / ".env")
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.from_environment(app.instance_path, test_config))
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    logging.getLogger("peewee").setLevel(max(logging.INFO, logging.getLogger().level))  # its DEBUG has SQL values
    # WeasyPrint reports every layout step at INFO, some while it is imported; the log keeps only its warnings.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    # assets first: its compression, registered first, runs after every other hook has set its headers.
    for extension in (assets, db, security, htmx, i18n, forms, crypto, auth, errors, cli, access_log):
        extension.init_app(app)
    register_blueprints(app)
    return app


def register_blueprints(app):
    """Mount every feature's routes: the `bp` of its views.py (public) and of its staff_views.py (staff)."""
    for feature in FEATURES:
        for part in ("views", "staff_views"):
            if (ROOT / "portal" / feature / f"{part}.py").exists():
                app.register_blueprint(import_module(f"portal.{feature}.{part}").bp)
