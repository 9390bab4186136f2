'use strict';

const { APIConnectionError, errorFromAnswer } = require('./errors');

const VERSION = '0.1.0';
// RFC 9110's idempotent methods: a call with one of them may be sent again after a connection failure.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * When a call is sent again:
 * - 429 with Retry-After (the rate limit, too many log followers): after that many seconds, for every
 *   method, since the server refused it before doing anything; a 429 without it (a quota) is thrown.
 * - 503 (launchpad restarting behind nginx) and connection failures: idempotent methods only (GET,
 *   PUT, DELETE), after `backoff` ms doubling up to `maxBackoff`.
 * At most `maxRetries` times; a Retry-After above `maxRetryAfter` seconds is not waited for.
 * Returns milliseconds to wait, or undefined: do not retry.
 */
function retryDelay(policy, attempt, call, status, retryAfter) {
  if (attempt >= policy.maxRetries) return undefined;
  if (status === 429) {
    if (retryAfter === undefined || retryAfter > policy.maxRetryAfter) return undefined;
    return retryAfter * 1000;
  }
  if (status === undefined || status === 503) {
    if (!IDEMPOTENT.has(call.method)) return undefined;
    if (retryAfter !== undefined && retryAfter <= policy.maxRetryAfter) return retryAfter * 1000;
    return Math.min(policy.backoff * 2 ** attempt, policy.maxBackoff);
  }
  return undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Query parameters without the undefined ones; booleans as true/false. */
function queryString(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null) params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment, escaped. */
function segment(id) {
  if (typeof id !== 'string' || id === '') throw new TypeError(`expected a non-empty id, got ${JSON.stringify(id)}`);
  return encodeURIComponent(id);
}

/** Sends calls with fetch: the key, the retries, the typed errors, the last rate-limit headers. */
class Transport {
  constructor(options) {
    this.apiKey = options.apiKey;
    this.baseUrl = String(options.baseUrl || 'http://127.0.0.1:8080').replace(/\/+$/, '');
    this.timeout = options.timeout ?? 30000;
    this.streamIdleTimeout = options.streamIdleTimeout ?? 30000;
    this.retry = {
      maxRetries: options.maxRetries ?? 3,
      maxRetryAfter: options.maxRetryAfter ?? 60,
      backoff: options.backoff ?? 500,
      maxBackoff: options.maxBackoff ?? 8000,
    };
    this.fetch = options.fetch || globalThis.fetch;
    if (typeof this.fetch !== 'function') throw new TypeError('fetch is not available: Node 18 or later is needed');
    this.rateLimit = undefined;
    this.lastRequestId = undefined;
  }

  /** The JSON answer of `call` ({method, path, query, body, headers, authenticated}). */
  async send(call) {
    const { response, release } = await this.open(call, false);
    try {
      const text = await response.text();
      return text ? JSON.parse(text) : {};
    } finally {
      release();
    }
  }

  /**
   * The answer of `call` with its body unread, and `release` to clear its timer. For a stream
   * (`stream` true) the timer is an idle one: `touch()` restarts it at each chunk.
   */
  async open(call, stream) {
    for (let attempt = 0; ; attempt += 1) {
      const controller = new AbortController();
      const limit = stream ? this.streamIdleTimeout : this.timeout;
      let timer = setTimeout(() => controller.abort(), limit);
      const release = () => clearTimeout(timer);
      const touch = () => { clearTimeout(timer); timer = setTimeout(() => controller.abort(), limit); };
      let delay;
      let error;
      try {
        const response = await this.fetch(this.baseUrl + call.path + queryString(call.query), {
          method: call.method,
          headers: this.headers(call),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: controller.signal,
        });
        this.observe(response.headers);
        if (response.status < 400) return { response, release, touch, abort: () => controller.abort() };
        error = errorFromAnswer(response.status, response.headers, await response.text());
        release();
        delay = retryDelay(this.retry, attempt, call, response.status, error.retryAfter);
      } catch (failure) {
        release();
        const timedOut = controller.signal.aborted;
        error = new APIConnectionError(`${call.method} ${call.path}: ${timedOut ? `no answer within ${limit} ms` : describe(failure)}`, {
          code: timedOut ? 'TIMEOUT' : 'CONNECTION_ERROR',
          cause: failure,
        });
        delay = retryDelay(this.retry, attempt, call, undefined, undefined);
      }
      if (delay === undefined) throw error;
      await sleep(delay);
    }
  }

  headers(call) {
    const headers = { Accept: 'application/json', 'User-Agent': `agent-launchpad-node/${VERSION}` };
    if (call.authenticated !== false && this.apiKey) headers['X-API-Key'] = this.apiKey;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    return Object.assign(headers, call.headers);
  }

  observe(headers) {
    const limit = headers.get('x-ratelimit-limit');
    const remaining = headers.get('x-ratelimit-remaining');
    const reset = headers.get('x-ratelimit-reset');
    if (limit !== null && remaining !== null && reset !== null) {
      this.rateLimit = { limit: Number(limit), remaining: Number(remaining), reset: Number(reset) };
    }
    this.lastRequestId = headers.get('x-request-id') || this.lastRequestId;
  }
}

function describe(failure) {
  const cause = failure && failure.cause;
  return (cause && (cause.code || cause.message)) || (failure && failure.message) || String(failure);
}

module.exports = { Transport, retryDelay, queryString, segment, sleep, IDEMPOTENT };
