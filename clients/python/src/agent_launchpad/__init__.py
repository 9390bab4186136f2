"""Python client for the Agent Launchpad REST API.

    from agent_launchpad import AgentLaunchpadClient
    client = AgentLaunchpadClient(api_key="alk_…", base_url="http://127.0.0.1:8080")
"""

from ._version import __version__
from .client import AgentLaunchpadClient, AsyncAgentLaunchpadClient
from .errors import (
    AgentLaunchpadError,
    AgentNotFoundError,
    APIConnectionError,
    ConflictError,
    DeploymentFailedError,
    InsufficientPermissionsError,
    InternalError,
    InvalidApiKeyError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    ResourceLimitExceededError,
    SecurityScanFailedError,
    ServiceUnavailableError,
    UnsupportedMediaTypeError,
    ValidationError,
    WaitTimeoutError,
)
from .options import RetryPolicy, Timeouts
from .rate_limit import RateLimit
from .streams import AsyncLogStream, LogStream

__all__ = [
    "__version__",
    "AgentLaunchpadClient",
    "AsyncAgentLaunchpadClient",
    "AgentLaunchpadError",
    "AgentNotFoundError",
    "APIConnectionError",
    "ConflictError",
    "DeploymentFailedError",
    "InsufficientPermissionsError",
    "InternalError",
    "InvalidApiKeyError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PayloadTooLargeError",
    "ResourceLimitExceededError",
    "SecurityScanFailedError",
    "ServiceUnavailableError",
    "UnsupportedMediaTypeError",
    "ValidationError",
    "WaitTimeoutError",
    "RetryPolicy",
    "Timeouts",
    "RateLimit",
    "LogStream",
    "AsyncLogStream",
]
