"""Puspaga Portal: the web system of a Pusat Pembelajaran Keluarga."""
import logging
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask

from portal import auth, cli, config, crypto, db, errors, forms, htmx, i18n, security

ROOT = Path(__file__).resolve().parent.parent


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
    # WeasyPrint reports every layout step at INFO, some while it is imported; the log keeps only its warnings.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    for extension in (db, security, htmx, i18n, forms, crypto, auth, errors, cli):
        extension.init_app(app)
    register_blueprints(app)
    return app


def register_blueprints(app):
    """Mount every feature's routes."""
    from portal.audit.views import bp as audit_bp
    from portal.certificates import staff_views as certificate_staff_views
    from portal.certificates import views as certificate_views
    from portal.classes import staff_views
    from portal.classes import views as class_views
    from portal.registrations import staff_views as registration_staff_views
    from portal.registrations import views as registration_views
    from portal.availability.views import bp as availability_bp
    from portal.counseling import staff_views as counseling_staff_views
    from portal.cases import views as case_views
    from portal.counseling import views as counseling_views
    from portal.inquiries import staff_views as inquiry_staff_views
    from portal.inquiries import views as inquiry_views
    from portal.people.views import bp as people_bp
    from portal.public.views import bp as public_bp
    from portal.reports.views import bp as reports_bp
    from portal.staff.views import bp as staff_bp
    from portal.units.staff_views import bp as units_bp
    from portal.units.views import bp as unit_public_bp

    for blueprint in (
        public_bp, unit_public_bp, class_views.bp, registration_views.bp, staff_bp, units_bp, audit_bp,
        staff_views.bp, registration_staff_views.bp, certificate_views.bp, certificate_staff_views.bp, counseling_views.bp,
        counseling_staff_views.bp, availability_bp, inquiry_views.bp, inquiry_staff_views.bp, case_views.bp, reports_bp,
        people_bp,
    ):
        app.register_blueprint(blueprint)
