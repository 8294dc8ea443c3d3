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


def test_two_paths_front_end_from_s3_and_api_through_a_vpc_origin_with_no_shared_secret(planned):
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
    assert origins["api-alb"]["custom_header"] == [], "no shared secret: the ALB has no public address"
    assert origins["api-alb"]["custom_origin_config"] == []
    assert len(origins["api-alb"]["vpc_origin_config"]) == 1
    vpc_origin = planned.plans["dev"].values()["aws_cloudfront_vpc_origin.api[0]"][
        "vpc_origin_endpoint_config"
    ][0]
    assert vpc_origin["arn"].endswith(":loadbalancer/app/mealprep-dev-api/0123456789abcdef")
    assert vpc_origin["origin_protocol_policy"] == "http-only"
    for scenario in planned.plans.values():
        for values in scenario.values().values():
            assert "X-Origin-Verify" not in str(values)


def test_without_vpc_origins_only_the_emulator_shape_is_left(planned):
    values = planned.plans["without-vpc-origin"].values()
    assert "aws_cloudfront_vpc_origin.api[0]" not in values
    assert "aws_cloudfront_function.spa_routing[0]" not in values
    api = {o["origin_id"]: o for o in values["aws_cloudfront_distribution.this"]["origin"]}["api-alb"]
    assert api["custom_origin_config"][0]["origin_protocol_policy"] == "http-only"


def test_spa_routing_is_a_function_on_the_front_end_only_so_api_errors_pass_through(planned):
    distribution = planned.plans["prod"].values()["aws_cloudfront_distribution.this"]
    assert distribution["custom_error_response"] == [], "an error response would apply to /api/* too"
    (association,) = distribution["default_cache_behavior"][0]["function_association"]
    assert association["event_type"] == "viewer-request"
    (api,) = distribution["ordered_cache_behavior"]
    assert api["function_association"] == []
    function = planned.plans["prod"].values()["aws_cloudfront_function.spa_routing[0]"]
    assert function["runtime"] == "cloudfront-js-2.0" and function["publish"] is True


def test_tls_and_viewer_settings(planned):
    distribution = planned.plans["prod"].values()["aws_cloudfront_distribution.this"]
    assert distribution["http_version"] == "http2and3" and distribution["is_ipv6_enabled"] is True
    assert distribution["price_class"] == "PriceClass_All"
    assert distribution["aliases"] == ["api.mealprep.com"]
    certificate = distribution["viewer_certificate"][0]
    assert (certificate["minimum_protocol_version"], certificate["ssl_support_method"]) == (
        "TLSv1.2_2021",
        "sni-only",
    )
    dev = planned.plans["dev"].values()["aws_cloudfront_distribution.this"]
    assert dev["viewer_certificate"][0]["cloudfront_default_certificate"] is True
    assert dev["logging_config"][0]["prefix"] == "cloudfront/"
    assert planned.plans["prod"].outputs["api_url"] == "https://api.mealprep.com/api"


def test_security_headers(planned):
    headers = planned.plans["dev"].values()["aws_cloudfront_response_headers_policy.security[0]"][
        "security_headers_config"
    ][0]
    assert headers["strict_transport_security"][0]["access_control_max_age_sec"] == 31536000
    assert headers["content_type_options"][0]["override"] is True
    assert headers["frame_options"][0]["frame_option"] == "DENY"
    assert headers["referrer_policy"][0]["referrer_policy"] == "strict-origin-when-cross-origin"
