locals {
  on_failure_enabled = var.on_failure_destination != null
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = var.description
  role          = aws_iam_role.this.arn

  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  handler          = var.handler
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = var.environment_variables
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = var.log_level
    system_log_level      = var.system_log_level
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
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

# An asynchronous invocation (Scheduler, S3, SNS) that fails after Lambda's retries goes to this destination;
# functions only ever invoked synchronously (by Step Functions) have none.
resource "aws_lambda_function_event_invoke_config" "this" {
  count = local.on_failure_enabled ? 1 : 0

  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.async_maximum_retry_attempts
  maximum_event_age_in_seconds = var.async_maximum_event_age_seconds

  destination_config {
    on_failure {
      destination = var.on_failure_destination.queue_arn
    }
  }
}

################################################################################
# Execution role: own logs, traces, failed events, and the caller's statements
################################################################################

# Lambda's documented execution-role trust policy: Lambda documents no confused-deputy condition keys for
# assuming an execution role, and a condition it does not send makes CreateFunction fail with "The role
# defined for the function cannot be assumed by Lambda".
data "aws_iam_policy_document" "assume_role" {
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
  name                 = var.function_name
  description          = "Execution role of the ${var.function_name} Lambda function."
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  permissions_boundary = var.role_permissions_boundary
  path                 = var.role_path

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # Documented exception: X-Ray's write actions accept no resource-level permissions.
  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }

  # The on-failure destination is delivered with the function's own role.
  dynamic "statement" {
    for_each = local.on_failure_enabled ? [var.on_failure_destination.queue_arn] : []

    content {
      sid       = "SendFailedEventsToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = coalesce(var.role_policy_name, "${var.function_name}-permissions")
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
