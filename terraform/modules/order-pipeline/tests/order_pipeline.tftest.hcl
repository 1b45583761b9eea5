# The order-pipeline module's contract, planned and applied against a mocked AWS provider: the rendered state
# machine, the event pattern, IAM, encryption, logs and tags; and the variable validations.

mock_provider "aws" {
  source = "../../tests/mocks"

  # Each policy document gets JSON of its own (the shared mock gives every document the same): an assertion that a
  # role, a queue or a composed document takes a given document can tell them apart.
  override_data {
    target = data.aws_iam_policy_document.order_batch_states
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockOrderBatchStates\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.state_machine_delivery
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockStateMachineDelivery\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.state_machine
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockStateMachine\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.small_file
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockSmallFile\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.queue["rejected_orders"]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockQueuerejectedOrders\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.queue["dead_letter"]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockQueuedeadLetter\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.queue["undelivered_events"]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockQueueundeliveredEvents\"}]}" }
  }

  override_resource {
    target = aws_dynamodb_table.orders
    values = { arn = "arn:aws:dynamodb:us-east-1:123456789012:table/test-orders" }
  }

  override_resource {
    target = aws_sqs_queue.rejected_orders
    values = {
      arn = "arn:aws:sqs:us-east-1:123456789012:test-rejected-orders"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/test-rejected-orders"
    }
  }

  override_resource {
    target = aws_sqs_queue.dead_letter
    values = {
      arn = "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/test-dead-letter"
    }
  }

  override_resource {
    target = module.lambda_function["validator"].aws_lambda_function.this
    values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:test-order-validator" }
  }

  override_resource {
    target = module.lambda_function["zone_writer"].aws_lambda_function.this
    values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer" }
  }

  override_resource {
    target = module.lambda_function["order_file_preparer"].aws_lambda_function.this
    values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:test-order-file-preparer" }
  }

  override_resource {
    target = module.state_machine_entry["standard"].aws_cloudwatch_event_rule.this
    values = { arn = "arn:aws:events:us-east-1:123456789012:rule/test-order-file-created" }
  }

  override_resource {
    target = aws_cloudwatch_event_rule.execution_failed
    values = { arn = "arn:aws:events:us-east-1:123456789012:rule/test-order-pipeline-failed" }
  }

  override_resource {
    target = module.state_machine_entry["standard"].aws_sfn_state_machine.this
    values = { arn = "arn:aws:states:us-east-1:123456789012:stateMachine:test-order-pipeline" }
  }

  override_resource {
    target = module.state_machine_entry["express"].aws_sfn_state_machine.this
    values = { arn = "arn:aws:states:us-east-1:123456789012:stateMachine:test-small-order-files" }
  }

  override_resource {
    target = module.state_machine_entry["express"].aws_cloudwatch_event_rule.this
    values = { arn = "arn:aws:events:us-east-1:123456789012:rule/test-small-order-file-created" }
  }
}

variables {
  state_machine_name            = "test-order-pipeline"
  validator_function_name       = "test-order-validator"
  preparer_function_name        = "test-order-file-preparer"
  zone_writer_function_name     = "test-zone-writer"
  orders_table_name             = "test-orders"
  rejected_orders_queue_name    = "test-rejected-orders"
  undelivered_events_queue_name = "test-undelivered-events"
  dead_letter_queue_name        = "test-dead-letter"
  object_created_rule_name      = "test-order-file-created"
  execution_failed_rule_name    = "test-order-pipeline-failed"
  small_file_state_machine_name = "test-small-order-files"
  small_file_rule_name          = "test-small-order-file-created"
  small_file_max_bytes          = 20000
  data_lake_bucket_name         = "test-data-lake"
  alerts_topic_arn              = "arn:aws:sns:us-east-1:123456789012:test-sales-alerts"
  validator_package_path        = "../../../dist/lambda/order-validator.zip"
  preparer_package_path         = "../../../dist/lambda/order-file-preparer.zip"
  zone_writer_package_path      = "../../../dist/lambda/zone-writer.zip"
  max_items_per_batch           = 25
  max_input_bytes_per_batch     = 32768
  max_concurrency               = 7
  metrics_namespace             = "test-metrics"
  tags                          = { team = "platform" }
}

