"""The official `openai` package against a real launchpad: completes a chat, streams one, lists
models and reads an error, with a Launchpad key. Usage: openai-client.py BASE_URL KEY
(scripts/openai-client.sh starts the server and makes the key)."""
import json
import sys
import time
import urllib.request

import openai

base, key = sys.argv[1], sys.argv[2]


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"X-API-Key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


agent = call("POST", "/api/agents", {"agentName": "openai-bot", "personality": {"bio": ["I answer OpenAI clients."]}})
deadline = time.time() + 60
while call("GET", f"/api/agents/{agent['agentId']}/status")["status"] != "DEPLOYED":
    assert time.time() < deadline, "the agent did not deploy within 60 seconds"
    time.sleep(0.2)

client = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0)
messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"}, {"role": "user", "content": "second question"}]
completion = client.chat.completions.create(model="openai-bot", messages=messages)
text = completion.choices[0].message.content
assert text.startswith('You said: "second question".'), text
assert 'Earlier you said: "first"' in text, text
assert completion.usage.prompt_tokens == 6 and completion.usage.completion_tokens == len(text.split()), completion.usage
assert completion.choices[0].finish_reason == "stop"

pieces, usage = [], None
stream = client.chat.completions.create(model=agent["agentId"], messages=messages, stream=True, stream_options={"include_usage": True})
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage
    for choice in chunk.choices:
        if choice.delta.content:
            pieces.append(choice.delta.content)
assert "".join(pieces) == text, (pieces, text)
assert len(pieces) == len(text.split()), pieces
assert usage is not None and usage.total_tokens == completion.usage.total_tokens, usage

assert "openai-bot" in [model.id for model in client.models.list()]
try:
    client.chat.completions.create(model="no-such-model", messages=messages)
    raise AssertionError("an unknown model was answered")
except openai.NotFoundError as error:
    assert error.code == "model_not_found", error.body
try:
    openai.OpenAI(base_url=base + "/v1", api_key="sk-wrong", max_retries=0).models.list()
    raise AssertionError("a wrong key was accepted")
except openai.AuthenticationError as error:
    assert error.code == "invalid_api_key", error.body
print(f"openai {openai.__version__}: completed a chat ({completion.usage.total_tokens} tokens), streamed it in {len(pieces)} pieces, listed models, read two errors")
