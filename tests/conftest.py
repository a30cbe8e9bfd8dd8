"""Shared fixtures: the bundled content, one engine, fixed moments in time."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content.loader import DATA_DIR, load_content
from content.models import Content
from content.qa import Engine
from tests.postgres import ThrowawayPostgres, binaries

UTC = ZoneInfo("UTC")
# Ten days before the ICP application form closes (15 November 2021).
BEFORE_DEADLINE = datetime(2021, 11, 5, 8, 0, tzinfo=UTC)
# The ICP form closed 16 days earlier.
AFTER_DEADLINE = datetime(2021, 12, 1, 8, 0, tzinfo=UTC)
TODAY = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def engine(content: Content) -> Engine:
    return Engine(content)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throwaway PostgreSQL server for the session (each test makes its own database)."""
    if binaries() is None:
        pytest.skip("no PostgreSQL binaries (the pgserver wheel or a system PostgreSQL)")
    with ThrowawayPostgres() as server:
        yield server


_DATABASES = itertools.count()


@pytest.fixture(params=["files", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """Runs the test on each store: None (the files under the data dir) or the URL of a
    new, empty PostgreSQL database."""
    if request.param == "files":
        return None
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    return server.create_database(f"test_{os.getpid()}_{next(_DATABASES)}")