run "apply" {
  assert {
    condition     = module.state_machine_entry["standard"].state_machine_type == "STANDARD" && module.state_machine_entry["express"].state_machine_type == "EXPRESS"
    error_message = "The parent state machine is STANDARD (a distributed Map runs in a Standard workflow); the small-file entry is EXPRESS."
  }

  assert {
    condition     = module.state_machine_entry["standard"].log_group_name == "/aws/vendedlogs/states/test-order-pipeline" && module.state_machine_entry["express"].log_group_name == "/aws/vendedlogs/states/test-small-order-files"
    error_message = "Each entry logs to its own log group, named after its state machine."
  }

  assert {
    condition     = aws_dynamodb_table.orders.server_side_encryption[0].enabled && aws_dynamodb_table.orders.point_in_time_recovery[0].enabled
    error_message = "The orders table is encrypted at rest and has point-in-time recovery."
  }

  assert {
    condition     = aws_dynamodb_table.orders.hash_key == "order_id" && aws_dynamodb_table.orders.billing_mode == "PAY_PER_REQUEST"
    error_message = "The orders table is keyed by order_id, on demand."
  }

  assert {
    condition     = aws_sqs_queue.rejected_orders.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter.sqs_managed_sse_enabled
    error_message = "Both queues are encrypted at rest."
  }

  assert {
    condition     = aws_sqs_queue.rejected_orders.message_retention_seconds == 1209600 && aws_sqs_queue.dead_letter.message_retention_seconds == 1209600
    error_message = "Both queues keep messages the 14 days SQS allows at most."
  }

  assert {
    condition = alltrue([for tags in [
      aws_dynamodb_table.orders.tags,
      aws_sqs_queue.rejected_orders.tags,
      aws_sqs_queue.dead_letter.tags,
      aws_cloudwatch_event_rule.execution_failed.tags,
    ] : tags == tomap({ team = "platform" })])
    error_message = "The module's tags reach its resources."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.execution_failed.event_pattern) == {
      source        = ["aws.states"]
      "detail-type" = ["Step Functions Execution Status Change"]
      detail        = { stateMachineArn = [module.state_machine_entry["standard"].state_machine_arn], status = ["FAILED", "TIMED_OUT", "ABORTED"] }
    } && aws_cloudwatch_event_target.execution_failed.arn == aws_sqs_queue.dead_letter.arn
    error_message = "Failed, timed-out and aborted executions of this state machine go to the dead-letter queue."
  }

  assert {
    condition = [
      one(aws_cloudwatch_event_target.execution_failed.retry_policy).maximum_event_age_in_seconds,
      one(aws_cloudwatch_event_target.execution_failed.retry_policy).maximum_retry_attempts,
      one(aws_cloudwatch_event_target.execution_failed.dead_letter_config).arn,
      aws_sqs_queue.undelivered_events.name,
    ] == [86400, 185, aws_sqs_queue.undelivered_events.arn, "test-undelivered-events"] && aws_sqs_queue.undelivered_events.arn != aws_sqs_queue.dead_letter.arn
    error_message = "EventBridge retries a failed execution's event for a day, then puts it on a queue of its own (not the dead-letter queue it could not reach)."
  }
}

