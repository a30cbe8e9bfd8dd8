"""The coordinators' question journal: questions not answered and answers marked 👎.

Stored without any user id (nothing in it can be exported or deleted per person)
and kept 180 days, as /privacy says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from tinydb import TinyDB

QUESTION_RETENTION = timedelta(days=180)
KINDS = ("unanswered", "disliked")


class QuestionJournal:
    def __init__(self, db: TinyDB) -> None:
        self._table = db.table("questions")

    def record(self, kind: str, text: str, lang: str, at: datetime) -> None:
        """Store an unanswered question or a 👎 answer, with no user id."""
        if kind not in KINDS:
            raise ValueError(kind)
        self._table.insert({"kind": kind, "text": text[:1000], "lang": lang,
                            "at": at.isoformat()})

    def open(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Questions coordinators have not dealt with yet (attached or declined)."""
        docs = [dict(d) for d in self._table.all() if not d.get("resolved")]
        if since is not None:
            docs = [d for d in docs if datetime.fromisoformat(d["at"]) >= since]
        return docs

    def entries(self) -> list[dict[str, Any]]:
        """Every question kept, dealt with or not (for copying a store)."""
        return [{**d, "resolved": bool(d.get("resolved"))} for d in self._table.all()]

    def resolve(self, texts: Iterable[str]) -> int:
        """Mark questions dealt with, so /unanswered no longer lists them."""
        wanted = set(texts)
        ids = [d.doc_id for d in self._table.all()
               if d["text"] in wanted and not d.get("resolved")]
        if ids:
            self._table.update({"resolved": True}, doc_ids=ids)
        return len(ids)

    def prune(self, now: datetime) -> int:
        """Forget questions past their 180 days."""
        cutoff = (now - QUESTION_RETENTION).isoformat()
        old = [d.doc_id for d in self._table.all() if d["at"] < cutoff]
        if old:
            self._table.remove(doc_ids=old)
        return len(old)
