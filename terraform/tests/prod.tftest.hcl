# What prod promises beyond every workspace (tests/workspaces.tftest.hcl): it pages someone, keeps its data, logs
# access to the data lake and generates no mock sales. Run in workspace prod with its tfvars:
#   TF_WORKSPACE=prod terraform test -filter=tests/prod.tftest.hcl -var-file=workspaces/prod.tfvars

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  aws_account_id = "123456789012"
}

# workspaces/prod.tfvars as shipped names nobody to page: the plan stops until the team does.
run "refuses_to_page_nobody" {
  command = plan

  expect_failures = [var.operations_emails]
}

run "pages_the_on_call_addresses" {
  variables {
    operations_emails = ["oncall@example.com"]
  }

  assert {
    condition     = jsonencode(output.alarm_actions) == jsonencode([output.operations_topic_arn])
    error_message = "With on-call addresses only, the alarms notify the operations topic."
  }

  assert {
    condition = alltrue([
      output.sales_schedule_state == "DISABLED",
      module.order_pipeline.orders_table_deletion_protection_enabled,
      !module.data_lake.s3_bucket_force_destroy,
      output.data_lake_access_log_bucket_name == "sales-pipeline-prod-access-logs-123456789012-us-east-1",
    ])
    error_message = "prod generates no mock sales, protects the orders table, never force-destroys the data lake, and logs access to it."
  }
}

run "pages_an_existing_topic" {
  variables {
    operations_alarm_topic_arns = ["arn:aws:sns:us-east-1:123456789012:on-call"]
  }

  assert {
    condition     = jsonencode(output.alarm_actions) == jsonencode([output.operations_topic_arn, "arn:aws:sns:us-east-1:123456789012:on-call"])
    error_message = "An existing paging or chat topic is enough, and receives every alarm."
  }
}
