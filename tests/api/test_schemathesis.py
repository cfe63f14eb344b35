"""Property-based run of the whole API against its own OpenAPI document (schemathesis): no generated
request, valid or invalid, may answer a 5xx.

Runs in-process against the WSGI application, signed in as a member of a sector's staff (with the
CSRF token, so writes get past 403), with a bounded number of examples per operation. The number of
cases is printed at the end of the run (``schemathesis: N cases over M operations``) and recorded as
the test's ``schemathesis_cases`` property.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from werkbaar.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 30
CSRF_TOKEN = "w" * 32


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection open across WSGI requests (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _known_objects(world) -> dict[str, dict]:
    """Path parameters of objects that exist and that the signed-in user may see, per path."""
    report = world.reports[0].pk
    return {
        "/covenants/{code}": {"code": world.covenant.code},
        "/covenants/{code}/settlement": {"code": world.covenant.code},
        "/reporting/settlements/{code}": {"code": world.covenant.code},
        "/insights/sectors/{code}/aggregate": {"code": world.covenant.sector.code},
        "/reporting/reports/{report_id}": {"report_id": report},
        "/reporting/reports/{report_id}/content": {"report_id": report},
        **{f"/networks/{{network_id}}{tail}": {"network_id": world.network.pk}
           for tail in ("", "/sessions", "/attendance", "/board")},
    }


def _content(world):
    """Report content with the report's own section and field keys and values of any JSON type."""
    from werkbaar.reporting.template_spec import sections_for

    fields = [(s.key, f["key"]) for s in sections_for(world.reports[0]) for f in s.fields]
    value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.lists(st.text(), max_size=2))
    return st.lists(st.tuples(st.sampled_from(fields), value), max_size=6).map(
        lambda pairs: {"content": {section: {key: v for (s2, key), v in pairs if s2 == section}
                                   for (section, _key), _v in pairs}})


def _cases(operation, world):
    """Generated cases (valid and invalid), half of them aimed at objects that exist."""
    known = _known_objects(world).get(operation.path.removeprefix("/api/v1"))
    generated = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                          operation.as_strategy(GenerationMode.NEGATIVE))
    if known is None:
        return generated
    body = _content(world) if operation.method.upper() == "PUT" else st.none()

    def aim(case, at_known, content):
        if at_known:
            case.path_parameters = {**(case.path_parameters or {}), **known}
            if content is not None:
                case.body = content
        return case

    return st.builds(aim, generated, st.booleans(), body)


def test_no_generated_request_answers_a_server_error(client, api_world, in_process_requests, capsys, record_property):
    client.force_login(api_world.staff)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    count = 0
    failures = []
    for operation in operations:
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=_cases(operation, api_world))
        def run(case):
            nonlocal count
            count += 1
            response = case.call(cookies=cookies, headers={"X-CSRFToken": CSRF_TOKEN})
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"

        try:
            run()
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    record_property("schemathesis_cases", count)  # in the JUnit XML (`--junitxml`), also under xdist
    with capsys.disabled():
        print(f"\nschemathesis: {count} cases over {len(operations)} operations")
    assert len(operations) >= 15 and count >= len(operations) * 5
    assert failures == []
