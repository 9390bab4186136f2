'use strict';
// The README's example, the seed's own code with the personality the server requires, run as
// written (with this server's address and a real key in place of the placeholders).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { baseUrl, makeKey } = require('./support');

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

test('the README example runs as written', async () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```javascript\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md has a javascript example');
  const example = block[1];
  assert.match(example, /require\('@agent-launchpad\/sdk'\)/);
  assert.match(example, /client\.agents\.getStatus\(agent\.agentId\)/);
  const code = example
    .replace("'your-api-key'", JSON.stringify(makeKey()))
    .replace("'https://api.yourdomain.com'", JSON.stringify(baseUrl));
  // The package's own name resolves here by self-reference (package.json "exports").
  const run = new AsyncFunction('require', `${code}\nreturn { client, agent, status };`);
  const { client, agent, status } = await run(require);
  assert.equal(agent.status, 'QUEUED');
  assert.equal(status.agentId, agent.agentId);
  assert.ok(['QUEUED', 'DEPLOYING', 'DEPLOYED'].includes(status.status));
  await client.agents.delete(agent.agentId);
});
