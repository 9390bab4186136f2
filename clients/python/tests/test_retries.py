"""429 answers are retried after Retry-After, up to the configured limit; the rate-limit headers of
the last answer are readable."""

from __future__ import annotations

import time
from typing import Callable, List

import httpx
import pytest

from agent_launchpad import AgentLaunchpadClient, ResourceLimitExceededError


def counting_client(base_url: str, key: str, max_retries: int, statuses: List[int]) -> AgentLaunchpadClient:
    http = httpx.Client(event_hooks={"response": [lambda response: statuses.append(response.status_code)]})
    return AgentLaunchpadClient(api_key=key, base_url=base_url, max_retries=max_retries, http_client=http)


def test_429_is_retried_after_retry_after(base_url: str, make_key: Callable[..., str]) -> None:
    statuses: List[int] = []
    client = counting_client(base_url, make_key(rate_limit="3/3s"), 5, statuses)
    started = time.monotonic()
    profiles = [client.users.get_profile() for _ in range(5)]
    elapsed = time.monotonic() - started
    assert len(profiles) == 5, "every call answered"
    assert 429 in statuses, "the server refused some attempts"
    assert statuses.count(200) == 5
    assert elapsed >= 1.0, "the retries waited for Retry-After"
    assert client.rate_limit is not None and client.rate_limit.limit == 3
    client.close()


def test_429_is_raised_once_the_retries_are_spent(base_url: str, make_key: Callable[..., str]) -> None:
    statuses: List[int] = []
    client = counting_client(base_url, make_key(rate_limit="2/1m"), 0, statuses)
    client.users.get_profile()
    client.users.get_profile()
    with pytest.raises(ResourceLimitExceededError) as caught:
        client.users.get_profile()
    error = caught.value
    assert (error.code, error.status) == ("RESOURCE_LIMIT_EXCEEDED", 429)
    assert error.retry_after is not None and error.retry_after > 0
    assert statuses == [200, 200, 429], "max_retries=0: not sent again"
    assert client.rate_limit is not None and client.rate_limit.remaining == 0
    client.close()
