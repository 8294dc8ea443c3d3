"""The seed's smoke test: GET <api>/health and GET <frontend>/ answer 2xx, with bounded retries."""

import time
import urllib.error
import urllib.request

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, not_applicable


def _get(url: str, attempts: int = 5) -> str:
    last = "no answer"
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return str(response.status)
        except urllib.error.HTTPError as exc:
            last = str(exc.code)
        except (urllib.error.URLError, OSError) as exc:
            last = str(getattr(exc, "reason", exc))
        time.sleep(min(8, 2**attempt))
    return last


def _smoke(ctx: Context, check_id: str, url: str) -> Check:
    if why := ctx.target.lacks("traffic"):
        return not_applicable(check_id, url, why)
    status = _get(url)
    ok = status.isdigit() and 200 <= int(status) < 300
    return Check(check_id, url, "2xx", status, Status.PASS if ok else Status.FAIL)


def api_health(ctx: Context) -> Check:
    return _smoke(ctx, "smoke.api-health", f"{ctx.outputs.api_endpoint}/health")


def frontend(ctx: Context) -> Check:
    return _smoke(ctx, "smoke.frontend", f"{ctx.outputs.frontend_url}/")


CHECKS: list[CheckFunction] = [api_health, frontend]
