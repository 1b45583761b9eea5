# Workspace `prod` as a platform team plans and applies it. Names come from terraform.workspace, which
# `terraform test` takes from TF_WORKSPACE: run it as
#   TF_WORKSPACE=prod terraform test -filter=tests/prod.tftest.hcl -var-file=workspaces/prod.tfvars
# (terraform/scripts/terraform-check.mjs does). In any other workspace the name assertions fail.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "plan_prod" {
  command = plan

  assert {
    condition     = output.data_lake_bucket_name == "sales-pipeline-prod-data-lake-123456789012-us-east-1"
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
      "sales-pipeline-prod-orders",
      "sales-pipeline-prod-order-validator",
      "sales-pipeline-prod-order-file-preparer",
      "sales-pipeline-prod-sales-generator",
      "sales-pipeline-prod-sales-generator",
      "sales-pipeline-prod-order-pipeline",
      "sales-pipeline-prod-rejected-orders",
      "sales-pipeline-prod-dead-letter",
      "sales-pipeline-prod-sales-alerts",
      "sales-pipeline-prod-operations",
    ]
    error_message = "Every resource name must be <project>-prod-<what> (terraform/names.tf)."
  }

  assert {
    condition     = output.sales_schedule_state == "DISABLED"
    error_message = "The generator's schedule must be DISABLED in prod (generator_enabled in workspaces/prod.tfvars)."
  }

  assert {
    condition     = module.order_pipeline.orders_table_deletion_protection_enabled == true
    error_message = "Deletion protection of the orders table must be true in prod."
  }

  assert {
    condition     = module.data_lake.s3_bucket_force_destroy == false
    error_message = "force_destroy of the data lake must be false in prod."
  }
}

run "apply_prod" {
  assert {
    condition     = length(module.alerts.sales_alerts_subscription_arns) == length(var.alert_emails)
    error_message = "Every address of alert_emails gets one e-mail subscription, and nothing else."
  }

  assert {
    condition     = length(module.alerts.cloudwatch_metric_alarm_names) == 11 && alltrue([for name in module.alerts.cloudwatch_metric_alarm_names : startswith(name, "sales-pipeline-prod-")])
    error_message = "The ten alarms (three of the Standard state machine, two of the Express entry, two Lambda error alarms, three of the queues) are named after the workspace."
  }
}
