"""The report as an HTML page and as a PDF (WeasyPrint prints the same HTML: one template)."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import jinja2

from wereldwijs import content
from wereldwijs.report.model import Report


@lru_cache(maxsize=None)
def template(name: str) -> jinja2.Template:
    """A page template from content/templates (markup only: every word comes from the texts)."""
    source = content.path(f"templates/{name}").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True).from_string(source)


def to_html(report: Report, download: Optional[str] = None) -> str:
    """The page; ``download`` (the PDF's address) adds a download link at the top."""
    return template("report.html.j2").render(r=report, download=download)


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: a page view needs no Pango

    return HTML(string=to_html(report)).write_pdf()
