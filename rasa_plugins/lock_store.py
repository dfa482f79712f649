"""A Redis lock store whose locking is atomic, for several Rasa servers on one Redis.

Rasa 3.6's RedisLockStore keeps a ticket queue per conversation as one JSON value and changes it
by read-modify-write (`issue_ticket`: GET, append a ticket, SET). Two servers taking a ticket
for the same conversation at the same moment both read the same queue and both get the same
number, so both process a message of that conversation at once (tracker events interleave or
one turn's events are lost); `cleanup` can also delete a lock another server just queued on.
tests/integration/test_cluster_lock.py shows the race with Rasa's own store.

Here one Redis key per conversation is the lock itself: `SET key token NX PX lifetime` takes it
atomically, a Lua script deletes it only when it still holds our token, so a server can never
release another's lock. A server that dies holding it blocks the conversation at most for the
lock lifetime (TICKET_LOCK_LIFETIME, Rasa's setting, default 60 s). Waiters poll every 20 ms;
there is no strict first-come order, which only matters for one person's messages sent at the
same instant (the same holds for Rasa's store under its race).

    lock_store:
      type: rasa_plugins.lock_store.AtomicRedisLockStore
      url: redis.example
      port: 6379
"""

from __future__ import annotations

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.02
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(
        self, host: Text = "localhost", endpoint_config: Optional[EndpointConfig] = None, **kwargs
    ) -> None:
        # Rasa builds a custom lock store as cls(endpoint_config=...) (lock_store.py,
        # _load_from_module_name_in_endpoint_config); its own Redis store takes the parts.
        if endpoint_config is not None:
            host = endpoint_config.url or host
            kwargs = {**endpoint_config.kwargs, **kwargs}
        super().__init__(host=host, **kwargs)
        self.release_script = self.red.register_script(RELEASE)

    def lock_key(self, conversation_id: Text) -> Text:
        return f"{self.key_prefix}mutex:{conversation_id}"

    def try_acquire(self, conversation_id: Text, token: Text, lifetime: float) -> bool:
        key = self.lock_key(conversation_id)
        return bool(self.red.set(key, token, nx=True, px=max(1, int(lifetime * 1000))))

    def release(self, conversation_id: Text, token: Text) -> bool:
        return bool(self.release_script(keys=[self.lock_key(conversation_id)], args=[token]))

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock; wait at most `lock_lifetime` for it (then LockError,
        as Rasa's store raises when a lock expires)."""
        token = uuid.uuid4().hex
        deadline = time.monotonic() + lock_lifetime
        poll = min(POLL_SECONDS, wait_time_in_seconds)
        while not self.try_acquire(conversation_id, token, lock_lifetime):
            if time.monotonic() > deadline:
                raise LockError("Could not acquire a conversation's lock in time.")
            await asyncio.sleep(poll)
        try:
            yield TicketLock(conversation_id)
        finally:
            self.release(conversation_id, token)
