"""The gate's console table and its JUnit XML, SARIF and JSON reports in build/reports/."""

import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harness.scan.checkov import Finding
from harness.scan.gate import GateResult

SEVERITY_ORDER = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "UNRATED")
# Offline, checkov knows no severity for its built-in checks (they come from its platform).
UNRATED = "UNRATED"

JSON_REPORT = "scan.json"
JUNIT_REPORT = "scan.junit.xml"
SARIF_REPORT = "scan.sarif"


def severity(finding: Finding) -> str:
    return (finding.severity or UNRATED).upper()


def _rank(name: str) -> int:
    return SEVERITY_ORDER.index(name) if name in SEVERITY_ORDER else len(SEVERITY_ORDER)


def summary_table(result: GateResult, project_policies: frozenset[str] | set[str] = frozenset()) -> Table:
    """Every check that failed or was suppressed, and every project policy, with its counts."""
    counts: dict[tuple[str, str], dict[str, Any]] = {}

    def row(finding: Finding) -> dict[str, Any]:
        return counts.setdefault(
            (severity(finding), finding.check_id),
            {"name": finding.check_name, "passed": 0, "failed": 0, "suppressed": 0, "scans": set()},
        )

    for finding in result.failures:
        row(finding)["failed"] += 1
    for item in result.suppressed:
        row(item.finding)["suppressed"] += 1
    shown = {check for _, check in counts} | set(project_policies)
    for finding in result.findings:
        if finding.check_id in shown:
            entry = row(finding)
            entry["scans"].add(finding.source)
            entry["passed"] += finding.status == "passed"
    table = Table(title="Compliance gate: findings by severity and check")
    table.add_column("Severity", no_wrap=True)
    table.add_column("Check", no_wrap=True)
    table.add_column("Name", overflow="ellipsis", no_wrap=True, max_width=60)
    for column in ("Passed", "Failed", "Suppressed"):
        table.add_column(column, justify="right")
    table.add_column("Scans")
    for (level, check_id), entry in sorted(counts.items(), key=lambda item: (_rank(item[0][0]), item[0][1])):
        failed = f"[red]{entry['failed']}[/red]" if entry["failed"] else "0"
        table.add_row(
            level,
            check_id,
            entry["name"],
            str(entry["passed"]),
            failed,
            str(entry["suppressed"]),
            ", ".join(sorted(entry["scans"])),
        )
    return table


def print_result(
    console: Console, result: GateResult, project_policies: frozenset[str] | set[str] = frozenset()
) -> None:
    console.print(summary_table(result, project_policies))
    for finding in result.failures:
        where = f"{finding.file}:{finding.lines[0]}" if finding.file else "?"
        detail = f" ({'; '.join(finding.details)})" if finding.details else ""
        text = escape(f"{finding.check_id} {finding.resource} [{finding.source}] {where}{detail}")
        console.print(f"[red]FAILED[/red] {text}", highlight=False, soft_wrap=True)
    for problem in result.problems:
        console.print(f"[red]SUPPRESSION/POLICY[/red] {escape(problem)}", highlight=False, soft_wrap=True)
    for stale in result.stale:
        console.print(f"[yellow]STALE[/yellow] {escape(stale)}", highlight=False, soft_wrap=True)
    for budget in result.budgets:
        mark = (
            "[red]OVER BUDGET[/red]"
            if budget.over
            else "[yellow]BUDGET WARNING[/yellow]"
            if budget.warn
            else "budget"
        )
        console.print(f"{mark} {escape(budget.line)}", highlight=False, soft_wrap=True)
    passed = sum(1 for f in result.findings if f.status == "passed")
    verdict = "[green]gate passed[/green]" if result.passed else "[red]gate failed[/red]"
    console.print(
        f"{verdict}: {passed} passed, {len(result.failures)} failed, "
        f"{len(result.suppressed)} suppressed, {len(result.problems)} suppression or policy "
        f"problems, {len(result.stale)} stale suppressions",
        highlight=False,
    )


