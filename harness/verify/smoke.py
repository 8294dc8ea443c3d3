"""The seed's smoke test, through the one public path: GET <site>/api/health answers 2xx with JSON,
and GET <site>/ answers 2xx with HTML, where <site> is what a user types (the CloudFront domain or
the custom one). Bounded timeouts and retries; a failure names the status and the body's start."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, not_applicable

TIMEOUT = 10.0
ATTEMPTS = 4
PAUSE = 2.0


@dataclass(frozen=True)
class Answer:
    status: int | None
    content_type: str
    body: bytes
    error: str = ""

    def describe(self) -> str:
        if self.status is None:
            return self.error
        start = self.body[:80].decode("utf-8", errors="replace").replace("\n", " ")
        return f"HTTP {self.status} {self.content_type or '(no content type)'}: {start!r}"


def fetch(url: str, timeout: float) -> Answer:
    request = urllib.request.Request(url, headers={"User-Agent": "mealprep-infra-smoke"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), response.read(4096))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Content-Type", ""), error.read(4096))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Answer(None, "", b"", f"no answer: {reason}")


def probe(url: str, expect: str) -> str:
    """'' when the URL answers 2xx with the expected kind of body (json or html), else why not.
    Retries what may pass on its own (no answer, 5xx); a 4xx or a wrong body fails at once."""
    answer = Answer(None, "", b"", "not tried")
    for attempt in range(ATTEMPTS):
        answer = fetch(url, TIMEOUT)
        if answer.status is not None and answer.status < 500:
            break
        if attempt < ATTEMPTS - 1:
            time.sleep(PAUSE * 2**attempt)
    if answer.status is None or not 200 <= answer.status < 300:
        return answer.describe()
    if expect == "json":
        try:
            json.loads(answer.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return f"expected JSON, got {answer.describe()}"
    if expect == "html" and "html" not in answer.content_type.lower():
        return f"expected HTML, got {answer.describe()}"
    return ""


def _smoke(ctx: Context, check_id: str, url: str, expect: str) -> Check:
    if why := ctx.target.lacks("traffic"):
        return not_applicable(check_id, url, why)
    problem = probe(url, expect)
    return Check(
        check_id,
        url,
        f"2xx {expect}",
        problem or "as expected",
        Status.FAIL if problem else Status.PASS,
        problem,
    )


def api_health(ctx: Context) -> Check:
    return _smoke(ctx, "smoke.api-health", f"{ctx.outputs.api_endpoint}/health", "json")


def frontend(ctx: Context) -> Check:
    return _smoke(ctx, "smoke.frontend", f"{ctx.outputs.frontend_url}/", "html")


CHECKS: list[CheckFunction] = [api_health, frontend]
