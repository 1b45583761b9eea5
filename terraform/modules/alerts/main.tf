data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  account_root_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  alarm_arn_prefix = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:alarm:${var.alarm_name_prefix}-"
  alarm_actions    = concat([aws_sns_topic.operations.arn], var.additional_alarm_topic_arns)

  # The conditions under which CloudWatch may publish to the operations topic and use its key: for this account's
  # alarms of this pipeline only (confused-deputy protection). The topic policy and the key policy both state them.
  from_this_pipelines_alarms = [
    { test = "StringEquals", variable = "aws:SourceAccount", values = [data.aws_caller_identity.current.account_id] },
    { test = "ArnLike", variable = "aws:SourceArn", values = ["${local.alarm_arn_prefix}*"] },
  ]

  state_machines = {
    "order-pipeline"    = var.state_machine_arn
    "small-order-files" = var.small_file_state_machine_arn
  }

  # Per Lambda function, each firing on one occurrence in a period; %s is the function's name.
  function_alarms = {
    errors    = { metric = "Errors", description = "The %s Lambda function returned errors." }
    throttles = { metric = "Throttles", description = "Lambda throttled invocations of %s: its reserved concurrency or the account's concurrency is exhausted; Step Functions and Lambda retry, and what still fails reaches the dead-letter queue." }
  }

  topics = {
    "sales-alerts-topic" = aws_sns_topic.this.name
    "operations-topic"   = aws_sns_topic.operations.name
  }

  # Queues where any visible message is a problem.
  queues_kept_empty = {
    "dead-letter-queue" = {
      name        = var.dead_letter_queue_name
      description = "Messages wait in ${var.dead_letter_queue_name}: orders, schedules or events whose retries ran out. Inspect and redrive (see terraform/README.md)."
    }
    "undelivered-events-queue" = {
      name        = var.undelivered_events_queue_name
      description = "Failed executions wait in ${var.undelivered_events_queue_name}: EventBridge could not put them on ${var.dead_letter_queue_name} (its policy, its key, or the queue itself), so neither the dead-letter alarm nor a redrive sees them. See docs/runbook.md."
    }
  }

  state_machine_alarms = {
    "executions-failed"    = "ExecutionsFailed"
    "executions-timed-out" = "ExecutionsTimedOut"
    "executions-aborted"   = "ExecutionsAborted"
  }

  # Every alarm, keyed by its name after "<alarm_name_prefix>-"; statistic, comparison and threshold default to
  # Sum >= 1 (one occurrence in a period).
  metric_alarms = merge(
    {
      for suffix, metric in local.state_machine_alarms : "order-pipeline-${suffix}" => {
        description = "An order file's execution ended ${metric}: see the state machine's execution history; the file's orders may be unprocessed."
        namespace   = "AWS/States"
        metric      = metric
        dimensions  = { StateMachineArn = var.state_machine_arn }
      }
    },
    {
      # An Express execution cannot be stopped (StopExecution is for Standard machines only): none ends aborted.
      for suffix, metric in local.state_machine_alarms : "small-order-files-${suffix}" => {
        description = "A small order file's Express execution ended ${metric}: its file-failed message is on the dead-letter queue, unless the state machine's log shows the send failed too."
        namespace   = "AWS/States"
        metric      = metric
        dimensions  = { StateMachineArn = var.small_file_state_machine_arn }
      } if suffix != "executions-aborted"
    },
    {
      for label, arn in local.state_machines : "${label}-executions-throttled" => {
        description = "Step Functions throttled executions of ${label}: the account's StartExecution or state-transition quota is reached, so order files wait or their events are retried (and may reach the dead-letter queue)."
        namespace   = "AWS/States"
        metric      = "ExecutionThrottled"
        dimensions  = { StateMachineArn = arn }
      }
    },
    {
      for label, topic_name in local.topics : "${label}-notifications-failed" => {
        description = "SNS failed to deliver notifications of ${topic_name} to a subscriber (an unreachable endpoint, an unconfirmed or broken subscription, or a KMS key the service may not use): someone is not being told."
        namespace   = "AWS/SNS"
        metric      = "NumberOfNotificationsFailed"
        dimensions  = { TopicName = topic_name }
      }
    },
    {
      for pair in setproduct(keys(var.lambda_function_names), keys(local.function_alarms)) : "${pair[0]}-${pair[1]}" => {
        description = format(local.function_alarms[pair[1]].description, var.lambda_function_names[pair[0]])
        namespace   = "AWS/Lambda"
        metric      = local.function_alarms[pair[1]].metric
        dimensions  = { FunctionName = var.lambda_function_names[pair[0]] }
      }
    },
    {
      for label, queue in local.queues_kept_empty : "${label}-not-empty" => {
        description = queue.description
        namespace   = "AWS/SQS"
        metric      = "ApproximateNumberOfMessagesVisible"
        dimensions  = { QueueName = queue.name }
        statistic   = "Maximum"
        comparison  = "GreaterThanThreshold"
        threshold   = 0
      }
    },
    {
      "rejected-orders-above-threshold" = {
        description = "More than ${var.rejected_orders_alarm_threshold} orders were rejected within ${var.alarm_period_seconds} seconds: check the sources of the order files."
        namespace   = "AWS/SQS"
        metric      = "NumberOfMessagesSent"
        dimensions  = { QueueName = var.rejected_orders_queue_name }
        statistic   = "Sum"
        comparison  = "GreaterThanThreshold"
        threshold   = var.rejected_orders_alarm_threshold
      }
      "rejected-orders-unread" = {
        description = "The oldest rejected-order message has waited more than ${var.rejected_orders_max_age_seconds} seconds: nobody reads ${var.rejected_orders_queue_name}, and SQS deletes messages after their retention period."
        namespace   = "AWS/SQS"
        metric      = "ApproximateAgeOfOldestMessage"
        dimensions  = { QueueName = var.rejected_orders_queue_name }
        statistic   = "Maximum"
        comparison  = "GreaterThanThreshold"
        threshold   = var.rejected_orders_max_age_seconds
      }
    },
  )
}