run "queues_refuse_insecure_transport" {
  assert {
    condition = alltrue([for queue, document in data.aws_iam_policy_document.queue : alltrue([
      for statement in document.statement : alltrue([
        statement.effect == "Deny",
        one(statement.condition).variable == "aws:SecureTransport",
        one(statement.condition).values == tolist(["false"]),
        statement.resources == toset([local.queues[queue].arn]),
      ]) if statement.sid == "DenyInsecureTransport"
    ])]) && toset(keys(data.aws_iam_policy_document.queue)) == toset(["rejected_orders", "dead_letter", "undelivered_events"]) && alltrue([for document in data.aws_iam_policy_document.queue : contains([for statement in document.statement : statement.sid], "DenyInsecureTransport")])
    error_message = "Each of the three queues denies every request not made over TLS."
  }

  assert {
    condition = { for queue, policy in aws_sqs_queue_policy.this : queue => [policy.queue_url, policy.policy] } == {
      rejected_orders    = [aws_sqs_queue.rejected_orders.id, data.aws_iam_policy_document.queue["rejected_orders"].json]
      dead_letter        = [aws_sqs_queue.dead_letter.id, data.aws_iam_policy_document.queue["dead_letter"].json]
      undelivered_events = [aws_sqs_queue.undelivered_events.id, data.aws_iam_policy_document.queue["undelivered_events"].json]
    }
    error_message = "Every queue has one policy, its document."
  }

  assert {
    condition = jsonencode({ for queue, document in data.aws_iam_policy_document.queue : queue => sort(flatten([for statement in document.statement : [for condition in statement.condition : condition.values] if statement.sid == "EventBridgeRulesSendMessage"])) }) == jsonencode({
      dead_letter        = ["arn:aws:events:us-east-1:123456789012:rule/test-order-file-created", "arn:aws:events:us-east-1:123456789012:rule/test-order-pipeline-failed", "arn:aws:events:us-east-1:123456789012:rule/test-small-order-file-created"]
      rejected_orders    = []
      undelivered_events = ["arn:aws:events:us-east-1:123456789012:rule/test-order-pipeline-failed"]
    })
    error_message = "Only this module's three rules may send to the dead-letter queue, only the execution-failed rule to the undelivered-events queue, and no rule to the rejected-orders queue."
  }
}

run "small_file_entry" {
  assert {
    condition     = module.state_machine_entry["express"].target_retry_policy == module.state_machine_entry["standard"].target_retry_policy
    error_message = "The small-file rule's target retries as the Standard target does."
  }

  assert {
    condition = jsonencode({ for statement in concat(data.aws_iam_policy_document.order_batch_states.statement, data.aws_iam_policy_document.small_file.statement) : statement.sid => sort(statement.resources) if !contains(statement.resources, "*") }) == jsonencode({
      InvokeValidator              = sort(["arn:aws:lambda:us-east-1:123456789012:function:test-order-validator", "arn:aws:lambda:us-east-1:123456789012:function:test-order-validator:*"])
      InvokeZoneWriter             = sort(["arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer", "arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer:*"])
      WriteOrders                  = ["arn:aws:dynamodb:us-east-1:123456789012:table/test-orders"]
      SendRejectionsAndDeadLetters = sort(["arn:aws:sqs:us-east-1:123456789012:test-rejected-orders", "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"])
      PublishAlerts                = ["arn:aws:sns:us-east-1:123456789012:test-sales-alerts"]
      ReadOrderFiles               = ["arn:aws:s3:::test-data-lake/incoming/*"]
      HandOverToStandardMachine    = ["arn:aws:states:us-east-1:123456789012:stateMachine:test-order-pipeline"]
    })
    error_message = "The Express entry's role reaches this pipeline's function, table, queues, topic, incoming prefix and the Standard machine only."
  }

  assert {
    condition = alltrue(flatten([for document in [data.aws_iam_policy_document.order_batch_states, data.aws_iam_policy_document.state_machine_delivery, data.aws_iam_policy_document.small_file] : [for statement in document.statement : [
      alltrue([for action in statement.actions : !strcontains(action, "*")]),
      !contains(statement.resources, "*") || alltrue([for action in statement.actions : startswith(action, "logs:") || startswith(action, "xray:")]),
    ]]]))
    error_message = "The Express entry's IAM uses no wildcard actions, and \"*\" resources only for logs and X-Ray."
  }
}

