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
