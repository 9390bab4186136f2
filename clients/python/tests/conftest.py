"""The server under test: a real `launchpad up` started by scripts/test-clients.sh, which gives its
address, data directory, binary and first ADMIN key in LAUNCHPAD_TEST_* variables."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from typing import Callable, Dict, Iterator

import pytest

from agent_launchpad import AgentLaunchpadClient


def _environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run these tests with scripts/test-clients.sh")
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _environment("LAUNCHPAD_TEST_URL")


@pytest.fixture(scope="session")
def admin_key() -> str:
    return _environment("LAUNCHPAD_TEST_ADMIN_KEY")


@pytest.fixture(scope="session")
def make_key() -> Callable[..., str]:
    """A new key made with `launchpad keys create` (the CLI writes to the running server's store), with its own rate limit."""

    def make(role: str = "USER", rate_limit: str = "1000000/15m,1000000/1m") -> str:
        name = f"py-{secrets.token_hex(4)}"
        output = subprocess.run(
            [_environment("LAUNCHPAD_TEST_BINARY"), "keys", "create", "--data", _environment("LAUNCHPAD_TEST_DATA"),
             "--username", name, "--email", f"{name}@example.com", "--role", role, "--rate-limit", rate_limit],
            check=True, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        ).stdout
        match = re.search(r"alk_[0-9a-f]{64}", output)
        assert match, output
        return match.group(0)

    return make


@pytest.fixture
def client(base_url: str, make_key: Callable[..., str]) -> Iterator[AgentLaunchpadClient]:
    with AgentLaunchpadClient(api_key=make_key(), base_url=base_url) as client:
        yield client


@pytest.fixture
def admin(base_url: str, admin_key: str) -> Iterator[AgentLaunchpadClient]:
    with AgentLaunchpadClient(api_key=admin_key, base_url=base_url) as client:
        yield client


def unique_name(prefix: str = "py") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


PERSONALITY: Dict[str, object] = {"bio": ["I answer questions about the tests"], "adjectives": ["precise"]}