run "small_file_states" {
  module {
    source = "./tests/asl-states"
  }

  variables {
    definition = run.apply.small_file_state_machine_definition
  }

  assert {
    condition     = output.query_language == "JSONPath" && length(output.maps_below_depth) == 0 && length(output.distributed_maps) == 0
    error_message = "The Express entry is JSONPath, with no distributed Map and no Map nested below three levels."
  }

  assert {
    condition     = length(output.tasks_without_retry) == 0 && length(output.tasks_without_catch) == 0 && length(output.retriers_without_jitter) == 0
    error_message = "Every Task of the Express entry has a Retry with full jitter and a Catch: ${jsonencode([output.tasks_without_retry, output.tasks_without_catch, output.retriers_without_jitter])}."
  }

  assert {
    condition     = length(output.next_targets_missing) == 0
    error_message = "Next, Catch, Choice and Default targets must name a state of the same States: ${jsonencode(output.next_targets_missing)}."
  }

  assert {
    condition = alltrue([for resource in values(output.task_resources) : contains([
      "arn:aws:states:::aws-sdk:s3:getObject",
      "arn:aws:states:::states:startExecution",
      "arn:aws:states:::lambda:invoke",
      "arn:aws:states:::sqs:sendMessage",
      "arn:aws:states:::dynamodb:putItem",
      "arn:aws:states:::dynamodb:getItem",
      "arn:aws:states:::dynamodb:updateItem",
      "arn:aws:states:::sns:publish",
    ], resource)])
    error_message = "The Express entry's Tasks call only the integrations its role allows: ${jsonencode(output.task_resources)}."
  }
}

run "event_pattern" {
  command = plan

  assert {
    condition = jsondecode(module.state_machine_entry["standard"].rule_event_pattern) == {
      source        = ["aws.s3"]
      "detail-type" = ["Object Created"]
      detail = {
        bucket = { name = ["test-data-lake"] }
        object = { key = [{ prefix = "incoming/" }], size = [{ numeric = [">", 20000] }] }
      }
    }
    error_message = "The rule matches Object Created events of the data-lake bucket under incoming/ of more than small_file_max_bytes only: ${module.state_machine_entry["standard"].rule_event_pattern}"
  }

  assert {
    condition = jsondecode(module.state_machine_entry["express"].rule_event_pattern) == merge(jsondecode(module.state_machine_entry["standard"].rule_event_pattern), {
      detail = {
        bucket = { name = ["test-data-lake"] }
        object = { key = [{ prefix = "incoming/" }], size = [{ numeric = ["<=", 20000] }] }
      }
    })
    error_message = "The small-file rule matches the same events of at most small_file_max_bytes, so every object matches exactly one rule: ${module.state_machine_entry["express"].rule_event_pattern}"
  }
}

run "rendered_definition" {
  command = plan

  assert {
    condition     = can(jsondecode(module.state_machine_entry["standard"].state_machine_definition))
    error_message = "The rendered definition must be JSON."
  }
}

run "state_machine_states" {
  module {
    source = "./tests/asl-states"
  }

  variables {
    definition = run.apply.state_machine_definition
  }

  assert {
    condition     = output.query_language == "JSONPath"
    error_message = "The definition is JSONPath (the local runner runs JSONPath only)."
  }

  assert {
    condition     = length(output.maps_below_depth) == 0
    error_message = "Maps nested below three levels escape these assertions: ${jsonencode(output.maps_below_depth)}."
  }

  assert {
    condition     = length(output.task_resources) > 0 && length(output.tasks_without_retry) == 0
    error_message = "Every Task has a Retry; these have none: ${jsonencode(output.tasks_without_retry)}."
  }

  assert {
    condition     = length(output.tasks_without_catch) == 0
    error_message = "Every Task has a Catch; these have none: ${jsonencode(output.tasks_without_catch)}."
  }

  assert {
    condition     = length(output.retriers_without_jitter) == 0
    error_message = "Every retrier backs off with JitterStrategy FULL; these do not: ${jsonencode(output.retriers_without_jitter)}."
  }

  assert {
    condition     = length(output.next_targets_missing) == 0
    error_message = "Next, Catch, Choice and Default targets must name a state of the same States: ${jsonencode(output.next_targets_missing)}."
  }

  assert {
    condition = length(output.distributed_maps) == 1 && alltrue([for map in values(output.distributed_maps) : map == {
      execution_type      = "EXPRESS"
      item_reader         = "arn:aws:states:::s3:getObject"
      result_writer       = "arn:aws:states:::s3:putObject"
      result_bucket       = "test-data-lake"
      result_prefix       = "results/"
      max_items_per_batch = 25
      max_input_bytes     = 32768
      max_concurrency     = 7
    }])
    error_message = "One distributed Map of Express children reads the file with s3:getObject, writes results under results/ and takes its batch caps and concurrency from the variables: ${jsonencode(output.distributed_maps)}."
  }

  assert {
    condition = alltrue([for resource in values(output.task_resources) : contains([
      "arn:aws:states:::lambda:invoke",
      "arn:aws:states:::sqs:sendMessage",
      "arn:aws:states:::dynamodb:putItem",
      "arn:aws:states:::dynamodb:getItem",
      "arn:aws:states:::dynamodb:updateItem",
      "arn:aws:states:::sns:publish",
    ], resource)])
    error_message = "Tasks call only the integrations the state machine's role allows: ${jsonencode(output.task_resources)}."
  }
}

