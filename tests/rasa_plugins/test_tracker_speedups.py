"""The tracker's speed-ups (rasa_plugins/tracker_speedups.py): the copy without replay, the
slot copy and the kept applied events give what Rasa's own code gives, for any sequence of
events, and a test fails when the Rasa code they replace changes shape."""

import copy
import inspect

import pytest
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
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import model_inputs, speedups, tracker_speedups

DOMAIN = Domain.load(model_inputs.ROOT / "domain.yml")
SLOTS = sorted(s.name for s in DOMAIN.slots if s.type_name in ("text", "any"))[:4]
rasas_copy = speedups.ORIGINALS["tracker_copy"]
rasas_applied_events = speedups.ORIGINALS["applied_events"]


def state(tracker):
    """Everything a tracker holds: events by identity (both copies share them), the rest by
    value, each slot with whether it has been set."""
    held = {k: v for k, v in vars(tracker).items() if k != tracker_speedups.MEMO}
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


def test_init_copy_is_still_the_constructor_call_the_copy_makes():
    """copy_tracker builds init_copy's tracker itself, without the slots it copies after."""
    source = inspect.getsource(DialogueStateTracker.init_copy)
    body = "".join(source.split('"""')[2].split())  # the code after the docstring, no spaces
    assert body == (
        "returnDialogueStateTracker(self.sender_idorDEFAULT_SENDER_ID,self.slots.values(),"
        "self._max_event_history,is_rule_tracker=self.is_rule_tracker,)"
    )


def test_the_tracker_state_is_still_the_attributes_the_copy_carries():
    fresh = DialogueStateTracker("someone", DOMAIN.slots)
    made_at_start = {"_max_event_history", "events", "sender_id", "slots", "sender_source",
                     "is_rule_tracker", "model_id", "assistant_id"}  # fmt: skip
    assert set(vars(fresh)) == made_at_start | set(tracker_speedups.TRACKER_STATE)
    reset = inspect.getsource(DialogueStateTracker._reset)
    assert all(f"self.{name} =" in reset for name in tracker_speedups.TRACKER_STATE)
    assert "self.slots = {slot.name: copy.copy(slot)" in inspect.getsource(
        DialogueStateTracker.__init__
    )


# ---------------------------------------------------------------- slot copy
def generic_copy(slot):
    """copy.copy's own way for an object without __copy__ (the pickle protocol)."""
    return copy._reconstruct(slot, None, *slot.__reduce_ex__(4))


@pytest.mark.parametrize("slot", DOMAIN.slots, ids=lambda s: s.name)
def test_a_slot_copy_is_the_generic_copy(slot):
    slot = copy.copy(slot)
    slot.value = slot.initial_value if slot.type_name != "text" else "x"
    ours, generic = copy.copy(slot), generic_copy(slot)
    assert type(ours) is type(generic) is type(slot) and ours is not slot
    assert vars(ours) == vars(generic) == vars(slot)
    ours.value = "changed"  # its own attributes, as the generic copy's
    assert slot.value != "changed" or slot.type_name == "any"


def test_no_slot_class_copies_itself_otherwise():
    """The shortcut equals copy.copy only while no slot class has its own pickling or slots."""
    own = (
        "__reduce__",
        "__reduce_ex__",
        "__getstate__",
        "__setstate__",
        "__slots__",
        "__deepcopy__",
    )
    for cls in [Slot, *all_subclasses(Slot)]:
        for klass in cls.__mro__:
            if klass is object:
                continue
            found = set(own) & set(vars(klass))
            if found == {"__slots__"} and vars(klass)["__slots__"] == ():  # abc.ABC: no slots
                continue
            assert not found, (cls, klass)
    assert Slot.__copy__ is not None and "__copy__" in vars(Slot)


# ---------------------------------------------------------------- applied events
def fresh_and_kept(events, later):
    """A tracker asked for its applied events as it grows (so extended step by step), and the
    same events on a tracker that never was."""
    grown = tracker_of(events)
    grown.applied_events()
    for event in later:
        grown.update(event)
        grown.applied_events()
    return grown, tracker_of(events + later)


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENTS, max_size=40), st.lists(EVENTS, max_size=15))
def test_applied_events_are_rasas_however_the_tracker_grew(events, later):
    grown, fresh = fresh_and_kept(events, later)
    assert grown.applied_events() == rasas_applied_events(grown)
    assert fresh.applied_events() == rasas_applied_events(fresh)
    assert grown.copy().applied_events() == rasas_applied_events(grown)
    assert grown.copy().current_state(EventVerbosity.APPLIED) == fresh.current_state(
        EventVerbosity.APPLIED
    )


FORMS = st.lists(
    st.one_of(
        st.builds(
            ActionExecuted, st.sampled_from(["profile_form", "report_form", "action_listen"])
        ),
        st.builds(ActiveLoop, st.sampled_from([None, "profile_form", "report_form"])),
        st.builds(ActionExecutionRejected, st.sampled_from(["profile_form", "report_form"])),
        st.builds(user, st.sampled_from(["inform 40", "deny nee"])),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(FORMS, FORMS)
def test_a_form_first_seen_later_changes_the_earlier_events_as_in_rasa(events, later):
    """Form executions count differently once the form's ActiveLoop is in the history."""
    grown, _ = fresh_and_kept(events, later)
    assert grown.applied_events() == rasas_applied_events(grown)


def test_the_applied_events_are_a_new_list_each_time():
    tracker = tracker_of([ActionExecuted("action_listen"), user("inform hoi")])
    first = tracker.applied_events()
    first.clear()
    assert len(tracker.applied_events()) == 2


def test_applied_events_of_a_capped_history_are_rasas():
    tracker = DialogueStateTracker("someone", DOMAIN.slots, max_event_history=2)
    for event in [ActionExecuted("action_listen"), user("inform hoi"), ActionExecuted("utter_hi")]:
        tracker.update(event)
        assert tracker.applied_events() == rasas_applied_events(tracker)
    assert tracker_speedups.MEMO not in vars(tracker)


def test_rasas_applied_events_are_still_the_loop_the_patch_continues():
    source = inspect.getsource(rasas_applied_events)
    for step in (
        "isinstance(event, ActiveLoop) and event.name",
        "isinstance(event, (Restarted, SessionStarted))",
        "self._undo_till_previous(ActionExecuted, applied_events)",
        "self._undo_till_previous(UserUttered, applied_events)",
        "self._first_loop_execution_or_unhappy_path(",
        "self._undo_till_previous_loop_execution(",
        "applied_events.append(event)",
    ):
        assert step in source, step
    assert DialogueStateTracker.applied_events is not rasas_applied_events
    # events are only ever added at the end (update), never changed in place
    assert "self.events.append(event)" in inspect.getsource(DialogueStateTracker.update)


def test_applied_events_of_replaced_events_are_worked_out_again():
    tracker = tracker_of([ActionExecuted("action_listen"), user("inform hoi")])
    tracker.applied_events()
    tracker.events = tracker._create_events([Restarted(), ActionExecuted("action_listen")])
    assert tracker.applied_events() == rasas_applied_events(tracker) == [tracker.events[1]]
