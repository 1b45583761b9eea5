mock_provider "aws" {}

variables {
  dashboard_name    = "sales-pipeline-dev"
  metrics_namespace = "sales-pipeline-dev"
  state_machine_arn = "arn:aws:states:eu-central-1:123456789012:stateMachine:sales-pipeline-dev-order-pipeline"
  # The Express entry of small files.
  small_file_state_machine_arn = "arn:aws:states:eu-central-1:123456789012:stateMachine:sales-pipeline-dev-small-order-files"
  lambda_functions = {
    generator = { function_name = "sales-pipeline-dev-sales-generator", service_name = "sales-generator" }
    validator = { function_name = "sales-pipeline-dev-order-validator", service_name = "order-validator" }
    preparer  = { function_name = "sales-pipeline-dev-order-file-preparer", service_name = "order-file-preparer" }
    zone      = { function_name = "sales-pipeline-dev-zone-writer", service_name = "zone-writer" }
  }
  dead_letter_queue_name     = "sales-pipeline-dev-dead-letter"
  rejected_orders_queue_name = "sales-pipeline-dev-rejected-orders"
  orders_table_name          = "sales-pipeline-dev-orders"
  sales_alerts_topic_name    = "sales-pipeline-dev-sales-alerts"
  operations_topic_name      = "sales-pipeline-dev-operations"
}

run "every_widget_graphs_the_pipeline_metrics" {
  command = plan

  assert {
    condition     = aws_cloudwatch_dashboard.this.dashboard_name == "sales-pipeline-dev"
    error_message = "The dashboard takes dashboard_name."
  }

  assert {
    condition     = length(local.dashboard_body.widgets) == 12 && alltrue([for w in local.dashboard_body.widgets : w.properties.region == "eu-central-1" && w.properties.period == 300])
    error_message = "Twelve graphs, all in the state machine's region, with the default period."
  }

  # Every metric row [namespace, name, dimension, value, ...] of every widget, as "namespace name dim=value ...".
  assert {
    condition = length(setsubtract([
      "AWS/States ExecutionsStarted StateMachineArn=${var.state_machine_arn}",
      "AWS/States ExecutionsFailed StateMachineArn=${var.state_machine_arn}",
      "AWS/States ExecutionsTimedOut StateMachineArn=${var.state_machine_arn}",
      "AWS/States ExecutionsStarted StateMachineArn=${var.small_file_state_machine_arn}",
      "AWS/States ExecutionsFailed StateMachineArn=${var.small_file_state_machine_arn}",
      "AWS/States ExecutionsTimedOut StateMachineArn=${var.small_file_state_machine_arn}",
      "AWS/States ExecutionThrottled StateMachineArn=${var.state_machine_arn}",
      "AWS/States ExecutionThrottled StateMachineArn=${var.small_file_state_machine_arn}",
      "AWS/SNS NumberOfNotificationsFailed TopicName=sales-pipeline-dev-sales-alerts",
      "AWS/SNS NumberOfNotificationsFailed TopicName=sales-pipeline-dev-operations",
      "AWS/Lambda Throttles FunctionName=sales-pipeline-dev-sales-generator",
      "sales-pipeline-dev OrdersValidated service=order-validator",
      "sales-pipeline-dev OrdersValid service=order-validator",
      "sales-pipeline-dev OrdersInvalid service=order-validator",
      "sales-pipeline-dev HighValueOrders service=order-validator",
      "sales-pipeline-dev FilesWritten service=sales-generator",
      "sales-pipeline-dev ColdStart function_name=sales-pipeline-dev-order-validator service=order-validator",
      "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=sales-pipeline-dev-dead-letter",
      "AWS/SQS ApproximateAgeOfOldestMessage QueueName=sales-pipeline-dev-dead-letter",
      "AWS/SQS NumberOfMessagesSent QueueName=sales-pipeline-dev-rejected-orders",
      "AWS/SQS ApproximateAgeOfOldestMessage QueueName=sales-pipeline-dev-rejected-orders",
      "AWS/Lambda Errors FunctionName=sales-pipeline-dev-sales-generator",
      "AWS/Lambda Throttles FunctionName=sales-pipeline-dev-order-validator",
      "AWS/Lambda Errors FunctionName=sales-pipeline-dev-order-validator",
      "AWS/Lambda Duration FunctionName=sales-pipeline-dev-order-validator",
      "AWS/Lambda Errors FunctionName=sales-pipeline-dev-order-file-preparer",
      "AWS/Lambda Throttles FunctionName=sales-pipeline-dev-order-file-preparer",
      "AWS/Lambda Duration FunctionName=sales-pipeline-dev-order-file-preparer",
      "sales-pipeline-dev ColdStart function_name=sales-pipeline-dev-order-file-preparer service=order-file-preparer",
      "AWS/Lambda Errors FunctionName=sales-pipeline-dev-zone-writer",
      "AWS/Lambda Duration FunctionName=sales-pipeline-dev-zone-writer",
      "AWS/DynamoDB WriteThrottleEvents TableName=sales-pipeline-dev-orders",
      "AWS/DynamoDB ReadThrottleEvents TableName=sales-pipeline-dev-orders",
      ], [
      for row in [for m in concat([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.metrics]...) : m if can(tostring(m[0]))] :
      join(" ", concat([row[0], row[1]], [for i in range(2, length(row) - 1, 2) : "${row[i]}=${row[i + 1]}" if can(tostring(row[i]))]))
    ])) == 0
    error_message = "A metric the dashboard must graph is missing (or has other dimensions)."
  }

  assert {
    condition = alltrue([
      for row in [for m in concat([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.metrics]...) : m if can(tostring(m[0]))] :
      contains(["AWS/States", "AWS/SQS", "AWS/SNS", "AWS/Lambda", "AWS/DynamoDB", "sales-pipeline-dev"], row[0])
    ])
    error_message = "Each metric comes from an AWS namespace or the functions' EMF namespace, nothing else."
  }

  assert {
    condition = length([
      for row in concat([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.metrics]...) : row
      if can(row[0].expression) && strcontains(try(row[0].expression, ""), "MapRunArn") && strcontains(try(row[0].expression, ""), "sales-pipeline-dev-order-pipeline")
    ]) == 2
    error_message = "The Map Run graph searches the MapRunArn metrics of this state machine (started and failed)."
  }

  assert {
    condition = anytrue([
      for row in concat([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.metrics]...) :
      can(row[0].expression) && strcontains(try(row[0].expression, ""), "{sales-pipeline-dev,reason,service} MetricName=\"OrdersInvalidByReason\"")
    ])
    error_message = "Rejections by reason come from the EMF namespace's OrdersInvalidByReason metric."
  }
}

run "refuses_a_namespace_cloudwatch_reserves" {
  command = plan

  variables {
    metrics_namespace = "AWS/Lambda"
  }

  expect_failures = [var.metrics_namespace]
}

run "refuses_a_period_that_is_not_whole_minutes" {
  command = plan

  variables {
    period_seconds = 90
  }

  expect_failures = [var.period_seconds]
}
