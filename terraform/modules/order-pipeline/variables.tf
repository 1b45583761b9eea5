################################################################################
# Names (computed once by the root module's names.tf; this module never builds names)
################################################################################

variable "state_machine_name" {
  description = "Name of the order-pipeline Step Functions state machine (Standard parent); its IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.state_machine_name))
    error_message = "state_machine_name must be 1-64 characters of letters, digits, '-' or '_' (it also names the IAM role)."
  }
}

variable "validator_function_name" {
  description = "Name of the order-validator Lambda function; its IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.validator_function_name))
    error_message = "validator_function_name must be 1-64 characters of letters, digits, '-' or '_'."
  }
}

variable "preparer_function_name" {
  description = "Name of the order-file-preparer Lambda function (the PrepareOrderFile Task); its IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.preparer_function_name))
    error_message = "preparer_function_name must be 1-64 characters of letters, digits, '-' or '_' (it also names the IAM role)."
  }
}

variable "zone_writer_function_name" {
  description = "Name of the zone-writer Lambda function (the order-batch states' WriteZone Task); its IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.zone_writer_function_name))
    error_message = "zone_writer_function_name must be 1-64 characters of letters, digits, '-' or '_' (it also names the IAM role)."
  }
}

variable "orders_table_name" {
  description = "Name of the DynamoDB table that stores valid orders (partition key order_id)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.orders_table_name))
    error_message = "orders_table_name must be 3-255 characters of letters, digits, '.', '-' or '_'."
  }
}

variable "rejected_orders_queue_name" {
  description = "Name of the SQS queue that receives business rejections (invalid orders, conflicts, refused items, rejected files)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.rejected_orders_queue_name))
    error_message = "rejected_orders_queue_name must be 1-80 characters of letters, digits, '-' or '_' (standard queue)."
  }
}

variable "dead_letter_queue_name" {
  description = "Name of the SQS dead-letter queue for technical failures (orders whose retries ran out, rule-target failures, failed executions)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.dead_letter_queue_name))
    error_message = "dead_letter_queue_name must be 1-80 characters of letters, digits, '-' or '_' (standard queue)."
  }
}

variable "object_created_rule_name" {
  description = "Name of the EventBridge rule that starts the state machine for every order file of more than small_file_max_bytes created under incoming_prefix; the rule target's IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,64}$", var.object_created_rule_name))
    error_message = "object_created_rule_name must be 1-64 characters of letters, digits, '.', '-' or '_'."
  }
}

variable "small_file_state_machine_name" {
  description = "Name of the Express state machine that processes order files of at most small_file_max_bytes (and of its role and log group)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.small_file_state_machine_name))
    error_message = "small_file_state_machine_name must be 1-80 characters of letters, digits, '-' or '_'."
  }
}

variable "small_file_rule_name" {
  description = "Name of the EventBridge rule that starts the Express state machine for every order file of at most small_file_max_bytes created under incoming_prefix; the rule target's IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,64}$", var.small_file_rule_name))
    error_message = "small_file_rule_name must be 1-64 characters of letters, digits, '.', '-' or '_'."
  }
}

variable "execution_failed_rule_name" {
  description = "Name of the EventBridge rule that sends the state machine's FAILED, TIMED_OUT and ABORTED executions to the dead-letter queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,64}$", var.execution_failed_rule_name))
    error_message = "execution_failed_rule_name must be 1-64 characters of letters, digits, '.', '-' or '_'."
  }
}

################################################################################
# Data lake and alerts (owned by other modules)
################################################################################

variable "data_lake_bucket_name" {
  description = "Name of the S3 data-lake bucket: order files are read from incoming_prefix, ResultWriter writes under results_prefix. The bucket must send its events to EventBridge."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.data_lake_bucket_name))
    error_message = "data_lake_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, '.' or '-')."
  }
}


variable "incoming_prefix" {
  description = "S3 key prefix of the order files that start the pipeline."
  type        = string
  default     = "incoming/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.incoming_prefix))
    error_message = "incoming_prefix must be a non-empty key prefix ending with '/' and without '$', '{' or spaces."
  }
}

