"""Real rasa_sdk Trackers for the action tests, and running an action against one."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
FORM = {"name": "profile_form"}


def make_tracker(
    slots: Dict[str, Any],
    text: str = "",
    intent: str = "inform",
    confidence: float = 0.95,
    entities: Optional[list] = None,
    metadata: Optional[dict] = None,
    after_user: bool = True,
    active_loop: Optional[dict] = None,
    events: Optional[list] = None,
    sender: str = "t",
    input_channel: Optional[str] = None,
) -> Tracker:
    """A tracker right after the user's message (or, with after_user=False, after a detour)."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    if events is None:
        user = {"event": "user", "text": text, "parse_data": latest}
        if input_channel:
            user["input_channel"] = input_channel
        events = [{"event": "action", "name": "action_listen"}, user]
        if not after_user:
            events.append({"event": "action", "name": "action_resolve_confirmation"})
    return Tracker(
        sender_id=sender,
        slots={"language": "nl", **slots},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop=FORM if active_loop is None else active_loop,
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> Tuple[List[dict], List[dict]]:
    """(messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def texts(messages: List[dict]) -> List[str]:
    return [m.get("text") or "" for m in messages]


def slots_of(events: List[dict]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}
