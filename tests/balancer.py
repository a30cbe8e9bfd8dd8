"""A round-robin HTTP load balancer on 127.0.0.1, for instances behind one webhook URL.

Each request goes to the next backend; one that refuses the connection (an instance
killed, not yet started) is skipped for the next, as a load balancer's passive health
check does. The request's path, headers and body are passed on unchanged, and the
backend's answer returned; with no backend answering, 502.
"""

from __future__ import annotations

import itertools

from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler


class Balancer:
    def __init__(self, backends: list[str]) -> None:
        self.backends = backends  # base URLs, e.g. http://127.0.0.1:8001
        self.sent: dict[str, int] = dict.fromkeys(backends, 0)  # answered, per backend
        self._next = itertools.cycle(range(len(backends)))
        self._server: HTTPServer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = Application([(r"/.*", _Forward, {"balancer": self})])
        self._server = HTTPServer(app)
        sockets = bind_sockets(0, "127.0.0.1")
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    def order(self) -> list[str]:
        """The backends to try for the next request, starting with the next in turn."""
        first = next(self._next)
        return self.backends[first:] + self.backends[:first]


class _Forward(RequestHandler):
    def initialize(self, balancer: Balancer) -> None:
        self.balancer = balancer

    async def post(self) -> None:
        headers = {k: v for k, v in self.request.headers.items()
                   if k.lower() not in ("host", "content-length")}
        for backend in self.balancer.order():
            try:
                reply = await AsyncHTTPClient().fetch(
                    backend + self.request.uri, method="POST", body=self.request.body,
                    headers=headers, raise_error=False, request_timeout=10)
            except (OSError, HTTPClientError):
                continue  # not listening: the next one
            if reply.code == 599:  # tornado's "no response"
                continue
            self.balancer.sent[backend] += 1
            self.set_status(reply.code)
            self.finish(reply.body or b"")
            return
        self.set_status(502)
        self.finish(b"no backend answered")
