"""A real aiohttp action server on a free loopback port, for tests that call RemoteAction.run."""

from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable

from aiohttp import web
from rasa.shared.core.domain import Domain

# the one slot the stand-in action sets
DOMAIN = Domain.from_dict({"slots": {"employees": {"type": "any", "mappings": []}}})


@asynccontextmanager
async def serving(
    webhook: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    """The webhook URL while `webhook` answers POSTs to it."""
    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/webhook"
    finally:
        await runner.cleanup()
