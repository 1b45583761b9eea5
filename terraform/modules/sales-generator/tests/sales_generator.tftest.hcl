# The sales-generator module's contract against a mocked AWS provider: the function's environment and write
# scope, its on-failure destination, and the schedule (kill switch, retries, dead-letter queue, input).

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = module.function.aws_lambda_function.this
    values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:test-sales-generator" }
  }
}

variables {
  function_name         = "test-sales-generator"
  package_path          = "../../../dist/lambda/sales-generator.zip"
  data_lake_bucket_name = "test-data-lake"
  data_lake_bucket_arn  = "arn:aws:s3:::test-data-lake"
  dead_letter_queue_arn = "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"
  schedule_name         = "test-sales-generator"
  metrics_namespace     = "test-metrics"
  orders_per_file       = 30
  invalid_share         = 0.2
}

run "apply" {
  assert {
    condition     = module.function.function_name == "test-sales-generator" && aws_scheduler_schedule.this.state == "ENABLED" && aws_scheduler_schedule.this.schedule_expression == "rate(1 minute)"
    error_message = "The schedule runs the generator every minute, enabled by default."
  }

  assert {
    condition     = one(aws_scheduler_schedule.this.target).arn == module.function.function_arn && one(one(aws_scheduler_schedule.this.target).dead_letter_config).arn == var.dead_letter_queue_arn
    error_message = "The schedule invokes the generator and dead-letters undelivered invocations."
  }

  assert {
    condition     = one(aws_scheduler_schedule.this.target).input == "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
    error_message = "The schedule passes its scheduled time, spelt so that Scheduler substitutes it."
  }

  assert {
    condition     = one(one(aws_scheduler_schedule.this.target).retry_policy).maximum_event_age_in_seconds == 300
    error_message = "Scheduler stops retrying an invocation after 5 minutes."
  }

  assert {
    condition = jsonencode({ for statement in data.aws_iam_policy_document.scheduler.statement : statement.sid => sort(statement.resources) }) == jsonencode({
      InvokeGenerator                             = ["arn:aws:lambda:us-east-1:123456789012:function:test-sales-generator"]
      SendUndeliveredInvocationsToDeadLetterQueue = ["arn:aws:sqs:us-east-1:123456789012:test-dead-letter"]
    })
    error_message = "The scheduler role may invoke the generator and send to the dead-letter queue, nothing else; got ${jsonencode({ for statement in data.aws_iam_policy_document.scheduler.statement : statement.sid => sort(statement.resources) })}."
  }

  assert {
    condition = module.scheduler_role.trust.service == "scheduler.amazonaws.com" && jsonencode({ for variable, condition in module.scheduler_role.trust.conditions : variable => [condition.test, condition.values] }) == jsonencode({
      "aws:SourceAccount" = ["StringEquals", ["123456789012"]]
      "aws:SourceArn"     = ["ArnEquals", ["arn:aws:scheduler:us-east-1:123456789012:schedule-group/default"]]
    }) && aws_scheduler_schedule.this.group_name == "default"
    error_message = "Scheduler assumes its role only for this account's schedule group, the one the schedule is in."
  }

  assert {
    condition     = module.scheduler_role.permissions_boundary == null && module.scheduler_role.path == null
    error_message = "Without role_permissions_boundary and role_path the schedule's role has no boundary and the provider default path (/)."
  }
}

run "roles_take_a_permissions_boundary_and_a_path" {
  command = plan

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
    role_path                 = "/sales-pipeline/"
  }

  assert {
    condition     = module.scheduler_role.permissions_boundary == "arn:aws:iam::123456789012:policy/boundary" && module.scheduler_role.path == "/sales-pipeline/"
    error_message = "The schedule's role carries the boundary and the path (the function's role: the lambda-function module's tests)."
  }
}

run "rejects_a_path_without_slashes" {
  command = plan

  variables {
    role_path = "sales-pipeline"
  }

  expect_failures = [var.role_path]
}

run "function" {
  command = plan

  assert {
    condition     = module.function.function_name == "test-sales-generator" && module.function.log_group_name == "/aws/lambda/test-sales-generator"
    error_message = "The function and its log group are named from function_name."
  }
}

run "kill_switch" {
  command = plan

  variables {
    schedule_enabled = false
  }

  assert {
    condition     = aws_scheduler_schedule.this.state == "DISABLED"
    error_message = "schedule_enabled = false disables the schedule."
  }
}

run "rejects_a_schedule_scheduler_refuses" {
  command = plan

  variables {
    schedule_expression = "rate(1 minutes"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_more_orders_per_file_than_the_generator_takes" {
  command = plan

  variables {
    orders_per_file = 10001
  }

  expect_failures = [var.orders_per_file]
}

run "rejects_an_invalid_share_above_one" {
  command = plan

  variables {
    invalid_share = 1.5
  }

  expect_failures = [var.invalid_share]
}

run "rejects_a_prefix_without_slash" {
  command = plan

  variables {
    generated_prefix = "incoming/generated"
  }

  expect_failures = [var.generated_prefix]
}
