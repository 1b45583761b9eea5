output "s3_bucket_id" {
  description = "ID (the name) of the data-lake bucket."
  value       = aws_s3_bucket.this.id
}

output "s3_bucket_arn" {
  description = "ARN of the data-lake bucket."
  value       = aws_s3_bucket.this.arn
}

output "s3_bucket_name" {
  description = "Name of the data-lake bucket."
  value       = aws_s3_bucket.this.bucket
}

output "s3_bucket_incoming_prefix" {
  description = "Key prefix of order files; objects created under it start the pipeline."
  value       = var.incoming_prefix
}

output "s3_bucket_results_prefix" {
  description = "Key prefix of the distributed Map's ResultWriter output."
  value       = var.results_prefix
}

output "s3_bucket_prepared_prefix" {
  description = "Key prefix of the prepared copies of large order files (read by the distributed Map instead of the file when it had an oversized order)."
  value       = var.prepared_prefix
}

output "s3_bucket_force_destroy" {
  description = "Whether `terraform destroy` may delete the bucket with every object and version in it (throw-away workspaces only)."
  value       = aws_s3_bucket.this.force_destroy
}

output "access_log_bucket_name" {
  description = "Name of the bucket holding the data lake's S3 server access logs, or null when access logging is off."
  value       = one(aws_s3_bucket.access_logs[*].bucket)
}

output "s3_bucket_query_results_prefix" {
  description = "Key prefix of Athena's query results (expired after query_results_expiration_days)."
  value       = var.query_results_prefix
}