run "policy_documents" {
  assert {
    condition = jsonencode({
      for name, document in {
        order_batch_states       = data.aws_iam_policy_document.order_batch_states
        state_machine_delivery   = data.aws_iam_policy_document.state_machine_delivery
        state_machine            = data.aws_iam_policy_document.state_machine
        small_file               = data.aws_iam_policy_document.small_file
        rejected_orders_queue    = data.aws_iam_policy_document.queue["rejected_orders"]
        dead_letter_queue        = data.aws_iam_policy_document.queue["dead_letter"]
        undelivered_events_queue = data.aws_iam_policy_document.queue["undelivered_events"]
      } : name => sort([for statement in document.statement : statement.sid])
      }) == jsonencode({
      order_batch_states       = ["InvokeValidator", "InvokeZoneWriter", "PublishAlerts", "SendRejectionsAndDeadLetters", "WriteOrders"]
      state_machine_delivery   = ["DeliverLogs", "WriteTraces"]
      state_machine            = ["InvokeOrderFilePreparer", "ManageChildExecutions", "ReadOrderFiles", "StartChildExecutions", "WriteMapRunResults"]
      small_file               = ["HandOverToStandardMachine", "ReadOrderFiles"]
      rejected_orders_queue    = ["DenyInsecureTransport"]
      dead_letter_queue        = ["DenyInsecureTransport", "EventBridgeRulesSendMessage"]
      undelivered_events_queue = ["DenyInsecureTransport", "EventBridgeRulesSendMessage"]
    })
    error_message = "Each policy document has exactly its statements: one deleted or added fails here."
  }

  assert {
    condition = alltrue([for document in [data.aws_iam_policy_document.state_machine, data.aws_iam_policy_document.small_file] : document.source_policy_documents == tolist([
      data.aws_iam_policy_document.order_batch_states.json,
      data.aws_iam_policy_document.state_machine_delivery.json,
    ])])
    error_message = "Both entries' documents take in the order-batch states' statements and the log and trace delivery."
  }

  assert {
    condition = [local.entries.standard.role_policy_json, local.entries.express.role_policy_json] == [
      data.aws_iam_policy_document.state_machine.json,
      data.aws_iam_policy_document.small_file.json,
    ]
    error_message = "The Standard machine's role takes the state_machine document, the Express entry's role the small_file document."
  }
}

