"""Speed-ups of the dialogue state tracker: Rasa's results, without redoing work per call.

Installed by rasa_plugins/speedups.py (`install`), each original kept in `speedups.ORIGINALS`
and guarded by tests (tests/rasa_plugins/test_tracker_speedups.py: property tests against
Rasa's own code, and checks that fail when that code changes shape).

- `copy_tracker` (DialogueStateTracker.copy): the processor copies the tracker before each
  action it runs (3-5 a message), and Rasa's copy rebuilds the state by applying every event
  again to a fresh tracker. Here the fresh tracker gets the same events and the state they give.
- `copy_slot` (Slot.__copy__): every new tracker copies each of the domain's 50 slots with
  `copy.copy`, which goes through the generic pickle protocol (`__reduce_ex__`, copyreg). Here
  the same shallow copy (a new object of the same class with the same attributes), directly.
- `applied_events` (DialogueStateTracker.applied_events): the events that count (reverted ones
  and loop rewinds taken out) are worked out from the first event on every call, with a walk
  back through the history for each execution of a form: four to six calls a message, on
  trackers of hundreds of events. Here the result is kept on the tracker with the number of
  events it was worked out from, and extended with the events added since (the same steps,
  from where it stopped), unless a new form name appears (which changes how the earlier events
  count: then it is worked out again from the start).
"""

from __future__ import annotations

import copy
from itertools import islice
from types import ModuleType
from typing import Any, FrozenSet, List, Optional, Tuple

from rasa_plugins.speedups import ORIGINALS

# The tracker's state that events set besides the slots (DialogueStateTracker._reset), and of
# it what is changed in place, so each copy needs its own; a test fails when Rasa's tracker
# gains or loses an attribute.
TRACKER_STATE = ("_paused", "followup_action", "latest_action", "latest_message",
                 "latest_bot_utterance", "active_loop")  # fmt: skip
CHANGED_IN_PLACE = ("latest_action", "active_loop")
# Where a tracker keeps its applied events: (events counted, the last of them, the form names
# among all events then, the applied events).
MEMO = "_wereldwijs_applied_events"
Memo = Tuple[int, Any, FrozenSet[str], List[Any]]


def patch_trackers(trackers_module: ModuleType) -> None:
    patch_tracker_copy(trackers_module)
    patch_applied_events(trackers_module)


# ---------------------------------------------------------------- the copy
def takes_rasas_way(tracker: Any, tracker_class: type) -> bool:
    """A subclass, a capped history (events fall off the front), a rule tracker or slots that
    are not a plain dict (AnySlotDict): Rasa's own code, untouched."""
    return (
        type(tracker) is not tracker_class
        or tracker._max_event_history is not None
        or tracker.is_rule_tracker
        or type(tracker.slots) is not dict
    )


def patch_tracker_copy(trackers_module: ModuleType) -> None:
    tracker_class = trackers_module.DialogueStateTracker
    if "tracker_copy" in ORIGINALS:
        return
    original = tracker_class.copy
    default_sender = trackers_module.DEFAULT_SENDER_ID

    def copy_tracker(self: Any) -> Any:
        """The fresh tracker (as init_copy makes it) gets the same events and the state they
        give, copied: what the copy changes (slots, the active loop, the latest action) is its
        own; events and messages are shared, as in Rasa's copy. The applied events worked out
        for these events are valid for the copy too (the same events, in the same order)."""
        if takes_rasas_way(self, tracker_class):
            return original(self)
        # init_copy's tracker without its slots (copied below, with their values)
        tracker = tracker_class(
            self.sender_id or default_sender, (), self._max_event_history, is_rule_tracker=False
        )
        tracker.events.extend(self.events)
        tracker.slots = {name: copy.copy(slot) for name, slot in self.slots.items()}
        for name in TRACKER_STATE:
            value = getattr(self, name)
            setattr(tracker, name, copy.copy(value) if name in CHANGED_IN_PLACE else value)
        memo = self.__dict__.get(MEMO)
        if memo is not None:
            tracker.__dict__[MEMO] = memo
        return tracker

    ORIGINALS["tracker_copy"] = original
    tracker_class.copy = copy_tracker


# ---------------------------------------------------------------- slots
def patch_slot_copy(slots_module: ModuleType) -> None:
    slot_class = slots_module.Slot
    if "slot_copy" in ORIGINALS:
        return

    def copy_slot(self: Any) -> Any:
        """What copy.copy does for an object without __slots__, __reduce__ or __setstate__
        (cls.__new__(cls), then the attributes), without the pickle protocol around it."""
        duplicate = type(self).__new__(type(self))
        duplicate.__dict__.update(self.__dict__)
        return duplicate

    ORIGINALS["slot_copy"] = copy.copy
    slot_class.__copy__ = copy_slot


# ---------------------------------------------------------------- applied events
def form_names(events: Any) -> FrozenSet[str]:
    """The loop names Rasa's applied_events collects first (ActiveLoop events with a name)."""
    from rasa.shared.core.events import ActiveLoop

    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def apply_events(tracker: Any, events: Any, loops: FrozenSet[str], applied: List[Any]) -> None:
    """The body of Rasa's applied_events loop, continued on `applied` (changed in place)."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
        UserUttered,
    )

    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loops
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def still_valid(memo: Optional[Memo], events: Any) -> bool:
    """The memo was worked out from the first events of these (same objects, same order)."""
    if memo is None:
        return False
    count, last, _, _ = memo
    return count <= len(events) and (count == 0 or events[count - 1] is last)


def keep(tracker: Any, events: Any, loops: FrozenSet[str], applied: List[Any]) -> List[Any]:
    tracker.__dict__[MEMO] = (len(events), events[-1] if events else None, loops, applied)
    return list(applied)


def patch_applied_events(trackers_module: ModuleType) -> None:
    tracker_class = trackers_module.DialogueStateTracker
    if "applied_events" in ORIGINALS:
        return
    original = tracker_class.applied_events

    def applied_events(self: Any) -> List[Any]:
        """Rasa's applied events, worked out once per tracker state; a new list every call
        (callers may change it)."""
        if takes_rasas_way(self, tracker_class):
            return original(self)
        events = self.events
        memo: Optional[Memo] = self.__dict__.get(MEMO)
        if still_valid(memo, events):
            count, _, loops, done = memo
            if count == len(events):
                return list(done)
            added = islice(events, count, None)
            if form_names(added) <= loops:  # no new form: the earlier events count the same
                applied = list(done)
                apply_events(self, islice(events, count, None), loops, applied)
                return keep(self, events, loops, applied)
        loops, applied = form_names(events), []
        apply_events(self, events, loops, applied)
        return keep(self, events, loops, applied)

    ORIGINALS["applied_events"] = original
    tracker_class.applied_events = applied_events
