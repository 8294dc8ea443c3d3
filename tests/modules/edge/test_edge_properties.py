from harness.plantest.config import module_resources

MANAGED = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesSQLiRuleSet",
]


def test_waf_runs_the_managed_groups_and_a_rate_limit_with_metrics_everywhere(planned):
    acl = planned.plans["prod"].values()["aws_wafv2_web_acl.this"]
    assert acl["scope"] == "CLOUDFRONT"
    rules = {r["name"]: r for r in acl["rule"]}
    assert set(rules) == {*MANAGED, "RateLimitPerIP"}
    for name in MANAGED:
        assert rules[name]["statement"][0]["managed_rule_group_statement"][0]["name"] == name
    rate = rules["RateLimitPerIP"]["statement"][0]["rate_based_statement"][0]
    assert (rate["limit"], rate["aggregate_key_type"]) == (1000, "IP")
    assert all(r["visibility_config"][0]["cloudwatch_metrics_enabled"] for r in acl["rule"])
    assert (
        planned.plans["prod"].values()["aws_cloudwatch_log_group.waf"]["name"] == "aws-waf-logs-mealprep-prod"
    )
    resources = module_resources(planned.raw["prod"], "s_prod")
    assert resources["aws_wafv2_web_acl.this"]["provider_config_key"] == "aws.us_east_1"
    assert resources["aws_cloudwatch_log_group.waf"]["provider_config_key"] == "aws.us_east_1"


def test_two_paths_front_end_from_s3_and_api_to_the_alb(planned):
    distribution = planned.plans["dev"].values()["aws_cloudfront_distribution.this"]
    default = distribution["default_cache_behavior"][0]
    assert default["target_origin_id"] == "frontend-s3"
    assert sorted(default["allowed_methods"]) == ["GET", "HEAD", "OPTIONS"]
    assert default["compress"] is True and default["viewer_protocol_policy"] == "redirect-to-https"
    (api,) = distribution["ordered_cache_behavior"]
    assert api["path_pattern"] == "/api/*" and api["target_origin_id"] == "api-alb"
    assert len(api["allowed_methods"]) == 7
    assert api["cache_policy_id"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    origins = {o["origin_id"]: o for o in distribution["origin"]}
    assert origins["frontend-s3"]["origin_path"] == "/frontend"
    assert origins["api-alb"]["custom_header"] == [{"name": "X-Origin-Verify", "value": "test-origin-secret"}]
    assert origins["api-alb"]["custom_origin_config"][0]["origin_protocol_policy"] == "http-only"
    prod = planned.plans["prod"].values()["aws_cloudfront_distribution.this"]
    prod_api = {o["origin_id"]: o for o in prod["origin"]}["api-alb"]
    assert prod_api["custom_origin_config"][0]["origin_protocol_policy"] == "https-only"
    assert prod_api["custom_origin_config"][0]["origin_ssl_protocols"] == ["TLSv1.2"]


def test_spa_routing_tls_and_viewer_settings(planned):
    distribution = planned.plans["prod"].values()["aws_cloudfront_distribution.this"]
    errors = {e["error_code"]: e for e in distribution["custom_error_response"]}
    assert set(errors) == {403, 404}
    assert all((e["response_code"], e["response_page_path"]) == (200, "/index.html") for e in errors.values())
    assert distribution["http_version"] == "http2and3" and distribution["is_ipv6_enabled"] is True
    assert distribution["price_class"] == "PriceClass_All"
    assert distribution["aliases"] == ["app.mealprep.com"]
    certificate = distribution["viewer_certificate"][0]
    assert (certificate["minimum_protocol_version"], certificate["ssl_support_method"]) == (
        "TLSv1.2_2021",
        "sni-only",
    )
    dev = planned.plans["dev"].values()["aws_cloudfront_distribution.this"]
    assert dev["viewer_certificate"][0]["cloudfront_default_certificate"] is True
    assert dev["logging_config"][0]["prefix"] == "cloudfront/"


def test_security_headers(planned):
    headers = planned.plans["dev"].values()["aws_cloudfront_response_headers_policy.security[0]"][
        "security_headers_config"
    ][0]
    assert headers["strict_transport_security"][0]["access_control_max_age_sec"] == 31536000
    assert headers["content_type_options"][0]["override"] is True
    assert headers["frame_options"][0]["frame_option"] == "DENY"
    assert headers["referrer_policy"][0]["referrer_policy"] == "strict-origin-when-cross-origin"
