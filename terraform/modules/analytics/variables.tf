variable "database_name" {
  description = "Glue Data Catalog database of the analytics zone (lowercase letters, digits and underscores: Athena quotes nothing else)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be 1-255 lowercase letters, digits or underscores."
  }
}

variable "workgroup_name" {
  description = "Athena workgroup that runs the reports."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,128}$", var.workgroup_name))
    error_message = "workgroup_name must be 1-128 letters, digits, '.', '_' or '-'."
  }
}

variable "data_lake_bucket_name" {
  description = "The data-lake bucket that holds the zone (under zone_prefix) and the query results (under query_results_prefix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.data_lake_bucket_name))
    error_message = "data_lake_bucket_name must be a valid S3 bucket name."
  }
}

variable "zone_prefix" {
  description = "Prefix of the analytics zone in the data lake (the pipeline writes <zone_prefix><table>/<partition>=YYYY-MM-DD/)."
  type        = string
  default     = "analytics/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*/$", var.zone_prefix))
    error_message = "zone_prefix must be one lowercase path segment ending in '/', e.g. analytics/."
  }
}

variable "query_results_prefix" {
  description = "Prefix of Athena's query results in the data lake (the data-lake module expires them)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*/$", var.query_results_prefix))
    error_message = "query_results_prefix must be one lowercase path segment ending in '/', e.g. athena-results/."
  }
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query of the workgroup that scans more than this many bytes (Athena's minimum is 10 MiB)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760 && floor(var.bytes_scanned_cutoff_per_query) == var.bytes_scanned_cutoff_per_query
    error_message = "bytes_scanned_cutoff_per_query must be a whole number of bytes, at least 10485760 (10 MiB)."
  }
}

variable "projection_start_date" {
  description = "First day (YYYY-MM-DD) partition projection knows of; days before it are never read."
  type        = string
  default     = "2024-01-01"

  validation {
    condition     = can(formatdate("YYYY-MM-DD", "${var.projection_start_date}T00:00:00Z"))
    error_message = "projection_start_date must be a date YYYY-MM-DD."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy the workgroup with its query history (true for short-lived workspaces only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the Glue database and the workgroup (the provider's default_tags apply to every resource)."
  type        = map(string)
  default     = {}
}
