from harness.targets import emulator_target, resolve


def test_one_retry_layer_botocores_adaptive_mode(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    for target in (emulator_target("http://127.0.0.1:1"), resolve("aws")):
        retries = target.client("s3").meta.config.retries
        assert retries == {"total_max_attempts": 9, "mode": "adaptive"}, target.name  # 1 + 8 retries


def test_an_unknown_aws_profile_does_not_reach_the_emulators_clients(monkeypatch, emulator):
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "no-such-profile")
    buckets = emulator.client("s3").list_buckets()["Buckets"]
    assert isinstance(buckets, list)
    assert "AWS_PROFILE" not in emulator.environ(), "terraform is not pointed at it either"
