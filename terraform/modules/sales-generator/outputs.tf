output "lambda_function_name" {
  description = "Name of the sales-generator Lambda function."
  value       = module.function.function_name
}

output "lambda_function_arn" {
  description = "ARN of the sales-generator Lambda function."
  value       = module.function.function_arn
}

output "lambda_role_arn" {
  description = "ARN of the function's execution role."
  value       = module.function.role_arn
}

output "lambda_log_group_name" {
  description = "Name of the function's CloudWatch log group."
  value       = module.function.log_group_name
}

output "schedule_name" {
  description = "Name of the EventBridge Scheduler schedule that invokes the generator."
  value       = aws_scheduler_schedule.this.name
}

output "schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule."
  value       = aws_scheduler_schedule.this.arn
}

output "schedule_state" {
  description = "State of the schedule: ENABLED or DISABLED (the kill switch)."
  value       = aws_scheduler_schedule.this.state
}

output "scheduler_role_arn" {
  description = "ARN of the role EventBridge Scheduler assumes to invoke the function."
  value       = module.scheduler_role.arn
}
