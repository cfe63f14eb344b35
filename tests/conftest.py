"""Shared test fixtures: users per role, sectors and companies, a small covenant with its reports' content,
and a Playwright page on Debian chromium."""

import itertools
import os
import shutil
import sqlite3
import threading
from datetime import date
from decimal import Decimal
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


@pytest.fixture
def covenant_factory(db, sector_factory):
    from werkbaar.covenants.models import (
        Addendum,
        Consultant,
        Covenant,
        CovenantAction,
        Priority,
        ResultIndicator,
        Theme,
    )

    def make(sector=None, code=None, start=date(2021, 1, 1), end=date(2022, 12, 31), priorities=2,
             addenda=(), unit="participants"):
        sector = sector or sector_factory()
        covenant = Covenant.objects.create(
            code=code or f"{sector.code.upper()}-{start.year}", title="Test covenant", sector=sector,
            generation=f"{start.year}-{end.year}", start=start, end=end, status="active",
            funded_fte=Decimal("2"), max_grant_eur=Decimal("196000"), result_share=Decimal("0.20"),
        )
        theme, _ = Theme.objects.get_or_create(code="werkbaar-werk", defaults={"name": "Werkbaar werk"})
        for n in range(1, priorities + 1):
            p = Priority.objects.create(covenant=covenant, code=f"P{n}", title=f"Priority {n}", order=n, theme=theme)
            ResultIndicator.objects.create(priority=p, description=f"Indicator {n}", target_value=Decimal("100"),
                                           unit=unit, baseline_value=Decimal("10"))
            CovenantAction.objects.create(priority=p, code=f"{n}.1", title=f"Action {n}.1", status="running")
        for kind in addenda:
            Addendum.objects.create(covenant=covenant, kind=kind, budget_eur=Decimal("85000"),
                                    commitments=["Commitment A"])
        Consultant.objects.create(covenant=covenant, name="An Peeters", fte=Decimal("2"))
        return covenant

    return make


def complete_content(report) -> dict:
    """Content that fills every required field of the report's sections."""
    from werkbaar.reporting.template_spec import sections_for

    content = {}
    for s in sections_for(report):
        data = {}
        for f in s.fields:
            if f["type"] == "number":
                data[f["key"]] = "120"
            elif f["type"] == "choice":
                data[f["key"]] = f["choices"][0][0]
            elif f["type"] == "unit":
                data[f["key"]] = "participants"
            else:
                data[f["key"]] = f"Text for {f['key']}"
        content[s.key] = data
    return content


@pytest.fixture
def complete():
    return complete_content


