"""A throwaway PostgreSQL server on 127.0.0.1 for the tests and benchmarks.

The server comes from the ``pgserver`` wheel in the development lock (PostgreSQL
binaries inside a pip package, so ``make test`` needs nothing but Python and
make), or from a system installation (``pg_ctl`` on the PATH) where the wheel
has none for this platform. It runs in a temporary directory and is deleted
when stopped. initdb refuses to run as root, so as root the server runs as
``nobody``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def binaries() -> Path | None:
    """The directory holding ``initdb`` and ``postgres``: the wheel's, else the system's."""
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        wheel = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if (wheel / "postgres").exists():
            return wheel
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "postgres").exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg: pg.url("dbname")``."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL binaries: install the pgserver wheel "
                               "(requirements-dev.lock) or PostgreSQL itself")
        self.durable = durable  # fsync on (benchmarks) or off (tests: the server is not tested)
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="partnerbot-pg-"))
        self._as: dict[str, str] = {}
        if os.geteuid() == 0:
            self._as = {"user": "nobody", "group": "nogroup"}
            os.chown(self.dir, *_ids("nobody", "nogroup"))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ThrowawayPostgres:
        data = self.dir / "data"
        subprocess.run([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, capture_output=True, **self._as)  # type: ignore[call-overload]
        options = ["-c", "listen_addresses=127.0.0.1", "-c", f"port={self.port}",
                   "-c", "unix_socket_directories=", "-c", "max_connections=200"]
        if not self.durable:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off",
                        "-c", "full_page_writes=off"]
        log = open(self.dir / "server.log", "wb")  # noqa: SIM115 - the server's own
        self.process = subprocess.Popen([str(self.bin / "postgres"), "-D", str(data), *options],
                                        stdout=log, stderr=log, start_new_session=True,
                                        **self._as)  # type: ignore[call-overload]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("PostgreSQL did not start:\n" + self.log())
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=0.2):
                if self._ready():
                    return self
            time.sleep(0.05)
        raise RuntimeError("PostgreSQL did not come up in 30 s:\n" + self.log())

    def _ready(self) -> bool:
        probe = subprocess.run([str(self.bin / "pg_isready"), "-h", "127.0.0.1",
                                "-p", str(self.port), "-U", "postgres"], capture_output=True)
        return probe.returncode == 0

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return (self.dir / "server.log").read_text("utf-8", "replace")[-4000:]
        return ""

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "postgres", "-q", "-c", f'CREATE DATABASE "{name}"'],
                       check=True, capture_output=True)
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _ids(user: str, group: str) -> tuple[int, int]:
    import grp
    import pwd
    return pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid
