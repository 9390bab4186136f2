"""``follow=true`` logs as iterators that reconnect with ``Last-Event-ID``, and AgentSpec's streamed
invocations as iterators of the reply's pieces."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, AsyncGenerator, AsyncIterator, Dict, Generator, Generic, Iterator, Optional, TypeVar

import httpx

from ._call import Call
from ._sse import FollowState, InvocationState, SSEDecoder
from .errors import APIConnectionError

if TYPE_CHECKING:
    from ._transport import AsyncTransport, SyncTransport

LogEntry = Dict[str, Any]
T = TypeVar("T")
S = TypeVar("S", bound="_Iterator[Any]")
A = TypeVar("A", bound="_AsyncIterator[Any]")


class _Iterator(Generic[T]):
    """The iterator and ``with`` protocol over the generator ``_items``."""

    _items: Generator[T, None, None]

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._items)

    def __enter__(self: S) -> S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._items.close()


class _AsyncIterator(Generic[T]):
    """The async iterator and ``async with`` protocol over the async generator ``_items``."""

    _items: AsyncGenerator[T, None]

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._items.__anext__()

    async def __aenter__(self: A) -> A:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._items.aclose()


class _Follow:
    def __init__(self, state: FollowState, max_reconnects: int) -> None:
        self._state = state
        self._max_reconnects = max_reconnects
        self._failures = 0

    @property
    def last_event_id(self) -> Optional[str]:
        """The id of the last line delivered: give it to a new ``follow_logs`` to resume there."""
        return self._state.last_event_id

    def _after_drop(self, failure: Optional[BaseException]) -> float:
        """Seconds before reopening a stream that ended: at once-ish after the server's ``end``,
        with a growing delay after a drop; raises when drops repeat without a line in between."""
        if self._state.reconnect_delay is not None:
            delay, self._state.reconnect_delay = self._state.reconnect_delay, None
            return delay
        self._failures += 1
        if self._failures > self._max_reconnects:
            error = APIConnectionError(f"log stream of {self._state.agent_id} dropped {self._failures} times in a row", code="CONNECTION_ERROR")
            raise error from failure
        return float(min(0.25 * 2.0 ** (self._failures - 1), 5.0))


class LogStream(_Follow, _Iterator[LogEntry]):
    """A followed log: iterate for each entry (``{"timestamp", "level", "message", "pod"}``) as it is
    written. A dropped connection, or the server's end of a long stream, is reopened with
    ``Last-Event-ID``, so no line is lost or repeated. Close it (or use ``with``) to stop."""

    def __init__(self, transport: "SyncTransport", state: FollowState, max_reconnects: int) -> None:
        super().__init__(state, max_reconnects)
        self._transport = transport
        self._response: Optional[httpx.Response] = None
        self._closed = False
        self._items = self._run()

    def close(self) -> None:
        self._closed = True
        if self._response is not None:
            self._response.close()
        super().close()

    def _run(self) -> Generator[LogEntry, None, None]:
        while not self._closed:
            failure: Optional[BaseException] = None
            try:
                self._response = self._transport.open_stream(self._state.call())
                decoder = SSEDecoder()
                for line in self._response.iter_lines():
                    event = decoder.feed(line)
                    entry = self._state.entry(event) if event is not None else None
                    if entry is not None:
                        self._failures = 0
                        yield entry
            except (httpx.TransportError, httpx.StreamError) as error:
                failure = error
            finally:
                if self._response is not None:
                    self._response.close()
                    self._response = None
            if not self._closed:
                time.sleep(self._after_drop(failure))


class AsyncLogStream(_Follow, _AsyncIterator[LogEntry]):
    """The async form of ``LogStream``: ``async for entry in stream``; ``await stream.aclose()``."""

    def __init__(self, transport: "AsyncTransport", state: FollowState, max_reconnects: int) -> None:
        super().__init__(state, max_reconnects)
        self._transport = transport
        self._response: Optional[httpx.Response] = None
        self._closed = False
        self._items = self._run()

    async def aclose(self) -> None:
        self._closed = True
        if self._response is not None:
            await self._response.aclose()
        await super().aclose()

    async def _run(self) -> AsyncGenerator[LogEntry, None]:
        while not self._closed:
            failure: Optional[BaseException] = None
            try:
                self._response = await self._transport.open_stream(self._state.call())
                decoder = SSEDecoder()
                async for line in self._response.aiter_lines():
                    event = decoder.feed(line)
                    entry = self._state.entry(event) if event is not None else None
                    if entry is not None:
                        self._failures = 0
                        yield entry
            except (httpx.TransportError, httpx.StreamError) as error:
                failure = error
            finally:
                if self._response is not None:
                    await self._response.aclose()
                    self._response = None
            if not self._closed:
                await asyncio.sleep(self._after_drop(failure))


class InvocationStream(_Iterator[str]):
    """A streamed invocation (``POST /v1/agents/{name}/stream``): iterate for each piece of the reply
    (``str``) as the agent writes it; once the iteration ends, ``answer`` is the whole answer, as
    ``invoke`` gives it (``output`` is the pieces joined, with ``usage``). The request is sent at the
    first ``next``; an error answer or ``error`` event is raised there. Not retried, not resumed: a
    broken stream raises ``APIConnectionError`` and commits nothing to the session."""

    def __init__(self, transport: "SyncTransport", call: Call) -> None:
        self._transport = transport
        self._call = call
        self._state = InvocationState()
        self._items = self._run()

    @property
    def answer(self) -> Optional[Dict[str, Any]]:
        return self._state.answer

    def _run(self) -> Generator[str, None, None]:
        response = self._transport.open_stream(self._call)
        try:
            decoder = SSEDecoder()
            for line in response.iter_lines():
                event = decoder.feed(line)
                piece = self._state.piece(event) if event is not None else None
                if piece is not None:
                    yield piece
        finally:
            response.close()
        self._state.finish()


class AsyncInvocationStream(_AsyncIterator[str]):
    """The async form of ``InvocationStream``: ``async for piece in stream``; then ``stream.answer``."""

    def __init__(self, transport: "AsyncTransport", call: Call) -> None:
        self._transport = transport
        self._call = call
        self._state = InvocationState()
        self._items = self._run()

    @property
    def answer(self) -> Optional[Dict[str, Any]]:
        return self._state.answer

    async def _run(self) -> AsyncGenerator[str, None]:
        response = await self._transport.open_stream(self._call)
        try:
            decoder = SSEDecoder()
            async for line in response.aiter_lines():
                event = decoder.feed(line)
                piece = self._state.piece(event) if event is not None else None
                if piece is not None:
                    yield piece
        finally:
            await response.aclose()
        self._state.finish()
