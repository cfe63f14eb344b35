#!/usr/bin/env python3
"""Take the screenshots of each role's home page (docs/guide/img/home-*.png) on fresh demo data.

    .venv/bin/python scripts/home_screenshots.py [OUTPUT_DIR] [DEMO_SQLITE]

Like scripts/guide_screenshots.py: a throwaway SQLite database with the demo data (or DEMO_SQLITE, an
existing demo database, which is copied first so it stays untouched), served with
``werkbaar runserver`` on a free local port, photographed with Debian's chromium through Playwright,
on a 1366 px screen (plus one with a header menu open) and a 390 px phone. Not a test: it asserts
nothing.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_screenshots import CHROMIUM, ROOT, WERKBAAR, free_port, wait_for  # noqa: E402

IMG = ROOT / "docs" / "guide" / "img"
#: (file name part, demo user)
ROLES = [("department", "department"), ("sector", "sector.vormdc"), ("consultant", "consultant.vormdc"),
         ("company", "company.poetsplus"), ("delegate", "delegate.poetsplus")]


def main() -> int:
    global IMG
    if len(sys.argv) > 1:
        IMG = Path(sys.argv[1]).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="werkbaar-home-screenshots-"))
    database = workdir / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT / "src")}
    if len(sys.argv) > 2:
        shutil.copy(sys.argv[2], database)
    else:
        subprocess.run([str(WERKBAAR), "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([str(WERKBAAR), "loaddemo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(WERKBAAR), "runserver", "--noreload", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"{base}/login/")
        take(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"screenshots written to {IMG}")
    return 0


def take(base: str) -> None:
    from playwright.sync_api import sync_playwright

    IMG.mkdir(parents=True, exist_ok=True)
    args = ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"] + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        for size, viewport in (("desktop", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})):
            context = browser.new_context(viewport=viewport, locale="nl-BE")
            page = context.new_page()
            for name, username in ROLES:
                context.clear_cookies()
                page.goto(f"{base}/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", "werkbaar-demo")
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                page.goto(f"{base}/")
                if size == "desktop":
                    page.screenshot(path=str(IMG / f"home-{name}.png"), full_page=True)
                    if name == "department":  # a menu open
                        page.click(".nav-group-toggle >> nth=0")
                        page.screenshot(path=str(IMG / "home-menu.png"), full_page=False)
                else:
                    page.screenshot(path=str(IMG / f"home-{name}-phone.png"), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
