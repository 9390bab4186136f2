"""Pause and resume, messages and sessions (AgentOS), invocation and its stream (AgentSpec), sync
and async, against the real server and the reference agent."""

from __future__ import annotations

import asyncio
from typing import Callable

import pytest
from conftest import PERSONALITY, unique_name

from agent_launchpad import AgentLaunchpadClient, AsyncAgentLaunchpadClient, NotFoundError, ValidationError


def test_pause_then_resume_deploys_again(client: AgentLaunchpadClient) -> None:
    agent_id = client.agents.create(agent_name=unique_name("pause"), personality=PERSONALITY)["agentId"]
    client.agents.wait_until_deployed(agent_id, timeout=60)

    paused = client.agents.pause(agent_id)
    assert paused["agentId"] == agent_id and paused["status"] == "PAUSED"
    assert client.agents.get_status(agent_id)["status"] == "PAUSED"
    resumed = client.agents.resume(agent_id)
    assert resumed["agentId"] == agent_id and resumed["status"] != "PAUSED"
    report = client.agents.wait_until_deployed(agent_id, timeout=60)
    assert report["status"] == "DEPLOYED" and report["health"]["kubernetes"]["readyReplicas"] == 1
    client.agents.delete(agent_id)


def test_messages_keep_their_session(client: AgentLaunchpadClient) -> None:
    agent_id = client.agents.create(agent_name=unique_name("talk"), personality=PERSONALITY)["agentId"]
    client.agents.wait_until_deployed(agent_id, timeout=60)

    first = client.agents.message(agent_id, "What do you know about tests?")
    assert first["content"] and first["sessionId"].startswith("sess_")
    assert first["usage"]["total"] == first["usage"]["input"] + first["usage"]["output"] > 0
    second = client.agents.message(agent_id, "And about pytest?", session_id=first["sessionId"])
    assert second["sessionId"] == first["sessionId"] and second["content"] != first["content"]

    sessions = client.agents.list_sessions(agent_id, limit=10)
    assert [(each["sessionId"], each["turns"]) for each in sessions["sessions"]] == [(first["sessionId"], 2)]
    client.agents.delete(agent_id)


def test_invoke_and_stream(client: AgentLaunchpadClient) -> None:
    name = unique_name("invoke")
    client.agents.wait_until_deployed(client.agents.create(agent_name=name, personality=PERSONALITY)["agentId"], timeout=60)

    answer = client.agents.invoke(name, "Tell me about tests")
    assert answer["agent"] == name and answer["output"]
    assert answer["usage"]["total_tokens"] == answer["usage"]["input_tokens"] + answer["usage"]["output_tokens"]

    with client.agents.stream(name, "Tell me about streams") as reply:
        pieces = list(reply)
    assert len(pieces) > 1, pieces
    assert reply.answer is not None and "".join(pieces) == reply.answer["output"]
    assert reply.answer["usage"]["output_tokens"] > 0

    with pytest.raises(NotFoundError) as missing:
        client.agents.invoke(unique_name("missing"), "Hello")
    assert missing.value.code == "not_found" and missing.value.status == 404
    with pytest.raises(NotFoundError):
        list(client.agents.stream(unique_name("missing"), "Hello"))
    with pytest.raises(ValidationError) as empty:
        client.agents.invoke(name, "")
    assert empty.value.code == "invalid_request" and empty.value.status == 400


def test_async_stream_continues_a_session(base_url: str, make_key: Callable[..., str]) -> None:
    async def scenario() -> None:
        async with AsyncAgentLaunchpadClient(api_key=make_key(), base_url=base_url) as client:
            name = unique_name("astream")
            agent_id = (await client.agents.create(agent_name=name, personality=PERSONALITY))["agentId"]
            await client.agents.wait_until_deployed(agent_id, timeout=60)
            first = await client.agents.message(agent_id, "Hello there")
            async with client.agents.stream(name, "Go on", session_id=first["sessionId"]) as reply:
                pieces = [piece async for piece in reply]
            assert len(pieces) > 1 and reply.answer is not None
            assert "".join(pieces) == reply.answer["output"] and reply.answer["session_id"] == first["sessionId"]
            sessions = await client.agents.list_sessions(agent_id)
            assert [each["turns"] for each in sessions["sessions"]] == [2]
            assert (await client.agents.pause(agent_id))["status"] == "PAUSED"
            await client.agents.resume(agent_id)
            assert (await client.agents.wait_until_deployed(agent_id, timeout=60))["status"] == "DEPLOYED"
            await client.agents.delete(agent_id)

    asyncio.run(asyncio.wait_for(scenario(), timeout=120))
