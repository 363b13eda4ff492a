"""The one table `make bench` prints, in Markdown: each figure beside its budget.

Budgets are issue 15's unless marked `*` (the bench's own, kept from before it).
"""
from dataclasses import dataclass

COLUMNS = ("page", "req/s", "ratio to bare", "budget", "within budget?", "latency p50 / p99", "errors")


@dataclass(frozen=True)
class Row:
    page: str
    figure: str
    ratio: str = "—"
    budget: str = "—"
    verdict: str = "—"
    latency: str = "—"
    errors: str = "—"


def throughput(label, page, bare=None, at_least=None):
    """Requests per second (wrk results), and their ratio to the bare rounds run beside them; no `bare`: a baseline."""
    ratio = page.requests_per_second / bare.requests_per_second if bare else 1
    return Row(
        label, f"{page.requests_per_second:,.0f}", f"{ratio:.2f}" if bare else "1",
        budget=f"≥ {at_least}" if at_least else "—",
        verdict=verdict(at_least is not None and ratio >= at_least, at_least is not None, page.errors),
        latency=f"{page.p50_ms:.1f} / {page.p99_ms:.1f} ms",
        errors=f"{page.errors:,}",
    )


def measured(label, shown, budget="—", within=None, ratio="—"):
    """A figure that is not a throughput (a time, a count), `shown` as text; `within` its budget, when it has one."""
    return Row(label, shown, ratio, budget, verdict(within, budget != "—"))


def verdict(within, has_budget, errors=0):
    if errors:
        return f"no: {errors:,} errors"  # a figure of failed answers is not a throughput
    if not has_budget:
        return "—"
    return "yes" if within else "no"


def render(rows):
    """The rows as a Markdown table, columns padded for a terminal."""
    cells = [COLUMNS, *((r.page, r.figure, r.ratio, r.budget, r.verdict, r.latency, r.errors) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths)) + " |" for line in cells]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