@pytest.fixture
def run_tasks(db):
    """run_tasks() -> how many: run every ready background task in this process and this test's
    transaction, one by one like `werkbaar worker --batch` (with the same claim, run and retry)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])

    def run() -> int:
        ran = 0
        while (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            ran += 1
        return ran

    return run


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
    page.evaluate(axe_source)  # through the DevTools protocol: a <script> tag would break the page's CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def csp_violations():
    """watch(page) -> a list that fills with every Content-Security-Policy violation the page reports.

    Both the DOM's ``securitypolicyviolation`` events and the console errors the browser writes for them.
    """

    def watch(page):
        found = []
        page.on("console", lambda msg: found.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text else None)
        page.expose_function("__cspViolation", lambda text: found.append(text))
        page.add_init_script("""document.addEventListener("securitypolicyviolation", function (e) {
            window.__cspViolation(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
        });""")
        return found

    return watch


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


# -- Hostile files (issue 10.7): the attacks the upload and import paths must refuse ----------------

BILLION_LAUGHS = "\n".join(
    [f'a: &a [{",".join(["lol"] * 9)}]']
    + [f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]" for prev, name in zip("abcdefgh", "bcdefghi", strict=True)]
)


class Attacks:
    """The attack files, built in the test: a 'billion laughs' YAML (9 levels of 9 aliases, under 500
    bytes), YAML nested 10,000 levels deep, an XLSX zip bomb (a 200 MB shared-strings part that
    compresses to well under 1 MB) and a CSV with a 200 KB field."""

    def __init__(self, tmp_dir: Path):
        self.tmp_dir = tmp_dir

    @staticmethod
    def billion_laughs(field: str = "id") -> str:
        return f"{BILLION_LAUGHS}\n{field}: *i\n"

    @staticmethod
    def deep_yaml(levels: int = 10_000) -> str:
        return "[" * levels + "]" * levels + "\n"

    @staticmethod
    def csv_long_field(header=("wd1", "wd2", "team"), size: int = 200 * 1024) -> bytes:
        return (",".join(header) + "\n3,4," + "x" * size + "\n").encode()

    def xlsx_bomb(self, megabytes: int = 200) -> Path:
        """A real workbook (header wd1, team; one valid row 3, Noord) whose shared strings part unpacks
        to ``megabytes`` MB of one repeated string (0: the same workbook without the padding)."""
        return self._workbook(f"bomb-{megabytes}.xlsx", megabytes=megabytes)

    def xlsx_wide(self) -> Path:
        """The same two rows in a 1 KB sheet that declares the whole grid (A1:XFD1048576) and has an
        empty row 20,000: a reader that pads every row to the declared width builds 20,000 x 16,384 cells."""
        return self._workbook("wide.xlsx", dimension="A1:XFD1048576", extra_rows='<row r="20000"/>')

    def _workbook(self, name: str, megabytes: int = 0, dimension: str = "", extra_rows: str = "") -> Path:
        path = self.tmp_dir / name
        if path.exists():
            return path
        import io
        import zipfile

        from openpyxl import Workbook

        plain = io.BytesIO()
        Workbook().save(plain)
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        sheet = (f'<worksheet xmlns="{main}">' + (f'<dimension ref="{dimension}"/>' if dimension else "")
                 + "<sheetData>"
                 '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
                 '<row r="2"><c r="A2"><v>3</v></c><c r="B2" t="s"><v>2</v></c></row>'
                 f"{extra_rows}</sheetData></worksheet>")
        rel = ('<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/sharedStrings"/></Relationships>')
        override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                data = src.read(info).decode()
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = sheet
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace("</Relationships>", rel)
                elif info.filename == "[Content_Types].xml":
                    data = data.replace("</Types>", override)
                out.writestr(info.filename, data)
            with out.open("xl/sharedStrings.xml", "w") as member:
                member.write(f'<sst xmlns="{main}"><si><t>wd1</t></si><si><t>team</t></si>'
                             "<si><t>Noord</t></si>".encode())
                chunk = b"<si><t>lol</t></si>" * 50_000
                for _ in range(megabytes * 1024 * 1024 // len(chunk)):
                    member.write(chunk)
                member.write(b"</sst>")
        return path


@pytest.fixture(scope="session")
def attacks(tmp_path_factory):
    return Attacks(tmp_path_factory.mktemp("attacks"))


@pytest.fixture
def attack_guard():
    """``with attack_guard():`` fails the test (TimeoutError or MemoryError) instead of hanging the run
    or swapping the machine when the code under test does not refuse an attack: a 30 s SIGALRM timer
    (the test runs in the main thread) and 1.5 GB of address space above what the process uses now.
    Test-only: the application itself never uses signals or process limits."""
    import contextlib
    import resource
    import signal

    @contextlib.contextmanager
    def guard(seconds: int = 30, headroom: int = 1536 * 1024 * 1024):
        def on_alarm(signum, frame):
            raise TimeoutError(f"not refused within {seconds} s: the parse hangs")

        with open("/proc/self/status") as status:
            vm_size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        limits = resource.getrlimit(resource.RLIMIT_AS)
        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        resource.setrlimit(resource.RLIMIT_AS, (vm_size + headroom, limits[1]))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_AS, limits)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return guard


@pytest.fixture
def threaded_db(tmp_path):
    """Let worker threads open their own connections to this test's database.

    On SQLite the test database lives in shared-cache memory, whose table locks do not behave like the
    file database of a deployment: it is copied to a WAL file that new connections open instead, as
    separate server threads would. On PostgreSQL nothing needs doing. Use with
    ``@pytest.mark.django_db(transaction=True)``.
    """
    from django.db import connection, connections

    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "threads.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings = connections.settings["default"]
    original = settings["NAME"]
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = original


@pytest.fixture
def in_thread(threaded_db):
    """in_thread(fn) -> fn() run in a new thread with its own database connection (sees only committed data)."""
    from django.db import connection

    def run_in_thread(fn):
        out = []

        def run():
            try:
                out.append(fn())
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(60)
        return out[0]

    return run_in_thread
