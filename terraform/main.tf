locals {
  # Key layout of the data lake (docs/architecture.md section 3). Only incoming/ starts the pipeline.
  incoming_prefix  = "incoming/"
  generated_prefix = "incoming/generated/"
  results_prefix   = "results/"
  prepared_prefix  = "prepared/"
  # The analytics zone (AnalyticsPrefix of libs/analytics/zone): the zone writer puts there, Athena reads there.
  analytics_prefix = "analytics/"
}

################################################################################
# Data lake
################################################################################

module "data_lake" {
  source = "./modules/data-lake"

  bucket_name     = local.names.data_lake_bucket
  incoming_prefix = local.incoming_prefix
  results_prefix  = local.results_prefix
  prepared_prefix = local.prepared_prefix
  force_destroy   = var.data_lake_force_destroy

  access_log_bucket_name    = var.data_lake_access_logging_enabled ? local.names.access_log_bucket : null
  access_log_retention_days = var.data_lake_access_log_retention_days
}

################################################################################
# Alerts: sales-alert topic, operations topic (CMK), alarms
################################################################################

module "alerts" {
  source = "./modules/alerts"

  sales_alerts_topic_name = local.names.sales_alerts_topic
  alert_emails            = var.alert_emails
  operations_topic_name   = local.names.operations_topic
  operations_emails       = var.operations_emails

  additional_alarm_topic_arns = var.operations_alarm_topic_arns

  alarm_name_prefix            = local.name_prefix
  state_machine_arn            = module.order_pipeline.state_machine_arn
  small_file_state_machine_arn = module.order_pipeline.small_file_state_machine_arn
  lambda_function_names = {
    "sales-generator"     = module.sales_generator.lambda_function_name
    "order-validator"     = module.order_pipeline.validator_function_name
    "order-file-preparer" = module.order_pipeline.preparer_function_name
    "zone-writer"         = module.order_pipeline.zone_writer_function_name
  }
  dead_letter_queue_name          = module.order_pipeline.dead_letter_queue_name
  undelivered_events_queue_name   = module.order_pipeline.undelivered_events_queue_name
  rejected_orders_queue_name      = module.order_pipeline.rejected_orders_queue_name
  rejected_orders_alarm_threshold = var.rejected_orders_alarm_threshold
  rejected_orders_max_age_seconds = var.rejected_orders_max_age_seconds
}

# The per-function alarms keep their state now that the module has one alarm resource; the module moves
# the others, but only this caller knows these labels.
moved {
  from = module.alerts.aws_cloudwatch_metric_alarm.lambda_errors["sales-generator"]
  to   = module.alerts.aws_cloudwatch_metric_alarm.this["sales-generator-errors"]
}

moved {
  from = module.alerts.aws_cloudwatch_metric_alarm.lambda_errors["order-validator"]
  to   = module.alerts.aws_cloudwatch_metric_alarm.this["order-validator-errors"]
}

################################################################################
# Order pipeline: validator, state machine, rules, table, queues
################################################################################

module "order_pipeline" {
  source = "./modules/order-pipeline"

  state_machine_name         = local.names.state_machine
  validator_function_name    = local.names.order_validator_function
  preparer_function_name     = local.names.order_preparer_function
  zone_writer_function_name  = local.names.zone_writer_function
  metrics_namespace          = local.name_prefix
  orders_table_name          = local.names.orders_table
  rejected_orders_queue_name = local.names.rejected_orders_queue
  dead_letter_queue_name     = local.names.dead_letter_queue
  # The execution-failed rule's events that EventBridge could not deliver to the dead-letter queue.
  undelivered_events_queue_name = local.names.undelivered_events_queue
  object_created_rule_name      = local.names.object_created_rule
  execution_failed_rule_name    = local.names.execution_failed_rule

  small_file_state_machine_name = local.names.small_file_state_machine
  small_file_rule_name          = local.names.small_file_rule

  data_lake_bucket_name = module.data_lake.s3_bucket_name
  incoming_prefix       = local.incoming_prefix
  results_prefix        = local.results_prefix
  prepared_prefix       = local.prepared_prefix
  analytics_prefix      = local.analytics_prefix
  alerts_topic_arn      = module.alerts.sales_alerts_topic_arn

