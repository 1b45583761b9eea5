data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # Built from the name: the role's trust policy cannot reference the machine, which references the role.
  state_machine_arn = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:stateMachine:${var.name}"
}

################################################################################
# State machine: log group, execution role, machine
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:A customer-managed key is an input (logs_kms_key_arn, passed through the root); without one CloudWatch Logs encrypts with its own keys.
  # checkov:skip=CKV_AWS_338:Retention is per workspace (log_retention_days: 14 days in dev, 90 in prod); the data lake and the orders table are the record, logs are operational.
  # The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small for log delivery.
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

# Step Functions may assume the role for this state machine (and its versions and aliases) of this account only.
module "role" {
  source = "../service-role"

  name                 = var.name
  description          = var.role_description
  service              = "states.amazonaws.com"
  trust_statement_sid  = "StepFunctionsAssumeRole"
  source_arns          = [local.state_machine_arn, "${local.state_machine_arn}:*"]
  source_arn_test      = "ArnLike"
  policy_name          = var.role_policy_name
  policy_json          = var.role_policy_json
  permissions_boundary = var.role_permissions_boundary
  path                 = var.role_path

  tags = var.tags
}

resource "aws_sfn_state_machine" "this" {
  # checkov:skip=CKV_AWS_285:Execution data stays out of the log on purpose: orders carry contact info (personal data); the log records every state and error without it.
  name     = var.name
  type     = var.type
  role_arn = module.role.arn

  definition = var.definition

  # Orders carry contact info (personal data): never log execution data. An Express machine has no execution
  # history: this log group is its executions' only record.
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = false
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  encryption_configuration {
    type = "AWS_OWNED_KEY"
  }

  tags = var.tags

  depends_on = [module.role]
}

################################################################################
# EventBridge: matching events -> this state machine
################################################################################

resource "aws_cloudwatch_event_rule" "this" {
  name           = var.rule_name
  description    = var.rule_description
  event_bus_name = "default"
  event_pattern  = var.event_pattern

  tags = var.tags
}

data "aws_iam_policy_document" "rule" {
  statement {
    sid       = var.rule_policy_statement_sid
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.this.arn]
  }
}

# EventBridge may assume the role for this rule of this account only.
module "rule_role" {
  source = "../service-role"

  name                 = var.rule_name
  description          = var.rule_role_description
  service              = "events.amazonaws.com"
  trust_statement_sid  = "EventBridgeAssumeRole"
  source_arns          = [aws_cloudwatch_event_rule.this.arn]
  policy_name          = var.rule_role_policy_name
  policy_json          = data.aws_iam_policy_document.rule.json
  permissions_boundary = var.role_permissions_boundary
  path                 = var.role_path

  tags = var.tags
}

# EventBridge starts executions asynchronously: a start it could not make is retried and then dead-lettered.
resource "aws_cloudwatch_event_target" "this" {
  rule           = aws_cloudwatch_event_rule.this.name
  event_bus_name = aws_cloudwatch_event_rule.this.event_bus_name
  target_id      = var.target_id
  arn            = aws_sfn_state_machine.this.arn
  role_arn       = module.rule_role.arn

  retry_policy {
    maximum_event_age_in_seconds = var.retry_policy.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.retry_policy.maximum_retry_attempts
  }

  dead_letter_config {
    arn = var.dead_letter_queue_arn
  }
}

# The roles and their policies were resources of this module before: they keep their state.
moved {
  from = aws_iam_role.this
  to   = module.role.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.this
  to   = module.role.aws_iam_role_policy.this
}

moved {
  from = aws_iam_role.rule
  to   = module.rule_role.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.rule
  to   = module.rule_role.aws_iam_role_policy.this
}
