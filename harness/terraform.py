"""A small terraform runner: one place that builds command lines and turns failures into one line."""

import contextlib
import json
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import toolchain
from harness.errors import HarnessError
from harness.targets import Target


def first_error(stderr: str) -> str:
    """The first `Error:` summary of terraform's output, with its first detail line."""
    lines = [line.strip(" │╷╵\t") for line in stderr.splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("Error:"):
            following = lines[index + 1 : index + 12]
            detail = next((d for d in following if d and not d.startswith("on ")), "")
            where = next((d for d in following if d.startswith("on ")), "")
            located = re.match(r"on (\S+) line (\d+)", where)
            at = f" ({located.group(1)} line {located.group(2)})" if located else ""
            return f"{line} {detail}".strip() + at
    tail = [line for line in lines if line]
    return tail[-1] if tail else "terraform failed without output"


# Commands that walk the graph and so take -parallelism.
_GRAPH_WALKS = frozenset({"plan", "apply", "destroy"})


@dataclass
class Terraform:
    workdir: Path
    target: Target
    data_dir: Path | None = None
    parallelism: int | None = None

    def _command(self, args: tuple[str, ...]) -> list[str]:
        command = [str(toolchain.load().terraform), *args]
        if self.parallelism is not None and args and args[0] in _GRAPH_WALKS:
            command.insert(2, f"-parallelism={self.parallelism}")
        return command

    def environ(self) -> dict[str, str]:
        tools = toolchain.load()
        env = self.target.environ()
        env.pop("TF_PLUGIN_CACHE_DIR", None)  # the toolchain decides whether a cache is shared
        env.update(tools.env())
        if self.data_dir is not None:
            env["TF_DATA_DIR"] = str(self.data_dir)
        return env

    def run(
        self, *args: str, stream: bool = False, check: bool = True, timeout: float | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = self._command(args)
        serial = toolchain.init_lock() if args[0] == "init" else contextlib.nullcontext()
        try:
            with serial:
                result = subprocess.run(
                    command,
                    cwd=self.workdir,
                    env=self.environ(),
                    text=True,
                    timeout=timeout,
                    stdout=None if stream else subprocess.PIPE,
                    stderr=None if stream else subprocess.PIPE,
                    stdin=subprocess.DEVNULL,
                )
        except subprocess.TimeoutExpired as exc:
            raise HarnessError(
                f"terraform {args[0]} in {self.workdir} did not finish within {timeout:.0f}s.", exit_code=1
            ) from exc
        if check and result.returncode != 0:
            reason = first_error(result.stderr or "") if not stream else "see the output above"
            raise HarnessError(f"terraform {args[0]} failed in {self.workdir}: {reason}", exit_code=1)
        return result

    def run_json(
        self, *args: str, on_message: Callable[[dict[str, Any]], None], log: Path, timeout: float
    ) -> None:
        """Run a `-json` command (apply, destroy), handing each machine-readable UI message to
        `on_message` as it arrives and writing every line to `log`. Killed after `timeout`."""
        command = self._command((args[0], "-json", *args[1:]))
        errors: list[str] = []
        with (
            log.open("w") as sink,
            subprocess.Popen(
                command,
                cwd=self.workdir,
                env=self.environ(),
                text=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            ) as process,
        ):
            expired = threading.Event()

            def kill() -> None:
                expired.set()
                process.kill()

            watchdog = threading.Timer(timeout, kill)
            watchdog.start()
            try:
                assert process.stdout is not None
                for line in process.stdout:
                    sink.write(line)
                    try:
                        message = json.loads(line)
                    except ValueError:
                        continue  # a line from a provider or a crash: kept in the log
                    if not isinstance(message, dict):
                        continue
                    diagnostic = message.get("diagnostic") or {}
                    if message.get("type") == "diagnostic" and diagnostic.get("severity") == "error":
                        summary = f"{diagnostic.get('summary', '')} {diagnostic.get('detail', '')}"
                        errors.append(f"Error: {summary.strip().splitlines()[0] if summary.strip() else ''}")
                    on_message(message)
            except BaseException:
                process.kill()  # interrupted (Ctrl-C, SIGTERM): terraform must not outlive us
                raise
            finally:
                watchdog.cancel()
            code = process.wait()
        if expired.is_set():
            raise HarnessError(
                f"terraform {args[0]} in {self.workdir} did not finish within {timeout:.0f}s "
                f"(full log: {log}).",
                exit_code=1,
            )
        if code != 0:
            reason = errors[0] if errors else first_error(log.read_text())
            raise HarnessError(
                f"terraform {args[0]} failed in {self.workdir}: {reason} (full log: {log})", exit_code=1
            )

    def init(self, backend_config: Path | None = None, backend: bool = True, stream: bool = False) -> None:
        args = ["init", "-input=false", "-no-color"]
        if not backend:
            args.append("-backend=false")
        elif backend_config is not None:
            args += [f"-backend-config={backend_config}", "-reconfigure"]
        self.run(*args, stream=stream)

    def plan(
        self,
        out: Path,
        var_files: tuple[Path, ...] = (),
        refresh: bool = True,
        destroy: bool = False,
        stream: bool = False,
        refresh_only: bool = False,
    ) -> None:
        args = ["plan", "-input=false", f"-out={out}"]
        if refresh_only:
            args.append("-refresh-only")
        if not stream:
            args.append("-no-color")
        args += [f"-var-file={path}" for path in var_files]
        if not refresh:
            args.append("-refresh=false")
        if destroy:
            args.append("-destroy")
        self.run(*args, stream=stream)

    def show_json(self, planfile: Path | None = None) -> dict[str, Any]:
        """A plan file's JSON, or with none the current state's."""
        out = self.run("show", "-json", "-no-color", *([str(planfile)] if planfile else [])).stdout
        return dict(json.loads(out))

    def apply(self, planfile: Path, stream: bool = True) -> None:
        self.run("apply", "-input=false", "-auto-approve", str(planfile), stream=stream)

    def pull_state(self) -> dict[str, Any]:
        """The stored state as is: no provider is loaded, unlike `show -json`."""
        return dict(json.loads(self.run("state", "pull").stdout or "{}"))

    def output(self) -> dict[str, Any]:
        raw = json.loads(self.run("output", "-json", "-no-color").stdout or "{}")
        return {name: item.get("value") for name, item in raw.items()}

    def destroy(self, var_files: tuple[Path, ...] = (), stream: bool = True) -> None:
        args = ["destroy", "-input=false", "-auto-approve"]
        args += [f"-var-file={path}" for path in var_files]
        self.run(*args, stream=stream)
