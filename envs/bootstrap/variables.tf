variable "region" {
  description = "Region of the state bucket (the primary region)."
  type        = string
  default     = "us-west-2"
}
