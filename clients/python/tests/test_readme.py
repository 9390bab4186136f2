"""The README's example, the seed's own code with the personality the server requires, run as written
(with this server's address and a real key in place of the placeholders)."""

from __future__ import annotations

import pathlib
import re
from typing import Callable

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_runs_as_written(base_url: str, make_key: Callable[..., str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "README.md has a python example"
    example = blocks[0]
    assert "client.agents.create(" in example and "client.agents.get_status(agent['agentId'])" in example
    code = example.replace("'your-api-key'", repr(make_key())).replace("'https://api.yourdomain.com'", repr(base_url))
    scope: dict = {}
    exec(compile(code, str(README), "exec"), scope)
    assert scope["agent"]["status"] == "QUEUED"
    assert scope["status"]["agentId"] == scope["agent"]["agentId"]
    assert scope["status"]["status"] in {"QUEUED", "DEPLOYING", "DEPLOYED"}
    scope["client"].agents.delete(scope["agent"]["agentId"])