variable "results_prefix" {
  description = "S3 key prefix under which the distributed Map's ResultWriter writes each file's results (must not overlap incoming_prefix, or results would start the pipeline)."
  type        = string
  default     = "results/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.results_prefix))
    error_message = "results_prefix must be a non-empty key prefix ending with '/' and without '$', '{' or spaces."
  }
}

variable "prepared_prefix" {
  description = "S3 key prefix under which the order-file preparer writes a large file's prepared copy, which the distributed Map then reads (must not overlap incoming_prefix, or a copy would start the pipeline)."
  type        = string
  default     = "prepared/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.prepared_prefix))
    error_message = "prepared_prefix must be a non-empty key prefix ending with '/' and without '$', '{' or spaces."
  }
}

variable "alerts_topic_arn" {
  description = "ARN of the SNS topic that receives the High Value Sale Alerts."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alerts_topic_arn))
    error_message = "alerts_topic_arn must be an SNS topic ARN."
  }
}


################################################################################
# Validator Lambda
################################################################################

variable "validator_package_path" {
  description = "Path of the order-validator deployment package written by `nx run order-validator:package` (dist/lambda/order-validator.zip), relative to the root module or absolute."
  type        = string

  validation {
    condition     = endswith(var.validator_package_path, ".zip")
    error_message = "validator_package_path must point at a .zip file."
  }
}

variable "high_value_threshold" {
  description = "Price in USD above which a stored order raises a High Value Sale Alert (validator env HIGH_VALUE_THRESHOLD)."
  type        = number
  default     = 400

  validation {
    condition     = var.high_value_threshold > 0
    error_message = "high_value_threshold must be greater than 0."
  }
}

variable "log_level" {
  description = "Application log level of the module's three functions: the validator, the order-file preparer and the zone writer (env LOG_LEVEL, Powertools logger)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "validator_memory_size" {
  description = "Memory of the validator Lambda in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.validator_memory_size >= 128 && var.validator_memory_size <= 10240
    error_message = "validator_memory_size must be between 128 and 10240 MB."
  }
}

variable "validator_timeout" {
  description = "Timeout of one validator invocation (one batch) in seconds. The ASL's ValidateBatch Task times out after 20 seconds (its retries must fit in an Express child's 5 minutes), so at most 15."
  type        = number
  default     = 10

  validation {
    condition     = var.validator_timeout >= 1 && var.validator_timeout <= 15
    error_message = "validator_timeout must be between 1 and 15 seconds (the ValidateBatch Task times out after 20)."
  }
}

variable "validator_reserved_concurrent_executions" {
  description = "Reserved concurrency of the validator Lambda (caps its share of the account's concurrency and the load on DynamoDB); -1 for no reservation. Keep it at or above max_concurrency or batches are throttled (they retry, then go to the dead-letter queue)."
  type        = number
  default     = 10

  validation {
    condition     = var.validator_reserved_concurrent_executions == -1 || var.validator_reserved_concurrent_executions >= 1
    error_message = "validator_reserved_concurrent_executions must be -1 (unreserved) or at least 1."
  }
}

################################################################################
# Order-file preparer Lambda
################################################################################

variable "preparer_package_path" {
  description = "Path of the order-file-preparer deployment package written by `nx run order-file-preparer:package` (dist/lambda/order-file-preparer.zip), relative to the root module or absolute."
  type        = string

  validation {
    condition     = endswith(var.preparer_package_path, ".zip")
    error_message = "preparer_package_path must point at a .zip file."
  }
}

variable "preparer_memory_size" {
  description = "Memory of the order-file preparer in MB. It streams the file, holding one order at a time (and two 5 MiB upload parts), so memory bounds the largest single order it can measure, not the file."
  type        = number
  default     = 512

  validation {
    condition     = var.preparer_memory_size >= 128 && var.preparer_memory_size <= 10240
    error_message = "preparer_memory_size must be between 128 and 10240 MB."
  }
}

