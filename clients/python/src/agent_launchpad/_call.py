"""One API call described without doing it: what the sync and async clients both send."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional
from urllib.parse import quote

JSON = Dict[str, Any]

# RFC 9110's idempotent methods: a call with one of them may be sent again after a connection failure.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    body: Optional[JSON] = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # False for GET /api/health without a key (it is public; a key gets the whole report).
    authenticated: bool = True

    @property
    def idempotent(self) -> bool:
        return self.method in IDEMPOTENT_METHODS


def camel(name: str) -> str:
    """``agent_name`` → ``agentName``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def fields(**values: Any) -> JSON:
    """Keyword arguments as the API's camelCase fields, leaving out those that are None. Values
    (dictionaries included) are sent as given, in the API's own names."""
    return {camel(name): value for name, value in values.items() if value is not None}


def query(**values: Any) -> Dict[str, str]:
    """Keyword arguments as query parameters: camelCase names, booleans as true/false, None left out."""
    result: Dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        result[camel(name)] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return result


def segment(value: str) -> str:
    """A path segment, escaped."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"expected a non-empty id, got {value!r}")
    return quote(value, safe="")
