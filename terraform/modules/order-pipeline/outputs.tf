################################################################################
# State machine
################################################################################

output "state_machine_arn" {
  description = "ARN of the order-pipeline state machine."
  value       = module.state_machine_entry["standard"].state_machine_arn
}

output "state_machine_name" {
  description = "Name of the order-pipeline state machine."
  value       = module.state_machine_entry["standard"].state_machine_name
}

output "state_machine_definition" {
  description = "The rendered state machine definition (Amazon States Language JSON)."
  value       = module.state_machine_entry["standard"].state_machine_definition
}

output "state_machine_role_arn" {
  description = "ARN of the IAM role the state machine (parent and Express children) runs with."
  value       = module.state_machine_entry["standard"].role_arn
}

output "state_machine_log_group_name" {
  description = "Name of the state machine's CloudWatch log group (no execution data)."
  value       = module.state_machine_entry["standard"].log_group_name
}

################################################################################
# Validator Lambda
################################################################################

output "validator_function_arn" {
  description = "ARN of the order-validator Lambda function."
  value       = module.lambda_function["validator"].function_arn
}

output "validator_function_name" {
  description = "Name of the order-validator Lambda function."
  value       = module.lambda_function["validator"].function_name
}

output "validator_role_arn" {
  description = "ARN of the order-validator's execution role."
  value       = module.lambda_function["validator"].role_arn
}

output "validator_log_group_name" {
  description = "Name of the order-validator's CloudWatch log group."
  value       = module.lambda_function["validator"].log_group_name
}

################################################################################
# Order-file preparer Lambda
################################################################################

output "preparer_function_arn" {
  description = "ARN of the order-file-preparer Lambda function (the PrepareOrderFile Task)."
  value       = module.lambda_function["order_file_preparer"].function_arn
}

output "preparer_function_name" {
  description = "Name of the order-file-preparer Lambda function."
  value       = module.lambda_function["order_file_preparer"].function_name
}

output "preparer_role_arn" {
  description = "ARN of the order-file preparer's execution role."
  value       = module.lambda_function["order_file_preparer"].role_arn
}

output "preparer_log_group_name" {
  description = "Name of the order-file preparer's CloudWatch log group."
  value       = module.lambda_function["order_file_preparer"].log_group_name
}

################################################################################
# Zone-writer Lambda
################################################################################

output "zone_writer_function_arn" {
  description = "ARN of the zone-writer Lambda function (the WriteZone Task)."
  value       = module.lambda_function["zone_writer"].function_arn
}

output "zone_writer_function_name" {
  description = "Name of the zone-writer Lambda function."
  value       = module.lambda_function["zone_writer"].function_name
}

output "zone_writer_role_arn" {
  description = "ARN of the zone writer's execution role."
  value       = module.lambda_function["zone_writer"].role_arn
}

output "zone_writer_log_group_name" {
  description = "Name of the zone writer's CloudWatch log group."
  value       = module.lambda_function["zone_writer"].log_group_name
}

################################################################################
# DynamoDB
################################################################################

output "orders_table_name" {
  description = "Name of the DynamoDB orders table."
  value       = aws_dynamodb_table.orders.name
}

output "orders_table_deletion_protection_enabled" {
  description = "Whether the orders table has deletion protection."
  value       = aws_dynamodb_table.orders.deletion_protection_enabled
}

output "orders_table_arn" {
  description = "ARN of the DynamoDB orders table."
  value       = aws_dynamodb_table.orders.arn
}

################################################################################
# SQS
################################################################################

output "rejected_orders_queue_url" {
  description = "URL of the rejected-orders queue (business rejections with reasons)."
  value       = aws_sqs_queue.rejected_orders.url
}

output "rejected_orders_queue_arn" {
  description = "ARN of the rejected-orders queue."
  value       = aws_sqs_queue.rejected_orders.arn
}

output "rejected_orders_queue_name" {
  description = "Name of the rejected-orders queue (for CloudWatch alarms)."
  value       = aws_sqs_queue.rejected_orders.name
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue (technical failures; redrivable)."
  value       = aws_sqs_queue.dead_letter.url
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue: give it to Scheduler and Lambda on-failure destinations (their roles need sqs:SendMessage on it)."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue (for CloudWatch alarms)."
  value       = aws_sqs_queue.dead_letter.name
}

################################################################################
# EventBridge
################################################################################

output "object_created_rule_arn" {
  description = "ARN of the EventBridge rule that starts the state machine on order files."
  value       = module.state_machine_entry["standard"].rule_arn
}

output "object_created_rule_name" {
  description = "Name of the EventBridge rule that starts the state machine on order files."
  value       = module.state_machine_entry["standard"].rule_name
}

output "execution_failed_rule_arn" {
  description = "ARN of the EventBridge rule that routes failed, timed-out and aborted executions to the dead-letter queue."
  value       = aws_cloudwatch_event_rule.execution_failed.arn
}

output "execution_failed_rule_name" {
  description = "Name of the EventBridge rule that routes failed, timed-out and aborted executions to the dead-letter queue."
  value       = aws_cloudwatch_event_rule.execution_failed.name
}

################################################################################
# Express entry for small order files
################################################################################

output "small_file_state_machine_arn" {
  description = "ARN of the Express state machine for order files of at most small_file_max_bytes."
  value       = module.state_machine_entry["express"].state_machine_arn
}

output "small_file_state_machine_name" {
  description = "Name of the Express state machine for small order files."
  value       = module.state_machine_entry["express"].state_machine_name
}

output "small_file_state_machine_definition" {
  description = "The rendered ASL definition of the Express state machine for small order files."
  value       = module.state_machine_entry["express"].state_machine_definition
}

output "small_file_state_machine_role_arn" {
  description = "ARN of the Express state machine's execution role."
  value       = module.state_machine_entry["express"].role_arn
}

output "small_file_state_machine_log_group_name" {
  description = "Log group of the Express state machine (its executions' only record)."
  value       = module.state_machine_entry["express"].log_group_name
}

output "small_file_rule_arn" {
  description = "ARN of the EventBridge rule that starts the Express state machine for small order files."
  value       = module.state_machine_entry["express"].rule_arn
}

output "small_file_rule_name" {
  description = "Name of the EventBridge rule for small order files."
  value       = module.state_machine_entry["express"].rule_name
}

output "undelivered_events_queue_name" {
  description = "Name of the queue holding the execution-failed events EventBridge could not deliver to the dead-letter queue."
  value       = aws_sqs_queue.undelivered_events.name
}

output "undelivered_events_queue_url" {
  description = "URL of the undelivered-events queue."
  value       = aws_sqs_queue.undelivered_events.url
}
