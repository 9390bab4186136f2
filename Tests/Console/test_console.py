"""The web console in a real browser (Debian's Chromium, driven by Playwright) against a real
`launchpad up`: sign in, create an agent, see it reach DEPLOYED, see a log line arrive, chat with
it, delete it, and a wrong key refused. Screenshots of each page at a phone's and a desktop's
width go to .build/console-screenshots/. Run by scripts/test-console.sh."""
import json
import os
import pathlib
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

BASE = os.environ["LAUNCHPAD_URL"]
ADMIN_KEY = os.environ["LAUNCHPAD_API_KEY"]
SHOTS = pathlib.Path(os.environ.get("CONSOLE_SCREENSHOTS", ".build/console-screenshots"))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Whatever the policy refuses (an inline style, a script from elsewhere) is a fault of the console.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not errors, f"the page reported errors: {errors}"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, key=ADMIN_KEY):
    page.goto(f"{BASE}/console/")
    page.fill("#api-key", key)
    page.keyboard.press("Enter")


def api(method, path, body=None):
    request = urllib.request.Request(f"{BASE}{path}", method=method, headers={"X-API-Key": ADMIN_KEY, "Content-Type": "application/json"},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def test_a_wrong_key_is_refused_and_the_key_is_never_in_a_cookie_or_the_url(page):
    page.goto(f"{BASE}/console/")
    shoot(page, "sign-in")
    sign_in(page, "alk_" + "0" * 64)
    expect(page.locator("#sign-in-error")).to_contain_text("refused")
    expect(page.locator("#nav")).to_be_hidden()
    sign_in(page)
    expect(page.locator("#who")).to_contain_text("ADMIN")
    assert page.context.cookies() == []
    assert ADMIN_KEY not in page.url
    assert page.evaluate("sessionStorage.getItem('launchpad.apiKey')") == ADMIN_KEY
    page.click("#sign-out")
    expect(page.locator("#sign-in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('launchpad.apiKey')") is None


def test_create_deploy_logs_chat_and_delete_an_agent(page):
    sign_in(page)
    expect(page.locator("#view h1", has_text="Agents")).to_be_visible()
    # The API's validation error appears beside its field.
    page.fill("#f-agentName", "Bad Name")
    page.fill("#f-personality\\.bio", "A helpful console test agent.")
    page.click("#create-agent button[type=submit]")
    expect(page.locator('[data-field="agentName"] .field-error')).to_contain_text("agentName")
    page.fill("#f-agentName", "console-bot")
    page.fill("#f-resources\\.memory", "256Mi")
    page.click("#create-agent button[type=submit]")
    # The agent's page: it reaches DEPLOYED by itself (live updates, no reload).
    expect(page.locator("#view h1")).to_contain_text("console-bot")
    expect(page.locator("#view h1 .status")).to_have_text("DEPLOYED", timeout=60_000)
    expect(page.locator("#logs div").first).to_be_visible(timeout=30_000)
    shoot(page, "agent")
    # A message to the agent gets its answer in the chat.
    page.fill("#chat-input", "Hello there, who are you?")
    page.keyboard.press("Enter")
    answer = page.locator("#chat-log .agent .bubble").last
    expect(answer).not_to_be_empty(timeout=30_000)
    expect(answer).not_to_have_attribute("data-streaming", "true", timeout=30_000)
    # The list shows it with its replicas.
    page.click("#nav a[href='#/agents']")
    row = page.locator("tr[data-agent='console-bot']")
    expect(row).to_contain_text("DEPLOYED")
    expect(row).to_contain_text("1/1")
    shoot(page, "agents")
    # Delete, with a confirmation.
    row.locator("a").click()
    page.get_by_role("button", name="Delete").click()
    page.locator("dialog [data-confirm]").click()
    expect(page.locator("#view h1", has_text="Agents")).to_be_visible()
    expect(page.locator("tr[data-agent='console-bot']")).to_have_count(0, timeout=30_000)


def test_security_keys_and_system_pages(page):
    sign_in(page)
    page.click("#nav a[href='#/security']")
    expect(page.locator("#view h1")).to_have_text("Security events")
    expect(page.locator("tbody tr").first).to_be_visible()
    shoot(page, "security")
    page.click("#nav a[href='#/keys']")
    page.fill("#k-username", "console-user")
    page.fill("#k-email", "console-user@example.com")
    page.click("#create-key button[type=submit]")
    expect(page.locator("#new-key")).to_have_text(lambda_key_pattern())
    shoot(page, "keys")
    page.click("#nav a[href='#/system']")
    expect(page.locator("#view h1")).to_have_text("System")
    expect(page.locator("figure svg").first).to_be_visible()
    shoot(page, "system")


def lambda_key_pattern():
    import re
    return re.compile(r"^alk_[0-9a-f]{64}$")


def test_the_console_is_usable_by_keyboard_alone(page):
    page.goto(f"{BASE}/console/")
    # The key field has the focus on arrival; Enter signs in.
    assert page.evaluate("document.activeElement.id") == "api-key"
    page.keyboard.type(ADMIN_KEY)
    page.keyboard.press("Enter")
    expect(page.locator("#who")).to_contain_text("ADMIN")
    # The content has the focus after a section opens; the sections are back up the tab order, and
    # Enter on one opens it.
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#/security":
            break
    page.keyboard.press("Enter")
    expect(page.locator("#view h1")).to_have_text("Security events")