  validator_package_path                   = "${path.root}/../dist/lambda/order-validator.zip"
  high_value_threshold                     = var.high_value_threshold
  log_level                                = var.log_level
  validator_reserved_concurrent_executions = var.validator_reserved_concurrency
  preparer_package_path                    = "${path.root}/../dist/lambda/order-file-preparer.zip"
  zone_writer_package_path                 = "${path.root}/../dist/lambda/zone-writer.zip"

  max_items_per_batch       = var.max_items_per_batch
  max_input_bytes_per_batch = var.max_input_bytes_per_batch
  max_concurrency           = var.max_concurrency

  table_deletion_protection_enabled = var.deletion_protection
  log_retention_in_days             = var.log_retention_days
  logs_kms_key_arn                  = var.logs_kms_key_arn
  role_permissions_boundary         = var.iam_role_permissions_boundary
  role_path                         = var.iam_role_path
}

################################################################################
# Sales generator: Lambda and its schedule
################################################################################

module "sales_generator" {
  source = "./modules/sales-generator"

  function_name     = local.names.sales_generator_function
  metrics_namespace = local.name_prefix
  package_path      = "${path.root}/../dist/lambda/sales-generator.zip"

  data_lake_bucket_name = module.data_lake.s3_bucket_name
  data_lake_bucket_arn  = module.data_lake.s3_bucket_arn
  generated_prefix      = local.generated_prefix

  orders_per_file      = var.generator_orders_per_file
  invalid_share        = var.generator_invalid_share
  high_value_threshold = var.high_value_threshold
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days

  dead_letter_queue_arn = module.order_pipeline.dead_letter_queue_arn

  schedule_name       = local.names.sales_schedule
  schedule_enabled    = var.generator_enabled
  schedule_expression = var.generator_schedule_expression

  logs_kms_key_arn          = var.logs_kms_key_arn
  role_permissions_boundary = var.iam_role_permissions_boundary
  role_path                 = var.iam_role_path
}

################################################################################
# Dashboard: executions, Map Runs, orders (EMF), queues, Lambda, DynamoDB
################################################################################

module "dashboard" {
  source = "./modules/dashboard"

  dashboard_name    = local.name_prefix
  metrics_namespace = local.name_prefix
  state_machine_arn = module.order_pipeline.state_machine_arn
  # The Express entry of small files.
  small_file_state_machine_arn = module.order_pipeline.small_file_state_machine_arn
  # service_name: each function's POWERTOOLS_SERVICE_NAME (the sales-generator module's default, the
  # order-pipeline module's literal), the `service` dimension of their EMF metrics.
  lambda_functions = {
    generator = { function_name = module.sales_generator.lambda_function_name, service_name = "sales-generator" }
    validator = { function_name = module.order_pipeline.validator_function_name, service_name = "order-validator" }
    preparer  = { function_name = module.order_pipeline.preparer_function_name, service_name = "order-file-preparer" }
    zone      = { function_name = module.order_pipeline.zone_writer_function_name, service_name = "zone-writer" }
  }
  dead_letter_queue_name     = module.order_pipeline.dead_letter_queue_name
  rejected_orders_queue_name = module.order_pipeline.rejected_orders_queue_name
  orders_table_name          = module.order_pipeline.orders_table_name
  sales_alerts_topic_name    = module.alerts.sales_alerts_topic_name
  operations_topic_name      = module.alerts.operations_topic_name
}

################################################################################
# Analytics: Glue catalog over the data lake's analytics zone, Athena workgroup, reports
################################################################################

module "analytics" {
  source = "./modules/analytics"

  # The workgroup takes the name; the database, the same with underscores (Athena takes database names of lowercase
  # letters, digits and underscores only).
  database_name                  = replace(local.names.analytics, "-", "_")
  workgroup_name                 = local.names.analytics
  data_lake_bucket_name          = module.data_lake.s3_bucket_name
  zone_prefix                    = local.analytics_prefix
  query_results_prefix           = module.data_lake.s3_bucket_query_results_prefix
  bytes_scanned_cutoff_per_query = var.analytics_bytes_scanned_cutoff_per_query
  force_destroy                  = var.data_lake_force_destroy
}
