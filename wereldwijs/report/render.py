"""The report as an HTML page and as a PDF (WeasyPrint prints the same HTML: one template)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from wereldwijs.report.model import Report

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )


def to_html(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(r=report)


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: a page view needs no Pango

    return HTML(string=to_html(report)).write_pdf()
