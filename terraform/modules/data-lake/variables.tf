variable "bucket_name" {
  description = "Name of the data-lake bucket (from the root's local.names: it carries project, workspace, account id and Region, since bucket names are global)."
  type        = string

  validation {
    condition     = length(var.bucket_name) >= 3 && length(var.bucket_name) <= 63 && can(regex("^[a-z0-9][a-z0-9-]*[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit. Shorten the project or workspace name."
  }
}

variable "incoming_prefix" {
  description = "Key prefix of order files (generated and uploaded); only objects under it start the pipeline."
  type        = string
  default     = "incoming/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.incoming_prefix))
    error_message = "incoming_prefix must be a relative key prefix ending with a slash, e.g. incoming/."
  }
}

variable "results_prefix" {
  description = "Key prefix under which the distributed Map's ResultWriter writes what each order file became."
  type        = string
  default     = "results/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.results_prefix))
    error_message = "results_prefix must be a relative key prefix ending with a slash, e.g. results/."
  }
}

variable "prepared_prefix" {
  description = "Key prefix under which the order-file preparer writes each large file's prepared copy (its oversized orders replaced by their size); derived data that nothing starts on, expired after prepared_expiration_days."
  type        = string
  default     = "prepared/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.prepared_prefix))
    error_message = "prepared_prefix must be a relative key prefix ending with a slash, e.g. prepared/."
  }
}

variable "prepared_expiration_days" {
  description = "Days after which a prepared copy expires (the original stays under incoming_prefix and the preparer writes the copy again on a replay). At least 14: a Standard execution can be redriven within 14 days, and its distributed Map reads the copy again."
  type        = number
  default     = 14

  validation {
    condition     = var.prepared_expiration_days >= 14 && floor(var.prepared_expiration_days) == var.prepared_expiration_days
    error_message = "prepared_expiration_days must be a whole number of at least 14 (the redrive window of a Standard execution)."
  }
}

variable "query_results_prefix" {
  description = "Key prefix of Athena's query results (the analytics workgroup writes there); derived data, expired after query_results_expiration_days."
  type        = string
  default     = "athena-results/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.query_results_prefix))
    error_message = "query_results_prefix must be a relative key prefix ending with a slash, e.g. athena-results/."
  }
}

variable "query_results_expiration_days" {
  description = "Days after which Athena's query results expire (a query can be run again; the zone is the record)."
  type        = number
  default     = 30

  validation {
    condition     = var.query_results_expiration_days >= 1 && floor(var.query_results_expiration_days) == var.query_results_expiration_days
    error_message = "query_results_expiration_days must be a whole number of at least 1."
  }
}

variable "infrequent_access_after_days" {
  description = "Days after which objects under incoming_prefix and results_prefix move to STANDARD_IA (still readable by GetObject, so replays and ItemReader keep working). S3 requires at least 30."
  type        = number
  default     = 30

  validation {
    condition     = var.infrequent_access_after_days >= 30 && floor(var.infrequent_access_after_days) == var.infrequent_access_after_days
    error_message = "infrequent_access_after_days must be a whole number of at least 30 (S3's minimum for STANDARD_IA)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which a noncurrent object version (an overwritten or deleted order file) is deleted for good."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which S3 aborts an unfinished multipart upload and deletes its parts."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "abort_incomplete_multipart_upload_days must be a whole number of at least 1."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the bucket with all its objects and versions. Leave false outside throw-away workspaces: the data lake is the audit trail."
  type        = bool
  default     = false
}

variable "access_log_bucket_name" {
  description = "Name of a bucket this module creates for the data lake's S3 server access logs (SSE-S3, private, TLS only, logs expire after access_log_retention_days); null for no access logging. The root passes `<project>-<workspace>-access-logs-<account>-<region>` when data_lake_access_logging_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = var.access_log_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket_name))
    error_message = "access_log_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens) or null."
  }
}

variable "access_log_retention_days" {
  description = "Days after which an access-log object expires."
  type        = number
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 1 && floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "access_log_retention_days must be a whole number of at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default tags)."
  type        = map(string)
  default     = {}
}
