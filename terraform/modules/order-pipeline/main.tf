data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id

  data_lake_bucket_arn = "arn:${local.partition}:s3:::${var.data_lake_bucket_name}"

  # The entries' role policies and definitions are inputs of module.state_machine_entry, so they cannot reference
  # its outputs: the Standard machine's ARN, and the ARNs of its executions, are built from the name:
  # `execution:<name>:*` as AWS's distributed-Map IAM example grants it, and `execution:<name>/*` for the Map Run's
  # child executions.
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${var.state_machine_name}"
  state_machine_execution_arns = [
    "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${var.state_machine_name}:*",
    "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${var.state_machine_name}/*",
  ]

  # SQS keeps a message 14 days at most; the lasting record is the ResultWriter output.
  message_retention_seconds = 1209600

  # An order's JSON is at most this many bytes (MaxOrderJsonBytes of libs/orders/domain; terraform/tests/contracts.spec.ts
  # holds them equal). A file no larger cannot hold a larger order, so only larger files go through PrepareOrderFile.
  max_order_json_bytes = 32768
}

################################################################################
# Lambda functions: validator, order-file preparer, zone writer
################################################################################

locals {
  # Step Functions invokes each of them synchronously (the Tasks' Retry and Catch handle failures): none has an
  # on-failure destination. Each writes its own logs and traces (the lambda-function module's grants); the
  # statements here are all else it may do. The bucket is SSE-S3 encrypted and the table uses an AWS owned key: no
  # KMS grant.
  lambda_functions = {
    # Pure: logs and traces, nothing else. Its inline policy keeps the name it had when it was written out here:
    # renaming it would replace it.
    validator = {
      function_name                  = var.validator_function_name
      description                    = "Validates one batch of orders from the distributed Map and returns one verdict per order."
      package_path                   = var.validator_package_path
      memory_size                    = var.validator_memory_size
      timeout                        = var.validator_timeout
      reserved_concurrent_executions = var.validator_reserved_concurrent_executions
      role_policy_name               = "order-validator"
      policy_statements              = {}
      environment_variables = {
        HIGH_VALUE_THRESHOLD         = tostring(var.high_value_threshold)
        LOG_LEVEL                    = var.log_level
        POWERTOOLS_SERVICE_NAME      = "order-validator"
        POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
      }
    }
    # Reads the version the event names and writes only its copies (a multipart upload for a large one, aborted if
    # it fails).
    order_file_preparer = {
      function_name                  = var.preparer_function_name
      description                    = "Copies an order file that holds an order over the 32 KiB cap to the prepared prefix, that order replaced by its size, so that the rest of the file can be batched."
      package_path                   = var.preparer_package_path
      memory_size                    = var.preparer_memory_size
      timeout                        = var.preparer_timeout
      reserved_concurrent_executions = -1
      role_policy_name               = null
      policy_statements = {
        ReadOrderFiles = {
          actions   = ["s3:GetObject", "s3:GetObjectVersion"]
          resources = ["${local.data_lake_bucket_arn}/${var.incoming_prefix}*"]
        }
        WritePreparedCopies = {
          actions   = ["s3:AbortMultipartUpload", "s3:PutObject"]
          resources = ["${local.data_lake_bucket_arn}/${var.prepared_prefix}*"]
        }
      }
      environment_variables = {
        PREPARED_PREFIX              = var.prepared_prefix
        LOG_LEVEL                    = var.log_level
        POWERTOOLS_SERVICE_NAME      = "order-file-preparer"
        POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
      }
    }
    # Reads back the batch's stored orders (their zone columns) and puts objects under the analytics prefix only.
    zone_writer = {
      function_name                  = var.zone_writer_function_name
      description                    = "Writes one batch's analytics-zone objects (its stored orders and rejections, no contact info) under the data lake's analytics prefix."
      package_path                   = var.zone_writer_package_path
      memory_size                    = var.zone_writer_memory_size
      timeout                        = var.zone_writer_timeout
      reserved_concurrent_executions = -1
      role_policy_name               = null
      policy_statements = {
        ReadStoredOrders = {
          actions   = ["dynamodb:BatchGetItem"]
          resources = [aws_dynamodb_table.orders.arn]
        }
        WriteZoneObjects = {
          actions   = ["s3:PutObject"]
          resources = ["${local.data_lake_bucket_arn}/${var.analytics_prefix}*"]
        }
      }
      environment_variables = {
        DATA_LAKE_BUCKET             = var.data_lake_bucket_name
        ORDERS_TABLE_NAME            = aws_dynamodb_table.orders.name
        LOG_LEVEL                    = var.log_level
        POWERTOOLS_SERVICE_NAME      = "zone-writer"
        POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
      }
    }
  }
}

