"""``wait_until_deployed``'s decisions, shared by the sync and async clients."""

from __future__ import annotations

import time
from typing import Optional

from ._call import JSON
from .errors import ConflictError, DeploymentFailedError, WaitTimeoutError


class DeployWait:
    def __init__(self, agent_id: str, timeout: float, interval: float) -> None:
        self.agent_id = agent_id
        self.interval = interval
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.last_status: Optional[str] = None

    def done(self, report: JSON) -> bool:
        """True once DEPLOYED; FAILED and DELETING are raised, since waiting will not help."""
        status = report.get("status")
        self.last_status = status if isinstance(status, str) else None
        if status == "DEPLOYED":
            return True
        if status == "FAILED":
            reason = report.get("reason") or "the agent failed"
            raise DeploymentFailedError(f"Agent {self.agent_id} failed: {reason}", code="DEPLOYMENT_FAILED")
        if status == "DELETING":
            raise ConflictError(f"Agent {self.agent_id} is being deleted", code="CONFLICT")
        return False

    def next_delay(self) -> float:
        """Seconds until the next look; raises WaitTimeoutError when the time is up."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise WaitTimeoutError(
                f"Agent {self.agent_id} was not DEPLOYED within {self.timeout:g} s (last status {self.last_status})",
                code="WAIT_TIMEOUT",
            )
        return min(self.interval, left)
