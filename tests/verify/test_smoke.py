"""The smoke checks against a loopback stand-in for CloudFront: pass, 5xx, a timeout, and HTML
where the API should answer JSON. Each failure names the status and the start of the body."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness.targets import Target
from harness.verify import smoke
from harness.verify.context import Context
from harness.verify.model import Status

from . import contract_sample

CALLS: dict[str, int] = {}


class StandIn(BaseHTTPRequestHandler):
    """What CloudFront would answer for each site: /ok/ is healthy, the others are not."""

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        site, _, rest = self.path.lstrip("/").partition("/")
        CALLS[site] = CALLS.get(site, 0) + 1
        if site == "slow":
            time.sleep(1.5)
        if site == "down":
            return self._send(503, "text/html", b"<html><body>503 Service Unavailable ERROR</body></html>")
        if site == "flaky" and CALLS[site] < 3:
            return self._send(502, "text/plain", b"bad gateway")
        if site == "missing":
            return self._send(404, "application/json", b'{"error":"not found"}')
        if rest == "api/health" and site == "spa-fallback":
            return self._send(200, "text/html", b"<!doctype html><html><title>MealPrep</title></html>")
        if rest == "api/health":
            return self._send(200, "application/json", b'{"status":"ok"}')
        return self._send(200, "text/html; charset=utf-8", b"<!doctype html><html></html>")


@pytest.fixture(scope="module")
def stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(smoke, "TIMEOUT", 0.5)
    monkeypatch.setattr(smoke, "PAUSE", 0.01)
    monkeypatch.setattr(smoke, "ATTEMPTS", 3)
    CALLS.clear()


def _checks(site: str):
    outputs = contract_sample.outputs(api_endpoint=f"{site}/api", frontend_url=site)
    context = Context(env="prod", target=Target("aws", "us-west-2"), outputs=outputs)
    return smoke.api_health(context), smoke.frontend(context)


def test_a_healthy_site_passes_both(stand_in):
    api, frontend = _checks(f"{stand_in}/ok")
    assert (api.status, frontend.status) == (Status.PASS, Status.PASS)
    assert api.resource.endswith("/ok/api/health") and frontend.resource.endswith("/ok/")


def test_5xx_is_retried_then_fails_with_status_and_body(stand_in):
    api, _ = _checks(f"{stand_in}/down")
    assert api.status is Status.FAIL
    assert "HTTP 503 text/html" in api.observed and "503 Service Unavailable" in api.observed
    assert CALLS["down"] == 3 * 2, "three attempts for each of the two checks"


def test_a_transient_5xx_passes_on_a_retry(stand_in):
    api, _ = _checks(f"{stand_in}/flaky")
    assert api.status is Status.PASS


def test_a_4xx_fails_at_once(stand_in):
    api, _ = _checks(f"{stand_in}/missing")
    assert api.status is Status.FAIL and "HTTP 404" in api.observed and CALLS["missing"] == 2


def test_a_timeout_fails_with_no_answer(stand_in):
    api, _ = _checks(f"{stand_in}/slow")
    assert api.status is Status.FAIL and api.observed.startswith("no answer")


def test_html_where_the_api_should_answer_json_fails(stand_in):
    api, frontend = _checks(f"{stand_in}/spa-fallback")
    assert api.status is Status.FAIL
    assert (
        api.observed.startswith("expected JSON, got HTTP 200 text/html") and "<!doctype html>" in api.observed
    )
    assert frontend.status is Status.PASS


def test_on_the_emulator_the_checks_say_why_they_cannot_run(emulator):
    context = Context(env="dev", target=emulator, outputs=contract_sample.outputs())
    for check in (smoke.api_health(context), smoke.frontend(context)):
        assert check.status is Status.NOT_APPLICABLE and "no CloudFront" in check.reason
