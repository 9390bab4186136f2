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
