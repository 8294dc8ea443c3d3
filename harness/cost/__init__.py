"""Offline monthly cost estimates from an env's plan: a checked-in price catalog (cost/), the
env's usage assumptions (envs/<env>/usage.yaml) and one pricing rule per billable type."""
