"""One pacer and one retry loop per request: the sender's, or PTB's, never both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from runtime.transport import SENDER_PACED, SenderAwareRateLimiter


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize(("rate_limit_args", "calls"), [(SENDER_PACED, 1), (None, 3)])
async def test_sender_paced_requests_are_not_retried_by_ptb(rate_limit_args: int | None,
                                                           calls: int) -> None:
    limiter = SenderAwareRateLimiter(max_retries=2)
    await limiter.initialize()
    seen = []

    async def flooded(*args: object, **kwargs: object) -> bool:
        seen.append(1)
        raise RetryAfter(timedelta(seconds=0))

    with pytest.raises(RetryAfter):
        await limiter.process_request(flooded, (), {}, "sendMessage", {"chat_id": 5},
                                      rate_limit_args)
    # The sender gets Telegram's RetryAfter at once and pauses everyone itself; a reply to
    # a user is retried by PTB's limiter as before.
    assert len(seen) == calls
    await limiter.shutdown()
