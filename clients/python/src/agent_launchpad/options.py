"""How the client waits and retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ._call import Call


@dataclass(frozen=True)
class RetryPolicy:
    """When a call is sent again.

    - 429 with ``Retry-After`` (the rate limit, too many log followers): after that many seconds,
      for every method, since the server refused the call before doing anything. A 429 without it
      (a quota, the host's memory) is raised at once.
    - 503 (launchpad restarting behind nginx) and connection failures: for idempotent methods only
      (GET, PUT, DELETE), after ``backoff`` seconds doubling up to ``max_backoff``.

    At most ``max_retries`` times per call; a ``Retry-After`` above ``max_retry_after`` is not
    waited for.
    """

    max_retries: int = 3
    max_retry_after: float = 60.0
    backoff: float = 0.5
    max_backoff: float = 8.0

    def delay(self, attempt: int, call: Call, status: Optional[int], retry_after: Optional[float]) -> Optional[float]:
        """Seconds to wait before sending ``call`` again after its ``attempt``-th failure (0-based):
        ``status`` is None for a connection failure. None: do not retry."""
        if attempt >= self.max_retries:
            return None
        if status == 429:
            if retry_after is None or retry_after > self.max_retry_after:
                return None
            return retry_after
        if status is None or status == 503:
            if not call.idempotent:
                return None
            if retry_after is not None and retry_after <= self.max_retry_after:
                return retry_after
            return self.backoff_for(attempt)
        return None

    def backoff_for(self, attempt: int) -> float:
        return float(min(self.backoff * 2.0 ** attempt, self.max_backoff))


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``request``: a whole call's reading, writing and pool waits; ``connect``: opening a
    connection; ``stream_idle``: silence on a followed log stream before it counts as dropped and is
    reopened (the server sends a keep-alive every second)."""

    request: float = 30.0
    connect: float = 10.0
    stream_idle: float = 30.0
