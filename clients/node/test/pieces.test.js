'use strict';
// The pure pieces of the client, on inputs the server does not send today.

const test = require('node:test');
const assert = require('node:assert/strict');
const { SSEDecoder } = require('../src/sse');
const { retryDelay, queryString } = require('../src/transport');
const { errorFromAnswer, AgentLaunchpadError } = require('../src/errors');

test('SSE decoder', () => {
  const decoder = new SSEDecoder();
  const text = ': comment\n\nid: 7\ndata: {"a":\nData: x\ndata:  two\n\nevent: end\nretry: 250\ndata: {}\n\n';
  const events = text.split('\n').map((line) => decoder.feed(line)).filter(Boolean);
  assert.deepEqual(events, [
    { event: 'message', data: '{"a":\n two', id: '7', retry: undefined },
    { event: 'end', data: '{}', id: undefined, retry: 250 },
  ]);
});

test('retry policy', () => {
  const policy = { maxRetries: 2, maxRetryAfter: 60, backoff: 500, maxBackoff: 750 };
  const get = { method: 'GET' };
  const post = { method: 'POST' };
  assert.equal(retryDelay(policy, 0, post, 429, 2), 2000, '429 with Retry-After: any method');
  assert.equal(retryDelay(policy, 0, get, 429, undefined), undefined, 'a quota: thrown');
  assert.equal(retryDelay(policy, 0, get, 429, 61), undefined);
  assert.equal(retryDelay(policy, 0, get, undefined, undefined), 500);
  assert.equal(retryDelay(policy, 1, get, undefined, undefined), 750);
  assert.equal(retryDelay(policy, 0, post, undefined, undefined), undefined, 'connection failures: idempotent calls only');
  assert.equal(retryDelay(policy, 0, post, 503, 1), undefined);
  assert.equal(retryDelay(policy, 2, get, 429, 1), undefined, 'the retries are spent');
  assert.equal(queryString({ follow: true, lines: 3, since: undefined }), '?follow=true&lines=3');
});

test('an answer that is not the envelope', () => {
  const error = errorFromAnswer(502, new Headers({ 'x-request-id': 'req-1' }), '<html>Bad Gateway</html>');
  assert.equal(error.constructor, AgentLaunchpadError);
  assert.equal(error.code, 'HTTP_502');
  assert.equal(error.requestId, 'req-1');
});
