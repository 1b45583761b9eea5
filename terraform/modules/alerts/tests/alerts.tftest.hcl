# The alerts module's contract against a mocked AWS provider: both topics encrypted, the operations key usable by
# this account's alarms only, one e-mail subscription per address, every alarm to the operations topic.

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = aws_sns_topic.operations
    values = { arn = "arn:aws:sns:us-east-1:123456789012:test-operations" }
  }

  # Each policy document gets JSON of its own (the shared mock gives every document the same), so that an
  # assertion that a policy takes a given document can tell them apart.

  override_data {
    target = data.aws_iam_policy_document.kms
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockKms\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.operations_topic
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockOperationsTopic\"}]}" }
  }
}

variables {
  sales_alerts_topic_name      = "test-sales-alerts"
  alert_emails                 = ["sales@example.com", "lead@example.com"]
  operations_topic_name        = "test-operations"
  operations_emails            = ["ops@example.com"]
  alarm_name_prefix            = "test"
  state_machine_arn            = "arn:aws:states:us-east-1:123456789012:stateMachine:test-order-pipeline"
  small_file_state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:test-small-order-files"
  lambda_function_names = {
    "sales-generator" = "test-sales-generator"
    "order-validator" = "test-order-validator"
  }
  dead_letter_queue_name        = "test-dead-letter"
  undelivered_events_queue_name = "test-undelivered-events"
  rejected_orders_queue_name    = "test-rejected-orders"
  tags                          = { team = "platform" }
}

run "apply" {
  assert {
    condition     = aws_sns_topic.this.display_name == "High Value Sale Alert" && aws_sns_topic.this.kms_master_key_id == "alias/aws/sns"
    error_message = "The sales-alert topic is the High Value Sale Alert, encrypted."
  }

  assert {
    condition     = aws_sns_topic.operations.kms_master_key_id == aws_kms_key.this.arn && aws_kms_key.this.enable_key_rotation
    error_message = "The operations topic is encrypted with the module's rotating key (CloudWatch cannot use alias/aws/sns)."
  }

  assert {
    condition = sort([for subscription in aws_sns_topic_subscription.sales_alerts_email : subscription.endpoint]) == sort(var.alert_emails) && alltrue(
      [for subscription in concat(values(aws_sns_topic_subscription.sales_alerts_email), values(aws_sns_topic_subscription.operations_email)) : subscription.protocol == "email"]
    ) && [for subscription in aws_sns_topic_subscription.operations_email : subscription.endpoint] == ["ops@example.com"]
    error_message = "Each address gets one e-mail subscription to its topic."
  }

  assert {
    condition = sort(keys(aws_cloudwatch_metric_alarm.this)) == sort([
      "order-pipeline-executions-failed",
      "order-pipeline-executions-timed-out",
      "order-pipeline-executions-aborted",
      "small-order-files-executions-failed",
      "small-order-files-executions-timed-out",
      "order-pipeline-executions-throttled",
      "small-order-files-executions-throttled",
      "sales-generator-errors",
      "order-validator-errors",
      "sales-generator-throttles",
      "order-validator-throttles",
      "sales-alerts-topic-notifications-failed",
      "operations-topic-notifications-failed",
      "dead-letter-queue-not-empty",
      "undelivered-events-queue-not-empty",
      "rejected-orders-above-threshold",
      "rejected-orders-unread",
    ])
    error_message = "One alarm per failure mode: ${jsonencode(keys(aws_cloudwatch_metric_alarm.this))}."
  }

  assert {
    condition = alltrue([for alarm in aws_cloudwatch_metric_alarm.this : alltrue([
      startswith(alarm.alarm_name, "test-"),
      tolist(alarm.alarm_actions) == tolist([aws_sns_topic.operations.arn]),
      tolist(alarm.ok_actions) == tolist([aws_sns_topic.operations.arn]),
      alarm.treat_missing_data == "notBreaching",
      alarm.tags == tomap({ team = "platform" }),
    ])])
    error_message = "Every alarm is named after the prefix, notifies the operations topic when it fires and clears, and is tagged."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["dead-letter-queue-not-empty"].dimensions == tomap({ QueueName = "test-dead-letter" }) && aws_cloudwatch_metric_alarm.this["order-validator-errors"].dimensions == tomap({ FunctionName = "test-order-validator" })
    error_message = "Alarms watch this pipeline's queue and functions."
  }

  assert {
    condition = jsonencode({ for key in ["order-validator-throttles", "small-order-files-executions-throttled", "order-pipeline-executions-throttled", "sales-alerts-topic-notifications-failed", "operations-topic-notifications-failed"] : key => [
      aws_cloudwatch_metric_alarm.this[key].namespace, aws_cloudwatch_metric_alarm.this[key].metric_name, aws_cloudwatch_metric_alarm.this[key].dimensions
      ] }) == jsonencode({
      "order-validator-throttles"               = ["AWS/Lambda", "Throttles", { FunctionName = "test-order-validator" }]
      "small-order-files-executions-throttled"  = ["AWS/States", "ExecutionThrottled", { StateMachineArn = var.small_file_state_machine_arn }]
      "order-pipeline-executions-throttled"     = ["AWS/States", "ExecutionThrottled", { StateMachineArn = var.state_machine_arn }]
      "sales-alerts-topic-notifications-failed" = ["AWS/SNS", "NumberOfNotificationsFailed", { TopicName = "test-sales-alerts" }]
      "operations-topic-notifications-failed"   = ["AWS/SNS", "NumberOfNotificationsFailed", { TopicName = "test-operations" }]
    })
    error_message = "Throttled functions and executions and failed notifications of both topics raise alarms on their own metric and dimension."
  }
}

