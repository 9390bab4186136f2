"""``AgentLaunchpadClient`` and ``AsyncAgentLaunchpadClient``."""

from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator, Awaitable, Callable, Iterator, Optional, Tuple

import httpx

from ._call import JSON, Call
from ._sse import FollowState
from ._transport import AsyncTransport, SyncTransport
from ._waiting import DeployWait
from .options import RetryPolicy, Timeouts
from .rate_limit import RateLimit
from .resources import AgentPager, Agents, Keys, R, Security, System, Users
from .streams import AsyncLogStream, LogStream

DEFAULT_BASE_URL = "http://127.0.0.1:8080"


class SyncAgents(Agents[JSON]):
    def __init__(self, transport: SyncTransport) -> None:
        super().__init__(transport.send)
        self._transport = transport

    def list_all(self, *, status: Optional[str] = None, owner: Optional[str] = None, page_size: int = 100) -> Iterator[JSON]:
        """Every agent (newest first), page after page."""
        pager = AgentPager(page_size, status, owner)
        while not pager.done:
            yield from pager.take(self._transport.send(pager.call()))

    def follow_logs(
        self, agent_id: str, *, lines: Optional[int] = None, since: Optional[str] = None,
        last_event_id: Optional[str] = None, max_reconnects: int = 5,
    ) -> LogStream:
        """``GET .../logs?follow=true``: the last ``lines`` (or those after ``last_event_id``), then each
        new line as it is written, until closed."""
        return LogStream(self._transport, FollowState(agent_id, lines, since, last_event_id), max_reconnects)

    def wait_until_deployed(self, agent_id: str, timeout: float = 300.0, interval: float = 1.0) -> JSON:
        """Polls the status until DEPLOYED and returns it; raises DeploymentFailedError if the agent
        becomes FAILED and WaitTimeoutError after ``timeout`` seconds."""
        wait = DeployWait(agent_id, timeout, interval)
        while True:
            report = self.get_status(agent_id)
            if wait.done(report):
                return report
            time.sleep(wait.next_delay())


class AsyncAgents(Agents[Awaitable[JSON]]):
    def __init__(self, transport: AsyncTransport) -> None:
        super().__init__(transport.send)
        self._transport = transport

    async def list_all(self, *, status: Optional[str] = None, owner: Optional[str] = None, page_size: int = 100) -> AsyncIterator[JSON]:
        pager = AgentPager(page_size, status, owner)
        while not pager.done:
            for agent in pager.take(await self._transport.send(pager.call())):
                yield agent

    def follow_logs(
        self, agent_id: str, *, lines: Optional[int] = None, since: Optional[str] = None,
        last_event_id: Optional[str] = None, max_reconnects: int = 5,
    ) -> AsyncLogStream:
        return AsyncLogStream(self._transport, FollowState(agent_id, lines, since, last_event_id), max_reconnects)

    async def wait_until_deployed(self, agent_id: str, timeout: float = 300.0, interval: float = 1.0) -> JSON:
        wait = DeployWait(agent_id, timeout, interval)
        while True:
            report = await self.get_status(agent_id)
            if wait.done(report):
                return report
            await asyncio.sleep(wait.next_delay())


class _ClientState:
    _transport: "SyncTransport | AsyncTransport"

    @property
    def rate_limit(self) -> Optional[RateLimit]:
        """The rate-limit headers of the last answer that carried them."""
        return self._transport.rate_limit

    @property
    def last_request_id(self) -> Optional[str]:
        """``X-Request-Id`` of the last answer."""
        return self._transport.last_request_id


class AgentLaunchpadClient(_ClientState):
    """The Agent Launchpad API::

        client = AgentLaunchpadClient(api_key="alk_…", base_url="http://127.0.0.1:8080")
        agent = client.agents.create(agent_name="my-bot", description="My AI bot", personality={"bio": ["…"]})
        status = client.agents.get_status(agent["agentId"])

    ``timeout`` is seconds per call (or ``Timeouts`` for each kind); ``max_retries`` bounds the
    retries of ``retry`` (see ``RetryPolicy``). Answers are the API's JSON as dictionaries; errors are
    ``AgentLaunchpadError`` subclasses.
    """

    def __init__(
        self, api_key: Optional[str] = None, base_url: str = DEFAULT_BASE_URL, *,
        timeout: "float | Timeouts" = 30.0, max_retries: Optional[int] = None, retry: Optional[RetryPolicy] = None,
        http_client: Optional[httpx.Client] = None,
    ) -> None:
        self._transport: SyncTransport = SyncTransport(api_key, base_url, _timeouts(timeout), _retry(retry, max_retries), http_client)
        self.agents = SyncAgents(self._transport)
        self.keys, self.users, self.security, self.system = _groups(self._transport.send, api_key)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "AgentLaunchpadClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAgentLaunchpadClient(_ClientState):
    """``AgentLaunchpadClient`` for asyncio: every call is awaited, ``list_all`` and ``follow_logs``
    are async iterators."""

    def __init__(
        self, api_key: Optional[str] = None, base_url: str = DEFAULT_BASE_URL, *,
        timeout: "float | Timeouts" = 30.0, max_retries: Optional[int] = None, retry: Optional[RetryPolicy] = None,
        http_client: Optional[httpx.AsyncClient] = None,
    ) -> None:
        self._transport: AsyncTransport = AsyncTransport(api_key, base_url, _timeouts(timeout), _retry(retry, max_retries), http_client)
        self.agents = AsyncAgents(self._transport)
        self.keys, self.users, self.security, self.system = _groups(self._transport.send, api_key)

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> "AsyncAgentLaunchpadClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _groups(run: Callable[[Call], R], api_key: Optional[str]) -> Tuple[Keys[R], Users[R], Security[R], System[R]]:
    """The route groups besides agents, over the sync or async ``run``."""
    return Keys(run), Users(run), Security(run), System(run, bool(api_key))


def _timeouts(timeout: "float | Timeouts") -> Timeouts:
    return timeout if isinstance(timeout, Timeouts) else Timeouts(request=float(timeout))


def _retry(retry: Optional[RetryPolicy], max_retries: Optional[int]) -> RetryPolicy:
    policy = retry or RetryPolicy()
    if max_retries is not None:
        policy = RetryPolicy(max_retries, policy.max_retry_after, policy.backoff, policy.max_backoff)
    return policy
