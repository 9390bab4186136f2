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
