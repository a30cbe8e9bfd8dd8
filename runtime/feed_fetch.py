"""One conditional GET of a calendar feed, and what came of it.

Calendar servers (Google, Outlook, a CMS) answer ``If-None-Match`` and
``If-Modified-Since`` with 304 when nothing changed, so polling every quarter of
an hour costs them and us almost nothing. The body is read up to ``MAX_BYTES``:
a feed that grows beyond any programme's calendar is refused rather than read
into memory. Nothing here knows about Telegram or the content.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from content.models import feed_fetch_url

MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 20.0
USER_AGENT = "Partnerbot calendar feed reader"


@dataclass(frozen=True)
class Fetched:
    """``status`` is "new" (``data`` holds the file), "unchanged" (304), or "failed"
    (``reason`` is one of "http", "network", "too_large", ``detail`` says more)."""

    status: str
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
    detail: str = ""


async def fetch(client: httpx.AsyncClient, url: str, etag: str | None,
                last_modified: str | None) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, text/csv, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with client.stream("GET", feed_fetch_url(url), headers=headers,
                                 timeout=TIMEOUT_SECONDS, follow_redirects=True) as response:
            if response.status_code == 304:
                return Fetched("unchanged", etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                return Fetched("failed", reason="http", detail=str(response.status_code))
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    return Fetched("failed", reason="too_large", detail=str(MAX_BYTES))
            return Fetched("new", bytes(body), response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
    except httpx.HTTPError as exc:
        return Fetched("failed", reason="network", detail=type(exc).__name__)
