"""Post-deploy verification: boto3 checks of live resources against what the env promised."""
