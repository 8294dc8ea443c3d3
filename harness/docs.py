"""Module READMEs: the inputs and outputs tables, generated from the HCL between markers."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2
from hcl2 import SerializationOptions

from harness import paths

BEGIN = "<!-- BEGIN_TF_DOCS -->"
END = "<!-- END_TF_DOCS -->"
_HCL = SerializationOptions(strip_string_quotes=True, explicit_blocks=False)


def _load(path: Path) -> dict[str, Any]:
    return dict(hcl2.loads(path.read_text(), serialization_options=_HCL)) if path.is_file() else {}


def _expression(text: Any) -> str:
    value = str(text)
    return value[2:-1] if value.startswith("${") and value.endswith("}") else value


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    type: str
    required: bool
    default: Any

    def row(self) -> str:
        default = "n/a (required)" if self.required else f"`{_cell(json.dumps(self.default))}`"
        return f"| `{self.name}` | {_cell(self.description)} | `{_cell(self.type)}` | {default} |"


def variables(module: Path) -> list[Variable]:
    found = []
    for block in _load(module / "variables.tf").get("variable", []):
        for name, body in block.items():
            found.append(
                Variable(
                    name=name,
                    description=str(body.get("description", "")),
                    type=_expression(body.get("type", "any")),
                    required="default" not in body,
                    default=body.get("default"),
                )
            )
    return found


def outputs(module: Path) -> list[tuple[str, str]]:
    found = []
    for block in _load(module / "outputs.tf").get("output", []):
        for name, body in block.items():
            found.append((name, str(body.get("description", ""))))
    return found


def render(module: Path) -> str:
    lines = ["## Inputs", "", "| name | description | type | default |", "| --- | --- | --- | --- |"]
    lines += [v.row() for v in variables(module)]
    lines += ["", "## Outputs", "", "| name | description |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in outputs(module)]
    return "\n".join(lines)


def with_docs(readme: str, docs: str) -> str:
    block = f"{BEGIN}\n{docs}\n{END}"
    if BEGIN in readme and END in readme:
        head, rest = readme.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return readme.rstrip("\n") + "\n\n" + block + "\n"


def modules(base: Path | None = None) -> list[Path]:
    base = base or paths.REPO_ROOT / "modules"
    return sorted(d for d in base.iterdir() if (d / "variables.tf").is_file())


def update(check: bool = False, base: Path | None = None) -> list[Path]:
    """Write every module README's tables; with check, only report the stale ones."""
    stale = []
    for module in modules(base):
        readme = module / "README.md"
        current = readme.read_text() if readme.is_file() else f"# modules/{module.name}\n"
        wanted = with_docs(current, render(module))
        if wanted != current:
            stale.append(readme)
            if not check:
                readme.write_text(wanted)
    return stale
