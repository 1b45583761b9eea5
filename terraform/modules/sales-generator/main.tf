data "aws_caller_identity" "current" {}

locals {
  generated_objects_arn = "${var.data_lake_bucket_arn}/${var.generated_prefix}*"
  dlq_kms_key_arns      = var.dead_letter_queue_kms_key_arn == null ? [] : [var.dead_letter_queue_kms_key_arn]
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  function_name    = var.function_name
  description      = "Writes a file of mock sales into the data lake on every scheduled run."
  role             = aws_iam_role.this.arn
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  memory_size      = var.memory_size
  timeout          = var.timeout

  environment {
    variables = {
      DATA_LAKE_BUCKET             = var.data_lake_bucket_name
      ORDERS_PER_FILE              = tostring(var.orders_per_file)
      INVALID_SHARE                = tostring(var.invalid_share)
      HIGH_VALUE_THRESHOLD         = tostring(var.high_value_threshold)
      LOG_LEVEL                    = var.log_level
      POWERTOOLS_SERVICE_NAME      = var.service_name
      POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
    }
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = var.log_level
    system_log_level      = "WARN"
  }

  tracing_config {
    mode = "Active"
  }

  tags = var.tags

  # The role's policy must be in place before the first invocation.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

# Scheduler invokes the function asynchronously: function errors are retried by Lambda
# and then land on the dead-letter queue through this on-failure destination.
resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.async_maximum_retry_attempts
  maximum_event_age_in_seconds = var.async_maximum_event_age_seconds

  destination_config {
    on_failure {
      destination = var.dead_letter_queue_arn
    }
  }
}

################################################################################
# Function role: write generated files, logs, traces, failed events
################################################################################

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    sid     = "LambdaAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.function_name
  description        = "Execution role of the ${var.function_name} Lambda function."
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteGeneratedOrderFiles"
    actions   = ["s3:PutObject"]
    resources = [local.generated_objects_arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # X-Ray accepts no resource-level permissions: "*" is the documented exception.
  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # The on-failure destination is delivered with the function's own role.
  statement {
    sid       = "SendFailedEventsToDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.dead_letter_queue_arn]
  }

  dynamic "statement" {
    for_each = length(local.dlq_kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "EncryptForDeadLetterQueue"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = local.dlq_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.function_name}-permissions"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

################################################################################
# Schedule
################################################################################

resource "aws_scheduler_schedule" "this" {
  name                         = var.schedule_name
  description                  = "Invokes ${var.function_name} with the scheduled time, which names the file and seeds the mock data."
  state                        = var.schedule_enabled ? "ENABLED" : "DISABLED"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_expression_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.this.arn
    role_arn = aws_iam_role.scheduler.arn

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

  depends_on = [aws_iam_role_policy.scheduler]
}

data "aws_iam_policy_document" "assume_scheduler" {
  statement {
    sid     = "SchedulerAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.function_name}-scheduler"
  description        = "Role EventBridge Scheduler assumes to invoke ${var.function_name}."
  assume_role_policy = data.aws_iam_policy_document.assume_scheduler.json

  tags = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeGenerator"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.this.arn]
  }

  # Scheduler delivers dead-letter events with the schedule's execution role.
  statement {
    sid       = "SendUndeliveredInvocationsToDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.dead_letter_queue_arn]
  }

  dynamic "statement" {
    for_each = length(local.dlq_kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "EncryptForDeadLetterQueue"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = local.dlq_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "${var.function_name}-scheduler-permissions"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