def json_report(result: GateResult) -> dict[str, Any]:
    return {
        "passed": result.passed,
        "summary": {
            "passed": sum(1 for f in result.findings if f.status == "passed"),
            "failed": len(result.failures),
            "suppressed": len(result.suppressed),
            "problems": len(result.problems),
            "stale": len(result.stale),
        },
        "failures": [asdict(f) for f in result.failures],
        "suppressed": [
            {**asdict(s.finding), "where": s.where, "reason": s.reason} for s in result.suppressed
        ],
        "problems": result.problems,
        "stale": result.stale,
        "budgets": [asdict(b) for b in result.budgets],
    }


def junit_report(result: GateResult) -> str:
    failed = {id(f) for f in result.failures}
    suppressed = {id(s.finding): s for s in result.suppressed}
    by_source: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.status == "passed" or id(finding) in failed or id(finding) in suppressed:
            by_source[finding.source].append(finding)
    suites = ElementTree.Element("testsuites", name="mealprep-infra scan")
    for source, findings in sorted(by_source.items()):
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=f"checkov {source}",
            tests=str(len(findings)),
            failures=str(sum(1 for f in findings if id(f) in failed)),
            skipped=str(sum(1 for f in findings if id(f) in suppressed)),
        )
        for finding in findings:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=finding.check_id,
                name=f"{finding.resource} ({finding.file}:{finding.lines[0]})",
            )
            if id(finding) in failed:
                failure = ElementTree.SubElement(
                    case, "failure", message=finding.check_name, type=severity(finding)
                )
                failure.text = "\n".join(finding.details) or finding.guideline
            elif id(finding) in suppressed:
                item = suppressed[id(finding)]
                ElementTree.SubElement(case, "skipped", message=f"suppressed at {item.where}: {item.reason}")
    gate = ElementTree.SubElement(
        suites,
        "testsuite",
        name="suppressions and policies",
        tests=str(len(result.problems) + len(result.stale) or 1),
        failures=str(len(result.problems) + len(result.stale)),
    )
    for index, text in enumerate(result.problems + result.stale):
        case = ElementTree.SubElement(gate, "testcase", classname="gate", name=f"problem {index + 1}")
        ElementTree.SubElement(case, "failure", message=text)
    if not result.problems and not result.stale:
        ElementTree.SubElement(
            gate, "testcase", classname="gate", name="suppressions are justified and current"
        )
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)


_SARIF_LEVEL = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note", "INFO": "note"}


def sarif_report(result: GateResult) -> dict[str, Any]:
    reported = [(f, None) for f in result.failures] + [(s.finding, s) for s in result.suppressed]
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for finding, item in reported:
        rules.setdefault(
            finding.check_id,
            {
                "id": finding.check_id,
                "name": finding.check_id,
                "shortDescription": {"text": finding.check_name},
                "helpUri": finding.guideline if finding.guideline.startswith("http") else None,
                "properties": {"severity": severity(finding)},
            },
        )
        entry: dict[str, Any] = {
            "ruleId": finding.check_id,
            "level": _SARIF_LEVEL.get(severity(finding), "error"),
            "message": {"text": f"{finding.check_name}: {finding.resource} [{finding.source}]"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.file or "."},
                        "region": {
                            "startLine": max(finding.lines[0], 1),
                            "endLine": max(finding.lines[1], 1),
                        },
                    }
                }
            ],
        }
        if item is not None:
            entry["suppressions"] = [
                {"kind": "inSource" if item.in_source else "external", "justification": item.reason}
            ]
        results.append(entry)
    for rule in rules.values():
        if rule["helpUri"] is None:
            del rule["helpUri"]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "checkov (mealprep-infra scan)", "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }


def write_reports(result: GateResult, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {
        JSON_REPORT: json.dumps(json_report(result), indent=2),
        JUNIT_REPORT: junit_report(result),
        SARIF_REPORT: json.dumps(sarif_report(result), indent=2),
    }
    paths = []
    for name, text in written.items():
        (folder / name).write_text(text)
        paths.append(folder / name)
    return paths
