"""The profiles as a table shaped like the survey's questionnaire, for researchers: one row per
conversation, columns named by question (A2_employees, B12_export_regions, ...), lists joined with
";" (an empty cell in a list column is the answer "none"; a missing one is unknown), the
classification after them.

No personal data: the conversation id is replaced by a keyed pseudonym (HMAC with a secret kept
in the database, so the same conversation keeps its pseudonym across exports but cannot be traced
back without the database), the free-text sector (A1) and contacts are left out, and the date is
the day only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Dict, List

import pandas as pd

from wereldwijs.desk.profiles import Conversation
from wereldwijs.vocabulary import CLASSIFICATION_VALUES, COUNTRY_LIST_SLOTS, LIST_SLOTS

# profile slot -> questionnaire column (survey report, appendix; see CONTRACT.md)
QUESTIONS: Dict[str, str] = {
    "home_region": "A0_home_region",
    "employees": "A2_employees",
    "founding_year": "A3_founding_year",
    "turnover": "A4_turnover",
    "offering": "A5_offering",
    "rnd_share": "A6_rnd_share",
    "niche_score": "A7_niche_score",
    "differentiation": "A8_differentiation",
    "relevant_market": "A9_relevant_market",
    "family_firm": "A10_family_firm",
    "mgmt_experience": "A12_mgmt_experience",
    "imports": "B1_imports",
    "first_import_year": "B2_first_import_year",
    "exports": "B5_exports",
    "first_export_year": "B6_first_export_year",
    "first_export_country": "B7_first_export_country",
    "main_export_country": "B10_main_export_country",
    "export_countries_count": "B11_export_countries_count",
    "export_countries": "B11b_export_countries",
    "export_regions": "B12_export_regions",
    "foreign_sales_share": "B14_foreign_sales_share",
    "export_outlook": "B19_export_outlook",
    "export_barriers": "B21_export_barriers",
    "other_activities": "C1_other_activities",
    "subsidiary_countries": "C1b_subsidiary_countries",
    "motive": "C4_motive",
    "trigger": "C5_trigger",
    "priority": "P1_priority",
    "support_needs": "D3_support_needs",
}
LEFT_OUT = ("sector",)  # free text (A1): may name the firm or a person
PSEUDONYM_SECRET = "export_pseudonym_secret"


def pseudonym(sender_id: str, secret: str) -> str:
    return hmac.new(secret.encode(), sender_id.encode(), hashlib.sha256).hexdigest()[:16]


def _cell(slot: str, value):
    if value is None:
        return None
    if slot in LIST_SLOTS or slot in COUNTRY_LIST_SLOTS:
        return ";".join(value)
    return value


def profile_row(conversation: Conversation, secret: str) -> Dict[str, object]:
    profile, c = conversation.profile, conversation.classification
    row: Dict[str, object] = {
        "conversation": pseudonym(conversation.sender_id, secret),
        "day": dt.datetime.utcfromtimestamp(conversation.last_seen).date().isoformat(),
        "language": conversation.language,
    }
    for slot, column in QUESTIONS.items():
        row[column] = _cell(slot, getattr(profile, slot))
    for name in CLASSIFICATION_VALUES:
        row[f"class_{name}"] = getattr(c, name)
    row["class_recommended_orgs"] = ";".join(c.recommended_orgs)
    return row


def profile_table(conversations: List[Conversation], secret: str) -> pd.DataFrame:
    columns = ["conversation", "day", "language", *QUESTIONS.values()]
    columns += [f"class_{n}" for n in CLASSIFICATION_VALUES] + ["class_recommended_orgs"]
    rows = [profile_row(c, secret) for c in conversations]
    frame = pd.DataFrame(rows, columns=columns)
    for column in QUESTIONS.values():  # whole numbers stay whole despite empty cells
        if frame[column].map(lambda v: isinstance(v, int) and not isinstance(v, bool)).any():
            frame[column] = frame[column].astype("Int64")
        elif frame[column].map(lambda v: isinstance(v, bool)).any():
            frame[column] = frame[column].astype("boolean")
    return frame