variable "preparer_timeout" {
  description = "Timeout of one preparer invocation in seconds: it reads the file twice and writes it once when it holds an oversized order. The PrepareOrderFile Task times out after 310 seconds, so at most 300."
  type        = number
  default     = 300

  validation {
    condition     = var.preparer_timeout >= 1 && var.preparer_timeout <= 300 && floor(var.preparer_timeout) == var.preparer_timeout
    error_message = "preparer_timeout must be a whole number of seconds between 1 and 300 (the PrepareOrderFile Task times out after 310)."
  }
}

################################################################################
# Zone-writer Lambda
################################################################################

variable "zone_writer_package_path" {
  description = "Path of the zone-writer deployment package written by `nx run zone-writer:package` (dist/lambda/zone-writer.zip), relative to the root module or absolute."
  type        = string

  validation {
    condition     = endswith(var.zone_writer_package_path, ".zip")
    error_message = "zone_writer_package_path must point at a .zip file."
  }
}

variable "analytics_prefix" {
  description = "S3 key prefix of the analytics zone in the data lake: the zone writer may put objects under it only (must not overlap incoming_prefix)."
  type        = string
  default     = "analytics/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.analytics_prefix))
    error_message = "analytics_prefix must be a non-empty key prefix ending with '/' and without '$', '{' or spaces."
  }
}

variable "zone_writer_memory_size" {
  description = "Memory of the zone writer in MB. It holds one batch's zone rows (at most a few hundred orders)."
  type        = number
  default     = 128

  validation {
    condition     = var.zone_writer_memory_size >= 128 && var.zone_writer_memory_size <= 10240
    error_message = "zone_writer_memory_size must be between 128 and 10240 MB."
  }
}

variable "zone_writer_timeout" {
  description = "Timeout of one zone-writer invocation in seconds: one BatchGetItem per 100 orders and a few PUTs. The WriteZone Task times out after 3 seconds (an Express child's worst case must fit its 5 minutes), so at most 2."
  type        = number
  default     = 2

  validation {
    condition     = var.zone_writer_timeout >= 1 && var.zone_writer_timeout <= 2 && floor(var.zone_writer_timeout) == var.zone_writer_timeout
    error_message = "zone_writer_timeout must be a whole number of seconds between 1 and 2 (the WriteZone Task times out after 3)."
  }
}

################################################################################
# State machine
################################################################################

variable "max_items_per_batch" {
  description = "ItemBatcher MaxItemsPerBatch: at most this many orders per Express child (one validator invocation)."
  type        = number
  default     = 160

  validation {
    condition     = var.max_items_per_batch >= 1 && var.max_items_per_batch <= 160 && floor(var.max_items_per_batch) == var.max_items_per_batch
    error_message = "max_items_per_batch must be an integer between 1 and 160 (the validator's measured worst case: 160 verdicts stay under 75% of the 256 KiB state payload limit; 160 are four waves of the child's inline Map, which its 5 minutes allow)."
  }
}

variable "max_input_bytes_per_batch" {
  description = "ItemBatcher MaxInputBytesPerBatch: byte cap of one child's input. The validator's verdicts carry each order once, as its DynamoDB item (up to about twice its JSON; the S3 key once per batch), so keep it at 48 KiB or less to stay under the 256 KiB state payload limit (and a dead-lettered batch under SQS's 256 KiB message limit)."
  type        = number
  default     = 49152

  validation {
    condition     = var.max_input_bytes_per_batch >= 1024 && var.max_input_bytes_per_batch <= 49152 && floor(var.max_input_bytes_per_batch) == var.max_input_bytes_per_batch
    error_message = "max_input_bytes_per_batch must be an integer between 1024 and 49152 (48 KiB: a batch's verdicts of orders made of small values reach 75% of the 256 KiB state payload limit)."
  }
}

variable "max_concurrency" {
  description = "Distributed Map MaxConcurrency: at most this many Express children at once per file."
  type        = number
  default     = 10

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency must be an integer between 1 and 10000."
  }
}