run "additional_alarm_topics" {
  command = plan

  variables {
    additional_alarm_topic_arns = ["arn:aws:sns:us-east-1:123456789012:on-call"]
  }

  assert {
    condition = alltrue([for alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_actions == toset([aws_sns_topic.operations.arn, "arn:aws:sns:us-east-1:123456789012:on-call"]) && alarm.ok_actions == alarm.alarm_actions
    ]) && jsonencode(output.alarm_actions) == jsonencode([aws_sns_topic.operations.arn, "arn:aws:sns:us-east-1:123456789012:on-call"])
    error_message = "Every alarm notifies the operations topic and each additional topic."
  }
}

run "rejects_an_additional_topic_that_is_no_topic" {
  command = plan

  variables {
    additional_alarm_topic_arns = ["arn:aws:sqs:us-east-1:123456789012:on-call"]
  }

  expect_failures = [var.additional_alarm_topic_arns]
}

run "key_and_topic_policies" {
  assert {
    condition = jsonencode({
      kms              = sort([for statement in data.aws_iam_policy_document.kms.statement : statement.sid])
      operations_topic = sort([for statement in data.aws_iam_policy_document.operations_topic.statement : statement.sid])
      }) == jsonencode({
      kms              = ["AccountAdministersKey", "AccountPrincipalsUseKeyThroughSns", "CloudWatchAlarmsPublish"]
      operations_topic = ["AccountManagesTopic", "CloudWatchAlarmsOfThisPipelinePublish"]
    })
    error_message = "The key and topic policies have exactly their statements: one deleted or added fails here."
  }

  assert {
    condition     = aws_kms_key.this.policy == data.aws_iam_policy_document.kms.json && aws_sns_topic_policy.operations.policy == data.aws_iam_policy_document.operations_topic.json
    error_message = "The key takes the kms document, the operations topic the operations_topic document."
  }

  assert {
    condition = alltrue(flatten([for statement in data.aws_iam_policy_document.kms.statement : [
      for principal in statement.principals : principal.type != "Service" || (
        contains([for condition in statement.condition : condition.variable], "aws:SourceAccount") &&
        contains([for condition in statement.condition : condition.variable], "aws:SourceArn")
      )
    ]]))
    error_message = "A service may use the operations key only on behalf of this account's alarms (aws:SourceAccount and aws:SourceArn)."
  }

  assert {
    condition = alltrue(flatten([for statement in data.aws_iam_policy_document.kms.statement : [
      for condition in statement.condition : tolist(condition.values) == tolist(["arn:aws:cloudwatch:us-east-1:123456789012:alarm:test-*"]) if condition.variable == "aws:SourceArn"
    ]]))
    error_message = "The key's aws:SourceArn condition names this module's alarms."
  }

  assert {
    condition = alltrue([for statement in data.aws_iam_policy_document.operations_topic.statement : alltrue([
      tolist(statement.resources) == tolist(["arn:aws:sns:us-east-1:123456789012:test-operations"]),
      alltrue([for action in statement.actions : startswith(action, "sns:") && !strcontains(action, "*")]),
    ])])
    error_message = "The topic policy grants single SNS actions on the operations topic only."
  }
}

run "rejects_an_address_that_is_no_e_mail" {
  command = plan

  variables {
    alert_emails = ["not an address"]
  }

  expect_failures = [var.alert_emails]
}

run "rejects_an_alarm_period_of_seconds" {
  command = plan

  variables {
    alarm_period_seconds = 90
  }

  expect_failures = [var.alarm_period_seconds]
}
