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


async def test_replies_come_first_and_the_sender_gives_way() -> None:
    """A reply is charged to the shared sender without waiting; the sender's next
    message then waits as long as the reply used of the overall budget."""
    from scheduler.sender import Delivery, Message, RateLimitedSender, Status

    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    async def transport(message: Message) -> Delivery:
        return Delivery(Status.SENT)

    sender = RateLimitedSender(transport, per_second=10, clock=lambda: now[0], sleep=sleep)
    limiter = SenderAwareRateLimiter(max_retries=0)
    limiter.share_with(sender.spend)
    await limiter.initialize()

    async def reply(*args: object, **kwargs: object) -> bool:
        return True

    for chat in range(5):  # five replies at once: none waits for the sender
        await limiter.process_request(reply, (), {}, "sendMessage", {"chat_id": chat}, None)
    await limiter.process_request(reply, (), {}, "answerCallbackQuery", {}, None)  # free
    await sender.send(Message(99, "reminder"))
    assert sum(slept) == pytest.approx(5 / (10 * 0.95), rel=0.05)
    await limiter.shutdown()


async def test_replies_to_one_chat_are_spaced_and_other_chats_do_not_wait() -> None:
    import asyncio

    limiter = SenderAwareRateLimiter(max_retries=0, per_chat=0.2)
    await limiter.initialize()
    loop = asyncio.get_running_loop()
    sent: list[tuple[int, float]] = []

    async def reply(chat: int) -> bool:
        sent.append((chat, loop.time()))
        return True

    began = loop.time()
    await asyncio.gather(*(limiter.process_request(reply, (chat,), {}, "sendMessage",
                                                   {"chat_id": chat}, None)
                           for chat in (1, 1, 1, 2)))
    at = {chat: [t - began for c, t in sent if c == chat] for chat in (1, 2)}
    assert at[2][0] < 0.1  # another chat is not held up
    assert [round(t, 1) for t in at[1]] == [0.0, 0.2, 0.4]
    await limiter.shutdown()
