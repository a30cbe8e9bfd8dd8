"""Usage counters for /stats (answered, unknown, liked, disliked): numbers, no people."""

from __future__ import annotations

from tinydb import TinyDB
from tinydb.table import Document


class Counters:
    """In memory until the next commit of anything (at the latest the 12-hourly
    housekeeping or shutdown): a crash may lose the counts since, never a user's data."""

    def __init__(self, db: TinyDB) -> None:
        self._table = db.table("counters")

    def add(self, name: str) -> None:
        current = self._table.get(doc_id=1)
        if current is None:
            self._table.insert(Document({name: 1}, doc_id=1))
        else:
            self._table.update({name: current.get(name, 0) + 1}, doc_ids=[1])

    def all(self) -> dict[str, int]:
        doc = self._table.get(doc_id=1)
        return dict(doc) if doc else {}
