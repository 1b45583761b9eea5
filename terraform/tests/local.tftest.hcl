# Workspace `local` as a platform team plans and applies it. Names come from terraform.workspace, which
# `terraform test` takes from TF_WORKSPACE: run it as
#   TF_WORKSPACE=local terraform test -filter=tests/local.tftest.hcl -var-file=workspaces/local.tfvars
# (terraform/scripts/terraform-check.mjs does). In any other workspace the name assertions fail.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "plan_local" {
  command = plan

  assert {
    condition     = output.data_lake_bucket_name == "sales-pipeline-local-data-lake-123456789012-us-east-1"
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
      "sales-pipeline-local-orders",
      "sales-pipeline-local-order-validator",
      "sales-pipeline-local-order-file-preparer",
      "sales-pipeline-local-sales-generator",
      "sales-pipeline-local-sales-generator",
      "sales-pipeline-local-order-pipeline",
      "sales-pipeline-local-rejected-orders",
      "sales-pipeline-local-dead-letter",
      "sales-pipeline-local-sales-alerts",
      "sales-pipeline-local-operations",
    ]
    error_message = "Every resource name must be <project>-local-<what> (terraform/names.tf)."
  }

  assert {
    condition     = output.sales_schedule_state == "ENABLED"
    error_message = "The generator's schedule must be ENABLED in local (generator_enabled in workspaces/local.tfvars)."
  }

  assert {
    condition     = module.order_pipeline.orders_table_deletion_protection_enabled == false
    error_message = "Deletion protection of the orders table must be false in local."
  }

  assert {
    condition     = module.data_lake.s3_bucket_force_destroy == false
    error_message = "force_destroy of the data lake must be false in local."
  }
}

run "apply_local" {
  assert {
    condition     = length(module.alerts.sales_alerts_subscription_arns) == length(var.alert_emails)
    error_message = "Every address of alert_emails gets one e-mail subscription, and nothing else."
  }

  assert {
    condition     = length(module.alerts.cloudwatch_metric_alarm_names) == 11 && alltrue([for name in module.alerts.cloudwatch_metric_alarm_names : startswith(name, "sales-pipeline-local-")])
    error_message = "The ten alarms (three of the Standard state machine, two of the Express entry, two Lambda error alarms, three of the queues) are named after the workspace."
  }
}
