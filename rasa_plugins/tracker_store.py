"""SQL tracker store that really forgets.

Rasa's SQL store only appends events, so a `Restarted` event resets the conversation state but
keeps everything said before in the database. Wereldwijs emits `Restarted` only when a user
confirms "delete my data" (intent forget_me; "start over" is a confirmed slot reset instead),
so this store deletes the stored events of that conversation up to the restart.
"""

from __future__ import annotations

from typing import Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker

from wereldwijs.desk.store import erase_handoffs


def last_restart(tracker: DialogueStateTracker) -> Optional[float]:
    for event in reversed(tracker.events):
        if isinstance(event, Restarted):
            return event.timestamp
    return None


class ForgetfulSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        restart = last_restart(tracker)
        if restart is None:
            return
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id == tracker.sender_id,
                self.SQLEvent.timestamp <= restart,
            ).delete(synchronize_session=False)
            session.commit()
        erase_handoffs(self.engine, [tracker.sender_id])  # the desk's record and contact too
