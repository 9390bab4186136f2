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
