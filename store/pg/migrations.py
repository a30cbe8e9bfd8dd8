"""The schema, as numbered migrations the bot applies itself at start.

Each migration runs once, in order, in the transaction that records it in
``schema_migrations``; instances starting together take turns on an advisory
lock, so exactly one applies each step. A database migrated by a newer bot
than this one is refused rather than written in a shape this code does not
know. Never edit a released migration: add the next one.
"""

from __future__ import annotations

import asyncpg

# (version, what it does, SQL)
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "users, question journal, roles, counters, reminder ledger, broadcasts, chat edits", """
CREATE TABLE users (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL                -- the record the files keep (lang, zone, active, ...)
);
CREATE TABLE questions (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('unanswered', 'disliked')),
    text text NOT NULL,
    lang text NOT NULL,
    at timestamptz NOT NULL,
    resolved boolean NOT NULL DEFAULT false
);
CREATE INDEX questions_at ON questions (at);
CREATE TABLE coordinators (
    user_id bigint PRIMARY KEY,
    added_by bigint NOT NULL,
    at timestamptz NOT NULL
);
CREATE TABLE audit (
    id bigserial PRIMARY KEY,
    who bigint NOT NULL,
    what text NOT NULL,
    at timestamptz NOT NULL
);
CREATE TABLE counters (
    name text PRIMARY KEY,
    n bigint NOT NULL
);
CREATE TABLE ledger (
    slot text NOT NULL,                -- the slot key: occurrence|instant|lead
    user_id bigint NOT NULL,
    occurrence text NOT NULL,
    expires timestamptz NOT NULL,
    PRIMARY KEY (slot, user_id)
);
CREATE INDEX ledger_user ON ledger (user_id);
CREATE INDEX ledger_expires ON ledger (expires);
CREATE TABLE open_slots (
    slot text PRIMARY KEY,             -- a fan-out begun and not finished
    expires timestamptz NOT NULL
);
CREATE TABLE broadcasts (
    id text PRIMARY KEY,
    by_user bigint NOT NULL,
    texts jsonb NOT NULL,
    audience jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
    created timestamptz NOT NULL,
    send_at timestamptz
);
CREATE TABLE deliveries (
    broadcast text NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    user_id bigint NOT NULL,
    lang text,
    state text NOT NULL,
    PRIMARY KEY (broadcast, user_id)
) WITH (fillfactor = 70);              -- room on each page: a state change is a HOT update
CREATE INDEX deliveries_user ON deliveries (user_id);
CREATE TABLE overlay (
    id int PRIMARY KEY CHECK (id = 1), -- one document: the events and phrasings added in chat
    data jsonb NOT NULL
);
"""),
)

# Instances: each running bot holds an advisory lock (INSTANCE_LOCKS, its id) for as long
# as its presence connection lives, so "alive" is what PostgreSQL itself knows: a killed
# process's lock goes with its connection.
INSTANCE_LOCKS = 0x70620001
LEADER_LOCK = (0x70620002, 0)

MIGRATIONS += (
    (2, "instances, and deliveries claimed by the instance sending them", f"""
CREATE TABLE instances (
    id serial PRIMARY KEY,
    host text NOT NULL,
    pid int NOT NULL,
    started timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE deliveries ADD COLUMN claimed_by int;
-- (no index on state: a state change would no longer be a HOT update; a claim reads the
-- broadcast's rows through the primary key)
CREATE FUNCTION live_instances() RETURNS int[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(objid::int), '{{}}') FROM pg_locks
    WHERE locktype = 'advisory' AND classid = {INSTANCE_LOCKS} AND objsubid = 2 AND granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
$$;
"""),
)

MIGRATIONS += (
    (3, "the send budget every instance takes its messages from", """
CREATE TABLE send_budget (
    id int PRIMARY KEY CHECK (id = 1),
    tat timestamptz NOT NULL       -- when the next message may go (the budget's clock)
);
INSERT INTO send_budget VALUES (1, now());
"""),
)

MIGRATIONS += (
    (4, "the inbox every instance journals its updates in", """
CREATE TABLE inbox (
    update_id bigint PRIMARY KEY,  -- Telegram's: an update sent again is recognised by it
    body jsonb NOT NULL,
    owner int,                     -- the instance handling it (instances.id)
    done boolean NOT NULL DEFAULT false,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_open ON inbox (update_id) WHERE NOT done;
"""),
)

MIGRATIONS += (
    (5, "calendar feeds and their last good copies", """
CREATE TABLE feeds (
    programme text PRIMARY KEY,
    data jsonb NOT NULL            -- store.feeds.Feed: URL, validators, ids, failures
);
CREATE TABLE feed_copies (
    programme text PRIMARY KEY,
    body bytea NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
"""),
)

MIGRATIONS += (
    (6, "when each instance last led", """
ALTER TABLE instances ADD COLUMN led timestamptz;
"""),
)

MIGRATIONS += (
    (7, "when a delivery was claimed", """
ALTER TABLE deliveries ADD COLUMN claimed_at timestamptz;
"""),
)

MIGRATIONS += (
    (8, "reminders claimed by the instance sending them", """
ALTER TABLE ledger ADD COLUMN state text NOT NULL DEFAULT 'sent'
    CHECK (state IN ('inflight', 'sent'));
ALTER TABLE ledger ADD COLUMN claimed_by int;
"""),
)

LATEST = MIGRATIONS[-1][0]
_LOCK = 0x70627374  # the advisory lock instances take turns on while migrating


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer version of the bot."""


async def migrate(conn: asyncpg.Connection) -> list[int]:
    """Bring the schema up to ``LATEST``; the versions applied now (none if current)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK)
        await conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version int PRIMARY KEY, name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())""")
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        if done and max(done) > LATEST:
            raise SchemaTooNew(f"the database schema is at version {max(done)}; this bot "
                               f"knows versions up to {LATEST}")
        applied = []
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            await conn.execute(sql)
            await conn.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                               version, name)
            applied.append(version)
        return applied
