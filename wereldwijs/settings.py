"""Settings from the environment, read in one place (secrets never live in the repository).

Pure functions of a mapping (``os.environ`` in the servers, a dict in tests).
"""

from __future__ import annotations

import logging
from typing import Mapping

from wereldwijs.vocabulary import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def slack_api_url(env: Mapping[str, str], configured: str = "") -> str:
    """Slack's Web API base URL (a credential, else SLACK_API_URL, else Slack's own), with the
    trailing slash slack_sdk needs."""
    url = configured or env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def quiet_slack_sdk() -> None:
    """slack_sdk logs request bodies (message texts) at DEBUG level: keep them out of the logs."""
    logging.getLogger("slack_sdk").setLevel(logging.INFO)


def advisor_language(env: Mapping[str, str]) -> str:
    """The language of summaries for advisors (ADVISOR_LANGUAGE, default Dutch)."""
    lang = (env.get("ADVISOR_LANGUAGE") or DEFAULT_LANGUAGE).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
