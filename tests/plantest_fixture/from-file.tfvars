name           = "emails"
retention_days = 1
tags = {
  Project     = "MealPrep"
  Environment = "dev"
}
