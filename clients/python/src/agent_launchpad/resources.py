"""The API's routes, grouped as seed 001 groups them. Each method describes its call and hands it
to the client's ``run``: the sync client returns the answer, the async one an awaitable of it, so
that both share these definitions (``R`` is the result type)."""

from __future__ import annotations

from typing import Any, Callable, Dict, Generic, List, Optional, Set, TypeVar

from ._call import JSON, Call, fields, query, segment

R = TypeVar("R")


class _Resource(Generic[R]):
    def __init__(self, run: Callable[[Call], R]) -> None:
        self._run = run


class Keys(_Resource[R]):
    """``POST /api/auth/generate-key`` (ADMIN)."""

    def generate(self, *, username: str, email: str, role: str = "USER", expires_in_days: Optional[int] = None) -> R:
        """A new key, and its user on first use: ``{"apiKey", "keyId", "expiresAt"}``; the key is shown once."""
        return self._run(Call("POST", "/api/auth/generate-key", body=fields(username=username, email=email, role=role, expires_in_days=expires_in_days)))


class Users(_Resource[R]):
    """``/api/users/profile``: the caller's own profile."""

    def get_profile(self) -> R:
        return self._run(Call("GET", "/api/users/profile"))

    def update_profile(self, *, email: Optional[str] = None, notifications: Optional[Dict[str, bool]] = None) -> R:
        """``notifications`` is ``{"email": bool, "slack": bool}``."""
        return self._run(Call("PUT", "/api/users/profile", body=fields(email=email, notifications=notifications)))


class Agents(_Resource[R]):
    """``/api/agents``: create, read, change, scale, restart and delete agents; their logs and metrics."""

    def create(
        self,
        *,
        agent_name: str,
        description: Optional[str] = None,
        personality: Optional[Dict[str, Any]] = None,
        selected_plugins: Optional[List[str]] = None,
        resources: Optional[Dict[str, Any]] = None,
        platforms: Optional[Dict[str, Dict[str, str]]] = None,
        package_lock: Optional[Dict[str, Any]] = None,
    ) -> R:
        """``POST /api/agents``: the agent, QUEUED (``{"agentId", "status", "createdAt", "estimatedDeployTime"}``).
        ``personality`` needs a ``bio`` or a ``system`` prompt."""
        body = fields(
            agent_name=agent_name, description=description, personality=personality, selected_plugins=selected_plugins,
            resources=resources, platforms=platforms, package_lock=package_lock,
        )
        return self._run(Call("POST", "/api/agents", body=body))

    def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None, status: Optional[str] = None, owner: Optional[str] = None) -> R:
        """One page: ``{"agents", "total", "limit", "offset"}``, newest first (``list_all`` walks every page)."""
        return self._run(Call("GET", "/api/agents", query=query(limit=limit, offset=offset, status=status, owner=owner)))

    def get(self, agent_id: str) -> R:
        """The whole record; platform secrets shown as ``***``."""
        return self._run(Call("GET", f"/api/agents/{segment(agent_id)}"))

    def get_status(self, agent_id: str) -> R:
        """``GET /api/agents/{agentId}/status``: status and health as the runtime sees them."""
        return self._run(Call("GET", f"/api/agents/{segment(agent_id)}/status"))

    def update(
        self,
        agent_id: str,
        *,
        description: Optional[str] = None,
        personality: Optional[Dict[str, Any]] = None,
        selected_plugins: Optional[List[str]] = None,
        resources: Optional[Dict[str, Any]] = None,
        platforms: Optional[Dict[str, Dict[str, str]]] = None,
        package_lock: Optional[Dict[str, Any]] = None,
    ) -> R:
        """``PUT /api/agents/{agentId}``: a partial update (at least one field); the agent after it."""
        body = fields(
            description=description, personality=personality, selected_plugins=selected_plugins, resources=resources,
            platforms=platforms, package_lock=package_lock,
        )
        return self._run(Call("PUT", f"/api/agents/{segment(agent_id)}", body=body))

    def scale(self, agent_id: str, replicas: int) -> R:
        return self._run(Call("POST", f"/api/agents/{segment(agent_id)}/scale", body={"replicas": replicas}))

    def restart(self, agent_id: str) -> R:
        return self._run(Call("POST", f"/api/agents/{segment(agent_id)}/restart"))

    def delete(self, agent_id: str) -> R:
        """The agent, DELETING; its processes and record go soon after."""
        return self._run(Call("DELETE", f"/api/agents/{segment(agent_id)}"))

    def get_logs(self, agent_id: str, *, lines: Optional[int] = None, since: Optional[str] = None) -> R:
        """A page of log lines: ``{"agentId", "logs", "totalLines", "truncated"}`` (``follow_logs`` streams them).
        ``since`` is an ISO 8601 time or an age (``"30m"``)."""
        return self._run(Call("GET", f"/api/agents/{segment(agent_id)}/logs", query=query(lines=lines, since=since)))

    def get_metrics(self, agent_id: str, *, window: Optional[str] = None) -> R:
        """CPU, memory, network and requests; with ``window`` (``"15m"``) the samples since then as ``history``."""
        return self._run(Call("GET", f"/api/agents/{segment(agent_id)}/metrics", query=query(window=window)))

    def list_scans(self, agent_id: str, *, limit: Optional[int] = None) -> R:
        """The agent's security scans, newest first: ``{"scans", "total"}``."""
        return self._run(Call("GET", f"/api/agents/{segment(agent_id)}/scans", query=query(limit=limit)))

    # Pause, resume, invocation and sessions are added here as the server gains their routes.


