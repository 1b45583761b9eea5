################################################################################
# Data lake
################################################################################

output "data_lake_bucket_name" {
  description = "Name of the data-lake bucket; upload order files under incoming/ (e.g. incoming/uploads/orders.json)."
  value       = module.data_lake.s3_bucket_name
}

output "data_lake_bucket_arn" {
  description = "ARN of the data-lake bucket."
  value       = module.data_lake.s3_bucket_arn
}

################################################################################
# Order pipeline
################################################################################

output "data_lake_access_log_bucket_name" {
  description = "Bucket of the data lake's S3 server access logs (null when data_lake_access_logging_enabled is false)."
  value       = module.data_lake.access_log_bucket_name
}

output "state_machine_arn" {
  description = "ARN of the order-pipeline state machine (one execution per order file)."
  value       = module.order_pipeline.state_machine_arn
}

output "orders_table_name" {
  description = "Name of the DynamoDB table of stored orders."
  value       = module.order_pipeline.orders_table_name
}

output "rejected_orders_queue_url" {
  description = "URL of the rejected-orders queue (business rejections with reasons)."
  value       = module.order_pipeline.rejected_orders_queue_url
}

output "dead_letter_queue_url" {
  description = "URL of the technical dead-letter queue (retries ran out; redrivable)."
  value       = module.order_pipeline.dead_letter_queue_url
}

output "dead_letter_queue_arn" {
  description = "ARN of the technical dead-letter queue."
  value       = module.order_pipeline.dead_letter_queue_arn
}

output "undelivered_events_queue_url" {
  description = "URL of the queue holding failed executions' events that EventBridge could not deliver to the dead-letter queue (docs/runbook.md, undelivered-events-queue-not-empty)."
  value       = module.order_pipeline.undelivered_events_queue_url
}

output "order_validator_function_name" {
  description = "Name of the order-validator Lambda function."
  value       = module.order_pipeline.validator_function_name
}

output "order_file_preparer_function_name" {
  description = "Name of the order-file-preparer Lambda function (copies a large order file with its oversized orders replaced by their size)."
  value       = module.order_pipeline.preparer_function_name
}

output "zone_writer_function_name" {
  description = "Name of the zone-writer Lambda function (writes each batch's analytics-zone objects under analytics/; the redrive of a zone-write-failed dead letter invokes it)."
  value       = module.order_pipeline.zone_writer_function_name
}

################################################################################
# Sales generator
################################################################################

output "sales_generator_function_name" {
  description = "Name of the sales-generator Lambda function."
  value       = module.sales_generator.lambda_function_name
}

output "sales_schedule_name" {
  description = "Name of the EventBridge Scheduler schedule that runs the generator."
  value       = module.sales_generator.schedule_name
}

output "sales_schedule_state" {
  description = "ENABLED or DISABLED: the generator's kill switch (variable generator_enabled)."
  value       = module.sales_generator.schedule_state
}

################################################################################
# Alerts
################################################################################

output "sales_alerts_topic_arn" {
  description = "ARN of the High Value Sale Alert SNS topic."
  value       = module.alerts.sales_alerts_topic_arn
}

output "operations_topic_arn" {
  description = "ARN of the operations SNS topic that receives the CloudWatch alarms."
  value       = module.alerts.operations_topic_arn
}

output "alarm_actions" {
  description = "Where every alarm notifies: the operations topic, then operations_alarm_topic_arns."
  value       = module.alerts.alarm_actions
}

output "operations_kms_key_arn" {
  description = "ARN of the customer-managed KMS key encrypting the operations topic."
  value       = module.alerts.kms_key_arn
}

################################################################################
# Dashboard
################################################################################

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard of the pipeline (executions, Map Runs, orders, queues, Lambda, DynamoDB)."
  value       = module.dashboard.dashboard_name
}

################################################################################
# Analytics
################################################################################

output "analytics_database" {
  description = "Glue database of the analytics zone (npm run analytics -- <report> --aws --database …)."
  value       = module.analytics.database_name
}

output "analytics_workgroup" {
  description = "Athena workgroup of the reports (npm run analytics -- <report> --aws --workgroup …)."
  value       = module.analytics.workgroup_name
}

output "analytics_analyst_policy_json" {
  description = "Least-privilege IAM policy to run the reports; attach it to the analysts' role."
  value       = module.analytics.analyst_policy_json
}
