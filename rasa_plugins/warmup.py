"""The Rasa server warms itself up before it reports ready, so the first person waits no longer
than the hundredth.

Cold, the first message pays for TensorFlow building DIET's graph, spaCy's stop-word lists
(language detection) and the first calls to the action server: seconds. `rasa run` loads the
model in a `before_server_start` listener, so the server answers nothing (/status included)
until `Agent.load_model` returns. The patch `load_model_then_warm_up` (installed by
rasa_plugins.speedups) runs, right after the model is loaded: a parse in each language and one
whole turn through the action server, on a throwaway in-memory tracker store, so the warm-up
leaves no conversation in the real store; and the real store's reads and writes, the writes
rolled back (rasa_plugins/event_rows.py, `warm_up`). It runs in its own thread and event loop,
because `load_model` is called inside Rasa's running loop and must return a loaded, warm agent.
A warm-up that fails or takes over a minute (the action server not up yet) is logged and
skipped; the server starts. The loop is blocked meanwhile (as by Rasa's own model loading), so no
request ever sees the throwaway store, also when a model is replaced through the HTTP API.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from types import ModuleType
from typing import Any, Callable, Dict, List

logger = logging.getLogger(__name__)

SENDER = "wereldwijs-warmup"
# A parse in each language; the turn uses the Dutch one (the default language).
MESSAGES = (
    "Hallo, ik wil graag advies over export naar Duitsland",
    "Hello, we would like advice on exporting to Germany",
)
# Rasa waits up to 5 minutes for an action server; a warm-up gives up sooner and the server starts.
TURN_TIMEOUT_S = 60
# patch name -> the Rasa function it replaced
ORIGINALS: Dict[str, Callable[..., Any]] = {}


async def warm_up(agent: Any) -> List[str]:
    """Parse each message, then one whole turn on a throwaway tracker store; what was done."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.tracker_store import InMemoryTrackerStore

    done = []
    for text in MESSAGES:
        await agent.parse_message(text)
    done.append(f"{len(MESSAGES)} parses")
    processor = agent.processor
    real_store = processor.tracker_store
    store = real_store
    while hasattr(store, "_tracker_store"):  # inside Rasa's FailSafe and Awaitable wrappers
        store = store._tracker_store
    if hasattr(store, "warm_up"):
        store.warm_up(SENDER)
        done.append("the tracker store's reads and writes (rolled back)")
    if agent.action_endpoint is None:
        return done
    processor.tracker_store = InMemoryTrackerStore(agent.domain)
    try:
        message = UserMessage(MESSAGES[0], CollectingOutputChannel(), sender_id=SENDER)
        await asyncio.wait_for(agent.handle_message(message), TURN_TIMEOUT_S)
        tracker = await processor.tracker_store.retrieve(SENDER)
        calls = sum(1 for e in tracker.events if getattr(e, "action_name", None))
        done.append(f"a turn with {calls} actions")
    finally:
        processor.tracker_store = real_store
    return done


async def warm_up_then_close(agent: Any) -> List[str]:
    """The warm-up, then its loop's action-server connections closed (the loop ends after)."""
    from rasa_plugins import speedups

    try:
        return await warm_up(agent)
    finally:
        await speedups.CONNECTORS.close()


def run_warm_up(agent: Any) -> None:
    """Warm up in a thread with its own event loop; never raises."""
    outcome: Dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["done"] = asyncio.run(warm_up_then_close(agent))
        except Exception as e:  # a warm-up must never keep the server from starting
            outcome["error"] = f"{type(e).__name__}: {e}"

    started = time.perf_counter()
    thread = threading.Thread(target=target, name="wereldwijs-warmup")
    thread.start()
    thread.join()
    seconds = time.perf_counter() - started
    if "error" in outcome:
        logger.warning("Warm-up skipped after %.1f s: %s", seconds, outcome["error"])
    else:
        logger.info("Warm-up done in %.1f s: %s", seconds, ", ".join(outcome["done"]))


def patch_agent(agent_module: ModuleType) -> None:
    agent_class = agent_module.Agent
    if "load_model" in ORIGINALS:
        return
    original = agent_class.load_model

    def load_model_then_warm_up(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        run_warm_up(self)

    ORIGINALS["load_model"] = original
    agent_class.load_model = load_model_then_warm_up