module "lambda_function" {
  source   = "../lambda-function"
  for_each = local.lambda_functions

  function_name = each.value.function_name
  description   = each.value.description
  package_path  = each.value.package_path

  memory_size                    = each.value.memory_size
  timeout                        = each.value.timeout
  reserved_concurrent_executions = each.value.reserved_concurrent_executions
  environment_variables          = each.value.environment_variables

  log_level             = var.log_level
  log_retention_in_days = var.log_retention_in_days
  logs_kms_key_arn      = var.logs_kms_key_arn

  policy_statements = each.value.policy_statements
  role_policy_name  = each.value.role_policy_name

  role_permissions_boundary = var.role_permissions_boundary
  role_path                 = var.role_path

  tags = var.tags
}

# Each function was a module call of its own before: its resources keep their state.
moved {
  from = module.validator
  to   = module.lambda_function["validator"]
}

moved {
  from = module.order_file_preparer
  to   = module.lambda_function["order_file_preparer"]
}

moved {
  from = module.zone_writer
  to   = module.lambda_function["zone_writer"]
}

# The validator's resources of the versions before module.validator.
moved {
  from = aws_lambda_function.validator
  to   = module.lambda_function["validator"].aws_lambda_function.this
}

moved {
  from = aws_cloudwatch_log_group.validator
  to   = module.lambda_function["validator"].aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.validator
  to   = module.lambda_function["validator"].aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.validator
  to   = module.lambda_function["validator"].aws_iam_role_policy.this
}

################################################################################
# DynamoDB orders table
################################################################################

