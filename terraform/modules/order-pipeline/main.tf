data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id

  data_lake_bucket_arn = "arn:${local.partition}:s3:::${var.data_lake_bucket_name}"

  # The state machine's role cannot reference aws_sfn_state_machine.this (a cycle), so its own
  # ARN, and the ARNs of its executions, are built from the name: `execution:<name>:*` as AWS's
  # distributed-Map IAM example grants it, and `execution:<name>/*` for the Map Run's child executions.
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

  # The preparer reads the version the event names and writes only its copies (a multipart upload for a large one,
  # aborted if it fails). The bucket is SSE-S3 encrypted: no KMS grant. Step Functions invokes it synchronously, so
  # it has no on-failure destination.
  preparer_policy_statements = {
    ReadOrderFiles = {
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = ["${local.data_lake_bucket_arn}/${var.incoming_prefix}*"]
    }
    WritePreparedCopies = {
      actions   = ["s3:AbortMultipartUpload", "s3:PutObject"]
      resources = ["${local.data_lake_bucket_arn}/${var.prepared_prefix}*"]
    }
  }
}

################################################################################
# Validator Lambda
################################################################################

module "validator" {
  source = "../lambda-function"

  function_name = var.validator_function_name
  description   = "Validates one batch of orders from the distributed Map and returns one verdict per order."
  package_path  = var.validator_package_path

  memory_size                    = var.validator_memory_size
  timeout                        = var.validator_timeout
  reserved_concurrent_executions = var.validator_reserved_concurrent_executions

  environment_variables = {
    HIGH_VALUE_THRESHOLD         = tostring(var.high_value_threshold)
    LOG_LEVEL                    = var.log_level
    POWERTOOLS_SERVICE_NAME      = "order-validator"
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
  }

  log_level             = var.log_level
  log_retention_in_days = var.log_retention_in_days
  logs_kms_key_arn      = var.logs_kms_key_arn

  # The validator is pure: its role writes logs and traces, nothing else. Step Functions invokes it
  # synchronously (the Task's Retry and Catch handle failures), so it has no on-failure destination.
  # The inline policy keeps its name: renaming it would replace it.
  role_policy_name = "order-validator"

  tags = var.tags
}

moved {
  from = aws_lambda_function.validator
  to   = module.validator.aws_lambda_function.this
}

moved {
  from = aws_cloudwatch_log_group.validator
  to   = module.validator.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.validator
  to   = module.validator.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.validator
  to   = module.validator.aws_iam_role_policy.this
}

################################################################################
# Order-file preparer Lambda
################################################################################

module "order_file_preparer" {
  source = "../lambda-function"

  function_name = var.preparer_function_name
  description   = "Copies an order file that holds an order over the 32 KiB cap to the prepared prefix, that order replaced by its size, so that the rest of the file can be batched."
  package_path  = var.preparer_package_path

  memory_size = var.preparer_memory_size
  timeout     = var.preparer_timeout

  environment_variables = {
    PREPARED_PREFIX              = var.prepared_prefix
    LOG_LEVEL                    = var.log_level
    POWERTOOLS_SERVICE_NAME      = "order-file-preparer"
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
  }

  log_level             = var.log_level
  log_retention_in_days = var.log_retention_in_days
  logs_kms_key_arn      = var.logs_kms_key_arn

  policy_statements = local.preparer_policy_statements

  tags = var.tags
}

################################################################################
# DynamoDB orders table
################################################################################