################################################################################
# High Value Sale Alert topic
################################################################################

resource "aws_sns_topic" "this" {
  name              = var.sales_alerts_topic_name
  display_name      = "High Value Sale Alert"
  kms_master_key_id = var.sales_alerts_kms_master_key_id

  tags = var.tags
}

resource "aws_sns_topic_subscription" "sales_alerts_email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}

################################################################################
# Operations topic, encrypted with a key CloudWatch may use
################################################################################

# The AWS-managed alias/aws/sns key cannot be granted to cloudwatch.amazonaws.com, and
# alarms published to a topic encrypted with it are dropped without a trace.
data "aws_iam_policy_document" "kms" {
  # checkov:skip=CKV_AWS_109:A key policy's "*" is this key alone; the administrative statement is for this account's root (IAM then decides who).
  # checkov:skip=CKV_AWS_111:A key policy's "*" is this key alone; use is limited to SNS on this account's behalf and to this pipeline's alarms.
  # checkov:skip=CKV_AWS_356:A key policy's "*" is this key alone (KMS requires it in key policies).
  statement {
    sid = "AccountAdministersKey"
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:CreateGrant",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RetireGrant",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    # In a key policy "*" means this key and nothing else.
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  statement {
    sid       = "AccountPrincipalsUseKeyThroughSns"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sns.${data.aws_region.current.id}.amazonaws.com"]
    }
  }

  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    # Only this account's alarms of this pipeline (confused-deputy protection, as in the topic policy).
    dynamic "condition" {
      for_each = local.from_this_pipelines_alarms

      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.operations_topic_name} SNS topic; CloudWatch alarms may use it."
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.kms.json

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.operations_topic_name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_sns_topic" "operations" {
  name              = var.operations_topic_name
  display_name      = "Sales pipeline operations"
  kms_master_key_id = aws_kms_key.this.arn

  tags = var.tags
}

data "aws_iam_policy_document" "operations_topic" {
  statement {
    sid       = "CloudWatchAlarmsOfThisPipelinePublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.operations.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    dynamic "condition" {
      for_each = local.from_this_pipelines_alarms

      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }

  statement {
    sid = "AccountManagesTopic"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.operations.arn]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }
}

resource "aws_sns_topic_policy" "operations" {
  arn    = aws_sns_topic.operations.arn
  policy = data.aws_iam_policy_document.operations_topic.json
}

resource "aws_sns_topic_subscription" "operations_email" {
  for_each = toset(var.operations_emails)

  topic_arn = aws_sns_topic.operations.arn
  protocol  = "email"
  endpoint  = each.value
}

################################################################################
# Alarms (all to the operations topic)
################################################################################

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.metric_alarms

  alarm_name          = "${var.alarm_name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = try(each.value.statistic, "Sum")
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = try(each.value.comparison, "GreaterThanOrEqualToThreshold")
  threshold           = try(each.value.threshold, 1)
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# The alarms were five resources before they became one; these keep their state (and spare the
# operations topic the OK notifications of re-created alarms). The root moves the per-function ones,
# whose keys only the caller knows.
moved {
  from = aws_cloudwatch_metric_alarm.state_machine["executions-failed"]
  to   = aws_cloudwatch_metric_alarm.this["order-pipeline-executions-failed"]
}

moved {
  from = aws_cloudwatch_metric_alarm.state_machine["executions-timed-out"]
  to   = aws_cloudwatch_metric_alarm.this["order-pipeline-executions-timed-out"]
}

moved {
  from = aws_cloudwatch_metric_alarm.state_machine["executions-aborted"]
  to   = aws_cloudwatch_metric_alarm.this["order-pipeline-executions-aborted"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dead_letter_queue
  to   = aws_cloudwatch_metric_alarm.this["dead-letter-queue-not-empty"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rejected_orders_sent
  to   = aws_cloudwatch_metric_alarm.this["rejected-orders-above-threshold"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rejected_orders_age
  to   = aws_cloudwatch_metric_alarm.this["rejected-orders-unread"]
}
