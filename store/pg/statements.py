"""Writes waiting for the next flush, kept in the order they were made."""

from __future__ import annotations

from typing import Any

import asyncpg

Statement = tuple[str, tuple[Any, ...]]


class Statements:
    """SQL statements a repository made in memory and the next transaction carries out
    (in order: a question recorded, then resolved, is inserted before it is updated)."""

    def __init__(self) -> None:
        self._waiting: list[Statement] = []

    def add(self, sql: str, *args: Any) -> None:
        self._waiting.append((sql, args))

    def waiting(self) -> list[Statement]:
        """What the next flush will carry out (not taken)."""
        return list(self._waiting)

    def take(self) -> list[Statement]:
        taken, self._waiting = self._waiting, []
        return taken

    def give_back(self, taken: list[Statement]) -> None:
        """A flush failed: these go out with the next one, before newer ones."""
        self._waiting[:0] = taken


async def run_all(conn: asyncpg.Connection, statements: list[Statement]) -> None:
    """Carry out ``statements`` in order, runs of the same statement as one round trip."""
    i = 0
    while i < len(statements):
        sql = statements[i][0]
        j = i
        while j < len(statements) and statements[j][0] == sql:
            j += 1
        if j - i == 1:
            await conn.execute(sql, *statements[i][1])
        else:
            await conn.executemany(sql, [args for _, args in statements[i:j]])
        i = j
