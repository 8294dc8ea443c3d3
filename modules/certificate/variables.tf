variable "domain_name" {
  description = "Main name on the certificate, e.g. `api.mealprep.com`."
  type        = string

  validation {
    condition     = can(regex("^(\\*\\.)?([a-z0-9-]+\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name such as api.mealprep.com."
  }
}

variable "subject_alternative_names" {
  description = "Further names on the certificate."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "hosted_zone_id" {
  description = "Route 53 zone that holds the names; the DNS validation records go there."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.hosted_zone_id))
    error_message = "hosted_zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "tags" {
  description = "Tags for the certificate."
  type        = map(string)
  default     = {}
  nullable    = false
}
