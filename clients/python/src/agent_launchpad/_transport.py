"""Sending calls over httpx: the key, the retries, the typed errors, the last rate-limit headers."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Dict, Optional, Tuple

import httpx

from ._version import __version__
from ._call import JSON, Call
from .errors import APIConnectionError, AgentLaunchpadError, error_from_answer
from .options import RetryPolicy, Timeouts
from .rate_limit import RateLimit


class _Transport:
    """What the sync and async transports share: building requests and reading answers."""

    def __init__(self, api_key: Optional[str], base_url: str, timeouts: Timeouts, retry: RetryPolicy) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self.retry = retry
        self.rate_limit: Optional[RateLimit] = None
        self.last_request_id: Optional[str] = None

    def _timeout(self, stream: bool) -> httpx.Timeout:
        read = self.timeouts.stream_idle if stream else self.timeouts.request
        return httpx.Timeout(self.timeouts.request, connect=self.timeouts.connect, read=read)

    def _request(self, client: Any, call: Call, stream: bool = False) -> httpx.Request:
        headers: Dict[str, str] = {"Accept": "application/json", "User-Agent": f"agent-launchpad-python/{__version__}"}
        if call.authenticated and self.api_key:
            headers["X-API-Key"] = self.api_key
        headers.update(call.headers)
        content = None
        if call.body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(call.body).encode("utf-8")
        request: httpx.Request = client.build_request(
            call.method, self.base_url + call.path, params=dict(call.query), content=content, headers=headers,
            timeout=self._timeout(stream),
        )
        return request

    def _observe(self, response: httpx.Response) -> None:
        limit = RateLimit.from_headers(response.headers)
        if limit is not None:
            self.rate_limit = limit
        self.last_request_id = response.headers.get("x-request-id", self.last_request_id)

    @staticmethod
    def _result(response: httpx.Response) -> JSON:
        if not response.content:
            return {}
        value = response.json()
        return value if isinstance(value, dict) else {"value": value}

    def _failed(self, call: Call, attempt: int, response: httpx.Response) -> Tuple[Optional[float], AgentLaunchpadError]:
        """The typed error of an error answer, and how long to wait before trying again (None: raise it)."""
        error = error_from_answer(response.status_code, response.headers, response.content)
        return self.retry.delay(attempt, call, response.status_code, error.retry_after), error

    def _unreachable(self, call: Call, attempt: int, failure: httpx.TransportError) -> Tuple[Optional[float], AgentLaunchpadError]:
        code = "TIMEOUT" if isinstance(failure, httpx.TimeoutException) else "CONNECTION_ERROR"
        error = APIConnectionError(f"{call.method} {call.path}: {failure or type(failure).__name__}", code=code)
        error.__cause__ = failure
        return self.retry.delay(attempt, call, None, None), error


class SyncTransport(_Transport):
    def __init__(self, api_key: Optional[str], base_url: str, timeouts: Timeouts, retry: RetryPolicy, http: Optional[httpx.Client] = None) -> None:
        super().__init__(api_key, base_url, timeouts, retry)
        self.http = http or httpx.Client()

    def send(self, call: Call) -> JSON:
        response = self._send(call, stream=False)
        return self._result(response)

    def open_stream(self, call: Call) -> httpx.Response:
        """The answer of ``call`` with its body unread; the caller closes it."""
        return self._send(call, stream=True)

    def _send(self, call: Call, stream: bool) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = self.http.send(self._request(self.http, call, stream), stream=stream)
            except httpx.TransportError as failure:
                delay, error = self._unreachable(call, attempt, failure)
            else:
                self._observe(response)
                if response.status_code < 400:
                    return response
                if stream:
                    response.read()
                    response.close()
                delay, error = self._failed(call, attempt, response)
            if delay is None:
                raise error
            time.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self.http.close()


class AsyncTransport(_Transport):
    def __init__(self, api_key: Optional[str], base_url: str, timeouts: Timeouts, retry: RetryPolicy, http: Optional[httpx.AsyncClient] = None) -> None:
        super().__init__(api_key, base_url, timeouts, retry)
        self.http = http or httpx.AsyncClient()

    async def send(self, call: Call) -> JSON:
        response = await self._send(call, stream=False)
        return self._result(response)

    async def open_stream(self, call: Call) -> httpx.Response:
        return await self._send(call, stream=True)

    async def _send(self, call: Call, stream: bool) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = await self.http.send(self._request(self.http, call, stream), stream=stream)
            except httpx.TransportError as failure:
                delay, error = self._unreachable(call, attempt, failure)
            else:
                self._observe(response)
                if response.status_code < 400:
                    return response
                if stream:
                    await response.aread()
                    await response.aclose()
                delay, error = self._failed(call, attempt, response)
            if delay is None:
                raise error
            await asyncio.sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self.http.aclose()