run "iam" {
  # No wildcard action allowed anywhere (the queues' TLS-only Deny covers every action on purpose); "*" as a resource
  # only where AWS documents no resource-level permissions (CloudWatch Logs delivery, X-Ray).
  assert {
    condition = alltrue(flatten([for document in [
      data.aws_iam_policy_document.order_batch_states,
      data.aws_iam_policy_document.state_machine_delivery,
      data.aws_iam_policy_document.state_machine,
      data.aws_iam_policy_document.queue["dead_letter"],
      ] : [for statement in document.statement : [
        statement.effect == "Deny" || alltrue([for action in statement.actions : !strcontains(action, "*")]),
        !contains(statement.resources, "*") || alltrue([for action in statement.actions : startswith(action, "logs:") || startswith(action, "xray:")]),
    ]]]))
    error_message = "IAM statements use no wildcard actions, and \"*\" resources only for logs and X-Ray."
  }

  assert {
    condition = jsonencode({ for statement in concat(data.aws_iam_policy_document.order_batch_states.statement, data.aws_iam_policy_document.state_machine.statement) : statement.sid => sort(statement.resources) if !contains(statement.resources, "*") }) == jsonencode({
      InvokeValidator              = sort(["arn:aws:lambda:us-east-1:123456789012:function:test-order-validator", "arn:aws:lambda:us-east-1:123456789012:function:test-order-validator:*"])
      InvokeZoneWriter             = sort(["arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer", "arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer:*"])
      InvokeOrderFilePreparer      = sort(["arn:aws:lambda:us-east-1:123456789012:function:test-order-file-preparer", "arn:aws:lambda:us-east-1:123456789012:function:test-order-file-preparer:*"])
      WriteOrders                  = ["arn:aws:dynamodb:us-east-1:123456789012:table/test-orders"]
      SendRejectionsAndDeadLetters = sort(["arn:aws:sqs:us-east-1:123456789012:test-rejected-orders", "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"])
      PublishAlerts                = ["arn:aws:sns:us-east-1:123456789012:test-sales-alerts"]
      ReadOrderFiles               = sort(["arn:aws:s3:::test-data-lake/incoming/*", "arn:aws:s3:::test-data-lake/prepared/*"])
      WriteMapRunResults           = ["arn:aws:s3:::test-data-lake/results/*"]
      StartChildExecutions         = ["arn:aws:states:us-east-1:123456789012:stateMachine:test-order-pipeline"]
      ManageChildExecutions = sort([
        "arn:aws:states:us-east-1:123456789012:execution:test-order-pipeline:*",
        "arn:aws:states:us-east-1:123456789012:execution:test-order-pipeline/*",
      ])
    })
    error_message = "Each state machine statement is scoped to this pipeline's function, table, queues, topic, bucket prefixes and executions; got ${jsonencode({ for statement in concat(data.aws_iam_policy_document.order_batch_states.statement, data.aws_iam_policy_document.state_machine.statement) : statement.sid => sort(statement.resources) if !contains(statement.resources, "*") })}."
  }

}

run "zone_writer_function" {
  command = plan

  assert {
    condition     = module.lambda_function["zone_writer"].function_name == "test-zone-writer" && module.lambda_function["zone_writer"].log_group_name == "/aws/lambda/test-zone-writer"
    error_message = "The zone writer and its log group are named from zone_writer_function_name."
  }

  assert {
    condition = jsonencode(local.lambda_functions.zone_writer.policy_statements) == jsonencode({
      ReadStoredOrders = { actions = ["dynamodb:BatchGetItem"], resources = [aws_dynamodb_table.orders.arn] }
      WriteZoneObjects = { actions = ["s3:PutObject"], resources = ["arn:aws:s3:::test-data-lake/analytics/*"] }
    })
    error_message = "The zone writer reads the orders table (BatchGetItem) and puts objects only under analytics/: no wildcard action, no other prefix."
  }

  assert {
    condition = alltrue([for states in [
      jsondecode(module.state_machine_entry["standard"].state_machine_definition).States.ProcessOrderFile.ItemProcessor.States,
      jsondecode(module.state_machine_entry["express"].state_machine_definition).States.ProcessBatches.ItemProcessor.States,
      ] : (
      states.StoreVerdicts.Next == "WriteZone" && states.StoreVerdicts.ResultPath == "$.outcomes" &&
      states.WriteZone.Resource == "arn:aws:states:::lambda:invoke" &&
      states.WriteZone.Parameters.FunctionName == "arn:aws:lambda:us-east-1:123456789012:function:test-zone-writer" &&
      states.WriteZone.OutputPath == "$.outcomes" && states.WriteZone.TimeoutSeconds > var.zone_writer_timeout &&
      one(states.WriteZone.Catch).Next == "SendZoneWriteToDeadLetterQueue" &&
      states.SendZoneWriteToDeadLetterQueue.Parameters.MessageBody.type == "zone-write-failed" &&
      # No order content in the writer's input: the verdicts without items, the outcomes, the file, the ingestion time.
      sort(keys(states.WriteZone.Parameters.Payload)) == sort(["source.$", "ingestedAt.$", "verdicts.$", "outcomes.$"]) &&
      states.WriteZone.Parameters.Payload["verdicts.$"] == "$.zoneVerdicts"
    )])
    error_message = "Both entries run WriteZone after StoreVerdicts, invoking the zone writer with no order content, its failures dead-lettered as zone-write-failed."
  }
}

