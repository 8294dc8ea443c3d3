from harness.unused import unused


def test_unused_variables_locals_and_data_sources_are_found_and_used_ones_are_not(tmp_path):
    (tmp_path / "variables.tf").write_text(
        'variable "used" {\n  type = string\n}\n\nvariable "spare" {\n  type = string\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'data "aws_partition" "current" {}\ndata "aws_region" "current" {}\n\n'
        "locals {\n  name      = var.used\n  partition = data.aws_partition.current.partition\n"
        "  # local.spare_local in a comment does not count\n  spare_local = 1\n}\n\n"
        'resource "aws_s3_bucket" "b" {\n  bucket = "${local.name}-${local.partition}" # var.spare\n}\n'
    )
    assert sorted(f.text for f in unused(tmp_path)) == [
        "data source aws_region.current is declared but never used",
        "local spare_local is declared but never used",
        "variable spare is declared but never used",
    ]
