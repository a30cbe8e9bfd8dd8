"""Coordinators and the audit log of what they did (``roles.json``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document


class Roles:
    def __init__(self, db: TinyDB) -> None:
        self._coordinators = db.table("coordinators")
        self._audit = db.table("audit")

    def coordinators(self) -> dict[int, dict[str, Any]]:
        return {d.doc_id: dict(d) for d in self._coordinators.all()}

    def set_coordinator(self, user_id: int, on: bool, by: int, at: datetime) -> bool:
        """Grant or revoke the role; False when nothing changed."""
        present = self._coordinators.get(doc_id=user_id) is not None
        if on and not present:
            self._coordinators.insert(Document({"added_by": by, "at": at.isoformat()},
                                               doc_id=user_id))
            return True
        if not on and present:
            self._coordinators.remove(doc_ids=[user_id])
            return True
        return False

    def audit(self, who: int, what: str, at: datetime) -> None:
        """Append a coordinator action (who, what, when) to the audit log."""
        self._audit.insert({"who": who, "what": what[:500], "at": at.isoformat()})

    def log(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self._audit.all()]
