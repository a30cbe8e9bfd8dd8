"""Which store the bot runs on: files under ``BOT_DATA_DIR`` (the default), or a
PostgreSQL database when ``DATABASE_URL`` is set. Everything else opens its
repositories through here, so the choice is made in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.broadcasts import FileBroadcastStore
from store.chat_edits import OverlayStore
from store.feeds import FeedStore
from store.inbox import Inbox
from store.ledger import FileLedger
from store.state import StateStore


@dataclass
class Stores:
    """The repositories of one store, opened together and closed together."""

    state: Any  # StateStore | PgStateStore: the same repositories and commit()
    ledger: Any  # FileLedger | PgLedger
    broadcasts: Any  # FileBroadcastStore | PgBroadcastStore
    edits: Any  # OverlayStore | PgOverlayStore
    inbox: Any  # Inbox | PgInbox
    feeds: Any  # FeedStore | PgFeedStore
    database: Any = None  # the PostgreSQL pool, when there is one

    def close(self) -> None:
        """Write what is left and let go (what was acknowledged is durable already)."""
        try:
            self.inbox.close()
            self.state.close()
            self.ledger.flush_sync()
            self.broadcasts.flush_sync()
        finally:
            if self.database is not None:
                self.database.close()


def open_stores(data_dir: Path | str, database_url: str | None = None) -> Stores:
    if not database_url:
        return Stores(StateStore(data_dir), FileLedger(data_dir), FileBroadcastStore(data_dir),
                      OverlayStore(data_dir), Inbox(data_dir), FeedStore(Path(data_dir)))
    from store.pg.broadcasts import PgBroadcastStore
    from store.pg.chat_edits import PgOverlayStore
    from store.pg.database import Database
    from store.pg.feeds import PgFeedStore
    from store.pg.inbox import PgInbox
    from store.pg.ledger import PgLedger
    from store.pg.state import PgStateStore

    db = Database(database_url)
    try:
        return Stores(PgStateStore(db), PgLedger(db), PgBroadcastStore(db), PgOverlayStore(db),
                      PgInbox(db), PgFeedStore(db), database=db)
    except BaseException:
        db.close()
        raise
