output "state_machine_arn" {
  description = "ARN of the state machine."
  value       = aws_sfn_state_machine.this.arn
}

output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
}

output "state_machine_definition" {
  description = "The state machine's definition (Amazon States Language JSON)."
  value       = aws_sfn_state_machine.this.definition
}

output "role_arn" {
  description = "ARN of the state machine's execution role."
  value       = module.role.arn
}

output "log_group_name" {
  description = "Name of the state machine's CloudWatch log group (no execution data)."
  value       = aws_cloudwatch_log_group.this.name
}

output "rule_arn" {
  description = "ARN of the EventBridge rule that starts the state machine."
  value       = aws_cloudwatch_event_rule.this.arn
}

output "rule_name" {
  description = "Name of the EventBridge rule that starts the state machine."
  value       = aws_cloudwatch_event_rule.this.name
}

output "rule_event_pattern" {
  description = "The rule's event pattern (JSON)."
  value       = aws_cloudwatch_event_rule.this.event_pattern
}

output "target_retry_policy" {
  description = "The rule target's retry policy (events that still fail go to dead_letter_queue_arn)."
  value       = one(aws_cloudwatch_event_target.this.retry_policy)
}

output "state_machine_type" {
  description = "STANDARD or EXPRESS."
  value       = aws_sfn_state_machine.this.type
}
