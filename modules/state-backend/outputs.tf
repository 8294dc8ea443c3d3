output "bucket" {
  description = "State bucket name, for each env's backend.hcl."
  value       = module.bucket.id
}

output "kms_key_arn" {
  description = "Key that encrypts the state, for each env's backend.hcl (`kms_key_id`)."
  value       = module.key.key_arn
}
