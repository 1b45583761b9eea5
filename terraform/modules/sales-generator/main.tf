data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # The schedule lives in the account's default group; Scheduler assumes its role with the group as aws:SourceArn.
  schedule_group_name = "default"
  schedule_group_arn  = "arn:${data.aws_partition.current.partition}:scheduler:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:schedule-group/${local.schedule_group_name}"
}

################################################################################
# Function: writes generated order files, nothing else
################################################################################

module "function" {
  source = "../lambda-function"

  function_name = var.function_name
  description   = "Writes a file of mock sales into the data lake on every scheduled run."
  package_path  = var.package_path
  memory_size   = var.memory_size
  timeout       = var.timeout

  environment_variables = {
    DATA_LAKE_BUCKET             = var.data_lake_bucket_name
    ORDERS_PER_FILE              = tostring(var.orders_per_file)
    INVALID_SHARE                = tostring(var.invalid_share)
    HIGH_VALUE_THRESHOLD         = tostring(var.high_value_threshold)
    LOG_LEVEL                    = var.log_level
    POWERTOOLS_SERVICE_NAME      = var.service_name
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
  }

  log_level             = var.log_level
  log_retention_in_days = var.log_retention_days
  logs_kms_key_arn      = var.logs_kms_key_arn

  role_permissions_boundary = var.role_permissions_boundary
  role_path                 = var.role_path

  policy_statements = {
    WriteGeneratedOrderFiles = {
      actions   = ["s3:PutObject"]
      resources = ["${var.data_lake_bucket_arn}/${var.generated_prefix}*"]
    }
  }

  # Scheduler invokes the function asynchronously: function errors are retried by Lambda
  # and then land on the dead-letter queue.
  on_failure_destination          = { queue_arn = var.dead_letter_queue_arn }
  async_maximum_retry_attempts    = var.async_maximum_retry_attempts
  async_maximum_event_age_seconds = var.async_maximum_event_age_seconds

  tags = var.tags
}

moved {
  from = aws_lambda_function.this
  to   = module.function.aws_lambda_function.this
}

moved {
  from = aws_cloudwatch_log_group.this
  to   = module.function.aws_cloudwatch_log_group.this
}

moved {
  from = aws_lambda_function_event_invoke_config.this
  to   = module.function.aws_lambda_function_event_invoke_config.this[0]
}

moved {
  from = aws_iam_role.this
  to   = module.function.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.this
  to   = module.function.aws_iam_role_policy.this
}

################################################################################
# Schedule
################################################################################

resource "aws_scheduler_schedule" "this" {
  # checkov:skip=CKV_AWS_297:The schedule holds no data (its input is a fixed template); Scheduler encrypts it with an AWS-owned key.
  name                         = var.schedule_name
  group_name                   = local.schedule_group_name
  description                  = "Invokes ${var.function_name} with the scheduled time, which names the file and seeds the mock data."
  state                        = var.schedule_enabled ? "ENABLED" : "DISABLED"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_expression_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.function.function_arn
    role_arn = module.scheduler_role.arn

    # A retried delivery carries the same scheduled time, so the function rewrites the
    # same object instead of adding a file. A literal string, not jsonencode(): jsonencode
    # writes < and > as \u003c and \u003e, and Scheduler only replaces the context
    # attribute spelt <aws.scheduler.scheduled-time>.
    input = "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"

    retry_policy {
      maximum_retry_attempts       = var.schedule_maximum_retry_attempts
      maximum_event_age_in_seconds = var.schedule_maximum_event_age_seconds
    }

    dead_letter_config {
      arn = var.dead_letter_queue_arn
    }
  }

  depends_on = [module.scheduler_role]
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeGenerator"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.function.function_arn]
  }

  # Scheduler delivers dead-letter events with the schedule's execution role.
  statement {
    sid       = "SendUndeliveredInvocationsToDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.dead_letter_queue_arn]
  }

}

# Scheduler may assume the role for schedules of this account's group only, the one the schedule is in.
module "scheduler_role" {
  source = "../service-role"

  name                 = "${var.function_name}-scheduler"
  description          = "Role EventBridge Scheduler assumes to invoke ${var.function_name}."
  service              = "scheduler.amazonaws.com"
  trust_statement_sid  = "SchedulerAssumeRole"
  source_arns          = [local.schedule_group_arn]
  policy_name          = "${var.function_name}-scheduler-permissions"
  policy_json          = data.aws_iam_policy_document.scheduler.json
  permissions_boundary = var.role_permissions_boundary
  path                 = var.role_path

  tags = var.tags
}

# The scheduler's role and policy were resources of this module before: they keep their state.
moved {
  from = aws_iam_role.scheduler
  to   = module.scheduler_role.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.scheduler
  to   = module.scheduler_role.aws_iam_role_policy.this
}
