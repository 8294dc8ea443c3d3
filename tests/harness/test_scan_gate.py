"""The gate's decisions on suppressions, stale entries and silent policies, and its reports."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from harness import paths
from harness.scan.checkov import NO_REASON, Finding, parse_report
from harness.scan.gate import evaluate, sources
from harness.scan.reports import json_report, junit_report, sarif_report
from harness.scan.suppressions import inline_skips, load_file

SOURCES = sources(("dev", "prod"))


def finding(
    check="CKV_AWS_1",
    status="failed",
    resource="module.a.aws_s3_bucket.this",
    file="modules/bucket/main.tf",
    lines=(9, 20),
    source="plan:dev",
    reason="",
) -> Finding:
    return Finding(
        source=source,
        check_id=check,
        check_name=f"name of {check}",
        status=status,
        resource=resource,
        file=file,
        lines=lines,
        reason=reason,
    )


def skips(tmp_path: Path, text: str):
    module = tmp_path / "modules" / "bucket"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(text)
    return inline_skips([tmp_path / "modules"], base=tmp_path)


def entries(tmp_path: Path, text: str):
    path = tmp_path / "suppressions.yaml"
    path.write_text(text)
    return load_file(path, SOURCES)


BUCKET = """resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_1:nothing consumes these events
  #checkov:skip=CKV_AWS_2
  bucket = "x"
}
"""


def test_inline_skips_are_read_with_their_block_and_reason(tmp_path):
    found = skips(tmp_path, BUCKET)
    assert [(s.check_id, s.line, s.block, s.reason) for s in found] == [
        ("CKV_AWS_1", 2, "aws_s3_bucket.this", "nothing consumes these events"),
        ("CKV_AWS_2", 3, "aws_s3_bucket.this", ""),
    ]


def test_a_suppression_without_a_reason_fails_the_gate(tmp_path):
    inline = skips(tmp_path, BUCKET)
    findings = [
        finding("CKV_AWS_1", "skipped", lines=(1, 5), reason="nothing consumes these events"),
        finding("CKV_AWS_2", "skipped", lines=(1, 5), reason=NO_REASON),
    ]
    result = evaluate(findings, inline, [], [], set())
    assert not result.passed
    assert (
        len(result.problems) == 1 and "CKV_AWS_2" in result.problems[0] and "no reason" in result.problems[0]
    )
    assert not result.failures and not result.stale


def test_an_inline_suppression_that_matches_nothing_is_stale(tmp_path):
    inline = skips(tmp_path, BUCKET.replace("CKV_AWS_2\n", "CKV_AWS_2:was needed once\n"))
    findings = [finding("CKV_AWS_1", "skipped", lines=(1, 5), reason="nothing consumes these events")]
    result = evaluate(findings, inline, [], [], set())
    assert result.stale == [
        "modules/bucket/main.tf:3: CKV_AWS_2 on aws_s3_bucket.this matches no finding "
        "any more; remove the suppression"
    ]
    assert not result.passed


def test_a_skip_in_another_block_does_not_match(tmp_path):
    inline = skips(tmp_path, BUCKET)
    elsewhere = finding("CKV_AWS_1", "skipped", lines=(30, 40), reason="r")
    assert any("CKV_AWS_1" in s for s in evaluate([elsewhere], inline, [], [], set()).stale)


FILE = """
- check: CKV_AWS_139
  resource: module.database.aws_rds_cluster.this
  scans: [plan:dev]
  reason: dev is torn down and rebuilt
- check: CKV_AWS_21
  resource: module.storage.module.replica.aws_s3_bucket.this
  scans: [plan:prod]
  reason: replica of a versioned bucket
