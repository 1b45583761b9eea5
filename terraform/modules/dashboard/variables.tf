variable "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.dashboard_name))
    error_message = "dashboard_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the functions' EMF metrics (their POWERTOOLS_METRICS_NAMESPACE)."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 letters, digits or . - _ / # : and must not start with AWS/."
  }
}

variable "state_machine_arn" {
  description = "ARN of the order pipeline's Standard state machine (its executions and its distributed Map's Map Runs)."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$", var.state_machine_arn))
    error_message = "state_machine_arn must be a Step Functions state machine ARN."
  }
}

variable "small_file_state_machine_arn" {
  description = "ARN of the Express state machine that small order files start (the entry up to the small-file size)."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$", var.small_file_state_machine_arn))
    error_message = "small_file_state_machine_arn must be a Step Functions state machine ARN."
  }
}

variable "lambda_functions" {
  description = "The pipeline's Lambda functions by label: their function name (AWS/Lambda metrics, ColdStart) and Powertools service name (the EMF metrics' `service` dimension)."
  type = object({
    generator = object({ function_name = string, service_name = string })
    validator = object({ function_name = string, service_name = string })
    preparer  = object({ function_name = string, service_name = string })
    zone      = object({ function_name = string, service_name = string })
  })

  validation {
    condition = alltrue([
      for fn in [var.lambda_functions.generator, var.lambda_functions.validator, var.lambda_functions.preparer, var.lambda_functions.zone] :
      can(regex("^[A-Za-z0-9_-]{1,64}$", fn.function_name)) && length(trimspace(fn.service_name)) > 0
    ])
    error_message = "Each function_name must be a Lambda function name (1-64 letters, digits, hyphens, underscores) and each service_name non-empty."
  }
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter SQS queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.dead_letter_queue_name))
    error_message = "dead_letter_queue_name must be an SQS queue name (1-80 letters, digits, hyphens, underscores)."
  }
}

variable "rejected_orders_queue_name" {
  description = "Name of the rejected-orders SQS queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.rejected_orders_queue_name))
    error_message = "rejected_orders_queue_name must be an SQS queue name (1-80 letters, digits, hyphens, underscores)."
  }
}

variable "sales_alerts_topic_name" {
  description = "Name of the High Value Sale Alert SNS topic (its failed notifications are graphed)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.sales_alerts_topic_name))
    error_message = "sales_alerts_topic_name must be an SNS topic name (1-256 letters, digits, hyphens, underscores)."
  }
}

variable "operations_topic_name" {
  description = "Name of the operations SNS topic that the alarms publish to (its failed notifications are graphed)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.operations_topic_name))
    error_message = "operations_topic_name must be an SNS topic name (1-256 letters, digits, hyphens, underscores)."
  }
}

variable "orders_table_name" {
  description = "Name of the DynamoDB orders table."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.orders_table_name))
    error_message = "orders_table_name must be a DynamoDB table name (3-255 letters, digits, _ - .)."
  }
}

variable "period_seconds" {
  description = "Aggregation period of every graph, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = var.period_seconds >= 60 && var.period_seconds % 60 == 0
    error_message = "period_seconds must be a multiple of 60 (at least 60)."
  }
}
