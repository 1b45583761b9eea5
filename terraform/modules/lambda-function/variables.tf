################################################################################
# Function
################################################################################

variable "function_name" {
  description = "Name of the Lambda function (from the root's local.names); its log group (/aws/lambda/<name>) and execution role are named after it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,54}$", var.function_name))
    error_message = "function_name must be 1-54 characters of letters, digits, hyphens and underscores (room is left for role-name suffixes within IAM's 64)."
  }
}

variable "description" {
  description = "Description of the function: what it does."
  type        = string
}

variable "package_path" {
  description = "Path of the deployment package an Nx `package` target writes (dist/lambda/<app>.zip)."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must point at a .zip file (dist/lambda/<app>.zip)."
  }
}

variable "handler" {
  description = "Handler of the bundle in the zip (<file>.<export>)."
  type        = string
  default     = "index.handler"

  validation {
    condition     = can(regex("^[A-Za-z0-9_/-]+\\.[A-Za-z_$][A-Za-z0-9_$]*$", var.handler))
    error_message = "handler must be <file without .js>.<exported function>, e.g. index.handler."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout of one invocation in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of the function; -1 for no reservation."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions == -1 || (var.reserved_concurrent_executions >= 1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions)
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number of at least 1."
  }
}

variable "environment_variables" {
  description = "Environment of the function (name -> value)."
  type        = map(string)
  default     = {}
}

################################################################################
# Logs
################################################################################

variable "log_level" {
  description = "Application log level (Lambda's application log level filter; the caller passes the same value as LOG_LEVEL)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "system_log_level" {
  description = "Lambda's system log level: INFO keeps the START, END and REPORT lines (duration, memory, init time) of every invocation."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be one of DEBUG, INFO, WARN."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group, in days (one of CloudWatch Logs' allowed values)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of CloudWatch Logs' allowed values (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer-managed KMS key (whose policy allows CloudWatch Logs) for the log group, or null for CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN or null."
  }
}

################################################################################
# Permissions and failure handling
################################################################################

variable "policy_statements" {
  description = "What the function may do besides writing its logs and traces: statement id -> actions and resources (no wildcard actions; resources scoped)."
  type = map(object({
    actions   = list(string)
    resources = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for statement in values(var.policy_statements) : alltrue([for action in statement.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", action))])])
    error_message = "Every action of policy_statements must be a single service:Action, without wildcards."
  }

  validation {
    condition     = alltrue([for statement in values(var.policy_statements) : length(statement.resources) > 0 && !contains(statement.resources, "*")])
    error_message = "Every statement of policy_statements must name its resources; \"*\" is not scoped."
  }
}

variable "role_permissions_boundary" {
  description = "ARN of the managed policy set as permissions boundary on the function's execution role; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN or null."
  }
}

variable "role_path" {
  description = "Path of the function's execution role, e.g. `/sales-pipeline/`; null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.role_path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.role_path))
    error_message = "role_path must start and end with / (at most 512 printable ASCII characters) or be null."
  }
}

variable "role_policy_name" {
  description = "Name of the role's inline policy; null for <function_name>-permissions. (Renaming an inline policy replaces it.)"
  type        = string
  default     = null
}

variable "on_failure_destination" {
  description = "The SQS queue that receives asynchronous invocations whose retries ran out (on-failure destination), as { queue_arn = ... }; null for a function only invoked synchronously. (An object, so that whether there is one is known at plan time even while the ARN is not.)"
  type = object({
    queue_arn = string
  })
  default = null

  validation {
    condition     = var.on_failure_destination == null || can(regex("^arn:[a-z-]+:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.on_failure_destination.queue_arn))
    error_message = "on_failure_destination.queue_arn must be an SQS queue ARN."
  }
}

variable "async_maximum_retry_attempts" {
  description = "How often Lambda retries a failed asynchronous invocation before sending it to the on-failure destination."
  type        = number
  default     = 2

  validation {
    condition     = var.async_maximum_retry_attempts >= 0 && var.async_maximum_retry_attempts <= 2
    error_message = "async_maximum_retry_attempts must be between 0 and 2."
  }
}

variable "async_maximum_event_age_seconds" {
  description = "Oldest an asynchronous event may get (throttling included) before Lambda sends it to the on-failure destination."
  type        = number
  default     = 3600

  validation {
    condition     = var.async_maximum_event_age_seconds >= 60 && var.async_maximum_event_age_seconds <= 21600
    error_message = "async_maximum_event_age_seconds must be between 60 and 21600."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default tags)."
  type        = map(string)
  default     = {}
}
