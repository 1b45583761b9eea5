output "sales_alerts_topic_arn" {
  description = "ARN of the High Value Sale Alert SNS topic (the state machine publishes to it)."
  value       = aws_sns_topic.this.arn
}

output "sales_alerts_topic_name" {
  description = "Name of the High Value Sale Alert SNS topic."
  value       = aws_sns_topic.this.name
}

output "sales_alerts_subscription_arns" {
  description = "ARNs of the e-mail subscriptions to the sales-alert topic, by address (\"pending confirmation\" until confirmed)."
  value       = { for email, subscription in aws_sns_topic_subscription.sales_alerts_email : email => subscription.arn }
}

output "operations_topic_arn" {
  description = "ARN of the operations SNS topic that the CloudWatch alarms publish to."
  value       = aws_sns_topic.operations.arn
}

output "operations_topic_name" {
  description = "Name of the operations SNS topic."
  value       = aws_sns_topic.operations.name
}

output "kms_key_arn" {
  description = "ARN of the customer-managed KMS key encrypting the operations topic."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "ID of the customer-managed KMS key encrypting the operations topic."
  value       = aws_kms_key.this.key_id
}

output "kms_alias_name" {
  description = "Alias of the customer-managed KMS key."
  value       = aws_kms_alias.this.name
}

output "cloudwatch_metric_alarm_names" {
  description = "Names of every alarm the module creates."
  value       = [for alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_name]
}

output "alarm_actions" {
  description = "Where every alarm notifies: the operations topic and additional_alarm_topic_arns."
  value       = local.alarm_actions
}
