// The API client of the console: every call sends the key kept in this tab's session storage.
const KEY = "launchpad.apiKey";

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    const message = typeof error === "string" ? error : error.message || `HTTP ${status}`;
    super(message);
    this.status = status;
    this.code = typeof error === "object" ? error.code : undefined;
    this.field = typeof error === "object" ? error.field : undefined;
    this.requestId = typeof error === "object" ? error.requestId : undefined;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY); },
};

// The rate-limit headers of the last answer: the console slows its polling as the budget runs out.
export const rateLimit = { limit: null, remaining: null, reset: null };

function noteRateLimit(response) {
  const remaining = response.headers.get("X-RateLimit-Remaining");
  if (remaining === null) return;
  rateLimit.limit = Number(response.headers.get("X-RateLimit-Limit"));
  rateLimit.remaining = Number(remaining);
  rateLimit.reset = Number(response.headers.get("X-RateLimit-Reset"));
}

// How long to wait before the next poll: `base` while the key's budget lasts, longer as it runs
// low (the rest of the window shared over what remains), at most a minute.
export function pollDelay(base) {
  if (rateLimit.remaining === null || rateLimit.remaining > 10) return base;
  const untilReset = Math.max(0, rateLimit.reset * 1000 - Date.now());
  return Math.min(60000, Math.max(base, untilReset / Math.max(1, rateLimit.remaining)));
}

export async function call(method, path, body, options = {}) {
  const headers = { "X-API-Key": session.key || "" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal, cache: "no-store",
  });
  noteRateLimit(response);
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { error: { message: text } }; }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

export const get = (path, options) => call("GET", path, undefined, options);
export const post = (path, body) => call("POST", path, body === undefined ? {} : body);
export const put = (path, body) => call("PUT", path, body);
export const del = (path) => call("DELETE", path);

// Server-Sent Events over fetch (EventSource cannot send the key in a header). Calls onEvent with
// {event, data, id} for each event until the stream ends or `signal` aborts.
export async function stream(method, path, body, onEvent, signal, lastEventId) {
  const headers = { "X-API-Key": session.key || "", Accept: "text/event-stream" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (lastEventId) headers["Last-Event-ID"] = lastEventId;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  noteRateLimit(response);
  if (!response.ok) {
    const text = await response.text();
    let parsed = null;
    try { parsed = JSON.parse(text); } catch { parsed = { error: { message: text } }; }
    throw new ApiError(response.status, parsed);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = { event: "message", data: "", id: undefined };
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (name === "event") event.event = value;
        else if (name === "data") data.push(value);
        else if (name === "id") event.id = value;
      }
      if (data.length === 0 && event.event === "message") continue;
      event.data = data.join("\n");
      onEvent(event);
    }
  }
}