run "preparer_function" {
  command = plan

  assert {
    condition     = module.lambda_function["order_file_preparer"].function_name == "test-order-file-preparer" && module.lambda_function["order_file_preparer"].log_group_name == "/aws/lambda/test-order-file-preparer"
    error_message = "The preparer and its log group are named from preparer_function_name."
  }

  assert {
    condition = jsonencode(local.lambda_functions.order_file_preparer.policy_statements) == jsonencode({
      ReadOrderFiles      = { actions = ["s3:GetObject", "s3:GetObjectVersion"], resources = ["arn:aws:s3:::test-data-lake/incoming/*"] }
      WritePreparedCopies = { actions = ["s3:AbortMultipartUpload", "s3:PutObject"], resources = ["arn:aws:s3:::test-data-lake/prepared/*"] }
    })
    error_message = "The preparer reads order files under incoming/ and writes only under prepared/."
  }

  assert {
    condition = (
      one(jsondecode(module.state_machine_entry["standard"].state_machine_definition).States.MayHoldOversizedOrder.Choices).NumericGreaterThan == 32768 &&
      one(jsondecode(module.state_machine_entry["standard"].state_machine_definition).States.MayHoldOversizedOrder.Choices).Next == "PrepareOrderFile" &&
      jsondecode(module.state_machine_entry["standard"].state_machine_definition).States.MayHoldOversizedOrder.Default == "ProcessOrderFile" &&
      jsondecode(module.state_machine_entry["standard"].state_machine_definition).States.PrepareOrderFile.TimeoutSeconds > var.preparer_timeout
    )
    error_message = "Only a file over 32768 bytes is prepared, and the PrepareOrderFile Task outlives one preparer invocation."
  }
}

run "validator_function" {
  command = plan

  assert {
    condition     = module.lambda_function["validator"].function_name == "test-order-validator" && module.lambda_function["validator"].log_group_name == "/aws/lambda/test-order-validator"
    error_message = "The validator and its log group are named from validator_function_name."
  }

  assert {
    condition     = length(local.lambda_functions.validator.policy_statements) == 0 && local.lambda_functions.validator.role_policy_name == "order-validator"
    error_message = "The validator is pure (no grant besides its logs and traces), and its inline policy keeps the name order-validator (renaming it would replace it)."
  }

  assert {
    condition     = alltrue([for function in values(local.lambda_functions) : function.environment_variables.LOG_LEVEL == var.log_level && function.environment_variables.POWERTOOLS_METRICS_NAMESPACE == var.metrics_namespace])
    error_message = "Every function of the module logs at log_level and writes its metrics to metrics_namespace."
  }
}

run "rejects_a_batch_cap_above_the_validator_limit" {
  command = plan

  variables {
    max_items_per_batch = 161
  }

  expect_failures = [var.max_items_per_batch]
}

run "rejects_a_batch_byte_cap_above_48_kib" {
  command = plan

  variables {
    max_input_bytes_per_batch = 49153
  }

  expect_failures = [var.max_input_bytes_per_batch]
}

run "rejects_a_small_file_threshold_above_40_kib" {
  command = plan

  variables {
    small_file_max_bytes = 40961
  }

  expect_failures = [var.small_file_max_bytes]
}

run "rejects_an_invalid_bucket_name" {
  command = plan

  variables {
    data_lake_bucket_name = "Not_A_Bucket"
  }

  expect_failures = [var.data_lake_bucket_name]
}

run "rejects_a_prefix_without_slash" {
  command = plan

  variables {
    incoming_prefix = "incoming"
  }

  expect_failures = [var.incoming_prefix]
}

run "rejects_a_topic_that_is_no_sns_arn" {
  command = plan

  variables {
    alerts_topic_arn = "arn:aws:sqs:us-east-1:123456789012:not-a-topic"
  }

  expect_failures = [var.alerts_topic_arn]
}

run "rejects_a_preparer_timeout_above_the_task_timeout" {
  command = plan

  variables {
    preparer_timeout = 301
  }

  expect_failures = [var.preparer_timeout]
}

run "rejects_a_validator_timeout_above_the_task_timeout" {
  command = plan

  variables {
    validator_timeout = 16
  }

  expect_failures = [var.validator_timeout]
}
