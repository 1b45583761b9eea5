locals {
  on_failure_enabled = var.on_failure_destination != null
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:Asynchronous failures go to the on-failure destination (on_failure_destination), which carries the error and supersedes a dead-letter queue; synchronous callers (Step Functions) retry and catch.
  # checkov:skip=CKV_AWS_117:The functions reach only AWS APIs (S3, DynamoDB, SQS, SNS) over TLS with IAM; there is nothing private to reach, and a VPC would add NAT or endpoints.
  # checkov:skip=CKV_AWS_173:The environment holds no secrets (names, thresholds, log level); Lambda encrypts it at rest with an AWS-owned key.
  # checkov:skip=CKV_AWS_272:The zips are built reproducibly by Nx and deployed from that build by the gated pipeline; code signing (an AWS Signer profile) is left to teams that require it.
  # checkov:skip=CKV_AWS_115:Reserved concurrency is an input (reserved_concurrent_executions): the order-validator reserves its share; the generator runs once a minute and the preparer once per large file.
  function_name = var.function_name
  description   = var.description
  role          = module.role.arn

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
  depends_on = [module.role]
}

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:A customer-managed key is an input (logs_kms_key_arn, passed through the root); without one CloudWatch Logs encrypts with its own keys.
  # checkov:skip=CKV_AWS_338:Retention is per workspace (log_retention_days: 14 days in dev, 90 in prod); the data lake and the orders table are the record, logs are operational.
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

# Lambda's documented execution-role trust policy has no condition: Lambda documents no confused-deputy condition
# keys for assuming an execution role, and a condition it does not send makes CreateFunction fail with "The role
# defined for the function cannot be assumed by Lambda".
module "role" {
  source = "../service-role"

  name                 = var.function_name
  description          = "Execution role of the ${var.function_name} Lambda function."
  service              = "lambda.amazonaws.com"
  trust_statement_sid  = "LambdaAssumeRole"
  policy_name          = coalesce(var.role_policy_name, "${var.function_name}-permissions")
  policy_json          = data.aws_iam_policy_document.this.json
  permissions_boundary = var.role_permissions_boundary
  path                 = var.role_path

  tags = var.tags
}

# The role and its policy were resources of this module before: they keep their state.
moved {
  from = aws_iam_role.this
  to   = module.role.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.this
  to   = module.role.aws_iam_role_policy.this
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
