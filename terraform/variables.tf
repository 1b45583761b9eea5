################################################################################
# Naming and placement
################################################################################

variable "project" {
  description = "Project name: the first part of every resource name (`<project>-<workspace>-...`). Lowercase letters, digits and hyphens; at most 16 characters so that the data-lake bucket name (`<project>-<workspace>-data-lake-<account id>-<region>`) stays within S3's 63."
  type        = string
  default     = "sales-pipeline"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}[a-z0-9]$", var.project))
    error_message = "project must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "workspace" {
  description = "The Terraform workspace this tfvars file is for (`workspaces/<workspace>.tfvars` names its own). A plan in any other workspace, or in Terraform's `default` workspace, fails before anything changes."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,9}$", var.workspace)) && var.workspace != "default"
    error_message = "workspace must be the name of a deployment workspace: 1-10 lowercase letters, digits and hyphens, starting with a letter, and not Terraform's \"default\" workspace (got \"${var.workspace}\")."
  }

  validation {
    condition     = var.workspace == terraform.workspace
    error_message = terraform.workspace == "default" ? "Terraform's default workspace is selected, which deploys nothing: run `terraform workspace select ${var.workspace}` (or `terraform workspace select -or-create ${var.workspace}`) before planning with workspaces/${var.workspace}.tfvars." : "The selected workspace is \"${terraform.workspace}\" but these settings are for workspace \"${var.workspace}\": pass -var-file=workspaces/${terraform.workspace}.tfvars, or run `terraform workspace select ${var.workspace}`."
  }
}

variable "aws_account_id" {
  description = "The AWS account this workspace deploys to (12 digits). The provider refuses credentials of any other account (allowed_account_ids), and the plan fails naming both accounts."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID (got \"${var.aws_account_id}\")."
  }
}

variable "aws_region" {
  description = "AWS Region to deploy into, e.g. `us-east-1`."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a Region code such as us-east-1 or eu-central-1."
  }
}

################################################################################
# Sales generator
################################################################################

variable "generator_enabled" {
  description = "Kill switch of the mock-sales generator: when false the Scheduler schedule is DISABLED (the function stays deployed). Off in prod by default (workspaces/prod.tfvars)."
  type        = bool
  default     = true
}

variable "generator_schedule_expression" {
  description = "EventBridge Scheduler expression for the generator: `rate(<n> minute|minutes|hour|hours|day|days)` or `cron(<6 fields>)`, evaluated in UTC."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = can(regex("^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^ ()]+( [^ ()]+){5}\\))$", var.generator_schedule_expression))
    error_message = "generator_schedule_expression must be rate(<n> <unit>) with unit minute(s), hour(s) or day(s), or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)."
  }
}

variable "generator_orders_per_file" {
  description = "Number of mock orders the generator writes per order file (ORDERS_PER_FILE)."
  type        = number
  default     = 25

  validation {
    condition     = var.generator_orders_per_file >= 1 && var.generator_orders_per_file <= 10000 && floor(var.generator_orders_per_file) == var.generator_orders_per_file
    error_message = "generator_orders_per_file must be a whole number between 1 and 10000."
  }
}

variable "generator_invalid_share" {
  description = "Share (0..1) of generated orders written without contact info, so that the rejection path is exercised (INVALID_SHARE)."
  type        = number
  default     = 0.1

  validation {
    condition     = var.generator_invalid_share >= 0 && var.generator_invalid_share <= 1
    error_message = "generator_invalid_share must be between 0 and 1."
  }
}

################################################################################
# Order pipeline
################################################################################

variable "high_value_threshold" {
  description = "An order whose price (USD) is above this value raises a High Value Sale Alert (HIGH_VALUE_THRESHOLD)."
  type        = number
  default     = 400

  validation {
    condition     = var.high_value_threshold > 0
    error_message = "high_value_threshold must be greater than 0."
  }
}

variable "max_items_per_batch" {
  description = "ItemBatcher MaxItemsPerBatch of the distributed Map: most orders handed to one Express child (one validator invocation)."
  type        = number
  default     = 160

  validation {
    condition     = var.max_items_per_batch >= 1 && var.max_items_per_batch <= 160 && floor(var.max_items_per_batch) == var.max_items_per_batch
    error_message = "max_items_per_batch must be a whole number between 1 and 160 (the validator's measured worst case: 160 verdicts stay under 75% of the 256 KiB state payload limit; 160 are four waves of the child's inline Map, which its 5 minutes allow)."
  }
}

variable "max_input_bytes_per_batch" {
  description = "ItemBatcher MaxInputBytesPerBatch of the distributed Map, in bytes. A batch's verdicts are a few times larger than its orders, and every state payload is capped at 256 KiB, so keep this well below it (default 48 KiB)."
  type        = number
  default     = 49152

  validation {
    condition     = var.max_input_bytes_per_batch >= 1024 && var.max_input_bytes_per_batch <= 49152 && floor(var.max_input_bytes_per_batch) == var.max_input_bytes_per_batch
    error_message = "max_input_bytes_per_batch must be a whole number of bytes between 1024 and 49152 (48 KiB: a batch's verdicts of orders made of small values reach 75% of the 256 KiB state payload limit)."
  }
}

variable "max_concurrency" {
  description = "MaxConcurrency of the distributed Map: most Express child workflows (and so validator invocations) running at once for one file. Must not exceed validator_reserved_concurrency."
  type        = number
  default     = 10

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency must be a whole number between 1 and 10000."
  }
}

