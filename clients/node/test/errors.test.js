'use strict';
// Error answers become the typed errors; 429 is retried after Retry-After; connection failures
// are retried for idempotent calls only.

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const sdk = require('@agent-launchpad/sdk');
const { baseUrl, makeKey, uniqueName, recordingFetch, personality } = require('./support');

const { AgentLaunchpadClient } = sdk;

test('AGENT_NOT_FOUND', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const error = await client.agents.getStatus('agent-does-not-exist').then(() => assert.fail('no error'), (e) => e);
  assert.ok(error instanceof sdk.AgentNotFoundError && error instanceof sdk.AgentLaunchpadError && error instanceof Error);
  assert.equal(error.code, 'AGENT_NOT_FOUND');
  assert.equal(error.status, 404);
  assert.match(error.requestId, /^req-[0-9a-f]{16}$/);
  assert.match(error.message, /agent-does-not-exist/);
  assert.match(String(error), /AGENT_NOT_FOUND.*request req-/);
});

test('VALIDATION_ERROR names the field', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  await assert.rejects(client.agents.create({ agentName: uniqueName(), personality, resources: { memory: 'lots' } }), (error) => {
    assert.ok(error instanceof sdk.ValidationError);
    assert.equal(error.status, 400);
    assert.equal(error.field, 'resources.memory');
    return true;
  });
});

test('INVALID_API_KEY, INSUFFICIENT_PERMISSIONS, CONFLICT', async () => {
  const stranger = new AgentLaunchpadClient({ apiKey: `alk_${'0'.repeat(64)}`, baseUrl });
  await assert.rejects(stranger.users.getProfile(), (error) => error instanceof sdk.InvalidApiKeyError && error.status === 401);
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  await assert.rejects(client.system.getMetrics(), (error) => error instanceof sdk.InsufficientPermissionsError && error.status === 403);
  const name = uniqueName();
  const agent = await client.agents.create({ agentName: name, personality });
  await assert.rejects(client.agents.create({ agentName: name, personality }), (error) => error instanceof sdk.ConflictError && error.status === 409);
  await client.agents.delete(agent.agentId);
});

test('SECURITY_SCAN_FAILED carries the findings', async () => {
  // The server imported GHSA-jf85-cpcp-j695 (CRITICAL, lodash below 4.17.12).
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  await assert.rejects(client.agents.create({ agentName: uniqueName(), personality, selectedPlugins: ['lodash@4.17.11'] }), (error) => {
    assert.ok(error instanceof sdk.SecurityScanFailedError);
    assert.equal(error.status, 422);
    assert.match(error.scanId, /^scan-/);
    assert.deepEqual(error.findings.map((finding) => finding.id), ['GHSA-jf85-cpcp-j695']);
    return true;
  });
});

test('429 is retried after Retry-After, up to maxRetries', async () => {
  const recorder = recordingFetch();
  const client = new AgentLaunchpadClient({ apiKey: makeKey({ rateLimit: '3/3s' }), baseUrl, maxRetries: 5, fetch: recorder.fetch });
  const started = Date.now();
  for (let i = 0; i < 5; i += 1) assert.ok((await client.users.getProfile()).userId);
  assert.ok(recorder.statuses.includes(429), 'the server refused some attempts');
  assert.equal(recorder.statuses.filter((status) => status === 200).length, 5);
  assert.ok(Date.now() - started >= 1000, 'the retries waited for Retry-After');
  assert.equal(client.rateLimit.limit, 3);

  const strict = recordingFetch();
  const spent = new AgentLaunchpadClient({ apiKey: makeKey({ rateLimit: '2/1m' }), baseUrl, maxRetries: 0, fetch: strict.fetch });
  await spent.users.getProfile();
  await spent.users.getProfile();
  await assert.rejects(spent.users.getProfile(), (error) => {
    assert.ok(error instanceof sdk.ResourceLimitExceededError);
    assert.ok(error.retryAfter > 0);
    return true;
  });
  assert.deepEqual(strict.statuses, [200, 200, 429]);
  assert.equal(spent.rateLimit.remaining, 0);
});

test('connection failures are retried for idempotent calls only', async () => {
  // A port nothing listens on: connections are refused for real.
  const port = await new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => { const { port: free } = server.address(); server.close(() => resolve(free)); });
  });
  const recorder = recordingFetch();
  const client = new AgentLaunchpadClient({ apiKey: `alk_${'1'.repeat(64)}`, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 2, backoff: 10, fetch: recorder.fetch });
  await assert.rejects(client.agents.get('agent-x'), (error) => error instanceof sdk.APIConnectionError && error.code === 'CONNECTION_ERROR');
  assert.deepEqual(recorder.requests.map((request) => request.method), ['GET', 'GET', 'GET']);
  recorder.requests.length = 0;
  await assert.rejects(client.agents.restart('agent-x'), sdk.APIConnectionError);
  assert.deepEqual(recorder.requests.map((request) => request.method), ['POST']);
});
