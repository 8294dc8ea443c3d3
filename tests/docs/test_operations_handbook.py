"""Every command in docs/operations.md exists and is spelled right.

Commands are taken from the handbook's shell blocks and inline code: `make` targets and
variables are checked against the Makefile, `mealprep-infra` commands are parsed by the CLI
itself (unknown commands, options or missing arguments fail), and `aws` commands are
checked against the botocore service models that boto3 ships (operation, options, required
parameters)."""

import re
import shlex

import botocore.session
import click
import pytest
from botocore import xform_name

from harness import paths
from harness.cli import cli

HANDBOOK = paths.REPO_ROOT / "docs" / "operations.md"
MAKEFILE = paths.REPO_ROOT / "Makefile"
CLI_SERVICES = {"s3api": "s3"}
AWS_GLOBAL_OPTIONS = {"--region", "--output", "--query", "--profile", "--no-cli-pager"}


def commands(text: str) -> list[str]:
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line:
                found.append(line)
    for span in re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S)):
        if re.match(r"(make|mealprep-infra|aws) [a-z]", span):
            found.append(span)
    return found


def words(command: str) -> tuple[dict[str, str], list[str]]:
    """Leading VAR=value assignments, and the words without shell redirections."""
    tokens = shlex.split(command)
    assignments = {}
    while tokens and re.fullmatch(r"[A-Z_]+=\S*", tokens[0]):
        name, value = tokens.pop(0).split("=", 1)
        assignments[name] = value
    cleaned, skip = [], False
    for token in tokens:
        if skip:
            skip = False
        elif token in ("<", ">"):
            skip = True
        else:
            cleaned.append(token)
    return assignments, cleaned


HANDBOOK_COMMANDS = commands(HANDBOOK.read_text())


def _by_tool(tool: str) -> list[str]:
    return [c for c in HANDBOOK_COMMANDS if words(c)[1][:1] == [tool]]


def known_variables() -> set[str]:
    """Variables the Makefile passes on, and the ones the harness reads from the environment."""
    names = set(re.findall(r"\$\(([A-Z_]+)\)", MAKEFILE.read_text()))
    for source in (paths.REPO_ROOT / "harness").rglob("*.py"):
        names |= set(re.findall(r"""environ(?:\.get)?\(\s*["']([A-Z_]+)["']""", source.read_text()))
        names |= set(re.findall(r"""environ\[\s*["']([A-Z_]+)["']""", source.read_text()))
    return names


def test_the_handbook_has_commands_of_every_kind():
    assert len(_by_tool("make")) >= 4 and len(_by_tool("mealprep-infra")) >= 5 and len(_by_tool("aws")) >= 5


@pytest.mark.parametrize("command", _by_tool("make"))
def test_make_commands_name_real_targets_and_variables(command):
    assignments, tokens = words(command)
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE.read_text(), flags=re.M))
    variables = known_variables()
    for token in tokens[1:]:
        if "=" in token:
            assignments[token.split("=", 1)[0]] = token.split("=", 1)[1]
        else:
            assert token in targets, f"`{command}`: no make target {token!r}"
    for name, value in assignments.items():
        assert name in variables, f"`{command}`: {name} is read by neither the Makefile nor the harness"
        if name == "ENV":
            assert value in ("dev", "prod"), command
        if name == "TARGET":
            assert value in ("aws", "emulator"), command


@pytest.mark.parametrize("command", _by_tool("mealprep-infra"))
def test_harness_commands_parse(command):
    _assignments, tokens = words(command)
    group: click.Command = cli
    args = tokens[1:]
    while isinstance(group, click.Group) and args and args[0] in group.commands:
        group = group.commands[args.pop(0)]
    assert not isinstance(group, click.Group), f"`{command}` names no command"
    try:
        group.make_context(group.name or "", list(args))
    except click.UsageError as exc:
        pytest.fail(f"`{command}`: {exc.format_message()}")


@pytest.mark.parametrize("command", _by_tool("aws"))
def test_aws_commands_match_the_api(command):
    _assignments, tokens = words(command)
    service_name, operation_kebab, *options = tokens[1:]
    # The AWS CLI names a few services apart from their API model: `s3api` is the S3 API.
    model = botocore.session.get_session().get_service_model(CLI_SERVICES.get(service_name, service_name))
    operations = {xform_name(name, "-"): name for name in model.operation_names}
    assert operation_kebab in operations, f"`{command}`: {service_name} has no {operation_kebab}"
    shape = model.operation_model(operations[operation_kebab]).input_shape
    members = {f"--{xform_name(name, '-')}": name for name in shape.members} if shape else {}
    given = {token for token in options if token.startswith("--")}
    unknown = {
        o
        for o in given
        if o not in members and o not in AWS_GLOBAL_OPTIONS and o.replace("--no-", "--", 1) not in members
    }
    assert not unknown, f"`{command}`: unknown options {sorted(unknown)}"
    required = {f"--{xform_name(name, '-')}" for name in (shape.required_members if shape else [])}
    assert required <= given, f"`{command}`: missing {sorted(required - given)}"


def test_extraction_catches_misspellings():
    """The checks above must be able to fail: a wrong target, option and operation each do."""
    assert words("ALLOW_DESTROY=1 make apply ENV=prod < x") == (
        {"ALLOW_DESTROY": "1"},
        ["make", "apply", "ENV=prod"],
    )
    with pytest.raises(AssertionError):
        test_make_commands_name_real_targets_and_variables("make aplly ENV=prod")
    with pytest.raises(pytest.fail.Exception):
        test_harness_commands_parse("mealprep-infra deploy-app prod --imgae x")
    with pytest.raises(AssertionError):
        test_aws_commands_match_the_api("aws backup start-restore-job --recovery-point-arn x")