variable "validator_reserved_concurrency" {
  description = "Reserved concurrency of the order-validator Lambda: caps its share of the account's concurrency (and protects the rest of the account). At least max_concurrency, or -1 for no reservation (accounts whose concurrency quota leaves no room to reserve)."
  type        = number
  default     = 10

  validation {
    condition     = var.validator_reserved_concurrency == -1 || (var.validator_reserved_concurrency >= var.max_concurrency && floor(var.validator_reserved_concurrency) == var.validator_reserved_concurrency)
    error_message = "validator_reserved_concurrency must be -1 (no reservation) or a whole number of at least max_concurrency (each running child invokes the validator once)."
  }
}

variable "data_lake_force_destroy" {
  description = "Let `terraform destroy` delete the data-lake bucket together with every object and version in it. Only for throw-away workspaces: the data lake is the audit trail."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Deletion protection of the orders DynamoDB table. True in prod (workspaces/prod.tfvars)."
  type        = bool
  default     = false
}

################################################################################
# Alerts and operations
################################################################################

variable "alert_emails" {
  description = "E-mail addresses subscribed to the High Value Sale Alert topic. Each gets a confirmation mail; a subscription stays pending until confirmed, so keep this empty in dev."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Every entry of alert_emails must be an e-mail address (name@domain.tld)."
  }
}

variable "operations_emails" {
  description = "E-mail addresses subscribed to the operations topic, which receives every CloudWatch alarm (failed or throttled executions, Lambda errors and throttles, failed notifications, dead-letter messages, rejected orders). A prod-like workspace (prod, production, prod-*) must have at least one of these or of operations_alarm_topic_arns."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.operations_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Every entry of operations_emails must be an e-mail address (name@domain.tld)."
  }

  validation {
    condition     = !can(regex("^prod(uction)?(-|$)", var.workspace)) || length(var.operations_emails) + length(var.operations_alarm_topic_arns) > 0
    error_message = "Workspace \"${var.workspace}\" is prod-like, and its alarms would page nobody: set operations_emails (the on-call addresses) or operations_alarm_topic_arns (an existing paging or chat topic) in workspaces/${var.workspace}.tfvars (terraform/README.md, \"Who gets paged\")."
  }
}

variable "operations_alarm_topic_arns" {
  description = "Existing SNS topics that receive every alarm besides the operations topic: an organisation's on-call topic, or the topic a chat integration (Amazon Q Developer in chat applications, formerly AWS Chatbot) or a paging service listens to. Their policy must let cloudwatch.amazonaws.com publish, and their KMS key (if any) must let CloudWatch use it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.operations_alarm_topic_arns : can(regex("^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", arn))])
    error_message = "Every entry of operations_alarm_topic_arns must be an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)."
  }
}

variable "rejected_orders_alarm_threshold" {
  description = "Alarm when more rejected-order messages than this are sent in 5 minutes."
  type        = number
  default     = 50

  validation {
    condition     = var.rejected_orders_alarm_threshold >= 0
    error_message = "rejected_orders_alarm_threshold must not be negative."
  }
}

variable "rejected_orders_max_age_seconds" {
  description = "Alarm when the oldest unread rejected-order message is older than this many seconds (SQS keeps messages 14 days at most)."
  type        = number
  default     = 86400

  validation {
    condition     = var.rejected_orders_max_age_seconds >= 60 && var.rejected_orders_max_age_seconds < 1209600
    error_message = "rejected_orders_max_age_seconds must be at least 60 and below 1209600 (14 days)."
  }
}

################################################################################
# Logging
################################################################################

variable "log_retention_days" {
  description = "Retention, in days, of every CloudWatch log group (Lambda functions, state machine). One of CloudWatch Logs' allowed values."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_level" {
  description = "Application log level of the Lambda functions (LOG_LEVEL and Lambda's application log level filter)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "logs_kms_key_arn" {
  description = "Customer-managed KMS key that encrypts every CloudWatch log group (Lambda functions, state machines); null keeps CloudWatch Logs' own encryption. The key policy must let logs.<region>.amazonaws.com use it for this account's log groups."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>) or null."
  }
}

variable "data_lake_access_logging_enabled" {
  description = "Write S3 server access logs of the data lake to a log bucket of their own (`<project>-<workspace>-access-logs-<account>-<region>`, SSE-S3, TLS only, logs expire after data_lake_access_log_retention_days). On in prod (workspaces/prod.tfvars)."
  type        = bool
  default     = false
}

variable "data_lake_access_log_retention_days" {
  description = "Days after which a data-lake access log object expires."
  type        = number
  default     = 365

  validation {
    condition     = var.data_lake_access_log_retention_days >= 1 && floor(var.data_lake_access_log_retention_days) == var.data_lake_access_log_retention_days
    error_message = "data_lake_access_log_retention_days must be a whole number of at least 1."
  }
}

################################################################################
# IAM
################################################################################

variable "iam_role_permissions_boundary" {
  description = "ARN of the managed policy set as permissions boundary on every IAM role this configuration creates (many organisations require one); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.iam_role_permissions_boundary))
    error_message = "iam_role_permissions_boundary must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<path/name>) or null."
  }
}

variable "iam_role_path" {
  description = "Path of every IAM role this configuration creates, e.g. `/sales-pipeline/` (many organisations scope permissions by path); null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.iam_role_path))
    error_message = "iam_role_path must start and end with / (e.g. /sales-pipeline/), at most 512 printable ASCII characters, or be null."
  }
}

variable "analytics_bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a report or query of the analytics workgroup that scans more than this many bytes (at least 10 MiB). A year of the generator's history is ~5.7 GB of JSON Lines as written."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.analytics_bytes_scanned_cutoff_per_query >= 10485760
    error_message = "analytics_bytes_scanned_cutoff_per_query must be at least 10485760 (10 MiB, Athena's minimum)."
  }
}
