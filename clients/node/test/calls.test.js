'use strict';
// Every route of seed 001 once, against the real server.

const test = require('node:test');
const assert = require('node:assert/strict');
const { AgentLaunchpadClient } = require('@agent-launchpad/sdk');
const { baseUrl, adminKey, makeKey, uniqueName, personality } = require('./support');

test('identity calls', async () => {
  const admin = new AgentLaunchpadClient({ apiKey: adminKey, baseUrl });
  const name = uniqueName('user');
  const issued = await admin.keys.generate({ username: name, email: `${name}@example.com`, role: 'USER', expiresInDays: 7 });
  assert.match(issued.apiKey, /^alk_[0-9a-f]{64}$/);

  const user = new AgentLaunchpadClient({ apiKey: issued.apiKey, baseUrl });
  const profile = await user.users.getProfile();
  assert.equal(profile.username, name);
  const changed = await user.users.updateProfile({ email: `${name}@example.org`, notifications: { email: false, slack: true } });
  assert.deepEqual(changed.notifications, { email: false, slack: true });
  assert.ok(user.rateLimit.limit > 0 && user.rateLimit.remaining >= 0 && user.rateLimit.reset > 0);
  assert.match(user.lastRequestId, /^req-/);
});

test('agent calls', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const name = uniqueName();
  const created = await client.agents.create({
    agentName: name, description: 'Every call once', personality, selectedPlugins: ['@elizaos/plugin-bootstrap'],
    resources: { memory: '128Mi', cpu: '100m', replicas: 1 }, platforms: { telegram: { token: 'secret-token' } },
  });
  assert.equal(created.status, 'QUEUED');
  const { agentId } = created;

  const deployed = await client.agents.waitUntilDeployed(agentId, { timeout: 60000, interval: 200 });
  assert.equal(deployed.status, 'DEPLOYED');
  const record = await client.agents.get(agentId);
  assert.equal(record.name, name);
  assert.equal(record.platforms.telegram.token, '***');
  const page = await client.agents.list({ limit: 5, status: 'DEPLOYED' });
  assert.ok(page.agents.some((agent) => agent.agentId === agentId));
  assert.equal((await client.agents.update(agentId, { description: 'Changed' })).description, 'Changed');

  assert.equal((await client.agents.scale(agentId, 2)).targetReplicas, 2);
  await client.agents.waitUntilDeployed(agentId, 60000);
  assert.equal((await client.agents.getStatus(agentId)).health.kubernetes.readyReplicas, 2);
  assert.equal((await client.agents.restart(agentId)).status, 'RESTARTING');
  await client.agents.waitUntilDeployed(agentId, 60000);

  const logs = await client.agents.getLogs(agentId, { lines: 5, since: '1h' });
  assert.ok(logs.logs.length > 0 && logs.logs.length <= 5);
  const metrics = await client.agents.getMetrics(agentId, { window: '15m' });
  assert.equal(metrics.agentId, agentId);
  assert.ok(Array.isArray(metrics.history));

  const scan = await client.security.scan(agentId);
  assert.equal(scan.status, 'COMPLETED');
  assert.equal((await client.security.getScan(scan.scanId)).scanId, scan.scanId);
  assert.ok((await client.agents.listScans(agentId, { limit: 10 })).scans.some((each) => each.scanId === scan.scanId));

  assert.equal((await client.agents.delete(agentId)).status, 'DELETING');
});

test('listAll walks every page, each agent once', async () => {
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  const ids = new Set();
  for (let i = 0; i < 3; i += 1) ids.add((await client.agents.create({ agentName: uniqueName(), personality })).agentId);
  const walked = [];
  for await (const agent of client.agents.listAll({ pageSize: 1 })) walked.push(agent.agentId);
  assert.equal(new Set(walked).size, walked.length);
  for (const id of ids) assert.ok(walked.includes(id));
  assert.equal(walked.length, (await client.agents.list({ limit: 1 })).total);
  for (const id of ids) await client.agents.delete(id);
});

test('security events and system', async () => {
  const admin = new AgentLaunchpadClient({ apiKey: adminKey, baseUrl });
  const events = await admin.security.listEvents({ limit: 5, severity: 'LOW', since: '1h' });
  assert.ok(events.total >= 1 && events.events.every((event) => event.severity === 'LOW'));
  const health = await admin.system.getHealth();
  assert.equal(health.status, 'HEALTHY');
  assert.ok(health.components, 'a key gets the whole report');
  const anonymous = await new AgentLaunchpadClient({ baseUrl }).system.getHealth();
  assert.equal(anonymous.components, undefined);
  const metrics = await admin.system.getMetrics();
  assert.ok(metrics.resources.cpu.total > 0);
});
