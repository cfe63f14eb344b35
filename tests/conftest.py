"""Shared test fixtures: users per role, sectors and companies, and a Playwright page on Debian chromium."""

import itertools
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def valid_enterprise_number(seed: int) -> str:
    base = f"{(seed % 10_000_000) + 10_000_000:08d}"
    base = "0" + base[1:]
    return f"{base}{97 - int(base) % 97:02d}"


@pytest.fixture
def sector_factory(db):
    from werkbaar.core.models import Sector

    def make(code=None, name=None):
        n = next(_counter)
        code = code or f"sector{n}"
        return Sector.objects.create(code=code, name=name or f"Sector {code}")

    return make


@pytest.fixture
def company_factory(db, sector_factory):
    from werkbaar.core.models import Organisation

    def make(sector=None, name=None, employees=50, consent_named=False, kind="company", **extra):
        n = next(_counter)
        return Organisation.objects.create(
            name=name or f"Company {n}",
            kind=kind,
            sector=sector or sector_factory(),
            enterprise_number=valid_enterprise_number(n * 7919),
            employee_count=employees,
            consent_named=consent_named,
            **extra,
        )

    return make


@pytest.fixture
def make_user(db):
    """make_user(role, sector=None, organisation=None, username=None, password='pw') -> User with that membership."""
    from werkbaar.core.models import Membership, User

    def make(role=None, sector=None, organisation=None, username=None, password="pw-Werkbaar-1", **extra):
        n = next(_counter)
        user = User.objects.create_user(username=username or f"user{n}", password=password, **extra)
        if role:
            Membership.objects.create(
                user=user, role=role, sector=sector or (organisation.sector if organisation else None),
                organisation=organisation,
            )
        return user

    return make


@pytest.fixture(scope="session")
def _browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium not found at {CHROMIUM}; install the 'chromium' package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        args = [
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser, request):
    """A fresh browser context (phone-sized by default) and page; a screenshot is kept when the test fails."""
    context = _browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        out = ROOT / "test-artifacts"
        out.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - best effort only
            pass
    context.close()


@pytest.fixture
def login(live_server):
    """login(page, user, password) signs a user in through the real login form."""

    def do(page, user, password="pw-Werkbaar-1"):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return do


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script from the npm registry (installed by `make install` into node_modules)."""
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        npm = shutil.which("npm")
        pytest.fail(f"axe-core missing at {path}; run `npm install` (npm: {npm})")
    return path.read_text()


@pytest.fixture
def axe(axe_source):
    """axe(page) -> the serious and critical axe-core violations on the page's current state."""

    def run(page, impacts=("serious", "critical")):
        return axe_violations(page, axe_source, impacts)

    return run


def axe_violations(page, axe_source: str, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page and return the violations of the given impacts."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
