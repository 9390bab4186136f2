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

/**
 * A followed log (`GET /api/agents/{id}/logs?follow=true`) as an async iterator of entries
 * (`{timestamp, level, message, pod}`). A dropped connection, or the server's end of a long stream,
 * is reopened with Last-Event-ID, so no line is lost or repeated. `close()` stops it.
 */
class LogStream {
  constructor(transport, agentId, { lines: count, since, lastEventId, maxReconnects = 5 } = {}) {
    this.transport = transport;
    this.agentId = agentId;
    this.count = count;
    this.since = since;
    /** The id of the last line delivered: give it to a new followLogs to resume there. */
    this.lastEventId = lastEventId;
    this.maxReconnects = maxReconnects;
    this.closed = false;
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
    this.closed = true;
    if (this.abort) this.abort();
    await this.iterator.return();
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

function streamError(data) {
  let body = {};
  try { body = JSON.parse(data); } catch { body = {}; }
  const code = String(body.code || 'STREAM_ERROR');
  const Class = errorClassFor(code);
  return new Class(String(body.message ?? data), { code });
}

module.exports = { SSEDecoder, LogStream, lines };
