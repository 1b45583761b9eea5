# The entry's contract, applied against a mocked AWS provider: a traced state machine that logs no execution data to
# its own log group, started by its rule through a role that may start this machine only, with retries and the
# dead-letter queue; and the variable validations.

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = aws_sfn_state_machine.this
    values = { arn = "arn:aws:states:us-east-1:123456789012:stateMachine:test-entry" }
  }

  override_resource {
    target = aws_cloudwatch_event_rule.this
    values = { arn = "arn:aws:events:us-east-1:123456789012:rule/test-entry-created" }
  }
}

variables {
  name                      = "test-entry"
  type                      = "EXPRESS"
  definition                = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
  role_description          = "Runs the test entry."
  role_policy_name          = "test-entry"
  role_policy_json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  rule_name                 = "test-entry-created"
  rule_description          = "Starts the test entry."
  event_pattern             = "{\"source\":[\"aws.s3\"]}"
  rule_role_description     = "Lets the rule start the test entry."
  rule_role_policy_name     = "start-test-entry"
  rule_policy_statement_sid = "StartTestEntry"
  target_id                 = "test-entry"
  retry_policy              = { maximum_event_age_in_seconds = 600, maximum_retry_attempts = 4 }
  dead_letter_queue_arn     = "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"
  logs_kms_key_arn          = "arn:aws:kms:us-east-1:123456789012:key/test"
  tags                      = { team = "platform" }
}

run "apply" {
  assert {
    condition     = aws_sfn_state_machine.this.type == "EXPRESS" && aws_sfn_state_machine.this.definition == var.definition && aws_sfn_state_machine.this.role_arn == module.role.arn
    error_message = "The machine has the given type and definition and runs with its own role."
  }

  assert {
    condition     = aws_sfn_state_machine.this.logging_configuration[0].include_execution_data == false && aws_sfn_state_machine.this.logging_configuration[0].level == "ERROR" && aws_sfn_state_machine.this.logging_configuration[0].log_destination == "${aws_cloudwatch_log_group.this.arn}:*"
    error_message = "The machine logs ERROR without execution data (orders carry contact info) to its own log group."
  }

  assert {
    condition     = aws_sfn_state_machine.this.tracing_configuration[0].enabled && aws_sfn_state_machine.this.encryption_configuration[0].type == "AWS_OWNED_KEY"
    error_message = "The machine is traced with X-Ray and encrypted at rest."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/vendedlogs/states/test-entry" && aws_cloudwatch_log_group.this.retention_in_days == 30 && aws_cloudwatch_log_group.this.kms_key_id == var.logs_kms_key_arn
    error_message = "The log group is under /aws/vendedlogs/states/, kept log_retention_in_days days, encrypted with logs_kms_key_arn."
  }

  assert {
    condition     = module.role.name == "test-entry" && module.role.policy_name == "test-entry"
    error_message = "The execution role carries the machine's name and the caller's policy."
  }

  assert {
    condition     = module.role.trust.service == "states.amazonaws.com"
    error_message = "Step Functions assumes the role (for this machine of this account only: only_this_machine_may_use_its_role)."
  }

  assert {
    condition     = aws_cloudwatch_event_rule.this.name == "test-entry-created" && aws_cloudwatch_event_rule.this.event_pattern == var.event_pattern && aws_cloudwatch_event_rule.this.event_bus_name == "default"
    error_message = "The rule on the default bus matches the caller's pattern."
  }

  assert {
    condition = (
      aws_cloudwatch_event_target.this.arn == aws_sfn_state_machine.this.arn &&
      aws_cloudwatch_event_target.this.role_arn == module.rule_role.arn &&
      aws_cloudwatch_event_target.this.dead_letter_config[0].arn == var.dead_letter_queue_arn &&
      aws_cloudwatch_event_target.this.retry_policy[0].maximum_retry_attempts == 4 &&
      aws_cloudwatch_event_target.this.retry_policy[0].maximum_event_age_in_seconds == 600
    )
    error_message = "The rule's target starts this machine with the rule's role, retries as told and dead-letters what it could not deliver."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.rule.statement).actions == toset(["states:StartExecution"]) && one(data.aws_iam_policy_document.rule.statement).resources == toset(["arn:aws:states:us-east-1:123456789012:stateMachine:test-entry"])
    error_message = "The rule's role may start this machine only."
  }

  assert {
    condition     = module.rule_role.trust.service == "events.amazonaws.com" && jsonencode(module.rule_role.trust.conditions["aws:SourceArn"]) == jsonencode({ test = "ArnEquals", values = ["arn:aws:events:us-east-1:123456789012:rule/test-entry-created"] })
    error_message = "EventBridge assumes the rule's role only for this rule (aws:SourceArn)."
  }

  assert {
    condition = alltrue([for tags in [
      aws_sfn_state_machine.this.tags,
      aws_cloudwatch_log_group.this.tags,
      module.role.tags,
      aws_cloudwatch_event_rule.this.tags,
      module.rule_role.tags,
    ] : tags == tomap({ team = "platform" })])
    error_message = "The module's tags reach its resources."
  }
}

run "only_this_machine_may_use_its_role" {
  command = plan

  assert {
    condition = jsonencode({ for variable, condition in module.role.trust.conditions : variable => [condition.test, condition.values] }) == jsonencode({
      "aws:SourceAccount" = ["StringEquals", ["123456789012"]]
      "aws:SourceArn"     = ["ArnLike", ["arn:aws:states:us-east-1:123456789012:stateMachine:test-entry", "arn:aws:states:us-east-1:123456789012:stateMachine:test-entry:*"]]
    })
    error_message = "Step Functions may assume the role only for this state machine of this account (aws:SourceArn built from the name)."
  }

  assert {
    condition     = module.role.permissions_boundary == null && module.rule_role.permissions_boundary == null
    error_message = "Without role_permissions_boundary the roles have none."
  }
}

run "roles_take_a_permissions_boundary_and_a_path" {
  command = plan

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
    role_path                 = "/sales-pipeline/"
  }

  assert {
    condition = [for role in [module.role, module.rule_role] : [role.permissions_boundary, role.path]] == [
      ["arn:aws:iam::123456789012:policy/boundary", "/sales-pipeline/"],
      ["arn:aws:iam::123456789012:policy/boundary", "/sales-pipeline/"],
    ]
    error_message = "The state machine's role and the rule's role carry the boundary and the path."
  }
}

run "rejects_an_unknown_type" {
  command = plan

  variables {
    type = "SYNC"
  }

  expect_failures = [var.type]
}

run "rejects_a_definition_that_is_not_json" {
  command = plan

  variables {
    definition = "StartAt: Done"
  }

  expect_failures = [var.definition]
}
