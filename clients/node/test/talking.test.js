'use strict';
// Pause and resume, messages and sessions (AgentOS), invocation and its stream (AgentSpec), against
// the real server and the reference agent.

const test = require('node:test');
const assert = require('node:assert/strict');
const { AgentLaunchpadClient, NotFoundError, ValidationError } = require('@agent-launchpad/sdk');
const { baseUrl, makeKey, uniqueName, personality } = require('./support');

async function deployedAgent(client, prefix) {
  const name = uniqueName(prefix);
  const { agentId } = await client.agents.create({ agentName: name, personality });
  await client.agents.waitUntilDeployed(agentId, { timeout: 60000, interval: 200 });
  return { name, agentId };
}

test('pause then resume deploys the agent again', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const { agentId } = await deployedAgent(client, 'nodepause');
  const paused = await client.agents.pause(agentId);
  assert.equal(paused.status, 'PAUSED');
  assert.equal((await client.agents.getStatus(agentId)).status, 'PAUSED');
  const resumed = await client.agents.resume(agentId);
  assert.notEqual(resumed.status, 'PAUSED');
  const report = await client.agents.waitUntilDeployed(agentId, { timeout: 60000, interval: 200 });
  assert.equal(report.status, 'DEPLOYED');
  assert.equal(report.health.kubernetes.readyReplicas, 1);
  await client.agents.delete(agentId);
});

test('messages keep their session', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const { agentId } = await deployedAgent(client, 'nodetalk');
  const first = await client.agents.message(agentId, 'What do you know about tests?');
  assert.ok(first.content);
  assert.match(first.sessionId, /^sess_/);
  assert.equal(first.usage.total, first.usage.input + first.usage.output);
  const second = await client.agents.message(agentId, 'And about node?', { sessionId: first.sessionId });
  assert.equal(second.sessionId, first.sessionId);
  assert.notEqual(second.content, first.content);
  const sessions = await client.agents.listSessions(agentId, { limit: 10 });
  assert.deepEqual(sessions.sessions.map((each) => [each.sessionId, each.turns]), [[first.sessionId, 2]]);
  await client.agents.delete(agentId);
});

test('invoke, and a stream whose pieces join to the answer', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const { name, agentId } = await deployedAgent(client, 'nodeinvoke');
  const answer = await client.agents.invoke(name, 'Tell me about tests');
  assert.equal(answer.agent, name);
  assert.equal(answer.usage.total_tokens, answer.usage.input_tokens + answer.usage.output_tokens);

  const first = await client.agents.message(agentId, 'Hello there');
  const reply = client.agents.stream(name, 'Tell me about streams', { sessionId: first.sessionId });
  const pieces = [];
  for await (const piece of reply) pieces.push(piece);
  assert.ok(pieces.length > 1, JSON.stringify(pieces));
  assert.equal(pieces.join(''), reply.answer.output);
  assert.equal(reply.answer.session_id, first.sessionId);
  assert.ok(reply.answer.usage.output_tokens > 0);
  assert.equal((await client.agents.listSessions(agentId)).sessions[0].turns, 2);

  await assert.rejects(client.agents.invoke(uniqueName('missing'), 'Hello'), (error) => {
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, 'not_found');
    assert.equal(error.status, 404);
    return true;
  });
  await assert.rejects(async () => { for await (const piece of client.agents.stream(uniqueName('missing'), 'Hello')) assert.fail(piece); }, NotFoundError);
  await assert.rejects(client.agents.invoke(name, ''), (error) => error instanceof ValidationError && error.code === 'invalid_request');
  await client.agents.delete(agentId);
});
