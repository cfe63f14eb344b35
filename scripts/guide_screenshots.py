#!/usr/bin/env python3
"""Take the screenshots of the reporting guides (docs/guide/reporting-*.md) on fresh demo data.

    .venv/bin/python scripts/guide_screenshots.py [OUTPUT_DIR]     # default docs/guide/img

Builds a throwaway SQLite database with the demo data (``werkbaar migrate`` + ``werkbaar loaddemo``),
serves it with ``werkbaar runserver`` on a free local port, walks the reporting pages with Debian's
chromium through Playwright and writes docs/guide/img/reporting-*.png. Not a test: it asserts
nothing, it produces images for a person to look at.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "guide" / "img"
CHROMIUM = "/usr/bin/chromium"
WERKBAAR = ROOT / ".venv" / "bin" / "werkbaar"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> int:
    global IMG
    if len(sys.argv) > 1:
        IMG = Path(sys.argv[1]).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="werkbaar-screenshots-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}", "PYTHONPATH": str(ROOT / "src")}
    os.environ.update(env)
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
    print(f"screenshots written to {IMG}")
    return 0


def take(base: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkbaar.settings")
    # The script reads and changes the demo data between page visits, inside Playwright's event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from werkbaar.reporting.models import Evaluation, Payment, Report

    IMG.mkdir(parents=True, exist_ok=True)
    args = ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"] + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-BE")
        page = context.new_page()

        def shot(name, full=True):
            page.wait_for_load_state()
            page.screenshot(path=str(IMG / f"reporting-{name}.png"), full_page=full)

        def login(username):
            context.clear_cookies()
            page.goto(f"{base}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "werkbaar-demo")
            page.click("main button[type=submit]")
            page.wait_for_load_state()

        def step(name):
            page.click(f"a[href$='/step/{name}/']")
            page.click("main form button[type=submit]")
            page.wait_for_load_state()

        progress = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="progress")
        final = Report.objects.get(covenant__code="VORMDC-2021-2022", kind="final")
        vivo_final = Report.objects.get(covenant__code="VIVO-2016-2017", kind="final")

        # --- consultant -----------------------------------------------------------------------------
        login("consultant.vormdc")
        page.goto(f"{base}/reporting/")
        shot("consultant-list")
        page.goto(f"{base}/reporting/todo/")
        shot("consultant-todo")
        page.goto(f"{base}/reporting/{progress.pk}/")
        shot("consultant-returned", full=False)
        page.goto(f"{base}/reporting/{final.pk}/step/submit/")
        page.click("main form button[type=submit]")
        shot("consultant-missing")
        page.goto(f"{base}/reporting/{progress.pk}/edit/")
        first = page.locator("main form textarea").first
        first.fill(first.input_value() + " We bereikten 25 werkgevers.")
        shot("consultant-edit", full=False)
        page.click("main form button[type=submit]")
        step("resubmit")
        page.goto(f"{base}/reporting/{final.pk}/extension/")
        shot("consultant-extension")

        # --- account manager ------------------------------------------------------------------------
        login("department")
        page.goto(f"{base}/reporting/portfolio/")
        shot("am-portfolio")
        page.goto(f"{base}/reporting/todo/")
        shot("am-todo")
        page.goto(f"{base}/reporting/{progress.pk}/diff/")
        shot("am-diff")
        page.goto(f"{base}/reporting/{progress.pk}/")
        step("start_review")
        page.click("a[href$='/step/return/']")
        shot("am-return", full=False)
        page.goto(f"{base}/reporting/{progress.pk}/versions/2/")
        shot("am-version", full=False)
        ext = final.extensions.first()
        page.goto(f"{base}/reporting/extension/{ext.pk}/grant/")
        shot("am-extension")
        # evaluation of VIVO's final report (the demo evaluated it already: start again on this copy)
        Payment.objects.filter(report=vivo_final).delete()
        Evaluation.objects.filter(report=vivo_final).delete()
        page.goto(f"{base}/reporting/{vivo_final.pk}/evaluate/")
        for radio in page.locator("input[type=radio][value=yes]").all():
            radio.check()
        for area in page.locator("textarea").all():
            area.fill("Streefwaarde behaald volgens het eindrapport.")
        shot("am-evaluate", full=False)
        page.click("main form button[type=submit]")  # the preview first, then the confirmation
        page.wait_for_load_state()
        page.click("main form button[name=confirmed]")
        page.wait_for_load_state()
        page.locator("#payment").scroll_into_view_if_needed()
        page.screenshot(path=str(IMG / "reporting-am-payment.png"), full_page=False)
        indicator = vivo_final.covenant.priorities.get(code="P2").indicator
        page.goto(f"{base}/reporting/indicator/{indicator.pk}/")
        shot("am-indicator")
        context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
