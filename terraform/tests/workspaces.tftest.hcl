# Every workspace as a platform team plans it: terraform/scripts/terraform-check.mjs runs this suite once per
# workspaces/<workspace>.tfvars, in that workspace, as
#   TF_WORKSPACE=<workspace> terraform test -filter=tests/workspaces.tftest.hcl -var-file=workspaces/<workspace>.tfvars
# Names, wiring and the guards that hold in every workspace; what only prod promises is in prod.tftest.hcl.

mock_provider "aws" {
  source = "./tests/mocks"
}

# The mocked provider's account, and an on-call topic: prod's tfvars leave the account and who gets paged to the
# team (README, "Deploy"), and prod refuses to plan without someone to page.
variables {
  aws_account_id              = "123456789012"
  operations_alarm_topic_arns = ["arn:aws:sns:us-east-1:123456789012:on-call"]
}

run "plan" {
  command = plan

  assert {
    condition     = var.workspace == terraform.workspace && output.data_lake_bucket_name == "sales-pipeline-${terraform.workspace}-data-lake-123456789012-us-east-1"
    error_message = "The data-lake bucket must be named <project>-<workspace>-data-lake-<account>-<region>, got ${output.data_lake_bucket_name}."
  }

  assert {
    condition = [
      output.orders_table_name,
      output.order_validator_function_name,
      output.order_file_preparer_function_name,
      output.zone_writer_function_name,
      output.sales_generator_function_name,
      output.sales_schedule_name,
      module.order_pipeline.state_machine_name,
      module.order_pipeline.rejected_orders_queue_name,
      module.order_pipeline.dead_letter_queue_name,
      module.alerts.sales_alerts_topic_name,
      module.alerts.operations_topic_name,
      ] == [for what in [
        "orders",
        "order-validator",
        "order-file-preparer",
        "zone-writer",
        "sales-generator",
        "sales-generator",
        "order-pipeline",
        "rejected-orders",
        "dead-letter",
        "sales-alerts",
        "operations",
    ] : "sales-pipeline-${terraform.workspace}-${what}"]
    error_message = "Every resource name must be <project>-${terraform.workspace}-<what> (terraform/names.tf)."
  }

  assert {
    condition     = [output.analytics_workgroup, output.analytics_database] == ["sales-pipeline-${terraform.workspace}-analytics", replace("sales_pipeline_${terraform.workspace}_analytics", "-", "_")]
    error_message = "The Athena workgroup is <project>-<workspace>-analytics, its Glue database the same with underscores (terraform/names.tf)."
  }

  assert {
    condition = alltrue([
      output.sales_schedule_state == (var.generator_enabled ? "ENABLED" : "DISABLED"),
      module.order_pipeline.orders_table_deletion_protection_enabled == var.deletion_protection,
      module.data_lake.s3_bucket_force_destroy == var.data_lake_force_destroy,
      output.data_lake_access_log_bucket_name == (var.data_lake_access_logging_enabled ? "sales-pipeline-${terraform.workspace}-access-logs-123456789012-us-east-1" : null),
    ])
    error_message = "The schedule, deletion protection, force_destroy and access logging follow workspaces/${terraform.workspace}.tfvars."
  }
}

run "apply" {
  assert {
    condition     = length(module.alerts.sales_alerts_subscription_arns) == length(var.alert_emails)
    error_message = "Every address of alert_emails gets one e-mail subscription, and nothing else."
  }

  assert {
    condition     = length(module.alerts.cloudwatch_metric_alarm_names) == 21 && alltrue([for name in module.alerts.cloudwatch_metric_alarm_names : startswith(name, "sales-pipeline-${terraform.workspace}-")])
    error_message = "The 21 alarms (per state machine: failed, timed out, throttled, and aborted for the Standard one; per function: errors and throttles; per topic: failed notifications; four of the queues) are named after the workspace."
  }

  assert {
    condition     = jsonencode(output.alarm_actions) == jsonencode([output.operations_topic_arn, "arn:aws:sns:us-east-1:123456789012:on-call"])
    error_message = "Every alarm notifies the operations topic and the operations_alarm_topic_arns."
  }
}

run "refuses_another_workspaces_settings" {
  command = plan

  variables {
    workspace = "staging"
  }

  expect_failures = [var.workspace]
}

run "refuses_credentials_of_another_account" {
  command = plan

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "999999999999" }
  }

  expect_failures = [data.aws_caller_identity.current]
}
