"""mealprep-infra harness: plan, gate, apply and verify the MealPrep stack."""

__version__ = "0.1.0"
