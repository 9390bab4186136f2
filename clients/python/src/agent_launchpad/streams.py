"""``follow=true`` logs as iterators that reconnect with ``Last-Event-ID``."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, AsyncGenerator, AsyncIterator, Dict, Generator, Iterator, Optional

import httpx

from ._sse import FollowState, SSEDecoder
from .errors import APIConnectionError

if TYPE_CHECKING:
    from ._transport import AsyncTransport, SyncTransport

LogEntry = Dict[str, Any]


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


class LogStream(_Follow):
    """A followed log: iterate for each entry (``{"timestamp", "level", "message", "pod"}``) as it is
    written. A dropped connection, or the server's end of a long stream, is reopened with
    ``Last-Event-ID``, so no line is lost or repeated. Close it (or use ``with``) to stop."""

    def __init__(self, transport: "SyncTransport", state: FollowState, max_reconnects: int) -> None:
        super().__init__(state, max_reconnects)
        self._transport = transport
        self._response: Optional[httpx.Response] = None
        self._closed = False
        self._entries = self._run()

    def __iter__(self) -> Iterator[LogEntry]:
        return self

    def __next__(self) -> LogEntry:
        return next(self._entries)

    def __enter__(self) -> "LogStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        if self._response is not None:
            self._response.close()
        self._entries.close()

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


class AsyncLogStream(_Follow):
    """The async form of ``LogStream``: ``async for entry in stream``; ``await stream.aclose()``."""

    def __init__(self, transport: "AsyncTransport", state: FollowState, max_reconnects: int) -> None:
        super().__init__(state, max_reconnects)
        self._transport = transport
        self._response: Optional[httpx.Response] = None
        self._closed = False
        self._entries = self._run()

    def __aiter__(self) -> AsyncIterator[LogEntry]:
        return self

    async def __anext__(self) -> LogEntry:
        return await self._entries.__anext__()

    async def __aenter__(self) -> "AsyncLogStream":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True
        if self._response is not None:
            await self._response.aclose()
        await self._entries.aclose()

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
