"""Each module README's usage example, planned: the examples of all modules form one root.

The examples call each other the way the envs wire the modules (the service example reads
`module.network.vpc_id`, and the network example is that module), so one root with every
example in a file of its own, plus `local.tags` and the provider aliases they pass, plans
them all in one terraform run. A broken example fails the plan, and terraform's error names
its file, `<module>.example.tf`.
"""

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from harness import paths
from harness.errors import HarnessError
from harness.targets import DEFAULT_REGION

MODULES = paths.REPO_ROOT / "modules"
_FENCE = re.compile(r"^```hcl\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SOURCE = re.compile(r'^(\s*source\s*=\s*)"[^"]+"', re.MULTILINE)
_LABEL = re.compile(r'^module\s+"([^"]+)"', re.MULTILINE)
ALIASES = {"dr": "us-east-2", "us_east_1": "us-east-1"}
TAGS = {"Project": "MealPrep", "Environment": "example", "ManagedBy": "Terraform"}


def example(module: Path) -> str:
    """The first `hcl` block of the module's README: one `module` block calling it."""
    readme = module / "README.md"
    found = _FENCE.search(readme.read_text()) if readme.is_file() else None
    if found is None:
        shown = readme.relative_to(paths.REPO_ROOT) if readme.is_relative_to(paths.REPO_ROOT) else readme
        raise HarnessError(f"{shown} has no ```hcl usage example.", 1)
    return found.group(1)


def label(text: str) -> str:
    found = _LABEL.search(text)
    if found is None:
        raise HarnessError(f"a README example does not start with a module block: {text[:60]!r}", 1)
    return found.group(1)


def _with_source(source: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f'{match.group(1)}"{source}"'


def modules() -> list[Path]:
    return sorted(p for p in MODULES.iterdir() if (p / "main.tf").is_file())


def write_root(folder: Path) -> dict[str, str]:
    """Write the examples' root into `folder`; {module folder name: module label in the root}."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.example.tf"):
        stale.unlink()
    labels: dict[str, str] = {}
    for module in modules():
        text = example(module)
        source = os.path.relpath(module, folder)
        text, count = _SOURCE.subn(_with_source(source), text, count=1)
        if count != 1:
            raise HarnessError(f"the README example of modules/{module.name} has no `source` line.", 1)
        labels[module.name] = label(text)
        (folder / f"{module.name}.example.tf").write_text(text)
    duplicated = {name for name in labels.values() if list(labels.values()).count(name) > 1}
    if duplicated:
        raise HarnessError(f"README examples share module labels: {', '.join(sorted(duplicated))}.", 1)
    providers = [{"region": DEFAULT_REGION}] + [{"alias": a, "region": r} for a, r in ALIASES.items()]
    root = {
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
        "provider": {"aws": providers},
        "locals": {"tags": TAGS},
    }
    (folder / "root.tf.json").write_text(json.dumps(root, indent=2))
    return labels
