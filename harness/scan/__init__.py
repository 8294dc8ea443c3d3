"""The compliance gate: checkov over the HCL and the env plans, the project's policies, and
suppressions that must carry a reason and still match something."""
