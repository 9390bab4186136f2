"""``follow_logs``: new lines as they are written, across the server's end of a stream (it runs with
--max-stream-seconds 3) by reconnecting with Last-Event-ID, without losing or repeating a line."""

from __future__ import annotations

import threading
import time
from typing import Callable, List, Tuple

import httpx
from conftest import PERSONALITY, unique_name

from agent_launchpad import AgentLaunchpadClient


def test_followed_logs_reconnect_with_last_event_id(base_url: str, make_key: Callable[..., str]) -> None:
    key = make_key()
    sent: List[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [sent.append]})
    client = AgentLaunchpadClient(api_key=key, base_url=base_url, http_client=http)
    agent_id = client.agents.create(agent_name=unique_name(), personality=PERSONALITY)["agentId"]
    client.agents.wait_until_deployed(agent_id, timeout=60)

    restarts = AgentLaunchpadClient(api_key=key, base_url=base_url)

    def restart_twice() -> None:
        time.sleep(0.5)
        restarts.agents.restart(agent_id)
        time.sleep(4.5)  # past the server's 3 s stream lifetime: the second lines come on a new connection
        restarts.agents.restart(agent_id)

    seen: List[Tuple[str, dict]] = []
    with client.agents.follow_logs(agent_id, lines=1) as stream:
        threading.Thread(target=restart_twice, daemon=True).start()
        deployed = 0
        for entry in stream:
            assert stream.last_event_id is not None
            seen.append((stream.last_event_id, entry))
            if entry["message"].startswith("Agent deployed"):
                deployed += 1
                if deployed == 3:  # the backlog's line, then one per restart
                    break

    ids = [int(event_id) for event_id, _ in seen]
    assert ids == sorted(set(ids)), "each line once, in order"
    assert {"timestamp", "level", "message", "pod"} <= set(seen[-1][1])
    resumed = [request for request in sent if request.url.path.endswith("/logs") and "Last-Event-ID" in request.headers]
    assert resumed, "the stream was reopened with Last-Event-ID"
    assert all(request.url.params["follow"] == "true" for request in resumed)

    # A new stream from an id resumes right after it.
    with client.agents.follow_logs(agent_id, last_event_id=seen[0][0]) as again:
        first = next(iter(again))
        assert again.last_event_id == seen[1][0] and first == seen[1][1]
    client.agents.delete(agent_id)
    client.close()
    restarts.close()
