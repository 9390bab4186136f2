// The ESM entry gives the same classes as the CommonJS one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { AgentLaunchpadClient, AgentNotFoundError, AgentLaunchpadError } from '@agent-launchpad/sdk';

const require = createRequire(import.meta.url);
const { baseUrl, makeKey } = require('./support.js');

test('import works, with the CommonJS classes', async () => {
  const commonjs = require('@agent-launchpad/sdk');
  assert.equal(AgentLaunchpadClient, commonjs.AgentLaunchpadClient);
  const client = new AgentLaunchpadClient({ apiKey: makeKey(), baseUrl });
  assert.equal((await client.system.getHealth()).status, 'HEALTHY');
  await assert.rejects(client.agents.get('agent-none'), (error) => error instanceof AgentNotFoundError && error instanceof AgentLaunchpadError);
});
