"""The pure pieces the clients share, on inputs the server does not send today."""

from __future__ import annotations

from agent_launchpad._call import Call, camel, fields, query
from agent_launchpad._sse import FollowState, SSEDecoder
from agent_launchpad.errors import ERROR_CLASSES, AgentLaunchpadError, error_from_answer
from agent_launchpad.options import RetryPolicy


def feed(decoder: SSEDecoder, text: str) -> list:
    return [event for line in text.split("\n") if (event := decoder.feed(line)) is not None]


def test_sse_decoder() -> None:
    events = feed(SSEDecoder(), ": comment\n\nid: 7\ndata: {\"a\":\nData: x\ndata:  two\n\nevent: end\nretry: 250\ndata: {}\n\n")
    assert [(event.event, event.data, event.id, event.retry) for event in events] == [
        ("message", "{\"a\":\n two", "7", None),
        ("end", "{}", None, 250),
    ]


def test_follow_state_keeps_the_last_id_and_the_servers_retry() -> None:
    state = FollowState("agent-a", 5, None, None)
    assert "Last-Event-ID" not in state.call().headers
    [message, end] = feed(SSEDecoder(), "id: 41\ndata: {\"message\":\"hi\"}\n\nevent: end\nretry: 1500\ndata: {}\n\n")
    assert state.entry(message) == {"message": "hi"}
    assert state.call().headers["Last-Event-ID"] == "41"
    assert state.call().query == {"follow": "true", "lines": "5"}
    assert state.entry(end) is None and state.reconnect_delay == 1.5


def test_snake_case_becomes_camel_case() -> None:
    assert camel("agent_name") == "agentName" and camel("expires_in_days") == "expiresInDays"
    assert fields(agent_name="a", selected_plugins=["p"], description=None) == {"agentName": "a", "selectedPlugins": ["p"]}
    assert query(follow=True, lines=3, since=None) == {"follow": "true", "lines": "3"}


def test_retry_policy() -> None:
    policy = RetryPolicy(max_retries=2, backoff=0.5, max_backoff=0.75)
    get, post = Call("GET", "/x"), Call("POST", "/x")
    assert policy.delay(0, post, 429, 2.0) == 2.0, "429 with Retry-After: any method"
    assert policy.delay(0, get, 429, None) is None, "429 without Retry-After (a quota): raised"
    assert policy.delay(0, get, 429, 61.0) is None, "too long to wait"
    assert policy.delay(0, get, None, None) == 0.5 and policy.delay(1, get, None, None) == 0.75
    assert policy.delay(0, post, None, None) is None, "a connection failure: idempotent calls only"
    assert policy.delay(0, post, 503, 1.0) is None and policy.delay(0, get, 503, 1.0) == 1.0
    assert policy.delay(2, get, 429, 1.0) is None, "the retries are spent"
    assert policy.delay(0, get, 500, None) is None


def test_error_from_an_answer_that_is_not_the_envelope() -> None:
    error = error_from_answer(502, {"x-request-id": "req-1"}, b"<html>Bad Gateway</html>")
    assert type(error) is AgentLaunchpadError
    assert (error.code, error.status, error.request_id) == ("HTTP_502", 502, "req-1")
    unknown = error_from_answer(418, {}, b'{"error":{"code":"TEAPOT","message":"short","requestId":"req-2"}}')
    assert type(unknown) is AgentLaunchpadError and unknown.code == "TEAPOT"
    assert set(ERROR_CLASSES) >= {"AGENT_NOT_FOUND", "VALIDATION_ERROR", "INVALID_API_KEY", "RESOURCE_LIMIT_EXCEEDED", "SECURITY_SCAN_FAILED"}
