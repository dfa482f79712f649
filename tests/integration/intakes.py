"""Holding whole intakes through the REST channel, as a person would: free text for numbers,
years and places, the question's buttons (their real payloads) for closed questions, "weet ik
niet" for anything the test profile leaves open."""

from __future__ import annotations

from typing import Any, Dict

from actions.replies import answer_payload
from tests.integration.servers import RestClient

TYPED = ("employees", "home_region", "founding_year", "first_export_year", "first_import_year")
TYPED += ("first_export_country", "main_export_country", "export_countries_count")
TYPED += ("subsidiary_countries", "sector")
MAX_TURNS = 70


def message_for(slot: str, answers: Dict[str, Any]) -> str:
    if slot not in answers:
        return "weet ik niet"
    value = answers[slot]
    return str(value) if slot in TYPED else answer_payload(value)


def hold_intake(client: RestClient, answers: Dict[str, Any], handoff: bool = False) -> dict:
    """The whole intake (core, then the deeper round); with ``handoff`` the offered hand-off is
    accepted. Returns the final slots."""
    client.say("ik wil exporteren, kan je helpen?")
    for _ in range(MAX_TURNS):
        tracker = client.tracker()
        slots, loop = tracker["slots"], (tracker.get("active_loop") or {}).get("name")
        pending = slots.get("pending_confirmation")
        if pending in ("start", "deeper"):
            client.say("/affirm")
        elif pending == "handoff":
            if handoff:
                client.say("/affirm")
            return client.slots()
        elif pending:
            client.say("/deny")
        elif loop and slots.get("requested_slot"):
            client.say(message_for(slots["requested_slot"], answers))
        else:
            return slots
    raise AssertionError(f"the intake did not end in {MAX_TURNS} turns: {client.slots()}")
