"""Guards of rasa_plugins/resilience.py: the Rasa code it patches keeps the shape it relies on."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import resilience
from tests.integration.servers import free_port


def test_patched_functions_keep_their_signatures():
    resilience.install()
    original_run = resilience.ORIGINALS["RemoteAction.run"]
    original_handle = resilience.ORIGINALS["MessageProcessor.handle_message"]
    assert list(inspect.signature(original_run).parameters) == [
        "self", "output_channel", "nlg", "tracker", "domain"
    ]  # fmt: skip
    assert list(inspect.signature(original_handle).parameters) == ["self", "message"]
    assert RemoteAction.run is not original_run
    assert MessageProcessor.handle_message is not original_handle
    # the tracker is saved at the end of handle_message only: a dropped turn saves nothing
    source = inspect.getsource(original_handle)
    assert source.count("save_tracker(") == 2 and "should_save_tracker=False" in source


def run_remote(url):
    resilience.install()
    domain = Domain.empty()
    action = RemoteAction("action_anything", EndpointConfig(url))
    tracker = DialogueStateTracker("guard", domain.slots)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return asyncio.run(action.run(CollectingOutputChannel(), nlg, tracker, domain))


def test_unreachable_action_server_becomes_service_unavailable():
    with pytest.raises(resilience.ServiceUnavailable) as caught:
        run_remote(f"http://127.0.0.1:{free_port()}/webhook")
    assert caught.value.part == "action server"
    assert not isinstance(caught.value, Exception), "Rasa's `except Exception` must not eat it"


@pytest.mark.parametrize(
    "metadata, message, slot, expected",
    [
        ({"language": "en"}, "hallo", "nl", "en"),
        (None, "I would like some advice please", "nl", "en"),
        (None, "ok", "en", "en"),
        (None, "", None, "nl"),
        ("not a dict", "ik wil graag advies over export", None, "nl"),
    ],
)
def test_failure_language(metadata, message, slot, expected):
    assert resilience.failure_language(metadata, message, slot) == expected
