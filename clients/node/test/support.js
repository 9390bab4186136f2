'use strict';
// The server under test: a real `launchpad up` started by scripts/test-clients.sh, which gives its
// address, data directory, binary and first ADMIN key in LAUNCHPAD_TEST_* variables.

const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');

function environment(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests with scripts/test-clients.sh`);
  return value;
}

const baseUrl = environment('LAUNCHPAD_TEST_URL');
const adminKey = environment('LAUNCHPAD_TEST_ADMIN_KEY');

function uniqueName(prefix = 'node') {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A new key made with `launchpad keys create` (it writes to the running server's store), with its own rate limit. */
function makeKey({ role = 'USER', rateLimit = '1000000/15m,1000000/1m' } = {}) {
  const name = uniqueName('nodekey');
  const output = execFileSync(environment('LAUNCHPAD_TEST_BINARY'), [
    'keys', 'create', '--data', environment('LAUNCHPAD_TEST_DATA'), '--username', name, '--email', `${name}@example.com`,
    '--role', role, '--rate-limit', rateLimit,
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const match = /alk_[0-9a-f]{64}/.exec(output);
  if (!match) throw new Error(`launchpad keys create printed no key: ${output}`);
  return match[0];
}

/** A fetch that records each request's method, URL and headers, and each answer's status. */
function recordingFetch() {
  const requests = [];
  const statuses = [];
  const fetchImpl = async (url, init) => {
    requests.push({ url: new URL(url), method: init.method, headers: init.headers });
    const response = await fetch(url, init);
    statuses.push(response.status);
    return response;
  };
  return { fetch: fetchImpl, requests, statuses };
}

const personality = { bio: ['I answer questions about the tests'], adjectives: ['precise'] };

module.exports = { baseUrl, adminKey, makeKey, uniqueName, recordingFetch, personality };
