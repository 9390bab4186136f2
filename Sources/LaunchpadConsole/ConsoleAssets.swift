// Written by scripts/embed-console.py from console/; do not edit. ConsoleAssetsTests fails when
// this copy differs from the files: run the script again.

/// The web console's files, by path under console/ (`views/agents.js`), with their content types.
public enum ConsoleAssets {
    public static let files: [String: (contentType: String, text: String)] = [
        "api.js": ("text/javascript; charset=utf-8", ####"""
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

"""####),
        "app.js": ("text/javascript; charset=utf-8", ####"""
// The console's shell: sign in and out, the navigation, and the router over location.hash.
import { get, session, ApiError } from "./api.js";
import { agentsView } from "./views/agents.js";
import { agentView } from "./views/agent.js";
import { securityView } from "./views/security.js";
import { keysView } from "./views/keys.js";
import { systemView } from "./views/system.js";

const view = document.getElementById("view");
const signIn = document.getElementById("sign-in");
const nav = document.getElementById("nav");
const who = document.getElementById("who");
const signOut = document.getElementById("sign-out");
let profile = null;
// What the current view asks to be called when it is left (timers, streams).
let leave = () => {};

function showSignIn(message = "") {
  leave();
  leave = () => {};
  profile = null;
  view.replaceChildren();
  nav.hidden = true;
  signOut.hidden = true;
  who.textContent = "";
  signIn.hidden = false;
  document.getElementById("sign-in-error").textContent = message;
  document.getElementById("api-key").focus();
}

async function enter() {
  try {
    profile = await get("/api/users/profile");
  } catch (error) {
    session.key = null;
    showSignIn(error instanceof ApiError && error.status === 401 ? "That key was refused: it is unknown, expired or revoked." : error.message);
    return;
  }
  signIn.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;
  who.textContent = `${profile.username} (${profile.role})`;
  for (const link of nav.querySelectorAll("[data-admin]")) link.hidden = profile.role !== "ADMIN";
  route();
}

function route() {
  if (!profile) return;
  leave();
  leave = () => {};
  const path = location.hash.replace(/^#/, "") || "/agents";
  for (const link of nav.querySelectorAll("a")) {
    if (path.startsWith(link.getAttribute("href").slice(1))) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const context = { profile, onSignedOut: () => showSignIn("Your key is no longer accepted; sign in again.") };
  const agent = path.match(/^\/agents\/([^/]+)$/);
  let mounted;
  if (agent) mounted = agentView(decodeURIComponent(agent[1]), context);
  else if (path === "/security") mounted = securityView(context);
  else if (path === "/keys" && profile.role === "ADMIN") mounted = keysView(context);
  else if (path === "/system" && profile.role === "ADMIN") mounted = systemView(context);
  else mounted = agentsView(context);
  view.replaceChildren(mounted.element);
  leave = mounted.leave || (() => {});
  document.getElementById("main").focus({ preventScroll: true });
}

document.getElementById("sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("api-key");
  session.key = input.value.trim();
  input.value = "";
  enter();
});
signOut.addEventListener("click", () => {
  session.key = null;
  location.hash = "";
  showSignIn();
});
window.addEventListener("hashchange", route);

if (session.key) enter();
else showSignIn();

"""####),
        "chart.js": ("text/javascript; charset=utf-8", ####"""
import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// A line chart of `points` ([{t: Date, v: number}]) as inline SVG, with its label and the latest value.
export function lineChart(label, points, format = (v) => v.toFixed(2)) {
  const width = 600, height = 140, pad = 28;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": label });
  const values = points.map((p) => p.v);
  const max = Math.max(1e-9, ...values);
  const times = points.map((p) => p.t.getTime());
  const t0 = Math.min(...times), t1 = Math.max(...times);
  svg.append(s("line", { x1: pad, y1: height - pad, x2: width - 4, y2: height - pad, class: "axis" }));
  svg.append(s("text", { x: 2, y: 12 }, format(max)));
  svg.append(s("text", { x: 2, y: height - pad }, "0"));
  if (points.length >= 2 && t1 > t0) {
    const d = points.map((p, i) => {
      const x = pad + ((p.t.getTime() - t0) / (t1 - t0)) * (width - pad - 4);
      const y = height - pad - (p.v / max) * (height - pad - 14);
      return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    }).join(" ");
    svg.append(s("path", { d, class: "line" }));
  } else {
    svg.append(s("text", { x: width / 2 - 60, y: height / 2 }, "not enough samples yet"));
  }
  const latest = values.length ? format(values[values.length - 1]) : "—";
  return h("figure", { class: "card" }, h("figcaption", {}, h("strong", {}, label), " ", h("span", { class: "muted" }, `now ${latest}`)), svg);
}

"""####),
        "dom.js": ("text/javascript; charset=utf-8", ####"""
// Small DOM helpers: elements built from data, never from HTML strings, so that nothing an agent
// or a user wrote is ever parsed as markup.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function status(text) {
  return h("span", { class: `status ${text}` }, text);
}

export function when(date) {
  if (!date) return "—";
  const value = new Date(date);
  return Number.isNaN(value.getTime()) ? String(date) : value.toLocaleString();
}

// Asks before a destructive action; resolves true when confirmed. A <dialog> keeps it keyboard friendly.
export function confirmAction(message, actionLabel = "Confirm") {
  return new Promise((resolve) => {
    const dialog = h("dialog", { "aria-label": "Confirm" },
      h("p", {}, message),
      h("div", { class: "row" },
        h("button", { type: "button", class: "danger", "data-confirm": true, onclick: () => { dialog.close(); resolve(true); } }, actionLabel),
        h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); resolve(false); } }, "Cancel")));
    dialog.addEventListener("cancel", () => resolve(false));
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  });
}

