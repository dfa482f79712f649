"""The lock store two servers share: Rasa's RedisLockStore races, ours does not (real Redis)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from rasa.core.lock_store import LockError, RedisLockStore

from rasa_plugins.lock_store import AtomicRedisLockStore
from tests.integration.services import redis


@pytest.fixture
def red(tmp_path):
    with redis(tmp_path) as instance:
        yield instance


def test_rasa_redis_lock_store_issues_one_ticket_twice(red):
    """Two servers taking a ticket at the same moment: Rasa's read-modify-write (GET, append,
    SET) gives both the same number, so both would process the conversation at once. This is
    the interleaving, step by step, of RedisLockStore.issue_ticket on two servers."""
    one, two = (RedisLockStore(host="127.0.0.1", port=red.port) for _ in range(2))
    lock_one = one.get_or_create_lock("c")
    lock_two = two.get_or_create_lock("c")
    ticket_one, ticket_two = lock_one.issue_ticket(60), lock_two.issue_ticket(60)
    one.save_lock(lock_one)
    two.save_lock(lock_two)
    assert ticket_one == ticket_two
    stored = one.get_lock("c")
    assert not stored.is_locked(ticket_one) and not stored.is_locked(ticket_two)


def hold_in_threads(stores, conversation, rounds):
    """Each store (one per 'server') in its own thread and event loop takes the lock `rounds`
    times; returns the highest number of holders seen at once."""
    holders, most, guard = [0], [0], threading.Lock()

    async def work(store):
        for _ in range(rounds):
            async with store.lock(conversation, lock_lifetime=30):
                with guard:
                    holders[0] += 1
                    most[0] = max(most[0], holders[0])
                await asyncio.sleep(0.005)
                with guard:
                    holders[0] -= 1

    threads = [threading.Thread(target=asyncio.run, args=(work(s),)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return most[0]


def test_atomic_lock_store_has_one_holder_at_a_time(red):
    stores = [AtomicRedisLockStore(host="127.0.0.1", port=red.port) for _ in range(4)]
    assert hold_in_threads(stores, "conversation", rounds=25) == 1
    assert red.client().keys("*mutex*") == [], "every lock released"


def test_atomic_lock_is_released_only_by_its_holder_and_expires(red):
    store = AtomicRedisLockStore(host="127.0.0.1", port=red.port)
    assert store.try_acquire("c", "mine", 0.3)
    assert not store.try_acquire("c", "theirs", 0.3)
    assert not store.release("c", "theirs"), "another's token cannot release the lock"
    time.sleep(0.4)
    assert store.try_acquire("c", "theirs", 5), "a dead holder's lock expires"
    assert store.release("c", "theirs")


def test_atomic_lock_gives_up_after_the_lifetime(red):
    store = AtomicRedisLockStore(host="127.0.0.1", port=red.port)
    assert store.try_acquire("busy", "someone", 30)

    async def wait():
        async with store.lock("busy", lock_lifetime=0.3):
            pass

    with pytest.raises(LockError):
        asyncio.run(wait())


def test_rasa_builds_it_from_the_endpoints_section(red):
    """As `rasa run` does from endpoints.yml (services.py gives the same section)."""
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    section = red.lock_store("rasa_plugins.lock_store.AtomicRedisLockStore")
    store = LockStore.create(EndpointConfig.from_dict(section))
    assert isinstance(store, AtomicRedisLockStore)
    assert store.try_acquire("built", "t", 5) and store.release("built", "t")
