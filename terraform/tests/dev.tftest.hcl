# Workspace `dev` as a platform team plans and applies it. Names come from terraform.workspace, which
# `terraform test` takes from TF_WORKSPACE: run it as
#   TF_WORKSPACE=dev terraform test -filter=tests/dev.tftest.hcl -var-file=workspaces/dev.tfvars
# (terraform/scripts/terraform-check.mjs does). In any other workspace the name assertions fail.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "plan_dev" {
  command = plan

  assert {
    condition     = output.data_lake_bucket_name == "sales-pipeline-dev-data-lake-123456789012-us-east-1"
    error_message = "The data-lake bucket must be named <project>-<workspace>-data-lake-<account>-<region>, got ${output.data_lake_bucket_name}."
  }

  assert {
    condition = [
      output.orders_table_name,
      output.order_validator_function_name,
      output.order_file_preparer_function_name,
      output.sales_generator_function_name,
      output.sales_schedule_name,
      module.order_pipeline.state_machine_name,
      module.order_pipeline.rejected_orders_queue_name,
      module.order_pipeline.dead_letter_queue_name,
      module.alerts.sales_alerts_topic_name,
      module.alerts.operations_topic_name,
      ] == [
      "sales-pipeline-dev-orders",
      "sales-pipeline-dev-order-validator",
      "sales-pipeline-dev-order-file-preparer",
      "sales-pipeline-dev-sales-generator",
      "sales-pipeline-dev-sales-generator",
      "sales-pipeline-dev-order-pipeline",
      "sales-pipeline-dev-rejected-orders",
      "sales-pipeline-dev-dead-letter",
      "sales-pipeline-dev-sales-alerts",
      "sales-pipeline-dev-operations",
    ]
    error_message = "Every resource name must be <project>-dev-<what> (terraform/names.tf)."
  }

  assert {
    condition     = output.sales_schedule_state == "ENABLED"
    error_message = "The generator's schedule must be ENABLED in dev (generator_enabled in workspaces/dev.tfvars)."
  }

  assert {
    condition     = module.order_pipeline.orders_table_deletion_protection_enabled == false
    error_message = "Deletion protection of the orders table must be false in dev."
  }

  assert {
    condition     = module.data_lake.s3_bucket_force_destroy == true
    error_message = "force_destroy of the data lake must be true in dev."
  }
}

run "apply_dev" {
  assert {
    condition     = length(module.alerts.sales_alerts_subscription_arns) == length(var.alert_emails)
    error_message = "Every address of alert_emails gets one e-mail subscription, and nothing else."
  }

  assert {
    condition     = length(module.alerts.cloudwatch_metric_alarm_names) == 11 && alltrue([for name in module.alerts.cloudwatch_metric_alarm_names : startswith(name, "sales-pipeline-dev-")])
    error_message = "The ten alarms (three of the Standard state machine, two of the Express entry, two Lambda error alarms, three of the queues) are named after the workspace."
  }
}