resource "aws_dynamodb_table" "orders" {
  # checkov:skip=CKV_AWS_119:The AWS-managed key aws/dynamodb by design: only this account's roles reach the table, through IAM; a customer-managed key adds cost and grants without narrowing access.
  name         = var.orders_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"

  attribute {
    name = "order_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # Encrypted at rest with the AWS-managed key aws/dynamodb.
  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = var.table_deletion_protection_enabled

  tags = var.tags
}

################################################################################
# SQS queues
################################################################################

resource "aws_sqs_queue" "rejected_orders" {
  name                      = var.rejected_orders_queue_name
  message_retention_seconds = local.message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

resource "aws_sqs_queue" "undelivered_events" {
  name                      = var.undelivered_events_queue_name
  message_retention_seconds = local.message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = var.dead_letter_queue_name
  message_retention_seconds = local.message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

# Every queue refuses requests not made over TLS, whoever makes them. EventBridge delivers to an SQS target and to
# a target's dead-letter queue under the queue's resource policy, so a queue names the rules that may send to it:
# this module's three rules the dead-letter queue, the execution-failed rule the undelivered-events queue. (Scheduler
# and Lambda on-failure destinations send with their own execution roles and need no statement here.)
locals {
  queues = {
    rejected_orders = { url = aws_sqs_queue.rejected_orders.id, arn = aws_sqs_queue.rejected_orders.arn, sending_rules = [] }
    dead_letter = {
      url = aws_sqs_queue.dead_letter.id
      arn = aws_sqs_queue.dead_letter.arn
      sending_rules = [
        module.state_machine_entry["standard"].rule_arn,
        module.state_machine_entry["express"].rule_arn,
        aws_cloudwatch_event_rule.execution_failed.arn,
      ]
    }
    undelivered_events = {
      url           = aws_sqs_queue.undelivered_events.id
      arn           = aws_sqs_queue.undelivered_events.arn
      sending_rules = [aws_cloudwatch_event_rule.execution_failed.arn]
    }
  }
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queues

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.sending_rules) > 0 ? [each.value.sending_rules] : []

    content {
      sid       = "EventBridgeRulesSendMessage"
      actions   = ["sqs:SendMessage"]
      resources = [each.value.arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = statement.value
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each = local.queues

  queue_url = each.value.url
  policy    = data.aws_iam_policy_document.queue[each.key].json
}

# Each queue's policy was a resource of its own before: it keeps its state.
moved {
  from = aws_sqs_queue_policy.rejected_orders
  to   = aws_sqs_queue_policy.this["rejected_orders"]
}

moved {
  from = aws_sqs_queue_policy.dead_letter
  to   = aws_sqs_queue_policy.this["dead_letter"]
}

moved {
  from = aws_sqs_queue_policy.undelivered_events
  to   = aws_sqs_queue_policy.this["undelivered_events"]
}

################################################################################
# The state machines' permissions
################################################################################

data "aws_iam_policy_document" "order_batch_states" {
  statement {
    sid     = "InvokeValidator"
    actions = ["lambda:InvokeFunction"]
    resources = [
      module.lambda_function["validator"].function_arn,
      "${module.lambda_function["validator"].function_arn}:*",
    ]
  }

  statement {
    sid     = "InvokeZoneWriter"
    actions = ["lambda:InvokeFunction"]
    resources = [
      module.lambda_function["zone_writer"].function_arn,
      "${module.lambda_function["zone_writer"].function_arn}:*",
    ]
  }

  statement {
    sid = "WriteOrders"
    actions = [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.orders.arn]
  }

  statement {
    sid     = "SendRejectionsAndDeadLetters"
    actions = ["sqs:SendMessage"]
    resources = [
      aws_sqs_queue.rejected_orders.arn,
      aws_sqs_queue.dead_letter.arn,
    ]
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}

# What every state machine needs to deliver its logs and traces.
data "aws_iam_policy_document" "state_machine_delivery" {
  # checkov:skip=CKV_AWS_109:CloudWatch Logs delivery (logs:PutResourcePolicy among it) accepts only Resource "*": a documented exception.
  # checkov:skip=CKV_AWS_111:CloudWatch Logs delivery and X-Ray write actions accept only Resource "*": documented exceptions.
  # checkov:skip=CKV_AWS_356:CloudWatch Logs delivery and X-Ray actions accept only Resource "*": documented exceptions.
  # Documented exception: CloudWatch Logs delivery actions only accept Resource "*".
  statement {
    sid = "DeliverLogs"
    actions = [
      "logs:CreateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:DescribeLogGroups",
      "logs:DescribeResourcePolicies",
      "logs:GetLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:UpdateLogDelivery",
    ]
    resources = ["*"]
  }

  # Documented exception: X-Ray actions do not support resource-level permissions.
  statement {
    sid = "WriteTraces"
    actions = [
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "state_machine" {
  source_policy_documents = [
    data.aws_iam_policy_document.order_batch_states.json,
    data.aws_iam_policy_document.state_machine_delivery.json,
  ]

  statement {
    sid     = "InvokeOrderFilePreparer"
    actions = ["lambda:InvokeFunction"]
    resources = [
      module.lambda_function["order_file_preparer"].function_arn,
      "${module.lambda_function["order_file_preparer"].function_arn}:*",
    ]
  }

  # ItemReader reads the object version the event names, or its prepared copy.
  statement {
    sid = "ReadOrderFiles"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = [
      "${local.data_lake_bucket_arn}/${var.incoming_prefix}*",
      "${local.data_lake_bucket_arn}/${var.prepared_prefix}*",
    ]
  }

  # ResultWriter writes the manifest and result files (multipart for large ones).
  statement {
    sid = "WriteMapRunResults"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetObject",
      "s3:ListMultipartUploadParts",
      "s3:PutObject",
    ]
    resources = ["${local.data_lake_bucket_arn}/${var.results_prefix}*"]
  }

  # The distributed Map starts its child executions as executions of this state machine.
  statement {
    sid       = "StartChildExecutions"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
  }

  statement {
    sid = "ManageChildExecutions"
    actions = [
      "states:DescribeExecution",
      "states:RedriveExecution",
      "states:StopExecution",
    ]
    resources = local.state_machine_execution_arns
  }
}

data "aws_iam_policy_document" "small_file" {
  # The order-batch states it shares with the Standard machine's children: the same grants.
  source_policy_documents = [
    data.aws_iam_policy_document.order_batch_states.json,
    data.aws_iam_policy_document.state_machine_delivery.json,
  ]

  # GetObject of the object version the event names (s3:GetObjectVersion when a VersionId is given).
  statement {
    sid = "ReadOrderFiles"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = ["${local.data_lake_bucket_arn}/${var.incoming_prefix}*"]
  }

  # A file too many batches for one run is handed to the Standard machine.
  statement {
    sid       = "HandOverToStandardMachine"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
  }
}

################################################################################
# Entries: a state machine each, with the rule that starts it
################################################################################

locals {
  # The states that act on one batch of orders (validate, store, reject, de-duplicate, alert), written once: the
  # distributed Map's Express children run them, and so does the Express entry.
  order_batch_states = templatefile("${path.module}/templates/order-batch.asl.json.tftpl", {
    validator_function_arn          = module.lambda_function["validator"].function_arn
    zone_writer_function_arn        = module.lambda_function["zone_writer"].function_arn
    orders_table_name               = aws_dynamodb_table.orders.name
    rejected_queue_url              = aws_sqs_queue.rejected_orders.url
    dead_letter_queue_url           = aws_sqs_queue.dead_letter.url
    alerts_topic_arn                = var.alerts_topic_arn
    alert_mark_update_expression    = local.alert_mark.update_expression
    alert_mark_condition_expression = local.alert_mark.condition_expression
  })

  # The update that marks a stored order's alert as sent: MarkOrderAlerted makes it, and so does the operator's
  # redrive of an AlertPublishedNotMarked dead letter (the order-documents adapter reads the same file).
  alert_mark = jsondecode(file("${path.module}/alert-mark.json"))

  # Order files over small_file_max_bytes go to the Standard machine (a distributed Map of Express children); the
  # others to the Express entry, which hands a file of too many batches over to the Standard machine.
  entries = {
    standard = {
      name                      = var.state_machine_name
      type                      = "STANDARD"
      role_description          = "Execution role of the order-pipeline state machine (the Standard parent and its Express children)."
      role_policy_name          = "order-pipeline"
      role_policy_json          = data.aws_iam_policy_document.state_machine.json
      rule_name                 = var.object_created_rule_name
      rule_description          = "Starts the order pipeline for every order file of more than ${var.small_file_max_bytes} bytes created under ${var.incoming_prefix} in ${var.data_lake_bucket_name}."
      size_operator             = ">"
      rule_role_description     = "Lets the object-created rule start executions of the order-pipeline state machine."
      rule_role_policy_name     = "start-order-pipeline"
      rule_policy_statement_sid = "StartOrderPipeline"
      target_id                 = "order-pipeline"
      definition = templatefile("${path.module}/templates/state-machine.asl.json.tftpl", {
        order_batch_states        = local.order_batch_states
        preparer_function_arn     = module.lambda_function["order_file_preparer"].function_arn
        max_order_json_bytes      = local.max_order_json_bytes
        rejected_queue_url        = aws_sqs_queue.rejected_orders.url
        data_lake_bucket          = var.data_lake_bucket_name
        results_prefix            = var.results_prefix
        max_items_per_batch       = var.max_items_per_batch
        max_input_bytes_per_batch = var.max_input_bytes_per_batch
        max_concurrency           = var.max_concurrency
      })
    }
    express = {
      name                      = var.small_file_state_machine_name
      type                      = "EXPRESS"
      role_description          = "Execution role of the Express state machine for small order files."
      role_policy_name          = "small-order-files"
      role_policy_json          = data.aws_iam_policy_document.small_file.json
      rule_name                 = var.small_file_rule_name
      rule_description          = "Starts the Express entry for every order file of at most ${var.small_file_max_bytes} bytes created under ${var.incoming_prefix} in ${var.data_lake_bucket_name}."
      size_operator             = "<="
      rule_role_description     = "Lets the small-file rule start executions of the Express state machine for small order files."
      rule_role_policy_name     = "start-small-order-files"
      rule_policy_statement_sid = "StartSmallOrderFiles"
      target_id                 = "small-order-files"
      definition = templatefile("${path.module}/templates/small-order-file.asl.json.tftpl", {
        order_batch_states         = local.order_batch_states
        validator_function_arn     = module.lambda_function["validator"].function_arn
        rejected_queue_url         = aws_sqs_queue.rejected_orders.url
        dead_letter_queue_url      = aws_sqs_queue.dead_letter.url
        standard_state_machine_arn = local.state_machine_arn
        max_items_per_batch        = var.max_items_per_batch
        max_input_bytes_per_batch  = var.max_input_bytes_per_batch
        max_concurrency            = var.max_concurrency
      })
    }
  }
}

module "state_machine_entry" {
  source   = "../state-machine-entry"
  for_each = local.entries

  name             = each.value.name
  type             = each.value.type
  definition       = each.value.definition
  role_description = each.value.role_description
  role_policy_name = each.value.role_policy_name
  role_policy_json = each.value.role_policy_json

  log_level             = var.state_machine_log_level
  log_retention_in_days = var.log_retention_in_days
  logs_kms_key_arn      = var.logs_kms_key_arn

  rule_name        = each.value.rule_name
  rule_description = each.value.rule_description
  event_pattern = templatefile("${path.module}/templates/object-created.event-pattern.json.tftpl", {
    bucket_name          = var.data_lake_bucket_name
    incoming_prefix      = var.incoming_prefix
    size_operator        = each.value.size_operator
    small_file_max_bytes = var.small_file_max_bytes
  })
  rule_role_description     = each.value.rule_role_description
  rule_role_policy_name     = each.value.rule_role_policy_name
  rule_policy_statement_sid = each.value.rule_policy_statement_sid
  target_id                 = each.value.target_id
  retry_policy              = var.object_created_rule_retry_policy
  dead_letter_queue_arn     = aws_sqs_queue.dead_letter.arn

  role_permissions_boundary = var.role_permissions_boundary
  role_path                 = var.role_path

  tags = var.tags
}

# The entries were written out once each before this module: their resources keep their state.

moved {
  from = aws_cloudwatch_log_group.state_machine
  to   = module.state_machine_entry["standard"].aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.state_machine
  to   = module.state_machine_entry["standard"].aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.state_machine
  to   = module.state_machine_entry["standard"].aws_iam_role_policy.this
}

moved {
  from = aws_sfn_state_machine.this
  to   = module.state_machine_entry["standard"].aws_sfn_state_machine.this
}

moved {
  from = aws_cloudwatch_event_rule.object_created
  to   = module.state_machine_entry["standard"].aws_cloudwatch_event_rule.this
}

moved {
  from = aws_iam_role.object_created_rule
  to   = module.state_machine_entry["standard"].aws_iam_role.rule
}

moved {
  from = aws_iam_role_policy.object_created_rule
  to   = module.state_machine_entry["standard"].aws_iam_role_policy.rule
}

moved {
  from = aws_cloudwatch_event_target.object_created
  to   = module.state_machine_entry["standard"].aws_cloudwatch_event_target.this
}

moved {
  from = aws_cloudwatch_log_group.small_file
  to   = module.state_machine_entry["express"].aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.small_file
  to   = module.state_machine_entry["express"].aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.small_file
  to   = module.state_machine_entry["express"].aws_iam_role_policy.this
}

moved {
  from = aws_sfn_state_machine.small_file
  to   = module.state_machine_entry["express"].aws_sfn_state_machine.this
}

moved {
  from = aws_cloudwatch_event_rule.small_file
  to   = module.state_machine_entry["express"].aws_cloudwatch_event_rule.this
}

moved {
  from = aws_iam_role.small_file_rule
  to   = module.state_machine_entry["express"].aws_iam_role.rule
}

moved {
  from = aws_iam_role_policy.small_file_rule
  to   = module.state_machine_entry["express"].aws_iam_role_policy.rule
}

moved {
  from = aws_cloudwatch_event_target.small_file
  to   = module.state_machine_entry["express"].aws_cloudwatch_event_target.this
}

################################################################################
# EventBridge: failed, timed-out and aborted executions -> dead-letter queue
################################################################################

resource "aws_cloudwatch_event_rule" "execution_failed" {
  name           = var.execution_failed_rule_name
  description    = "Sends failed, timed-out and aborted executions of the order pipeline to the dead-letter queue (the event carries the execution's input: redrivable)."
  event_bus_name = "default"

  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      stateMachineArn = [module.state_machine_entry["standard"].state_machine_arn]
      status          = ["FAILED", "TIMED_OUT", "ABORTED"]
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "execution_failed" {
  rule           = aws_cloudwatch_event_rule.execution_failed.name
  event_bus_name = aws_cloudwatch_event_rule.execution_failed.event_bus_name
  target_id      = "dead-letter-queue"
  arn            = aws_sqs_queue.dead_letter.arn

  retry_policy {
    maximum_event_age_in_seconds = var.execution_failed_rule_retry_policy.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.execution_failed_rule_retry_policy.maximum_retry_attempts
  }

  # Not the dead-letter queue itself: what cannot be delivered there would fail there again.
  dead_letter_config {
    arn = aws_sqs_queue.undelivered_events.arn
  }
}
