"""The async client: the same calls awaited, list_all and follow_logs as async iterators."""

from __future__ import annotations

import asyncio
from typing import Callable

import pytest
from conftest import PERSONALITY, unique_name

from agent_launchpad import AgentNotFoundError, AsyncAgentLaunchpadClient


def test_async_client(base_url: str, make_key: Callable[..., str]) -> None:
    async def scenario() -> None:
        async with AsyncAgentLaunchpadClient(api_key=make_key(), base_url=base_url) as client:
            created = await client.agents.create(agent_name=unique_name("async"), personality=PERSONALITY)
            agent_id = created["agentId"]
            report = await client.agents.wait_until_deployed(agent_id, timeout=60)
            assert report["status"] == "DEPLOYED"
            assert (await client.users.get_profile())["role"] == "USER"
            assert agent_id in [agent["agentId"] async for agent in client.agents.list_all(page_size=1)]
            assert client.rate_limit is not None and client.last_request_id

            with pytest.raises(AgentNotFoundError):
                await client.agents.get("agent-missing")

            async with client.agents.follow_logs(agent_id, lines=1) as stream:
                await client.agents.restart(agent_id)
                messages = []
                async for entry in stream:
                    messages.append(entry["message"])
                    if len(messages) > 1 and entry["message"].startswith("Agent deployed"):
                        break
            assert any("started" in message for message in messages[1:]), messages
            await client.agents.delete(agent_id)

    asyncio.run(asyncio.wait_for(scenario(), timeout=90))
