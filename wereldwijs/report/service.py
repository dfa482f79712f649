"""Making a report from a conversation's slots: the function the report channel runs in a
separate process (plain data in, bytes out, so it pickles)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from wereldwijs.core.classify import classify
from wereldwijs.report.model import build_report
from wereldwijs.report.render import to_html, to_pdf
from wereldwijs.vocabulary import DEFAULT_LANGUAGE, LANGUAGES, FirmProfile

FORMATS = ("html", "pdf")


def render(slots: Dict[str, Any], fmt: str, download: Optional[str] = None) -> Optional[bytes]:
    """The report as HTML or PDF bytes, in the conversation's language; None with no profile.
    ``download``: the PDF's address, linked from the HTML page."""
    profile = FirmProfile.from_slots(slots)
    if profile.is_blank():
        return None
    lang = slots.get("language") if slots.get("language") in LANGUAGES else DEFAULT_LANGUAGE
    report = build_report(profile, classify(profile), lang)
    return to_pdf(report) if fmt == "pdf" else to_html(report, download).encode("utf-8")
