"""Error answers become the typed errors, with code, status, message, request id and field."""

from __future__ import annotations

import socket

import httpx
import pytest
from conftest import PERSONALITY, unique_name

from agent_launchpad import (
    AgentLaunchpadClient,
    AgentLaunchpadError,
    AgentNotFoundError,
    APIConnectionError,
    ConflictError,
    InsufficientPermissionsError,
    InvalidApiKeyError,
    NotFoundError,
    RetryPolicy,
    SecurityScanFailedError,
    ValidationError,
)


def test_agent_not_found(client: AgentLaunchpadClient) -> None:
    with pytest.raises(AgentNotFoundError) as caught:
        client.agents.get_status("agent-does-not-exist")
    error = caught.value
    assert isinstance(error, AgentLaunchpadError)
    assert (error.code, error.status) == ("AGENT_NOT_FOUND", 404)
    assert "agent-does-not-exist" in error.message
    assert error.request_id and error.request_id.startswith("req-")
    assert error.request_id in str(error) and "AGENT_NOT_FOUND" in str(error)


def test_validation_error_names_the_field(client: AgentLaunchpadClient) -> None:
    with pytest.raises(ValidationError) as caught:
        client.agents.create(agent_name=unique_name(), personality=PERSONALITY, resources={"memory": "lots"})
    assert (caught.value.code, caught.value.status, caught.value.field) == ("VALIDATION_ERROR", 400, "resources.memory")

    with pytest.raises(ValidationError) as missing:
        client.agents.create(agent_name=unique_name())
    assert missing.value.field == "personality"


def test_invalid_api_key(base_url: str) -> None:
    with AgentLaunchpadClient(api_key="alk_" + "0" * 64, base_url=base_url) as stranger:
        with pytest.raises(InvalidApiKeyError) as caught:
            stranger.users.get_profile()
    assert (caught.value.code, caught.value.status) == ("INVALID_API_KEY", 401)


def test_insufficient_permissions(client: AgentLaunchpadClient) -> None:
    with pytest.raises(InsufficientPermissionsError) as caught:
        client.system.get_metrics()
    assert caught.value.status == 403


def test_conflict(client: AgentLaunchpadClient) -> None:
    name = unique_name()
    agent = client.agents.create(agent_name=name, personality=PERSONALITY)
    with pytest.raises(ConflictError) as caught:
        client.agents.create(agent_name=name, personality=PERSONALITY)
    assert caught.value.status == 409
    client.agents.delete(agent["agentId"])


def test_not_found_scan(client: AgentLaunchpadClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.security.get_scan("scan-000000000000")
    assert caught.value.code == "NOT_FOUND"


def test_security_scan_failed_carries_the_findings(client: AgentLaunchpadClient) -> None:
    # The server imported GHSA-jf85-cpcp-j695 (CRITICAL, lodash below 4.17.12).
    with pytest.raises(SecurityScanFailedError) as caught:
        client.agents.create(agent_name=unique_name(), personality=PERSONALITY, selected_plugins=["lodash@4.17.11"])
    error = caught.value
    assert (error.code, error.status) == ("SECURITY_SCAN_FAILED", 422)
    assert error.scan_id and error.scan_id.startswith("scan-")
    assert [finding["id"] for finding in error.findings] == ["GHSA-jf85-cpcp-j695"]
    assert error.findings[0]["severity"] == "CRITICAL"


def test_connection_failure_is_retried_for_idempotent_calls_only() -> None:
    # A port nothing listens on: connections are refused for real.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    attempts: list = []
    http = httpx.Client(event_hooks={"request": [lambda request: attempts.append(request.method)]})
    client = AgentLaunchpadClient(
        api_key="alk_" + "1" * 64, base_url=f"http://127.0.0.1:{port}", retry=RetryPolicy(max_retries=2, backoff=0.01), http_client=http,
    )
    with pytest.raises(APIConnectionError) as caught:
        client.agents.get("agent-x")
    assert caught.value.code == "CONNECTION_ERROR"
    assert attempts == ["GET", "GET", "GET"], "GET: the first attempt and two retries"
    attempts.clear()
    with pytest.raises(APIConnectionError):
        client.agents.restart("agent-x")
    assert attempts == ["POST"], "POST is not sent again"
    client.close()
