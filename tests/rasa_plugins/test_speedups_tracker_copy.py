"""The tracker copy without replay (rasa_plugins/speedups.py, patch_tracker_copy): the same
tracker as Rasa's copy, for any sequence of events, and independent of the original."""

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import model_inputs, speedups

DOMAIN = Domain.load(model_inputs.ROOT / "domain.yml")
SLOTS = sorted(s.name for s in DOMAIN.slots if s.type_name in ("text", "any"))[:4]
rasas_copy = speedups.ORIGINALS["tracker_copy"]


def state(tracker):
    """Everything a tracker holds: events by identity (both copies share them), the rest by
    value, each slot with whether it has been set."""
    held = dict(vars(tracker))
    held["events"] = [id(e) for e in tracker.events]
    held["slots"] = {n: (s.value, s.has_been_set) for n, s in tracker.slots.items()}
    for name in ("latest_message", "latest_bot_utterance"):  # which event it is, if one
        found = [i for i, e in enumerate(tracker.events) if e is held[name]]
        held[name] = found[-1] if found else held[name]
    return held, tracker.current_state(EventVerbosity.ALL)


def user(text):
    intent = {"name": text.split()[0], "confidence": 0.9}
    return UserUttered(text, intent, [], {"text": text, "intent": intent, "entities": []})


EVENTS = st.one_of(
    st.builds(ActionExecuted, st.sampled_from(["action_listen", "profile_form", "utter_hi"])),
    st.builds(user, st.sampled_from(["inform we zijn met 40", "dont_know", "affirm ja"])),
    st.builds(SlotSet, st.sampled_from(SLOTS), st.one_of(st.none(), st.text(max_size=5))),
    st.builds(ActiveLoop, st.sampled_from([None, "profile_form", "report_form"])),
    st.builds(LoopInterrupted, st.booleans()),
    st.builds(ActionExecutionRejected, st.just("profile_form")),
    st.builds(BotUttered, st.sampled_from(["Hoeveel mensen?", "Thanks"])),
    st.builds(FollowupAction, st.just("action_resolve_confirmation")),
    st.sampled_from(
        [
            Restarted,
            SessionStarted,
            ActionReverted,
            UserUtteranceReverted,
            AllSlotsReset,
            ConversationPaused,
            ConversationResumed,
        ]  # fmt: skip
    ).map(lambda cls: cls()),
)


def tracker_of(events):
    tracker = DialogueStateTracker("someone", DOMAIN.slots)
    tracker.model_id, tracker.assistant_id = "model-1", "wereldwijs"
    for event in events:
        tracker.update(event)
    return tracker


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENTS, max_size=40))
def test_the_copy_is_the_tracker_rasas_copy_gives(events):
    tracker = tracker_of(events)
    assert state(tracker.copy()) == state(rasas_copy(tracker))


@settings(max_examples=100, deadline=None)
@given(st.lists(EVENTS, max_size=20), st.lists(EVENTS, min_size=1, max_size=10))
def test_changing_the_copy_leaves_the_original_as_it_was(events, later):
    tracker = tracker_of(events)
    before = state(rasas_copy(tracker))
    duplicate = tracker.copy()
    for event in later + [LoopInterrupted(True), ActionExecutionRejected("profile_form")]:
        duplicate.update(event)
    assert state(rasas_copy(tracker)) == before
    assert len(tracker.events) == len(events)


def test_a_tracker_with_a_capped_history_takes_rasas_copy():
    tracker = DialogueStateTracker("someone", DOMAIN.slots, max_event_history=3)
    for event in [ActionExecuted("action_listen"), user("inform hoi"), SlotSet(SLOTS[0], "x"),
                  ActionExecuted("utter_hi"), ActiveLoop("profile_form")]:  # fmt: skip
        tracker.update(event)
    assert state(tracker.copy()) == state(rasas_copy(tracker))


# ---------------------------------------------------------------- Rasa still in shape
def test_rasas_copy_is_still_a_replay_of_every_event_on_init_copy():
    assert rasas_copy.__qualname__ == "DialogueStateTracker.copy"
    assert 'self.travel_back_in_time(float("inf"))' in inspect.getsource(rasas_copy)
    travel = inspect.getsource(DialogueStateTracker.travel_back_in_time)
    assert "tracker = self.init_copy()" in travel and "tracker.update(event)" in travel
    assert DialogueStateTracker.copy is not rasas_copy


def test_the_tracker_state_is_still_the_attributes_the_copy_carries():
    fresh = DialogueStateTracker("someone", DOMAIN.slots)
    made_at_start = {"_max_event_history", "events", "sender_id", "slots", "sender_source",
                     "is_rule_tracker", "model_id", "assistant_id"}  # fmt: skip
    assert set(vars(fresh)) == made_at_start | set(speedups.TRACKER_STATE)
    reset = inspect.getsource(DialogueStateTracker._reset)
    assert all(f"self.{name} =" in reset for name in speedups.TRACKER_STATE)
    assert "self.slots = {slot.name: copy.copy(slot)" in inspect.getsource(
        DialogueStateTracker.__init__
    )
