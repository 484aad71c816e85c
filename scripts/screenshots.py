"""Screenshots of the main pages as each person meets them, in es, pt-BR and en, on a phone (390 px) and
a laptop (1280 px), to look at before saying a page is finished (`make screenshots`).

It serves the demo database (`make run`'s, or DATABASE_URL) on a spare port, signs in with the demo
logins, and writes full-page PNGs to screenshots/<language>/<width>/<page>.png (not committed).
Needs Chromium (Debian's /usr/bin/chromium, or CHROMIUM=path) and the test dependencies (Playwright).

    python scripts/screenshots.py [--out screenshots] [--only home,call] [--languages en] [--widths 390]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["es", "pt-br", "en"]
WIDTHS = [390, 1280]
DEMO_PASSWORD = "demo-portal-2026"  # config.settings.DEMO_PASSWORD, printed by `make run`
LOGINS = {"technician": "tecnico@demo.redportal.org", "focal": "focal@demo.redportal.org",
          "staff": "staff@demo.redportal.org"}
CONGRESS = "congreso-xxvii-bogota"
CALL = "congreso-xxvii-experiencias"

# name: (who, path). Who is None for an anonymous visitor.
PAGES = {
    "home": (None, "/"),
    "directory": (None, "/members/"),
    "territorial-network": (None, "/networks/red-andina/"),
    "member": (None, "/members/bogota/"),
    "call": (None, f"/calls/{CALL}/"),
    "calendar-month": (None, "/events/?view=month"),
    "calendar-list": (None, "/events/?view=list"),
    "campus": (None, "/campus/"),
    "congress": (None, f"/events/{CONGRESS}/"),
    "portal": ("technician", "/portal/"),
    "apply": ("technician", f"/calls/{CALL}/apply/"),
    "congress-registration": ("focal", f"/events/{CONGRESS}/register/"),
    "admin-dashboard": ("staff", "/admin/network/reportrun/dashboard/"),
    "admin-calls": ("staff", "/admin/programs/call/"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}  # static files from the source tree, as `make run`
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The server did not start: run `make run` once to create the demo database.")


def sign_in(context, base: str, email: str) -> None:
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--only", help="comma-separated page names: " + ", ".join(PAGES))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in (args.only.split(",") if args.only else PAGES)}
    languages = args.languages.split(",")
    widths = [int(w) for w in args.widths.split(",")]

    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(port)
    taken = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for language in languages:
                for who in sorted({who or "" for who, _path in pages.values()}):
                    context = browser.new_context(locale=language)
                    context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
                    if who:
                        sign_in(context, base, LOGINS[who])
                        # A signed-in person's own language choice would win over the cookie.
                        context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
                    page = context.new_page()
                    for name, (owner, path) in pages.items():
                        if (owner or "") != who:
                            continue
                        for width in widths:
                            page.set_viewport_size({"width": width, "height": 900})
                            response = page.goto(base + path)
                            page.wait_for_load_state("networkidle")
                            target = Path(args.out) / language / str(width) / f"{name}.png"
                            target.parent.mkdir(parents=True, exist_ok=True)
                            page.screenshot(path=str(target), full_page=True)
                            status = response.status if response else "?"
                            print(f"{status} {language:5} {width:>4} {name:22} {target}")
                            taken += 1
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{taken} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
