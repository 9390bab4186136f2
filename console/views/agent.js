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
