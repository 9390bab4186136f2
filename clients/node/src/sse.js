'use strict';

const { AgentLaunchpadError, APIConnectionError, errorClassFor } = require('./errors');
const { segment, sleep } = require('./transport');

/** Server-Sent Events, line by line: `feed` returns an event at each blank line that ends one. */
class SSEDecoder {
  constructor() { this.reset(); }

  reset() {
    this.event = '';
    this.data = [];
    this.id = undefined;
    this.retry = undefined;
  }

  feed(line) {
    if (line === '') {
      if (this.data.length === 0 && this.event === '') { this.reset(); return undefined; }
      const event = { event: this.event || 'message', data: this.data.join('\n'), id: this.id, retry: this.retry };
      this.reset();
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.data.push(value);
    else if (name === 'event') this.event = value;
    else if (name === 'id' && !value.includes('\0')) this.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }
}

/** The lines of a fetch body as they arrive (LF or CRLF), calling `onChunk` at each chunk. */
async function* lines(body, onChunk) {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    onChunk();
    pending += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
  }
}

/** The async iterator protocol over the generator `run()`; `close()` aborts the request and ends it. */
class StreamIterator {
  constructor() {
    this.abort = undefined;
    this.iterator = this.run();
  }

  [Symbol.asyncIterator]() { return this; }

  next() { return this.iterator.next(); }

  async return() {
    await this.close();
    return { done: true, value: undefined };
  }

  async close() {
    if (this.abort) this.abort();
    await this.iterator.return();
  }
}

/**
 * A followed log (`GET /api/agents/{id}/logs?follow=true`) as an async iterator of entries
 * (`{timestamp, level, message, pod}`). A dropped connection, or the server's end of a long stream,
 * is reopened with Last-Event-ID, so no line is lost or repeated. `close()` stops it.
 */
class LogStream extends StreamIterator {
  constructor(transport, agentId, { lines: count, since, lastEventId, maxReconnects = 5 } = {}) {
    super();
    this.transport = transport;
    this.agentId = agentId;
    this.count = count;
    this.since = since;
    /** The id of the last line delivered: give it to a new followLogs to resume there. */
    this.lastEventId = lastEventId;
    this.maxReconnects = maxReconnects;
    this.closed = false;
  }

  async close() {
    this.closed = true;
    await super.close();
  }

  call() {
    const headers = { Accept: 'text/event-stream' };
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
    return {
      method: 'GET',
      path: `/api/agents/${segment(this.agentId)}/logs`,
      query: { follow: true, lines: this.count, since: this.since },
      headers,
    };
  }

  async *run() {
    let failures = 0;
    while (!this.closed) {
      let reconnectAfter;
      let failure;
      let opened;
      try {
        opened = await this.transport.open(this.call(), true);
        this.abort = opened.abort;
        const decoder = new SSEDecoder();
        for await (const line of lines(opened.response.body, opened.touch)) {
          const event = decoder.feed(line);
          if (!event) continue;
          if (event.event === 'message') {
            if (event.id !== undefined) this.lastEventId = event.id;
            failures = 0;
            yield JSON.parse(event.data);
          } else if (event.event === 'end') {
            reconnectAfter = event.retry ?? 1000;
          } else if (event.event === 'error') {
            throw streamError(event.data);
          }
        }
      } catch (error) {
        if (error instanceof AgentLaunchpadError && !(error instanceof APIConnectionError)) throw error;
        failure = error;
      } finally {
        if (opened) opened.release();
        this.abort = undefined;
      }
      if (this.closed) return;
      if (reconnectAfter === undefined) {
        failures += 1;
        if (failures > this.maxReconnects) {
          throw new APIConnectionError(`log stream of ${this.agentId} dropped ${failures} times in a row`, { code: 'CONNECTION_ERROR', cause: failure });
        }
        reconnectAfter = Math.min(250 * 2 ** (failures - 1), 5000);
      }
      await sleep(reconnectAfter);
    }
  }
}

/**
 * A streamed invocation (POST /v1/agents/{name}/stream) as an async iterator of the reply's pieces
 * (`token` events). Once it ends, `answer` is the `done` event's answer (`output` is the pieces
 * joined, with `usage`). The request is sent at the first `next()`; an error answer or `error` event
 * is thrown there. Not retried, not resumed: a broken stream throws APIConnectionError and commits
 * nothing to the session.
 */
class InvocationStream extends StreamIterator {
  constructor(transport, call) {
    super();
    this.transport = transport;
    this.request = call;
    /** The whole answer, once the stream has ended. */
    this.answer = undefined;
  }

  async *run() {
    const opened = await this.transport.open(this.request, true);
    this.abort = opened.abort;
    try {
      const decoder = new SSEDecoder();
      for await (const line of lines(opened.response.body, opened.touch)) {
        const event = decoder.feed(line);
        if (!event) continue;
        if (event.event === 'token') yield String(JSON.parse(event.data).text ?? '');
        else if (event.event === 'done') this.answer = JSON.parse(event.data);
        else if (event.event === 'error') throw streamError(event.data);
      }
    } finally {
      opened.release();
      this.abort = undefined;
    }
    if (this.answer === undefined) {
      throw new APIConnectionError('the invocation stream ended before its done event', { code: 'CONNECTION_ERROR' });
    }
  }
}

/** AgentSpec's POST /v1/agents/{name}/invoke, or /stream (Server-Sent Events). */
function invocationCall(name, input, sessionId, stream) {
  const body = { input, session_id: sessionId };
  if (stream) return { method: 'POST', path: `/v1/agents/${segment(name)}/stream`, body, headers: { Accept: 'text/event-stream' } };
  return { method: 'POST', path: `/v1/agents/${segment(name)}/invoke`, body };
}

/** The typed error of an `error` event: `{code, message}` (a log stream) or AgentSpec's envelope `{error: {code, message}}`. */
function streamError(data) {
  let body = {};
  try { body = JSON.parse(data); } catch { body = {}; }
  if (body && typeof body.error === 'object' && body.error !== null) body = body.error;
  const code = String(body.code || 'STREAM_ERROR');
  const Class = errorClassFor(code);
  return new Class(String(body.message ?? data), { code });
}

module.exports = { SSEDecoder, LogStream, InvocationStream, invocationCall, lines };