resource "aws_dynamodb_table" "orders" {
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

resource "aws_sqs_queue" "dead_letter" {
  name                      = var.dead_letter_queue_name
  message_retention_seconds = local.message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

# EventBridge delivers to an SQS target and to a target's dead-letter queue under the queue's
# resource policy; only this module's three rules may send. (Scheduler and Lambda on-failure
# destinations send with their own execution roles and need no statement here.)
data "aws_iam_policy_document" "dead_letter_queue" {
  statement {
    sid       = "EventBridgeRulesSendMessage"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values = [
        aws_cloudwatch_event_rule.object_created.arn,
        aws_cloudwatch_event_rule.small_file.arn,
        aws_cloudwatch_event_rule.execution_failed.arn,
      ]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter_queue.json
}

################################################################################
# State machine
################################################################################

resource "aws_cloudwatch_log_group" "state_machine" {
  # The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small for log delivery.
  name              = "/aws/vendedlogs/states/${var.state_machine_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

data "aws_iam_policy_document" "state_machine_assume_role" {
  statement {
    sid     = "StepFunctionsAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  name               = var.state_machine_name
  description        = "Execution role of the order-pipeline state machine (the Standard parent and its Express children)."
  assume_role_policy = data.aws_iam_policy_document.state_machine_assume_role.json

  tags = var.tags
}

# What the order-batch states need, in both machines (the Standard machine's children and the Express entry).
data "aws_iam_policy_document" "order_batch_states" {
  statement {
    sid     = "InvokeValidator"
    actions = ["lambda:InvokeFunction"]
    resources = [
      module.validator.function_arn,
      "${module.validator.function_arn}:*",
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
      module.order_file_preparer.function_arn,
      "${module.order_file_preparer.function_arn}:*",
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

resource "aws_iam_role_policy" "state_machine" {
  name   = "order-pipeline"
  role   = aws_iam_role.state_machine.id
  policy = data.aws_iam_policy_document.state_machine.json
}

locals {
  # The states that act on one batch of orders (validate, store, reject, de-duplicate, alert), written once: the
  # distributed Map's Express children run them.
  order_batch_states = templatefile("${path.module}/templates/order-batch.asl.json.tftpl", {
    validator_function_arn = module.validator.function_arn
    orders_table_name      = aws_dynamodb_table.orders.name
    rejected_queue_url     = aws_sqs_queue.rejected_orders.url
    dead_letter_queue_url  = aws_sqs_queue.dead_letter.url
    alerts_topic_arn       = var.alerts_topic_arn
  })
}

resource "aws_sfn_state_machine" "this" {
  name     = var.state_machine_name
  type     = "STANDARD"
  role_arn = aws_iam_role.state_machine.arn

  definition = templatefile("${path.module}/templates/state-machine.asl.json.tftpl", {
    order_batch_states        = local.order_batch_states
    preparer_function_arn     = module.order_file_preparer.function_arn
    max_order_json_bytes      = local.max_order_json_bytes
    rejected_queue_url        = aws_sqs_queue.rejected_orders.url
    data_lake_bucket          = var.data_lake_bucket_name
    results_prefix            = var.results_prefix
    max_items_per_batch       = var.max_items_per_batch
    max_input_bytes_per_batch = var.max_input_bytes_per_batch
    max_concurrency           = var.max_concurrency
  })

  # Orders carry contact info (personal data): never log execution data.
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    include_execution_data = false
    level                  = var.state_machine_log_level
  }

  tracing_configuration {
    enabled = true
  }

  encryption_configuration {
    type = "AWS_OWNED_KEY"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.state_machine]
}

################################################################################
# EventBridge: order file created -> state machine
################################################################################

resource "aws_cloudwatch_event_rule" "object_created" {
  name           = var.object_created_rule_name
  description    = "Starts the order pipeline for every order file of more than ${var.small_file_max_bytes} bytes created under ${var.incoming_prefix} in ${var.data_lake_bucket_name}."
  event_bus_name = "default"

  event_pattern = templatefile("${path.module}/templates/object-created.event-pattern.json.tftpl", {
    bucket_name          = var.data_lake_bucket_name
    incoming_prefix      = var.incoming_prefix
    size_operator        = ">"
    small_file_max_bytes = var.small_file_max_bytes
  })

  tags = var.tags
}

data "aws_iam_policy_document" "object_created_rule_assume_role" {
  statement {
    sid     = "EventBridgeAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.object_created.arn]
    }
  }
}

resource "aws_iam_role" "object_created_rule" {
  name               = var.object_created_rule_name
  description        = "Lets the object-created rule start executions of the order-pipeline state machine."
  assume_role_policy = data.aws_iam_policy_document.object_created_rule_assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "object_created_rule" {
  statement {
    sid       = "StartOrderPipeline"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.this.arn]
  }
}

resource "aws_iam_role_policy" "object_created_rule" {
  name   = "start-order-pipeline"
  role   = aws_iam_role.object_created_rule.id
  policy = data.aws_iam_policy_document.object_created_rule.json
}

resource "aws_cloudwatch_event_target" "object_created" {
  rule           = aws_cloudwatch_event_rule.object_created.name
  event_bus_name = aws_cloudwatch_event_rule.object_created.event_bus_name
  target_id      = "order-pipeline"
  arn            = aws_sfn_state_machine.this.arn
  role_arn       = aws_iam_role.object_created_rule.arn

  retry_policy {
    maximum_event_age_in_seconds = var.object_created_rule_retry_policy.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.object_created_rule_retry_policy.maximum_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
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
      stateMachineArn = [aws_sfn_state_machine.this.arn]
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
}

################################################################################
# Express entry for small order files: state machine, rule, target
################################################################################

resource "aws_cloudwatch_log_group" "small_file" {
  name              = "/aws/vendedlogs/states/${var.small_file_state_machine_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "small_file" {
  name               = var.small_file_state_machine_name
  description        = "Execution role of the Express state machine for small order files."
  assume_role_policy = data.aws_iam_policy_document.state_machine_assume_role.json

  tags = var.tags
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
    resources = [aws_sfn_state_machine.this.arn]
  }
}

resource "aws_iam_role_policy" "small_file" {
  name   = "small-order-files"
  role   = aws_iam_role.small_file.id
  policy = data.aws_iam_policy_document.small_file.json
}

resource "aws_sfn_state_machine" "small_file" {
  name     = var.small_file_state_machine_name
  type     = "EXPRESS"
  role_arn = aws_iam_role.small_file.arn

  definition = templatefile("${path.module}/templates/small-order-file.asl.json.tftpl", {
    order_batch_states         = local.order_batch_states
    validator_function_arn     = module.validator.function_arn
    rejected_queue_url         = aws_sqs_queue.rejected_orders.url
    dead_letter_queue_url      = aws_sqs_queue.dead_letter.url
    standard_state_machine_arn = aws_sfn_state_machine.this.arn
    max_items_per_batch        = var.max_items_per_batch
    max_input_bytes_per_batch  = var.max_input_bytes_per_batch
    max_concurrency            = var.max_concurrency
  })

  # Express executions have no execution history: the log group at this level is their record. Orders carry
  # contact info (personal data): never log execution data.
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.small_file.arn}:*"
    include_execution_data = false
    level                  = var.state_machine_log_level
  }

  tracing_configuration {
    enabled = true
  }

  encryption_configuration {
    type = "AWS_OWNED_KEY"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.small_file]
}

resource "aws_cloudwatch_event_rule" "small_file" {
  name           = var.small_file_rule_name
  description    = "Starts the Express entry for every order file of at most ${var.small_file_max_bytes} bytes created under ${var.incoming_prefix} in ${var.data_lake_bucket_name}."
  event_bus_name = "default"

  event_pattern = templatefile("${path.module}/templates/object-created.event-pattern.json.tftpl", {
    bucket_name          = var.data_lake_bucket_name
    incoming_prefix      = var.incoming_prefix
    size_operator        = "<="
    small_file_max_bytes = var.small_file_max_bytes
  })

  tags = var.tags
}

data "aws_iam_policy_document" "small_file_rule_assume_role" {
  statement {
    sid     = "EventBridgeAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.small_file.arn]
    }
  }
}

resource "aws_iam_role" "small_file_rule" {
  name               = var.small_file_rule_name
  description        = "Lets the small-file rule start executions of the Express state machine for small order files."
  assume_role_policy = data.aws_iam_policy_document.small_file_rule_assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "small_file_rule" {
  statement {
    sid       = "StartSmallOrderFiles"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.small_file.arn]
  }
}

resource "aws_iam_role_policy" "small_file_rule" {
  name   = "start-small-order-files"
  role   = aws_iam_role.small_file_rule.id
  policy = data.aws_iam_policy_document.small_file_rule.json
}

# EventBridge starts an Express execution asynchronously: a start it could not make is retried and then
# dead-lettered, like the Standard target's.
resource "aws_cloudwatch_event_target" "small_file" {
  rule           = aws_cloudwatch_event_rule.small_file.name
  event_bus_name = aws_cloudwatch_event_rule.small_file.event_bus_name
  target_id      = "small-order-files"
  arn            = aws_sfn_state_machine.small_file.arn
  role_arn       = aws_iam_role.small_file_rule.arn

  retry_policy {
    maximum_event_age_in_seconds = var.object_created_rule_retry_policy.maximum_event_age_in_seconds
    maximum_retry_attempts       = var.object_created_rule_retry_policy.maximum_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}
