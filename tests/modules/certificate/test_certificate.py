from harness.plantest.config import module_resources, references


def test_dns_validated_with_records_in_the_zone(planned):
    values = planned.plans["with-alternatives"].values()
    certificate = values["aws_acm_certificate.this"]
    assert (certificate["domain_name"], certificate["validation_method"]) == ("app.mealprep.com", "DNS")
    assert set(certificate["subject_alternative_names"]) == {"app.mealprep.com", "www.mealprep.com"}
    resources = module_resources(planned.raw["minimal"], "s_minimal")
    assert "aws_route53_record.validation" in references(
        resources["aws_acm_certificate_validation.this"], "validation_record_fqdns"
    )
    assert "var.hosted_zone_id" in references(resources["aws_route53_record.validation"], "zone_id")
