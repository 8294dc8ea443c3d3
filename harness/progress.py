"""Live feedback while terraform applies or destroys, from its `-json` UI messages.

On a terminal: a progress bar with "N of M", the resource in flight and the elapsed time.
In a log (CI): one line per finished resource. M comes from the plan; for a destroy that
plans on its own, from the `planned_change` messages terraform sends before it starts.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from harness.errors import HarnessError

_DONE = {
    "create": "created",
    "update": "updated",
    "delete": "destroyed",
    "replace": "replaced",
    "noop": "unchanged",
    "read": "read",
}


class Stalled(HarnessError):
    """A resource stuck in one operation far beyond what that target ever takes."""


class ChangeProgress:
    """Feed it terraform's JSON messages (`__call__`); use as a context manager around the run."""

    def __init__(
        self, console: Console, verb: str, total: int | None = None, stall_after: float | None = None
    ) -> None:
        self.console = console
        self.stall_after = stall_after
        self.verb = verb
        self.total = total
        self.done = 0
        self.failed: list[str] = []
        self.in_flight: dict[str, float] = {}
        self._planned = 0
        self._live = console.is_terminal
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            transient=False,
        )
        self._task = self._bar.add_task(verb, total=total, current="", start=True)
        self._started = time.monotonic()

    def __enter__(self) -> "ChangeProgress":
        if self._live:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._live:
            self._bar.stop()
        seconds = time.monotonic() - self._started
        outcome = "failed" if kind or self.failed else "finished"
        of = f" of {self.total}" if self.total is not None else ""
        self.console.print(f"   {self.verb} {outcome}: {self.done}{of} resources in {seconds:.0f} s")

    def __call__(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        hook = message.get("hook") or {}
        address = str((hook.get("resource") or {}).get("addr", ""))
        action = str(hook.get("action", ""))
        if kind == "planned_change":
            self._planned += 1
        elif kind == "apply_start" and action != "read":
            if self.total is None:
                self.total = self._planned
                self._bar.update(self._task, total=self.total)
            self.in_flight[address] = time.monotonic()
        elif kind == "apply_progress" and self.stall_after is not None:
            self._check_stall(address, action, float(hook.get("elapsed_seconds") or 0))
        elif kind in ("apply_complete", "apply_errored") and action != "read":
            started = self.in_flight.pop(address, time.monotonic())
            self.done += 1
            if kind == "apply_errored":
                self.failed.append(address)
            self._report(address, action, kind == "apply_errored", time.monotonic() - started)
        self._bar.update(self._task, completed=self.done, current=self._current())

    def _check_stall(self, address: str, action: str, elapsed: float) -> None:
        """Terraform reports a resource in flight every 10 s. One that outlives `stall_after` is
        stuck (an API refusing it while the provider retries): stop now, name it, and do not sit
        out the 30-minute bound."""
        if elapsed > (self.stall_after or 0):
            self.failed.append(address)
            raise Stalled(
                f"{self.verb}: {address} still in {action} after {elapsed:.0f} s "
                f"(the limit here is {self.stall_after:.0f} s); the API keeps refusing it and the "
                "provider keeps retrying, so the run was stopped.",
                exit_code=1,
            )

    def _current(self) -> str:
        if not self.in_flight:
            return ""
        address = min(self.in_flight, key=self.in_flight.__getitem__)
        more = f" (+{len(self.in_flight) - 1})" if len(self.in_flight) > 1 else ""
        return f"{address}{more}"

    def _report(self, address: str, action: str, errored: bool, seconds: float) -> None:
        if self._live and not errored:
            return
        outcome = "FAILED" if errored else _DONE.get(action, action)
        of = f"/{self.total}" if self.total is not None else ""
        self.console.print(
            f"   [{self.done}{of}] {address}: {outcome} ({seconds:.0f} s)", markup=False, highlight=False
        )


@contextmanager
def spinner(console: Console, text: str) -> Iterator[None]:
    """A spinner on a terminal; in a log, or in a step run beside the main one (a worker thread:
    one live display per console), the line once, so CI shows which step is running."""
    if console.is_terminal and threading.current_thread() is threading.main_thread():
        with console.status(text):
            yield
    else:
        console.print(text, markup=False, highlight=False)
        yield
