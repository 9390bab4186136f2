"""Every route of seed 001 once, through the sync client, against the real server."""

from __future__ import annotations

from typing import Callable

from conftest import PERSONALITY, unique_name

from agent_launchpad import AgentLaunchpadClient, RateLimit


def test_identity_calls(admin: AgentLaunchpadClient, base_url: str) -> None:
    name = unique_name("user")
    issued = admin.keys.generate(username=name, email=f"{name}@example.com", role="USER", expires_in_days=7)
    assert issued["apiKey"].startswith("alk_") and issued["keyId"].startswith("key_")

    with AgentLaunchpadClient(api_key=issued["apiKey"], base_url=base_url) as user:
        profile = user.users.get_profile()
        assert profile["username"] == name and profile["role"] == "USER"
        changed = user.users.update_profile(email=f"{name}@example.org", notifications={"email": False, "slack": True})
        assert changed["email"] == f"{name}@example.org"
        assert changed["notifications"] == {"email": False, "slack": True}
        assert isinstance(user.rate_limit, RateLimit) and user.rate_limit.limit > 0
        assert user.last_request_id and user.last_request_id.startswith("req-")


def test_agent_lifecycle_calls(client: AgentLaunchpadClient) -> None:
    name = unique_name()
    created = client.agents.create(
        agent_name=name, description="Every call once", personality=PERSONALITY,
        selected_plugins=["@elizaos/plugin-bootstrap"], resources={"memory": "128Mi", "cpu": "100m", "replicas": 1},
        platforms={"discord": {"token": "secret-token", "guildId": "guild"}},
    )
    agent_id = created["agentId"]
    assert created["status"] == "QUEUED"

    deployed = client.agents.wait_until_deployed(agent_id, timeout=60)
    assert deployed["status"] == "DEPLOYED" and deployed["health"]["kubernetes"]["readyReplicas"] == 1

    record = client.agents.get(agent_id)
    assert record["name"] == name and record["selectedPlugins"] == ["@elizaos/plugin-bootstrap"]
    assert record["platforms"]["discord"]["token"] == "***"

    page = client.agents.list(limit=5, status="DEPLOYED")
    assert agent_id in [agent["agentId"] for agent in page["agents"]] and page["limit"] == 5

    updated = client.agents.update(agent_id, description="Changed")
    assert updated["description"] == "Changed"

    scaled = client.agents.scale(agent_id, 2)
    assert scaled["targetReplicas"] == 2
    client.agents.wait_until_deployed(agent_id, timeout=60)
    assert client.agents.get_status(agent_id)["health"]["kubernetes"]["readyReplicas"] == 2

    restarted = client.agents.restart(agent_id)
    assert restarted["status"] == "RESTARTING" and restarted["agentId"] == agent_id
    client.agents.wait_until_deployed(agent_id, timeout=60)

    logs = client.agents.get_logs(agent_id, lines=5, since="1h")
    assert logs["agentId"] == agent_id and 0 < len(logs["logs"]) <= 5

    metrics = client.agents.get_metrics(agent_id, window="15m")
    assert metrics["agentId"] == agent_id and "history" in metrics

    scan = client.security.scan(agent_id)
    assert scan["status"] == "COMPLETED" and scan["agentId"] == agent_id
    assert client.security.get_scan(scan["scanId"])["scanId"] == scan["scanId"]
    scans = client.agents.list_scans(agent_id, limit=10)
    assert scan["scanId"] in [each["scanId"] for each in scans["scans"]]

    deleted = client.agents.delete(agent_id)
    assert deleted["status"] == "DELETING"


def test_list_all_walks_every_page(client: AgentLaunchpadClient) -> None:
    ids = {client.agents.create(agent_name=unique_name(), personality=PERSONALITY)["agentId"] for _ in range(3)}
    walked = [agent["agentId"] for agent in client.agents.list_all(page_size=1)]
    assert len(walked) == len(set(walked)), "each agent once"
    assert ids <= set(walked)
    assert len(walked) == client.agents.list(limit=1)["total"]
    for agent_id in ids:
        client.agents.delete(agent_id)


def test_security_events_and_system(admin: AgentLaunchpadClient, base_url: str) -> None:
    events = admin.security.list_events(limit=5, severity="LOW", since="1h")
    assert events["total"] >= 1 and all(event["severity"] == "LOW" for event in events["events"])

    health = admin.system.get_health()
    assert health["status"] == "HEALTHY" and "components" in health, "a key gets the whole report"
    with AgentLaunchpadClient(base_url=base_url) as anonymous:
        public = anonymous.system.get_health()
        assert public["status"] == "HEALTHY" and "components" not in public

    metrics = admin.system.get_metrics()
    assert metrics["system"]["totalAgents"] >= 0 and metrics["resources"]["cpu"]["total"] > 0