"""####),
        "index.html": ("text/html; charset=utf-8", ####"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Launchpad console</title>
<link rel="stylesheet" href="style.css">
<script type="module" src="app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="bar">
  <span class="brand">Launchpad</span>
  <nav id="nav" aria-label="Sections" hidden>
    <a href="#/agents">Agents</a>
    <a href="#/security">Security</a>
    <a href="#/keys" data-admin hidden>Keys</a>
    <a href="#/system" data-admin hidden>System</a>
  </nav>
  <span id="who" class="who" aria-live="polite"></span>
  <button id="sign-out" type="button" hidden>Sign out</button>
</header>
<main id="main" tabindex="-1">
  <section id="sign-in" class="card narrow" hidden>
    <h1>Sign in</h1>
    <p>Paste an API key. It is kept in this tab only, and forgotten when you sign out or close the tab.</p>
    <form id="sign-in-form" autocomplete="off">
      <label for="api-key">API key</label>
      <input id="api-key" name="apiKey" type="password" required spellcheck="false" placeholder="alk_…">
      <p id="sign-in-error" class="error" role="alert"></p>
      <button type="submit">Sign in</button>
    </form>
  </section>
  <div id="view"></div>
</main>
</body>
</html>

"""####),
        "style.css": ("text/css; charset=utf-8", ####"""
:root {
  --bg: #f6f7f9; --fg: #1b1f24; --muted: #5b6573; --card: #fff; --line: #d9dee5; --accent: #2457c5;
  --ok: #1a7f37; --warn: #9a6700; --bad: #c62828; --info: #2457c5; --idle: #6e7781;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #7aa2f7; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--card); padding: 6px; z-index: 9; }
.bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 16px; background: #101828; color: #fff; }
.bar a { color: #dbe4ff; text-decoration: none; padding: 4px 6px; border-radius: 4px; }
.bar a[aria-current="page"] { background: #2b3a55; color: #fff; }
.brand { font-weight: 700; margin-right: 8px; }
.bar nav { display: flex; flex-wrap: wrap; gap: 4px; }
.who { margin-left: auto; font-size: 13px; color: #c9d1e0; }
main { padding: 16px; max-width: 1200px; margin: 0 auto; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; overflow-x: auto; }
.narrow { max-width: 460px; margin: 40px auto; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 17px; margin: 0 0 10px; }
label { display: block; font-weight: 600; margin: 10px 0 4px; }
input, select, textarea { width: 100%; padding: 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; background: #fff; }
textarea { min-height: 90px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
button { font: inherit; padding: 7px 12px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button:disabled { opacity: .5; cursor: default; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.error { color: var(--bad); margin: 4px 0; min-height: 1em; }
.field-error { color: var(--bad); font-size: 13px; margin: 2px 0 0; }
.muted { color: var(--muted); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
.status { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; font-size: 13px; }
.status::before { content: ""; width: 10px; height: 10px; border-radius: 50%; background: var(--idle); }
.status.DEPLOYED::before, .status.HEALTHY::before { background: var(--ok); }
.status.DEPLOYING::before, .status.QUEUED::before, .status.SCALING::before, .status.RESTARTING::before, .status.DEGRADED::before { background: var(--warn); }
.status.FAILED::before, .status.UNHEALTHY::before { background: var(--bad); }
.status.PAUSED::before, .status.DELETING::before, .status.STOPPED::before { background: var(--idle); }
.logs { background: #0d1117; color: #d1d7e0; font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; padding: 10px; border-radius: 6px; height: 320px; overflow: auto; white-space: pre-wrap; word-break: break-word; }
.logs .ERROR, .logs .FATAL { color: #ff7b72; }
.logs .WARN { color: #e3b341; }
.logs .INFO { color: #7ee787; }
.logs .DEBUG { color: #8b949e; }
.chat { border: 1px solid var(--line); border-radius: 6px; padding: 8px; height: 260px; overflow: auto; background: #fbfcfd; }
.chat .user { text-align: right; }
.chat p { margin: 6px 0; }
.chat .bubble { display: inline-block; padding: 6px 10px; border-radius: 10px; background: #e8eefc; max-width: 85%; text-align: left; }
.chat .agent .bubble { background: #eef6ee; }
.chart { width: 100%; height: 140px; display: block; }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .axis { stroke: var(--line); }
.chart text { fill: var(--muted); font-size: 11px; }
.key-once { font-family: ui-monospace, monospace; background: #fff8c5; padding: 8px; border-radius: 6px; word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
dialog { border: 1px solid var(--line); border-radius: 8px; max-width: 420px; }
@media (max-width: 640px) {
  main { padding: 10px; }
  .hide-narrow { display: none; }
  th, td { padding: 6px 4px; }
  .bar { gap: 6px; }
}
.spacer { flex: 1; }
.row input, .row select { width: auto; }
.row input.short { width: 6em; }
form.row input { flex: 1; min-width: 10em; }

"""####),
        "views/agent.js": ("text/javascript; charset=utf-8", ####"""
// One agent: status and health, its url and actions, its logs following live, CPU and memory over
// the last hour, its scans, its sessions, and a chat box that talks to it.
import { get, post, del, stream, ApiError, pollDelay } from "../api.js";
import { h, status, when, confirmAction } from "../dom.js";
import { lineChart } from "../chart.js";

export function agentView(agentId, context) {
  const base = `/api/agents/${encodeURIComponent(agentId)}`;
  const controller = new AbortController();
  const timers = [];
  const title = h("h1", {}, agentId);
  const facts = h("dl", { class: "facts" });
  const message = h("p", { class: "error", role: "alert" });
  const replicas = h("input", { id: "scale-replicas", type: "number", min: "0", value: "1", class: "short", "aria-label": "Replicas" });
  const act = (label, action, attributes = {}) => h("button", { type: "button", class: "secondary", ...attributes, onclick: async () => {
    message.textContent = "";
    try { await action(); await refresh(); } catch (error) { message.textContent = error.message; }
  } }, label);
  const actions = h("div", { class: "row" },
    replicas, act("Scale", () => post(`${base}/scale`, { replicas: Number(replicas.value) })),
    act("Restart", () => post(`${base}/restart`)),
    act("Pause", () => post(`${base}/pause`)),
    act("Resume", () => post(`${base}/resume`)),
    act("Delete", async () => {
      if (!(await confirmAction(`Delete ${title.textContent}? Its replicas stop and its record goes.`, "Delete"))) return;
      await del(base);
      location.hash = "#/agents";
    }, { class: "danger" }));

  const logBox = h("div", { class: "logs", id: "logs", role: "log", "aria-live": "off", tabindex: "0" });
  let paused = false;
  const held = [];
  const pauseLogs = h("button", { type: "button", class: "secondary", "aria-pressed": "false", onclick: () => {
    paused = !paused;
    pauseLogs.textContent = paused ? "Resume logs" : "Pause logs";
    pauseLogs.setAttribute("aria-pressed", String(paused));
    if (!paused) { for (const line of held.splice(0)) appendLog(line); }
  } }, "Pause logs");
  function appendLog(entry) {
    const line = h("div", { class: entry.level }, `${when(entry.timestamp)} ${entry.level.padEnd(5)} ${entry.pod} ${entry.message}`);
    const atBottom = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 4;
    logBox.append(line);
    while (logBox.childElementCount > 1000) logBox.firstElementChild.remove();
    if (atBottom) logBox.scrollTop = logBox.scrollHeight;
  }

  const charts = h("div", { class: "grid2" });
  const scans = h("div");
  const sessions = h("div");
  const chat = chatBox(agentId);

  const element = h("div", {},
    h("section", { class: "card" }, title, facts, actions, message),
    h("section", { class: "card" }, h("div", { class: "row" }, h("h2", {}, "Logs"), pauseLogs), logBox),
    h("section", {}, h("h2", {}, "CPU and memory, last hour"), charts),
    h("section", { class: "card" }, h("h2", {}, "Chat"), chat.element),
    h("section", { class: "card" }, h("div", { class: "row" }, h("h2", {}, "Security scans"),
      act("Scan now", () => post(`/api/security/scan/${encodeURIComponent(agentId)}`))), scans),
    h("section", { class: "card" }, h("h2", {}, "Sessions"), sessions));

  async function refresh() {
    try {
      const [details, health] = await Promise.all([get(base), get(`${base}/status`)]);
      title.replaceChildren(details.name, " ", status(details.status));
      chat.setName(details.name);
      if (document.activeElement !== replicas) replicas.value = details.resources.replicas;
      const k = health.health.kubernetes, app = health.health.application;
      facts.replaceChildren(
        h("dt", {}, "Health"), h("dd", {}, status(health.health.overall)),
        h("dt", {}, "Replicas ready"), h("dd", {}, `${k.readyReplicas} of ${details.resources.replicas} (${k.replicas} running)`),
        h("dt", {}, "Application"), h("dd", {}, `${app.status}${app.uptime ? `, up ${app.uptime}` : ""}${app.responseTime ? `, probe ${app.responseTime}` : ""}`),
        h("dt", {}, "URL"), h("dd", {}, h("a", { href: details.url, rel: "noreferrer" }, details.url)),
        h("dt", {}, "Reason"), h("dd", {}, details.reason || "—"),
        h("dt", {}, "Resources"), h("dd", {}, `${details.resources.cpu} CPU, ${details.resources.memory} memory`),
        h("dt", {}, "Owner"), h("dd", {}, details.owner),
        h("dt", {}, "Created"), h("dd", {}, when(details.createdAt)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.onSignedOut();
      message.textContent = error.message;
    }
  }

  async function refreshSlow() {
    try {
      const metrics = await get(`${base}/metrics?window=1h`);
      const history = (metrics.history || []).map((s) => ({ t: new Date(s.timestamp), cpu: s.cpu ?? 0, memory: s.memory }));
      charts.replaceChildren(
        lineChart("CPU (cores)", history.map((s) => ({ t: s.t, v: s.cpu })), (v) => v.toFixed(3)),
        lineChart("Memory (MiB)", history.map((s) => ({ t: s.t, v: s.memory / 1048576 })), (v) => v.toFixed(1)));
    } catch (error) { charts.replaceChildren(h("p", { class: "muted" }, error.message)); }
    try {
      const history = await get(`${base}/scans?limit=5`);
      scans.replaceChildren(history.scans.length === 0 ? h("p", { class: "muted" }, "No scan yet.") : h("div", {}, history.scans.map(scanCard)));
    } catch (error) { scans.replaceChildren(h("p", { class: "muted" }, error.message)); }
    try {
      const list = await get(`${base}/sessions`);
      const items = list.sessions || list.items || list || [];
      sessions.replaceChildren(items.length === 0 ? h("p", { class: "muted" }, "No session yet.")
        : h("ul", {}, items.map((s) => h("li", {}, `${s.id || s.sessionId || s.session_id} · ${s.turns ?? s.messageCount ?? ""} turns · last active ${when(s.lastActive || s.updatedAt || s.last_active)}`))));
    } catch (error) {
      sessions.replaceChildren(h("p", { class: "muted" }, error instanceof ApiError && error.status === 404 ? "Sessions are not available on this server." : error.message));
    }
  }

  async function followLogs(lastId) {
    try {
      await stream("GET", `${base}/logs?follow=true&lines=200`, undefined, (event) => {
        if (event.event !== "message") return;
        lastId = event.id || lastId;
        const entry = JSON.parse(event.data);
        if (paused) held.push(entry); else appendLog(entry);
      }, controller.signal, lastId);
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 401) return context.onSignedOut();
    }
    if (!controller.signal.aborted) timers.push(setTimeout(() => followLogs(lastId), 1000));
  }

  let stopped = false;
  const every = (work, base) => {
    const run = async () => { await work(); if (!stopped) timers.push(setTimeout(run, pollDelay(base))); };
    run();
  };
  every(refresh, 2000);
  every(refreshSlow, 15000);
  followLogs();
  return { element, leave: () => { stopped = true; controller.abort(); chat.abort(); for (const t of timers) clearTimeout(t); } };
}

function scanCard(scan) {
  const counts = scan.results.vulnerabilities;
  return h("article", { class: "card" },
    h("div", { class: "row" }, h("strong", {}, scan.scanId), status(scan.results.passed ? "HEALTHY" : "FAILED"),
      h("span", { class: "muted" }, `${when(scan.scannedAt)} · critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}`)),
    scan.findings.length ? h("ul", {}, scan.findings.map((f) => h("li", {}, `${f.severity} ${f.id}: ${f.summary}${f.package ? ` (${f.package}@${f.installedVersion})` : ""}`))) : null,
    scan.results.recommendations.length ? h("div", {}, h("em", {}, "Recommendations"), h("ul", {}, scan.results.recommendations.map((r) => h("li", {}, r)))) : null);
}

// The chat: each message streamed from the agent token by token (AgentSpec's /stream), or answered
// whole (AgentOS's /message) where streaming is not served; the session goes on across messages.
function chatBox(agentId) {
  let name = agentId;
  let sessionId = null;
  let controller = new AbortController();
  const log = h("div", { class: "chat", id: "chat-log", role: "log", "aria-live": "polite" });
  const input = h("input", { id: "chat-input", "aria-label": "Message", autocomplete: "off", placeholder: "Say something" });
  const send = h("button", { type: "submit" }, "Send");
  const error = h("p", { class: "error", role: "alert" });
  const say = (who, text) => {
    const bubble = h("span", { class: "bubble" }, text);
    log.append(h("p", { class: who }, bubble));
    log.scrollTop = log.scrollHeight;
    return bubble;
  };
  const form = h("form", { class: "row", onsubmit: async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    error.textContent = "";
    send.disabled = true;
    say("user", text);
    const bubble = say("agent", "");
    bubble.setAttribute("data-streaming", "true");
    try {
      await streamed(text, bubble);
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 405) && failure.code !== "AGENT_NOT_FOUND") {
        try {
          const answer = await post(`/api/agents/${encodeURIComponent(agentId)}/message`, sessionId ? { message: text, sessionId } : { message: text });
          sessionId = answer.sessionId || sessionId;
          bubble.textContent = answer.content;
        } catch (again) { error.textContent = again.message; }
      } else { error.textContent = failure.message; }
    } finally {
      bubble.removeAttribute("data-streaming");
      send.disabled = false;
      input.focus();
    }
  } }, input, send);

  async function streamed(text, bubble) {
    controller = new AbortController();
    const body = sessionId ? { input: text, session_id: sessionId } : { input: text };
    await stream("POST", `/v1/agents/${encodeURIComponent(name)}/stream`, body, (event) => {
      let data = {};
      try { data = JSON.parse(event.data); } catch { data = { token: event.data }; }
      if (event.event === "error") throw new Error(data.message || data.error?.message || "the agent failed");
      if (event.event === "done") { sessionId = data.session_id || data.sessionId || sessionId; return; }
      const token = data.token ?? data.content ?? data.text ?? data.delta ?? "";
      bubble.textContent += token;
      log.scrollTop = log.scrollHeight;
    }, controller.signal);
  }

  return { element: h("div", {}, log, form, error), setName: (value) => { name = value; }, abort: () => controller.abort() };
}

"""####),
        "views/agents.js": ("text/javascript; charset=utf-8", ####"""
// The agents: a live table with a status filter, and the create form (fields or a pasted
// character file) with the API's validation errors beside their fields.
import { get, post, ApiError, pollDelay } from "../api.js";
import { h, status, when } from "../dom.js";

const STATUSES = ["", "QUEUED", "DEPLOYING", "DEPLOYED", "SCALING", "RESTARTING", "PAUSED", "FAILED", "DELETING"];

export function agentsView(context) {
  const admin = context.profile.role === "ADMIN";
  const filter = h("select", { id: "status-filter", "aria-label": "Filter by status", onchange: () => refresh() },
    STATUSES.map((s) => h("option", { value: s }, s || "All statuses")));
  const body = h("tbody");
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const table = h("table", { "aria-label": "Agents" },
    h("thead", {}, h("tr", {},
      h("th", {}, "Name"), h("th", {}, "Status"), h("th", {}, "Ready"),
      admin ? h("th", { class: "hide-narrow" }, "Owner") : null, h("th", { class: "hide-narrow" }, "Created"))),
    body);
  const element = h("div", {},
    h("section", { class: "card" },
      h("div", { class: "row" }, h("h1", {}, "Agents"), h("span", { class: "spacer" }), filter),
      table, note),
    createForm(() => refresh()));

  let timer;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    try {
      const query = filter.value ? `&status=${filter.value}` : "";
      const list = await get(`/api/agents?limit=100${query}`);
      const statuses = await Promise.all(list.agents.map((a) => get(`/api/agents/${a.agentId}/status`).catch(() => null)));
      body.replaceChildren(...list.agents.map((agent, index) => {
        const health = statuses[index]?.health?.kubernetes;
        return h("tr", { "data-agent": agent.name },
          h("td", {}, h("a", { href: `#/agents/${encodeURIComponent(agent.agentId)}` }, agent.name)),
          h("td", {}, status(agent.status)),
          h("td", {}, health ? `${health.readyReplicas}/${health.replicas}` : "—"),
          admin ? h("td", { class: "hide-narrow" }, agent.owner) : null,
          h("td", { class: "hide-narrow" }, when(agent.createdAt)));
      }));
      note.textContent = list.total === 0 ? "No agents yet: create one below." : `${list.total} agent${list.total === 1 ? "" : "s"}`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.onSignedOut();
      note.textContent = error.message;
    }
    if (!stopped) timer = setTimeout(refresh, pollDelay(2000));
  }
  refresh();
  return { element, leave: () => { stopped = true; clearTimeout(timer); } };
}

// An elizaOS character file ({name, bio, system, ...}) or a create body, as a create body.
export function characterToBody(character) {
  if (character.agentName) return character;
  const list = (value) => (Array.isArray(value) ? value : value ? [String(value)] : []);
  return {
    agentName: String(character.name || "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, ""),
    description: character.description || (Array.isArray(character.bio) ? character.bio[0] : character.bio) || undefined,
    personality: { system: character.system, bio: list(character.bio), adjectives: list(character.adjectives), topics: list(character.topics) },
    selectedPlugins: character.plugins || undefined,
  };
}

function createForm(onCreated) {
  const field = (name, label, input) => h("div", { "data-field": name }, h("label", { for: `f-${name}` }, label), input, h("p", { class: "field-error", "aria-live": "polite" }));
  const input = (name, attributes = {}) => h("input", { id: `f-${name}`, name, ...attributes });
  const formError = h("p", { class: "error", role: "alert" });
  const pasted = h("textarea", { id: "f-character", name: "character", placeholder: '{"name": "Eliza", "bio": ["…"], "plugins": []}' });
  const form = h("form", { id: "create-agent", novalidate: true },
    h("h2", {}, "Create an agent"),
    h("div", { class: "grid2" },
      h("div", {},
        field("agentName", "Name", input("agentName", { placeholder: "support-bot", autocomplete: "off" })),
        field("description", "Description", input("description")),
        field("personality", "System prompt", h("textarea", { id: "f-personality", name: "system" })),
        field("personality.bio", "Bio (one line each)", h("textarea", { id: "f-personality.bio", name: "bio" }))),
      h("div", {},
        field("selectedPlugins", "Plugins (comma separated)", input("selectedPlugins", { placeholder: "@elizaos/plugin-discord@1.0.0" })),
        field("resources.memory", "Memory", input("resources.memory", { placeholder: "512Mi" })),
        field("resources.cpu", "CPU", input("resources.cpu", { placeholder: "500m" })),
        field("resources.replicas", "Replicas", input("resources.replicas", { type: "number", min: "0", value: "1" })),
        field("character", "…or paste a character file (JSON)", pasted))),
    formError,
    h("button", { type: "submit" }, "Create"));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
    formError.textContent = "";
    let body;
    try {
      body = pasted.value.trim() ? characterToBody(JSON.parse(pasted.value)) : fromFields(form);
    } catch (error) {
      show(form, formError, "character", `The character file is not JSON: ${error.message}`);
      return;
    }
    try {
      const created = await post("/api/agents", body);
      form.reset();
      onCreated();
      location.hash = `#/agents/${encodeURIComponent(created.agentId)}`;
    } catch (error) {
      show(form, formError, error.field, error.message);
    }
  });
  return h("section", { class: "card" }, form);
}

function fromFields(form) {
  const value = (name) => form.elements[name].value.trim();
  const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);
  const body = { agentName: value("agentName"), personality: { bio: lines(value("bio")) } };
  if (value("description")) body.description = value("description");
  if (value("system")) body.personality.system = value("system");
  if (value("selectedPlugins")) body.selectedPlugins = value("selectedPlugins").split(",").map((p) => p.trim()).filter(Boolean);
  const resources = {};
  if (value("resources.memory")) resources.memory = value("resources.memory");
  if (value("resources.cpu")) resources.cpu = value("resources.cpu");
  if (value("resources.replicas") !== "") resources.replicas = Number(value("resources.replicas"));
  if (Object.keys(resources).length) body.resources = resources;
  return body;
}

// Shows an error beside the field the API named (or its nearest named parent), else above the button.
function show(form, formError, field, message) {
  let name = field || "";
  while (name) {
    const holder = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (holder) {
      holder.querySelector(".field-error").textContent = message;
      holder.querySelector("input, textarea")?.focus();
      return;
    }
    name = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name.includes("[") ? name.slice(0, name.indexOf("[")) : "";
  }
  formError.textContent = message;
}

"""####),
        "views/keys.js": ("text/javascript; charset=utf-8", ####"""
// ADMIN: the API keys. A new key is shown once; a key can be revoked.
import { get, post, del, ApiError } from "../api.js";
import { h, when, confirmAction } from "../dom.js";

export function keysView(context) {
  const body = h("tbody");
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const shown = h("div", { "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { id: "create-key", class: "grid2", onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = "";
    const values = Object.fromEntries(new FormData(form));
    const request = { username: values.username, email: values.email, role: values.role };
    if (values.expiresInDays) request.expiresInDays = Number(values.expiresInDays);
    try {
      const issued = await post("/api/auth/generate-key", request);
      form.reset();
      shown.replaceChildren(h("p", {}, "The new key, shown this once: copy it now."), h("p", { class: "key-once", id: "new-key" }, issued.apiKey));
      refresh();
    } catch (failure) { error.textContent = failure.field ? `${failure.field}: ${failure.message}` : failure.message; }
  } },
    h("div", {}, h("label", { for: "k-username" }, "Username"), h("input", { id: "k-username", name: "username", required: true })),
    h("div", {}, h("label", { for: "k-email" }, "Email"), h("input", { id: "k-email", name: "email", type: "email", required: true })),
    h("div", {}, h("label", { for: "k-role" }, "Role"), h("select", { id: "k-role", name: "role" }, h("option", {}, "USER"), h("option", {}, "ADMIN"))),
    h("div", {}, h("label", { for: "k-days" }, "Expires in days"), h("input", { id: "k-days", name: "expiresInDays", type: "number", min: "1" })),
    h("div", {}, h("button", { type: "submit" }, "Create key")));
  const element = h("div", {},
    h("section", { class: "card" }, h("h1", {}, "API keys"),
      h("table", { "aria-label": "API keys" },
        h("thead", {}, h("tr", {}, h("th", {}, "Key"), h("th", {}, "User"), h("th", {}, "Role"), h("th", { class: "hide-narrow" }, "Expires"), h("th", {}, "Status"), h("th", {}, ""))),
        body), note),
    h("section", { class: "card" }, h("h2", {}, "Create a key"), form, error, shown));

  async function refresh() {
    try {
      const list = await get("/api/auth/keys");
      body.replaceChildren(...list.keys.map((key) => h("tr", {},
        h("td", {}, key.keyId), h("td", {}, key.username), h("td", {}, key.role), h("td", { class: "hide-narrow" }, when(key.expiresAt)), h("td", {}, key.status),
        h("td", {}, key.status === "ACTIVE" ? h("button", { type: "button", class: "danger", onclick: async () => {
          if (!(await confirmAction(`Revoke ${key.keyId} of ${key.username}? Requests with it are refused at once.`, "Revoke"))) return;
          try { await del(`/api/auth/keys/${encodeURIComponent(key.keyId)}`); refresh(); } catch (failure) { error.textContent = failure.message; }
        } }, "Revoke") : null))));
      note.textContent = `${list.keys.length} key${list.keys.length === 1 ? "" : "s"}`;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return context.onSignedOut();
      note.textContent = failure.message;
    }
  }
  refresh();
  return { element };
}

"""####),
        "views/security.js": ("text/javascript; charset=utf-8", ####"""
// Security events, filterable by severity: ADMIN sees every event, a USER those of its agents.
import { get, ApiError, pollDelay } from "../api.js";
import { h, status, when } from "../dom.js";

export function securityView(context) {
  const severity = h("select", { id: "severity-filter", "aria-label": "Severity", onchange: () => refresh() },
    ["", "LOW", "MEDIUM", "HIGH", "CRITICAL"].map((s) => h("option", { value: s }, s || "All severities")));
  const body = h("tbody");
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const element = h("section", { class: "card" },
    h("div", { class: "row" }, h("h1", {}, "Security events"), h("span", { class: "spacer" }), severity),
    h("table", { "aria-label": "Security events" },
      h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", {}, "Severity"), h("th", {}, "Type"), h("th", { class: "hide-narrow" }, "Agent"), h("th", {}, "Message"))),
      body),
    note);
  let timer;
  let stopped = false;
  const SEVERITY_CLASS = { LOW: "HEALTHY", MEDIUM: "DEGRADED", HIGH: "FAILED", CRITICAL: "FAILED" };
  async function refresh() {
    clearTimeout(timer);
    try {
      const page = await get(`/api/security/events?limit=100${severity.value ? `&severity=${severity.value}` : ""}`);
      body.replaceChildren(...page.events.map((e) => h("tr", {},
        h("td", {}, when(e.timestamp)),
        h("td", {}, h("span", { class: `status ${SEVERITY_CLASS[e.severity]}` }, e.severity)),
        h("td", {}, e.type), h("td", { class: "hide-narrow" }, e.agentId || "—"), h("td", {}, e.message))));
      note.textContent = `${page.total} event${page.total === 1 ? "" : "s"}`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.onSignedOut();
      note.textContent = error.message;
    }
    if (!stopped) timer = setTimeout(refresh, pollDelay(5000));
  }
  refresh();
  return { element, leave: () => { stopped = true; clearTimeout(timer); } };
}

"""####),
        "views/system.js": ("text/javascript; charset=utf-8", ####"""
// ADMIN: the platform's figures, with charts of the host's CPU, memory and storage since the page opened.
import { get, ApiError, pollDelay } from "../api.js";
import { h } from "../dom.js";
import { lineChart } from "../chart.js";

export function systemView(context) {
  const facts = h("dl", { class: "facts" });
  const charts = h("div", { class: "grid2" });
  const note = h("p", { class: "muted", "aria-live": "polite" });
  const samples = [];
  const element = h("div", {}, h("section", { class: "card" }, h("h1", {}, "System"), facts, note), charts);
  let timer;
  let stopped = false;
  async function refresh() {
    try {
      const report = await get("/api/system/metrics");
      const { system, resources } = report;
      samples.push({ t: new Date(report.timestamp), cpu: resources.cpu.percentage, memory: resources.memory.percentage, storage: resources.storage.percentage });
      if (samples.length > 720) samples.shift();
      facts.replaceChildren(
        h("dt", {}, "Agents"), h("dd", {}, `${system.totalAgents} (${system.runningAgents} running, ${system.failedAgents} failed)`),
        h("dt", {}, "Deployments"), h("dd", {}, `${system.deployments.successful} succeeded, ${system.deployments.failed} failed (${system.deployments.successRate}%)`),
        h("dt", {}, "CPU"), h("dd", {}, `${resources.cpu.used} of ${resources.cpu.total} cores`),
        h("dt", {}, "Memory"), h("dd", {}, `${(resources.memory.used / 1073741824).toFixed(1)} of ${(resources.memory.total / 1073741824).toFixed(1)} GiB`),
        h("dt", {}, "Storage"), h("dd", {}, `${(resources.storage.used / 1073741824).toFixed(1)} of ${(resources.storage.total / 1073741824).toFixed(1)} GiB`));
      charts.replaceChildren(
        lineChart("CPU %", samples.map((s) => ({ t: s.t, v: s.cpu })), (v) => v.toFixed(1)),
        lineChart("Memory %", samples.map((s) => ({ t: s.t, v: s.memory })), (v) => v.toFixed(1)),
        lineChart("Storage %", samples.map((s) => ({ t: s.t, v: s.storage })), (v) => v.toFixed(1)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return context.onSignedOut();
      note.textContent = error.message;
    }
    if (!stopped) timer = setTimeout(refresh, pollDelay(5000));
  }
  refresh();
  return { element, leave: () => { stopped = true; clearTimeout(timer); } };
}

"""####),
    ]
}
