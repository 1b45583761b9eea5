locals {
  # The dashboard shows the state machine's region (the whole pipeline lives in one).
  region             = element(split(":", var.state_machine_arn), 3)
  state_machine_name = element(split(":", var.state_machine_arn), 6)
  period             = var.period_seconds
  functions          = [var.lambda_functions.generator, var.lambda_functions.validator, var.lambda_functions.preparer, var.lambda_functions.zone]
  execution_metrics  = ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled"]
  topics             = [var.sales_alerts_topic_name, var.operations_topic_name]
  validator_service  = var.lambda_functions.validator.service_name
  generator_service  = var.lambda_functions.generator.service_name

  # One graph per entry, two per row, in this order.
  graphs = [
    {
      title   = "Order file executions (Standard: files above the small-file size)"
      stat    = "Sum"
      metrics = [for metric in local.execution_metrics : ["AWS/States", metric, "StateMachineArn", var.state_machine_arn]]
    },
    {
      title   = "Small order file executions (Express entry)"
      stat    = "Sum"
      metrics = [for metric in local.execution_metrics : ["AWS/States", metric, "StateMachineArn", var.small_file_state_machine_arn]]
    },
    {
      title = "Map Runs (batches of the distributed Map)"
      stat  = "Sum"
      metrics = concat(
        [
          for metric in ["ExecutionsStarted", "ExecutionsFailed"] : [{
            id         = "mapRun${metric}"
            label      = "Map Run children: ${metric}"
            expression = "SEARCH('{AWS/States,MapRunArn} MetricName=\"${metric}\" \"${local.state_machine_name}\"', 'Sum', ${local.period})"
          }]
        ],
        [["AWS/States", "ApproximateOpenMapRunCount", { stat = "Maximum", label = "open Map Runs (account)" }]],
      )
    },
    {
      title = "Orders validated (EMF)"
      stat  = "Sum"
      metrics = [
        for metric in ["OrdersValidated", "OrdersValid", "OrdersInvalid", "HighValueOrders"] :
        [var.metrics_namespace, metric, "service", local.validator_service]
      ]
    },
    {
      title = "Rejected orders by reason (EMF)"
      stat  = "Sum"
      metrics = [[{
        id         = "byReason"
        label      = ""
        expression = "SEARCH('{${var.metrics_namespace},reason,service} MetricName=\"OrdersInvalidByReason\" service=\"${local.validator_service}\"', 'Sum', ${local.period})"
      }]]
    },
    {
      title = "Generator files and cold starts (EMF)"
      stat  = "Sum"
      metrics = concat(
        [for metric in ["FilesWritten", "OrdersGenerated", "HighValueOrdersGenerated"] : [var.metrics_namespace, metric, "service", local.generator_service]],
        [for fn in local.functions : [var.metrics_namespace, "ColdStart", "function_name", fn.function_name, "service", fn.service_name]],
      )
    },
    {
      title = "Dead-letter queue: depth and age"
      stat  = "Maximum"
      metrics = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.dead_letter_queue_name, { yAxis = "right" }],
      ]
    },
    {
      title = "Rejected-orders queue: sent, depth and age"
      stat  = "Maximum"
      metrics = [
        ["AWS/SQS", "NumberOfMessagesSent", "QueueName", var.rejected_orders_queue_name, { stat = "Sum" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.rejected_orders_queue_name],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.rejected_orders_queue_name, { yAxis = "right" }],
      ]
    },
    {
      title = "Lambda errors and throttles"
      stat  = "Sum"
      metrics = concat(
        [for fn in local.functions : ["AWS/Lambda", "Errors", "FunctionName", fn.function_name]],
        [for fn in local.functions : ["AWS/Lambda", "Throttles", "FunctionName", fn.function_name]],
      )
    },
    {
      title = "Lambda duration (p99, ms)"
      stat  = "p99"
      metrics = [
        for fn in local.functions : ["AWS/Lambda", "Duration", "FunctionName", fn.function_name]
      ]
    },
    {
      title = "Notifications: published, delivered and failed (sales alerts, operations)"
      stat  = "Sum"
      metrics = [
        for pair in setproduct(local.topics, ["NumberOfMessagesPublished", "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed"]) :
        ["AWS/SNS", pair[1], "TopicName", pair[0]]
      ]
    },
    {
      title = "DynamoDB orders table throttles"
      stat  = "Sum"
      metrics = [
        for metric in ["WriteThrottleEvents", "ReadThrottleEvents"] : ["AWS/DynamoDB", metric, "TableName", var.orders_table_name]
      ]
    },
  ]

  dashboard_body = {
    widgets = [
      for index, graph in local.graphs : {
        type   = "metric"
        x      = (index % 2) * 12
        y      = floor(index / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = graph.title
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.period
          stat    = graph.stat
          metrics = graph.metrics
        }
      }
    ]
  }
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.dashboard_name
  dashboard_body = jsonencode(local.dashboard_body)
}
