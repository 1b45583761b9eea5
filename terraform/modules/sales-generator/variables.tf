################################################################################
# Function
################################################################################

variable "function_name" {
  description = "Name of the sales-generator Lambda function (from the root's local.names). Its log group, role and scheduler role are named after it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,54}$", var.function_name))
    error_message = "function_name must be 1-54 characters of letters, digits, hyphens and underscores (room is left for the role-name suffixes within IAM's 64)."
  }
}

variable "package_path" {
  description = "Path of the deployment package built by `nx run sales-generator:package`, passed by the root as path.root + \"/../dist/lambda/sales-generator.zip\"."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must point at a .zip file (dist/lambda/sales-generator.zip)."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of one invocation in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "data_lake_bucket_name" {
  description = "Name of the data-lake bucket the generator writes order files to (DATA_LAKE_BUCKET)."
  type        = string
}

variable "data_lake_bucket_arn" {
  description = "ARN of the data-lake bucket; the function may only put objects under generated_prefix."
  type        = string
}

variable "generated_prefix" {
  description = "Key prefix the generator writes under (it names files incoming/generated/YYYY/MM/DD/<scheduled-time>.json); the only place its role may write."
  type        = string
  default     = "incoming/generated/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.generated_prefix))
    error_message = "generated_prefix must be a relative key prefix ending with a slash, e.g. incoming/generated/."
  }
}

variable "orders_per_file" {
  description = "Mock orders per generated file (ORDERS_PER_FILE), 1 to 10000."
  type        = number
  default     = 25

  validation {
    condition     = var.orders_per_file >= 1 && var.orders_per_file <= 10000 && floor(var.orders_per_file) == var.orders_per_file
    error_message = "orders_per_file must be a whole number between 1 and 10000 (the generator's environment refuses more)."
  }
}

variable "invalid_share" {
  description = "Share (0..1) of generated orders without contact info (INVALID_SHARE)."
  type        = number
  default     = 0.1

  validation {
    condition     = var.invalid_share >= 0 && var.invalid_share <= 1
    error_message = "invalid_share must be between 0 and 1."
  }
}

variable "high_value_threshold" {
  description = "High-value threshold in USD (HIGH_VALUE_THRESHOLD), so the generator can produce some orders above it."
  type        = number
  default     = 400
}

variable "log_level" {
  description = "Application log level (LOG_LEVEL and Lambda's application log level filter)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "service_name" {
  description = "Powertools service name (POWERTOOLS_SERVICE_NAME) used in logs and metrics."
  type        = string
  default     = "sales-generator"
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days (one of CloudWatch Logs' allowed values)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' allowed values (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

################################################################################
# Failure handling
################################################################################

variable "dead_letter_queue_arn" {
  description = "ARN of the technical dead-letter queue (SQS standard queue): on-failure destination of asynchronous invocations and the schedule's dead-letter queue."
  type        = string
}

variable "async_maximum_retry_attempts" {
  description = "How often Lambda retries a failed asynchronous invocation before sending it to the dead-letter queue."
  type        = number
  default     = 2

  validation {
    condition     = var.async_maximum_retry_attempts >= 0 && var.async_maximum_retry_attempts <= 2
    error_message = "async_maximum_retry_attempts must be between 0 and 2."
  }
}

variable "async_maximum_event_age_seconds" {
  description = "Oldest an asynchronous event may get (throttling included) before Lambda sends it to the dead-letter queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.async_maximum_event_age_seconds >= 60 && var.async_maximum_event_age_seconds <= 21600
    error_message = "async_maximum_event_age_seconds must be between 60 and 21600."
  }
}

################################################################################
# Schedule
################################################################################

variable "schedule_name" {
  description = "Name of the EventBridge Scheduler schedule (from the root's local.names)."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z_.-]{1,64}$", var.schedule_name))
    error_message = "schedule_name must be 1-64 characters of letters, digits, '.', '-' and '_'."
  }
}

variable "schedule_enabled" {
  description = "Kill switch: true sets the schedule ENABLED, false DISABLED (the function stays deployed)."
  type        = bool
  default     = true
}

variable "schedule_expression" {
  description = "When the generator runs: rate(...) or cron(...) as EventBridge Scheduler accepts them."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = can(regex("^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^ ()]+( [^ ()]+){5}\\))$", var.schedule_expression))
    error_message = "schedule_expression must be rate(<n> <unit>) or cron(<6 fields>)."
  }
}

variable "schedule_expression_timezone" {
  description = "Time zone in which cron expressions are evaluated."
  type        = string
  default     = "UTC"
}

variable "schedule_maximum_retry_attempts" {
  description = "How often Scheduler retries delivering an invocation to Lambda (throttled or failed Invoke calls) before it goes to the dead-letter queue."
  type        = number
  default     = 3

  validation {
    condition     = var.schedule_maximum_retry_attempts >= 0 && var.schedule_maximum_retry_attempts <= 185
    error_message = "schedule_maximum_retry_attempts must be between 0 and 185."
  }
}

variable "schedule_maximum_event_age_seconds" {
  description = "How long Scheduler keeps retrying one invocation. Kept short: a generated file named by a scheduled time long past is of no use."
  type        = number
  default     = 300

  validation {
    condition     = var.schedule_maximum_event_age_seconds >= 60 && var.schedule_maximum_event_age_seconds <= 86400
    error_message = "schedule_maximum_event_age_seconds must be between 60 and 86400."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer-managed KMS key (whose policy allows CloudWatch Logs) for the function's log group, or null for CloudWatch Logs' default encryption."
  type        = string
  default     = null
}

variable "role_permissions_boundary" {
  description = "ARN of the managed policy set as permissions boundary on both roles (the function's and the schedule's); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN or null."
  }
}

variable "role_path" {
  description = "Path of both roles (the function's and the schedule's), e.g. `/sales-pipeline/`; null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.role_path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.role_path))
    error_message = "role_path must start and end with / (at most 512 printable ASCII characters) or be null."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default tags)."
  type        = map(string)
  default     = {}
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the function's EMF metrics (POWERTOOLS_METRICS_NAMESPACE); the root passes `<project>-<workspace>`, which the dashboard reads."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 letters, digits or . - _ / # : and must not start with AWS/."
  }
}
