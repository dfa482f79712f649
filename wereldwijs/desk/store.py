"""Wereldwijs's own tables in the conversations' database (SQLite by default, PostgreSQL in a
cluster), written through SQLAlchemy:

- ``wereldwijs_handoffs``: one row per hand-off (conversation id, when, consent, the contact the
  person gave for the advisor, the advisors' summary, the language);
- ``wereldwijs_settings``: values several servers must agree on, e.g. the report-link secret when
  ``WERELDWIJS_REPORT_SECRET`` is not set.

The database is the tracker store's: ``WERELDWIJS_DB_URL`` when set (the Makefile and scripts set
it), otherwise derived from endpoints.yml's ``tracker_store``. Profiles are never copied here: the
desk reads them from the tracker store at request time.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Iterable, List, Mapping, Optional
from urllib.parse import urlsplit

import sqlalchemy as sa
import yaml

DB_URL_VAR = "WERELDWIJS_DB_URL"
metadata = sa.MetaData()

handoffs = sa.Table(
    "wereldwijs_handoffs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("created", sa.Float, nullable=False, index=True),  # unix time
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("contact_kind", sa.String(16)),  # email | phone | None
    sa.Column("contact", sa.String(255)),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("channel", sa.String(64)),
)

settings = sa.Table(
    "wereldwijs_settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
)


SQLITE_DEFAULT = "rasa.db"
NON_SQL_STORES = {"redis", "mongod", "dynamo"}  # Rasa's other built-in tracker store types


def _expand(value):
    """``${VAR}`` expanded in a value from endpoints.yml, in nested mappings too."""
    if isinstance(value, Mapping):
        return {k: _expand(v) for k, v in value.items() if v is not None}
    return os.path.expandvars(str(value))


def url_from_endpoints(endpoints: Path) -> Optional[str]:
    """The SQLAlchemy URL of endpoints.yml's SQL tracker store (``${VAR}`` expanded), or None
    when it has no SQL tracker store (none at all, or ``type: redis``, ``mongod``, ``dynamo``).

    A store is SQL when it names a ``dialect``, or its ``type`` is ``sql`` or a class path (a
    custom store such as rasa_plugins' ForgetfulSQLTrackerStore). The URL is built as Rasa's
    SQLTrackerStore.get_db_url builds it: a ``url`` holding ``://`` is the whole URL, a
    ``url`` may carry the port (``host:5433``), ``query`` options go into the URL (e.g.
    ``sslmode: require``); SQLite defaults to ``rasa.db``, relative to the working directory.
    """
    config = (yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}).get("tracker_store")
    config = _expand(config) if isinstance(config, Mapping) else {}
    kind = config.get("type", "").lower()
    if kind in NON_SQL_STORES or not (kind or "dialect" in config):
        return None
    dialect = config.get("dialect", "sqlite")
    query = config.get("query") if isinstance(config.get("query"), Mapping) else {}
    if dialect == "sqlite":
        url = sa.engine.URL.create("sqlite", database=config.get("db", SQLITE_DEFAULT), query=query)
        return str(url.render_as_string(hide_password=False))
    host, port = config.get("url"), config.get("port")
    if host and "://" in host:
        return host
    if host:
        parsed = urlsplit(f"scheme://{host}")
        port, host = parsed.port or port, parsed.hostname or host
    url = sa.engine.URL.create(
        drivername=dialect,
        username=config.get("username"),
        password=config.get("password"),
        host=host,
        port=int(port) if port else None,
        database=config.get("db", SQLITE_DEFAULT),
        query=query,
    )
    return str(url.render_as_string(hide_password=False))


def database_url(env: Mapping[str, str], endpoints: Path = Path("endpoints.yml")) -> str:
    """``WERELDWIJS_DB_URL``, else the tracker store's database; without an SQL tracker store
    (none, or e.g. Redis) Wereldwijs keeps its own tables in SQLite ``rasa.db``."""
    return env.get(DB_URL_VAR) or url_from_endpoints(endpoints) or f"sqlite:///{SQLITE_DEFAULT}"


_ENGINES: dict = {}


def engine_for(url: str) -> sa.engine.Engine:
    """One engine per URL and process, with Wereldwijs's tables created when missing."""
    if url not in _ENGINES:
        engine = sa.create_engine(url, future=True)
        metadata.create_all(engine)
        _ENGINES[url] = engine
    return _ENGINES[url]


def prepare(engine: sa.engine.Engine) -> sa.engine.Engine:
    """Create Wereldwijs's tables in an engine made elsewhere (e.g. the tracker store's)."""
    metadata.create_all(engine)
    return engine


# --- settings ------------------------------------------------------------------------------


def shared_secret(engine: sa.engine.Engine, name: str) -> str:
    """A random secret kept in the database: the first server to ask makes it, the rest read it."""
    with engine.begin() as db:
        row = db.execute(sa.select(settings.c.value).where(settings.c.name == name)).first()
        if row:
            return row[0]
    try:
        with engine.begin() as db:
            db.execute(settings.insert().values(name=name, value=secrets.token_urlsafe(32)))
    except sa.exc.IntegrityError:  # another server made it at the same moment
        pass
    with engine.begin() as db:
        return db.execute(sa.select(settings.c.value).where(settings.c.name == name)).scalar_one()


# --- hand-offs -----------------------------------------------------------------------------


def add_handoff(
    engine: sa.engine.Engine,
    sender_id: str,
    summary: str,
    language: str,
    consent: bool,
    contact_kind: Optional[str] = None,
    contact: Optional[str] = None,
    channel: Optional[str] = None,
    now: Optional[float] = None,
) -> int:
    with engine.begin() as db:
        result = db.execute(
            handoffs.insert().values(
                sender_id=sender_id,
                created=now if now is not None else time.time(),
                consent=consent,
                contact_kind=contact_kind,
                contact=contact,
                summary=summary,
                language=language,
                channel=channel,
            )
        )
        return int(result.inserted_primary_key[0])


def set_contact(engine: sa.engine.Engine, sender_id: str, kind: str, contact: str) -> bool:
    """The contact for the conversation's latest hand-off (given after it, with consent)."""
    with engine.begin() as db:
        latest = db.execute(
            sa.select(sa.func.max(handoffs.c.id)).where(handoffs.c.sender_id == sender_id)
        ).scalar()
        if latest is None:
            return False
        db.execute(
            handoffs.update()
            .where(handoffs.c.id == latest)
            .values(contact_kind=kind, contact=contact)
        )
        return True


def list_handoffs(engine: sa.engine.Engine) -> List[dict]:
    with engine.begin() as db:
        rows = db.execute(sa.select(handoffs).order_by(handoffs.c.created.desc())).mappings()
        return [dict(row) for row in rows]


def get_handoff(engine: sa.engine.Engine, handoff_id: int) -> Optional[dict]:
    with engine.begin() as db:
        row = db.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).mappings().first()
        return dict(row) if row else None


def erase_handoffs(engine: sa.engine.Engine, sender_ids: Iterable[str]) -> int:
    """Forget me: every hand-off (contact included) of these conversations. Returns rows erased."""
    ids = list(sender_ids)
    if not ids:
        return 0
    prepare(engine)
    with engine.begin() as db:
        return db.execute(handoffs.delete().where(handoffs.c.sender_id.in_(ids))).rowcount


def erase_handoffs_older_than(engine: sa.engine.Engine, cutoff: float) -> int:
    """Retention: hand-offs made before ``cutoff`` (unix time). Returns rows erased."""
    prepare(engine)
    with engine.begin() as db:
        return db.execute(handoffs.delete().where(handoffs.c.created < cutoff)).rowcount
