"""What tflint's `terraform_unused_declarations` rule finds, which cannot be installed here:
variables, locals and data sources a root or module declares and never reads."""

import re
from pathlib import Path

from harness.validate import Finding

_VARIABLE = re.compile(r'^variable\s+"([^"]+)"', re.MULTILINE)
_DATA = re.compile(r'^data\s+"([^"]+)"\s+"([^"]+)"', re.MULTILINE)
_LOCALS = re.compile(r"^locals\s*\{(.*?)^\}", re.MULTILINE | re.DOTALL)
_LOCAL_NAME = re.compile(r"^  ([A-Za-z_][A-Za-z0-9_-]*)\s*=", re.MULTILINE)
_COMMENT = re.compile(r"(#|//)[^\n]*|/\*.*?\*/", re.DOTALL)


def _code(root: Path) -> str:
    """Every .tf file of the root (links included, as the env roots link envs/common), comments out."""
    return "\n".join(_COMMENT.sub("", tf.read_text()) for tf in sorted(root.glob("*.tf")))


def unused(root: Path) -> list[Finding]:
    code = _code(root)
    declared = [("variable", name, rf"\bvar\.{re.escape(name)}\b") for name in _VARIABLE.findall(code)]
    declared += [
        ("local", name, rf"\blocal\.{re.escape(name)}\b")
        for block in _LOCALS.findall(code)
        for name in _LOCAL_NAME.findall(block)
    ]
    declared += [
        ("data source", f"{kind}.{name}", rf"\bdata\.{re.escape(kind)}\.{re.escape(name)}\b")
        for kind, name in _DATA.findall(code)
    ]
    return [
        Finding(root, "warning", f"{what} {name} is declared but never used")
        for what, name, pattern in declared
        if not re.search(pattern, code)
    ]
