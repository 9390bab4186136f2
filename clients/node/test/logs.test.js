'use strict';
// followLogs: new lines as they are written, across the server's end of a stream (it runs with
// --max-stream-seconds 3) by reconnecting with Last-Event-ID, without losing or repeating a line.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setTimeout: delay } = require('node:timers/promises');
const { AgentLaunchpadClient } = require('@agent-launchpad/sdk');
const { baseUrl, makeKey, uniqueName, recordingFetch, personality } = require('./support');

test('followed logs reconnect with Last-Event-ID', { timeout: 90000 }, async () => {
  const key = makeKey();
  const recorder = recordingFetch();
  const client = new AgentLaunchpadClient({ apiKey: key, baseUrl, fetch: recorder.fetch });
  const { agentId } = await client.agents.create({ agentName: uniqueName(), personality });
  await client.agents.waitUntilDeployed(agentId, { timeout: 60000, interval: 200 });

  const restarts = new AgentLaunchpadClient({ apiKey: key, baseUrl });
  const restarting = (async () => {
    await delay(500);
    await restarts.agents.restart(agentId);
    await delay(4500); // past the server's 3 s stream lifetime: these lines come on a new connection
    await restarts.agents.restart(agentId);
  })();

  const seen = [];
  const stream = client.agents.followLogs(agentId, { lines: 1 });
  let deployed = 0;
  for await (const entry of stream) {
    seen.push({ id: stream.lastEventId, entry });
    if (entry.message.startsWith('Agent deployed') && ++deployed === 3) break; // the backlog's, then one per restart
  }
  await restarting;

  const ids = seen.map(({ id }) => BigInt(id));
  assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => (a < b ? -1 : 1)), 'each line once, in order');
  const resumed = recorder.requests.filter((request) => request.url.pathname.endsWith('/logs') && request.headers['Last-Event-ID']);
  assert.ok(resumed.length >= 1, 'the stream was reopened with Last-Event-ID');
  assert.ok(resumed.every((request) => request.url.searchParams.get('follow') === 'true'));

  // A new stream from an id resumes right after it.
  const again = client.agents.followLogs(agentId, { lastEventId: seen[0].id });
  const { value: first } = await again.next();
  assert.deepEqual(first, seen[1].entry);
  assert.equal(again.lastEventId, seen[1].id);
  await again.close();
  await client.agents.delete(agentId);
});