"""


def test_a_file_entry_suppresses_its_resource_in_its_scans_only(tmp_path):
    found, problems = entries(tmp_path, FILE)
    assert problems == []
    dev = finding("CKV_AWS_139", resource="module.database.aws_rds_cluster.this", source="plan:dev")
    prod = finding("CKV_AWS_139", resource="module.database.aws_rds_cluster.this", source="plan:prod")
    indexed = finding(
        "CKV_AWS_21", resource="module.storage.module.replica[0].aws_s3_bucket.this", source="plan:prod"
    )
    result = evaluate([dev, prod, indexed], [], found, [], set())
    assert result.failures == [prod]
    assert [(s.finding, s.reason, s.in_source) for s in result.suppressed] == [
        (dev, "dev is torn down and rebuilt", False),
        (indexed, "replica of a versioned bucket", False),
    ]
    assert result.stale == []


def test_a_file_entry_that_matches_nothing_is_stale(tmp_path):
    found, _ = entries(tmp_path, FILE)
    result = evaluate([], [], found, [], set())
    assert len(result.stale) == 2 and "CKV_AWS_139" in result.stale[0]


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ("- check: CKV_AWS_1\n  resource: aws_s3_bucket.x\n  scans: [hcl]\n", "lacks reason"),
        ("- check: CKV_AWS_1\n  resource: aws_s3_bucket.x\n  scans: [hcl]\n  reason: ''\n", "lacks reason"),
        (
            "- check: CKV_AWS_1\n  resource: aws_s3_bucket.x\n  scans: [plan:staging]\n  reason: r\n",
            "unknown scans ['plan:staging']",
        ),
        ("check: CKV_AWS_1\n", "must be a list"),
    ],
)
def test_a_malformed_file_entry_fails_the_gate(tmp_path, entry, complaint):
    found, problems = entries(tmp_path, entry)
    assert found == [] and len(problems) == 1 and complaint in problems[0]
    assert not evaluate([], [], found, problems, set()).passed


def test_a_policy_without_any_result_fails_the_gate():
    result = evaluate([finding("CKV_MP_1", "passed")], [], [], [], {"CKV_MP_1", "CKV_MP_2"})
    assert result.problems == [
        "policy CKV_MP_2 produced no result in any scan: it failed to load "
        "(see checkov's log) or no longer matches any resource type"
    ]


def test_a_module_resource_reported_twice_counts_once():
    twice = [finding(lines=(9, 20)), finding(lines=(9, 20))]
    assert len(evaluate(twice, [], [], [], set()).failures) == 1


def test_parse_report_reads_statuses_reasons_and_sources():
    document = [
        {
            "results": {
                "failed_checks": [
                    {
                        "check_id": "CKV_AWS_18",
                        "check_name": "n",
                        "resource": "aws_s3_bucket.a",
                        "file_path": "/modules/bucket/main.tf",
                        "file_line_range": [9, 15],
                        "severity": None,
                        "file_abs_path": "/x/dev.json",
                    }
                ],
                "skipped_checks": [
                    {
                        "check_id": "CKV_AWS_144",
                        "check_name": "n",
                        "resource": "aws_s3_bucket.a",
                        "file_path": "modules/bucket/main.tf",
                        "file_line_range": [9, 15],
                        "check_result": {"result": "SKIPPED", "suppress_comment": "why"},
                    }
                ],
            }
        }
    ]
    found = parse_report(document, lambda record: "plan:dev", paths.REPO_ROOT)
    assert [(f.status, f.file, f.lines, f.reason, f.source) for f in found] == [
        ("failed", "modules/bucket/main.tf", (9, 15), "", "plan:dev"),
        ("skipped", "modules/bucket/main.tf", (9, 15), "why", "plan:dev"),
    ]


def test_reports_carry_failures_and_justified_suppressions(tmp_path):
    found, _ = entries(tmp_path, FILE)
    failed = finding("CKV_AWS_1", source="hcl")
    suppressed = finding("CKV_AWS_139", resource="module.database.aws_rds_cluster.this")
    passed = finding("CKV_AWS_3", status="passed")
    result = evaluate([failed, suppressed, passed], [], found[:1], [], set())

    sarif = sarif_report(result)
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in results] == ["CKV_AWS_1", "CKV_AWS_139"]
    assert "suppressions" not in results[0]
    assert results[1]["suppressions"] == [
        {"kind": "external", "justification": "dev is torn down and rebuilt"}
    ]
    assert (
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "modules/bucket/main.tf"
    )

    suites = ElementTree.fromstring(junit_report(result))
    cases = {case.get("classname"): case for case in suites.iter("testcase")}
    assert cases["CKV_AWS_1"].find("failure") is not None
    assert "dev is torn down" in cases["CKV_AWS_139"].find("skipped").get("message")
    assert cases["CKV_AWS_3"].find("failure") is None and cases["CKV_AWS_3"].find("skipped") is None

    document = json.loads(json.dumps(json_report(result)))
    assert document["passed"] is False
    assert document["summary"] == {"passed": 1, "failed": 1, "suppressed": 1, "problems": 0, "stale": 0}


def test_no_blanket_skip_lists_anywhere():
    """Suppressions live next to what they suppress, each with a reason; never in a command line."""
    places = [
        paths.REPO_ROOT / "Makefile",
        *sorted((paths.REPO_ROOT / "harness").rglob("*.py")),
        *sorted((paths.REPO_ROOT / ".github").rglob("*.y*ml")),
    ]
    for place in places:
        text = place.read_text()
        for flag in ("--skip-check", "--soft-fail", "--hard-fail-on", "--baseline"):
            assert flag not in text, f"{place.relative_to(paths.REPO_ROOT)} passes {flag} to checkov"


def _block_names(folder: Path) -> set[str]:
    pattern = re.compile(r'^(?:resource|data) "([a-z0-9_]+)" "([a-z0-9_]+)"', flags=re.M)
    return {".".join(m) for tf in folder.rglob("*.tf") for m in pattern.findall(tf.read_text())}


def test_no_test_fixture_shares_a_block_name_with_the_product():
    """checkov's plan enrichment maps plan resources to HCL by `type.name` across the root it is
    given. Run from the repo root (as a reviewer may), a fixture named like a module's resource
    would capture that resource and hide the module's own suppressions."""
    product = _block_names(paths.REPO_ROOT / "modules") | _block_names(paths.REPO_ROOT / "envs")
    assert _block_names(paths.REPO_ROOT / "tests") & product == set()
