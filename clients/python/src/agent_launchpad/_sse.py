"""Server-Sent Events, line by line (the WHATWG parsing rules this API needs), and what a log
stream makes of each event: the part the sync and async streams share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ._call import Call, query, segment
from .errors import ERROR_CLASSES, AgentLaunchpadError


@dataclass(frozen=True)
class ServerSentEvent:
    event: str
    data: str
    id: Optional[str]
    retry: Optional[int]


class SSEDecoder:
    """Feed it lines without their ending; it returns an event at each blank line that ends one."""

    def __init__(self) -> None:
        self._event = ""
        self._data: List[str] = []
        self._id: Optional[str] = None
        self._retry: Optional[int] = None

    def feed(self, line: str) -> Optional[ServerSentEvent]:
        if line == "":
            if not self._data and not self._event:
                self._id = None
                self._retry = None
                return None
            event = ServerSentEvent(self._event or "message", "\n".join(self._data), self._id, self._retry)
            self._event, self._data, self._id, self._retry = "", [], None, None
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None


class FollowState:
    """Where a followed log stream is: the call that (re)opens it with ``Last-Event-ID``, and the
    meaning of each event. ``reconnect_delay`` is set when the server ended the stream by itself."""

    def __init__(self, agent_id: str, lines: Optional[int], since: Optional[str], last_event_id: Optional[str]) -> None:
        self.agent_id = agent_id
        self.lines = lines
        self.since = since
        self.last_event_id = last_event_id
        self.reconnect_delay: Optional[float] = None

    def call(self) -> Call:
        headers = {"Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        return Call(
            "GET",
            f"/api/agents/{segment(self.agent_id)}/logs",
            query=query(follow=True, lines=self.lines, since=self.since),
            headers=headers,
        )

    def entry(self, event: ServerSentEvent) -> Optional[Dict[str, Any]]:
        """The log entry an event carries, or None (``end`` sets ``reconnect_delay``). An ``error``
        event (the key revoked, the agent deleted) is raised."""
        if event.event == "message":
            if event.id is not None:
                self.last_event_id = event.id
            entry = json.loads(event.data)
            return entry if isinstance(entry, dict) else None
        if event.event == "end":
            self.reconnect_delay = (event.retry or 1000) / 1000
            return None
        if event.event == "error":
            try:
                body = json.loads(event.data)
            except ValueError:
                body = {}
            code = str(body.get("code", "STREAM_ERROR"))
            cls = ERROR_CLASSES.get(code, AgentLaunchpadError)
            raise cls(str(body.get("message", event.data)), code=code)
        return None
