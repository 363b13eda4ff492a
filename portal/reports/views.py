"""Reports: a unit's figures (or every unit's, for organisation admins) by month, quarter, year or range."""
from babel.dates import get_month_names
from flask import Blueprint, flash, request, url_for
from flask_babel import format_number, format_percent, get_locale, gettext as _
from flask_login import current_user

from portal.audit.services import record
from portal.auth import MANAGERS, guard, roles
from portal.htmx import redirect_to, render
from portal.reports import exports, figures
from portal.reports.periods import KINDS, QUARTERS, period_from
from portal.reports.periods import Scope
from portal.security import no_store

bp = Blueprint("reports", __name__, url_prefix="/staf/laporan")
guard(bp)
bp.after_request(no_store)



def asked():
    """The scope and period the query string asks for, and what was wrong with it (or None)."""
    scope, unit_problem = Scope.of(current_user, request.args.get("unit", ""))
    period, period_problem = period_from(request.args, scope.today())
    return scope, period, unit_problem or period_problem


@bp.get("/")
@roles(*MANAGERS)
def overview():
    """The figures of a period as headline numbers, charts and tables, with the period picker and downloads."""
    return report_page("reports/overview.html", ".overview", report=figures.build)


@bp.get("/ikm")
@roles(*MANAGERS)
def satisfaction():
    """The satisfaction index of a period (SKM/IKM): the grade, each element's chart, the respondents against the
    sample the regulation asks, and the suggestions; with the one-page publication."""
    return report_page("reports/satisfaction.html", ".satisfaction", satisfaction=figures.satisfaction)


def report_page(template, endpoint, **figured):
    """A report page for the asked scope and period, with the picker and the figures `figured` names (each built
    from the units' zones and the period); a picker's unused fields are dropped."""
    scope, period, problem = asked()
    args = arguments(scope, period)
    if "periode" in request.args and not problem and set(request.args) - set(as_text(args)):
        return redirect_to(url_for(endpoint, **args))  # the picker sends every field: keep the used ones
    figures_of = {name: build(scope.zones(), period) for name, build in figured.items()}
    return render(template, scope=scope, period=period, **figures_of,
                  problem=problem, args=args, earlier=arguments(scope, period.shifted(-1)),
                  later=arguments(scope, period.shifted(1)), period_kinds=KINDS, quarters=QUARTERS,
                  months=get_month_names("wide", "stand-alone", locale=get_locale()), endpoint=f"reports{endpoint}")


def arguments(scope, period):
    """The query string that asks for this scope and period (None when there is no such period)."""
    return dict(period.query(), unit=scope.unit_arg) if period else None


def as_text(args):
    """Query arguments as the strings a request carries."""
    return {name: str(value) for name, value in args.items() if value is not None}


@bp.context_processor
def number_formats():
    """Counts and rates written the local way: 1.234 and 12,5% in Indonesian."""
    return {"number": format_number, "percent": lambda rate: format_percent(rate, "#,##0.0%"),
            "shown_from": figures.SHOWN_FROM}


@bp.get("/laporan.csv")
@roles(*MANAGERS)
def report_csv():
    """Every table of the page as one CSV file."""
    return download("csv", exports.csv_response)


@bp.get("/laporan.xlsx")
@roles(*MANAGERS)
def report_xlsx():
    """Every table of the page as an Excel workbook, a sheet per table."""
    return download("xlsx", exports.xlsx_response)


@bp.get("/laporan.pdf")
@roles(*MANAGERS)
def report_pdf():
    """The one-page report for the head of office, on the unit's letterhead; one unit at a time."""
    return download("pdf", exports.pdf_response, one_unit=True)


@bp.get("/ikm.pdf")
@roles(*MANAGERS)
def satisfaction_pdf():
    """The index of a unit and period as the one page an office posts (PermenPAN-RB 14/2017)."""
    return download("ikm.pdf", exports.satisfaction_pdf_response, figures.satisfaction, one_unit=True,
                    page=".satisfaction")


def download(kind, respond, build=figures.build, one_unit=False, page=".overview"):
    """Send an export of the asked report (`build` makes its figures) and audit it; a bad query, or several
    units for a file that is `one_unit`'s, goes back to the `page`, which explains."""
    scope, period, problem = asked()
    if problem or (one_unit and scope.unit is None):
        if not problem:
            flash(_("Pilih satu unit untuk mencetak laporan PDF."), "info")
        return redirect_to(url_for(page, **request.args))
    record("report.export", current_user, scope.unit, f"{kind} {scope.code} {period.slug()}",
           unit_id=scope.unit.id if scope.unit else None)
    return respond(scope, period, build(scope.zones(), period))
