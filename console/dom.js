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