class Security(_Resource[R]):
    """``/api/security``: scans and security events."""

    def scan(self, agent_id: str) -> R:
        """``POST /api/security/scan/{agentId}``: scans the agent now; the scan, COMPLETED."""
        return self._run(Call("POST", f"/api/security/scan/{segment(agent_id)}"))

    def get_scan(self, scan_id: str) -> R:
        return self._run(Call("GET", f"/api/security/scans/{segment(scan_id)}"))

    def list_events(self, *, limit: Optional[int] = None, severity: Optional[str] = None, since: Optional[str] = None) -> R:
        """Newest first: ``{"events", "total"}``. ``severity``: LOW, MEDIUM, HIGH or CRITICAL."""
        return self._run(Call("GET", "/api/security/events", query=query(limit=limit, severity=severity, since=since)))


class System(_Resource[R]):
    """``/api/health`` and ``/api/system/metrics``."""

    def __init__(self, run: Callable[[Call], R], has_key: bool) -> None:
        super().__init__(run)
        self._has_key = has_key

    def get_health(self) -> R:
        """The health report: status, timestamp and version; everything with a key."""
        return self._run(Call("GET", "/api/health", authenticated=self._has_key))

    def get_metrics(self) -> R:
        """Agents by status, deployments and the host's resources (ADMIN)."""
        return self._run(Call("GET", "/api/system/metrics"))


class AgentPager:
    """Walks ``GET /api/agents`` page by page, each agent once even when agents come and go meanwhile."""

    def __init__(self, page_size: int, status: Optional[str], owner: Optional[str]) -> None:
        self.page_size = page_size
        self.status = status
        self.owner = owner
        self.offset = 0
        self.done = False
        self._seen: Set[Any] = set()

    def call(self) -> Call:
        return Call("GET", "/api/agents", query=query(limit=self.page_size, offset=self.offset, status=self.status, owner=self.owner))

    def take(self, page: JSON) -> List[JSON]:
        agents = [agent for agent in page.get("agents", []) if isinstance(agent, dict)]
        self.offset += len(agents)
        self.done = len(agents) < self.page_size or self.offset >= int(page.get("total", 0))
        fresh = [agent for agent in agents if agent.get("agentId") not in self._seen]
        self._seen.update(agent.get("agentId") for agent in fresh)
        return fresh
