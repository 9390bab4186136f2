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
