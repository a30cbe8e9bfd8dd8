"""Everything stored about one person, across every repository: /mydata and /forget.

/privacy promises that /mydata sends all of it and /forget deletes all of it;
this module is where "all" is written down, so a new repository that keeps
something about a person is added here or the contract test fails.

Kept on purpose: the question journal holds no user id (nothing to export or
delete); the coordinators' audit log names who did what as an accountability
record, so a coordinator who forgets themselves loses the role, not the log.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from store.broadcasts import FileBroadcastStore
from store.ledger import FileLedger
from store.state import StateStore


class PersonalData:
    def __init__(self, state: StateStore, ledger: FileLedger | None = None,
                 broadcasts: FileBroadcastStore | None = None) -> None:
        self.state = state
        self.ledger = ledger
        self.broadcasts = broadcasts

    def export(self, user_id: int) -> dict[str, Any]:
        user = self.state.users.get(user_id)
        role = self.state.roles.coordinators().get(user_id)
        return {
            "telegram_user_id": user_id,
            "settings": user.settings() if user is not None else None,
            "reminders_sent": self.ledger.sent_to(user_id) if self.ledger else [],
            "announcements": self.broadcasts.deliveries_of(user_id) if self.broadcasts else [],
            "coordinator": role,
        }

    async def forget(self, user_id: int, now: datetime) -> None:
        """Delete everything about the user; returns once it is off the disk."""
        self.state.users.forget(user_id)
        # (the role goes with them; the audit log keeps the actions they took as one)
        self.state.roles.set_coordinator(user_id, False, by=user_id, at=now)
        await self.state.commit()
        if self.ledger is not None:
            self.ledger.forget_user(user_id)
            await self.ledger.flush()
        if self.broadcasts is not None:
            await asyncio.to_thread(self.broadcasts.forget_user, user_id)
