"""The errors the client raises: one class for every answer in the API's error envelope, with a
subclass per documented code, and two for failures that never reached an answer."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Type


class AgentLaunchpadError(Exception):
    """An error answer of the API: ``{"error": {"code", "message", "timestamp", "requestId"}}``.

    ``field`` names the request field at fault (``resources.memory``, ``query.limit``) when the
    server gave one; ``details`` holds what a code has more (the findings of
    ``SECURITY_SCAN_FAILED``); ``retry_after`` is the ``Retry-After`` header in seconds, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: Optional[int] = None,
        request_id: Optional[str] = None,
        field: Optional[str] = None,
        details: Optional[Dict[str, Any]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.request_id = request_id
        self.field = field
        self.details: Dict[str, Any] = details or {}
        self.retry_after = retry_after

    def __str__(self) -> str:
        extra = ([f"field {self.field}"] if self.field else []) + ([f"request {self.request_id}"] if self.request_id else [])
        return f"{self.code}: {self.message}" + (f" ({', '.join(extra)})" if extra else "")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r}, message={self.message!r}, request_id={self.request_id!r})"


class InvalidApiKeyError(AgentLaunchpadError):
    """401 INVALID_API_KEY: the key is missing, malformed, unknown, expired or revoked."""


class InsufficientPermissionsError(AgentLaunchpadError):
    """403 INSUFFICIENT_PERMISSIONS."""


class AgentNotFoundError(AgentLaunchpadError):
    """404 AGENT_NOT_FOUND (also for an agent of another user)."""


class NotFoundError(AgentLaunchpadError):
    """404 NOT_FOUND: a path or resource other than an agent."""


class ValidationError(AgentLaunchpadError):
    """400 VALIDATION_ERROR; ``field`` names the field at fault."""


class ConflictError(AgentLaunchpadError):
    """409 CONFLICT: a name already taken, an agent being deleted."""


class ResourceLimitExceededError(AgentLaunchpadError):
    """429 RESOURCE_LIMIT_EXCEEDED: the rate limit (raised once the retries are spent), a quota,
    the host's memory, or too many log followers."""


class SecurityScanFailedError(AgentLaunchpadError):
    """422 SECURITY_SCAN_FAILED: the scan found what blocks the deployment."""

    @property
    def scan_id(self) -> Optional[str]:
        value = self.details.get("scanId")
        return value if isinstance(value, str) else None

    @property
    def findings(self) -> List[Dict[str, Any]]:
        value = self.details.get("findings")
        return list(value) if isinstance(value, list) else []


class DeploymentFailedError(AgentLaunchpadError):
    """500 DEPLOYMENT_FAILED, or an agent that became FAILED while ``wait_until_deployed`` waited."""


class PayloadTooLargeError(AgentLaunchpadError):
    """413 PAYLOAD_TOO_LARGE."""


class UnsupportedMediaTypeError(AgentLaunchpadError):
    """415 UNSUPPORTED_MEDIA_TYPE."""


class MethodNotAllowedError(AgentLaunchpadError):
    """405 METHOD_NOT_ALLOWED."""


class ServiceUnavailableError(AgentLaunchpadError):
    """503 SERVICE_UNAVAILABLE: launchpad is not answering (it restarts by itself)."""


class InternalError(AgentLaunchpadError):
    """500 INTERNAL_ERROR: logged by the server under the request id."""


class APIConnectionError(AgentLaunchpadError):
    """No answer: the connection failed or timed out (code ``CONNECTION_ERROR`` or ``TIMEOUT``)."""


class WaitTimeoutError(AgentLaunchpadError):
    """``wait_until_deployed`` ran out of time (code ``WAIT_TIMEOUT``)."""


ERROR_CLASSES: Dict[str, Type[AgentLaunchpadError]] = {
    "INVALID_API_KEY": InvalidApiKeyError,
    "INSUFFICIENT_PERMISSIONS": InsufficientPermissionsError,
    "AGENT_NOT_FOUND": AgentNotFoundError,
    "NOT_FOUND": NotFoundError,
    "VALIDATION_ERROR": ValidationError,
    "CONFLICT": ConflictError,
    "RESOURCE_LIMIT_EXCEEDED": ResourceLimitExceededError,
    "SECURITY_SCAN_FAILED": SecurityScanFailedError,
    "DEPLOYMENT_FAILED": DeploymentFailedError,
    "PAYLOAD_TOO_LARGE": PayloadTooLargeError,
    "UNSUPPORTED_MEDIA_TYPE": UnsupportedMediaTypeError,
    "METHOD_NOT_ALLOWED": MethodNotAllowedError,
    "SERVICE_UNAVAILABLE": ServiceUnavailableError,
    "INTERNAL_ERROR": InternalError,
}


def error_from_answer(status: int, headers: Mapping[str, str], body: bytes) -> AgentLaunchpadError:
    """The typed error for an error answer: its envelope's code picks the class. A body that is not
    the envelope (a proxy's own page) gives the base class with code ``HTTP_<status>``."""
    envelope: Any = None
    try:
        envelope = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError):
        envelope = None
    error = envelope.get("error") if isinstance(envelope, dict) else None
    retry_after = parse_retry_after(headers.get("retry-after"))
    request_id = headers.get("x-request-id")
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        text = body.decode("utf-8", "replace").strip()[:200] or f"HTTP {status}"
        return AgentLaunchpadError(text, code=f"HTTP_{status}", status=status, request_id=request_id, retry_after=retry_after)
    code = error["code"]
    details = error.get("details")
    cls = ERROR_CLASSES.get(code, AgentLaunchpadError)
    return cls(
        str(error.get("message", "")),
        code=code,
        status=status,
        request_id=error.get("requestId") or request_id,
        field=error.get("field"),
        details=details if isinstance(details, dict) else None,
        retry_after=retry_after,
    )


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """``Retry-After`` in seconds (launchpad sends whole seconds; a date is not used)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
