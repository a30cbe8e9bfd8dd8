"""A health endpoint for load balancers and container checks (``BOT_HEALTH_PORT``).

``GET /health`` answers 200 while the bot's event loop runs and its heartbeat
(written every 30 s by the job queue) is fresh, 503 otherwise; anything else is
404. It serves plain HTTP on its own port, beside the webhook server (whose
routes belong to python-telegram-bot), and carries no data at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_REASONS = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}


class HealthServer:
    def __init__(self, check: Callable[[], bool], host: str, port: int) -> None:
        self.check = check
        self.host, self.port = host, port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sock = self._server.sockets[0].getsockname()
        self.port = sock[1]  # the port actually bound (0 picks a free one)
        log.info("health endpoint on http://%s:%s/health", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = request.decode("latin-1").split()
            # drain the headers (a client may wait until they are read)
            while await asyncio.wait_for(reader.readline(), timeout=5) not in (
                    b"\r\n", b"\n", b""):
                pass
            if len(parts) >= 2 and parts[0] in ("GET", "HEAD") and parts[1].split("?")[0] in (
                    "/health", "/healthz"):
                ok = self.check()
                status, body = (200, b"healthy\n") if ok else (503, b"no recent heartbeat\n")
            else:
                status, body = 404, b"not found\n"
            head = (f"HTTP/1.1 {status} {_REASONS[status]}\r\nContent-Type: text/plain\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
            writer.write(head + (body if parts[:1] != ["HEAD"] else b""))
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeDecodeError):
            pass  # a client that went away or spoke no HTTP gets nothing
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