variable "small_file_max_bytes" {
  description = "Order files of at most this many bytes (the event's detail.object.size) go to the Express entry, larger ones to the Standard machine. The Express entry holds the body in its state, JSON-escaped (up to 6 bytes a byte for control characters), under the 256 KiB payload limit: at most 40 KiB."
  type        = number
  default     = 32768

  validation {
    condition     = var.small_file_max_bytes >= 0 && var.small_file_max_bytes <= 40960 && floor(var.small_file_max_bytes) == var.small_file_max_bytes
    error_message = "small_file_max_bytes must be an integer between 0 and 40960."
  }
}

variable "state_machine_log_level" {
  description = "Step Functions log level (execution data is never included: orders carry personal data)."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.state_machine_log_level)
    error_message = "state_machine_log_level must be one of ALL, ERROR, FATAL."
  }
}

variable "object_created_rule_retry_policy" {
  description = "Retry policy of the object-created rule's state-machine target; events that still fail go to the dead-letter queue."
  type = object({
    maximum_event_age_in_seconds = optional(number, 3600)
    maximum_retry_attempts       = optional(number, 10)
  })
  default = {}

  validation {
    condition = (
      var.object_created_rule_retry_policy.maximum_event_age_in_seconds >= 60 &&
      var.object_created_rule_retry_policy.maximum_event_age_in_seconds <= 86400 &&
      var.object_created_rule_retry_policy.maximum_retry_attempts >= 0 &&
      var.object_created_rule_retry_policy.maximum_retry_attempts <= 185
    )
    error_message = "maximum_event_age_in_seconds must be 60-86400 and maximum_retry_attempts 0-185."
  }
}

################################################################################
# Storage, logs, tags
################################################################################

variable "table_deletion_protection_enabled" {
  description = "Whether the orders table has deletion protection (true in prod)."
  type        = bool
  default     = true
}


variable "log_retention_in_days" {
  description = "Retention of the validator's, the preparer's and the state machine's CloudWatch log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer-managed KMS key (whose policy allows CloudWatch Logs) for the log groups, or null for CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN or null."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module (the provider's default tags apply as well)."
  type        = map(string)
  default     = {}
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the functions' EMF metrics (POWERTOOLS_METRICS_NAMESPACE); the root passes `<project>-<workspace>`, which the dashboard reads."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 letters, digits or . - _ / # : and must not start with AWS/."
  }
}

variable "role_permissions_boundary" {
  description = "ARN of the managed policy set as permissions boundary on every role of the module (the functions', the state machines' and the rules'); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN or null."
  }
}

variable "role_path" {
  description = "Path of every role of the module, e.g. `/sales-pipeline/`; null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.role_path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.role_path))
    error_message = "role_path must start and end with / (at most 512 printable ASCII characters) or be null."
  }
}

variable "undelivered_events_queue_name" {
  description = "Name of the queue that receives the execution-failed rule's events EventBridge could not deliver to the dead-letter queue (from the root's local.names)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.undelivered_events_queue_name))
    error_message = "undelivered_events_queue_name must be an SQS queue name (1-80 letters, digits, hyphens, underscores)."
  }
}

variable "execution_failed_rule_retry_policy" {
  description = "Retry policy of the execution-failed rule's dead-letter-queue target; events that still fail go to the undelivered-events queue."
  type = object({
    maximum_event_age_in_seconds = optional(number, 86400)
    maximum_retry_attempts       = optional(number, 185)
  })
  default = {}

  validation {
    condition = (
      var.execution_failed_rule_retry_policy.maximum_event_age_in_seconds >= 60 &&
      var.execution_failed_rule_retry_policy.maximum_event_age_in_seconds <= 86400 &&
      var.execution_failed_rule_retry_policy.maximum_retry_attempts >= 0 &&
      var.execution_failed_rule_retry_policy.maximum_retry_attempts <= 185
    )
    error_message = "maximum_event_age_in_seconds must be 60-86400 and maximum_retry_attempts 0-185."
  }
}
