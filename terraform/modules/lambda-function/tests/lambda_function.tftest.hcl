# The lambda-function module's contract against a mocked AWS provider: the function runs the packaged zip on
# nodejs22.x/arm64 with JSON logs to its own log group and active X-Ray tracing; its role may write its logs and
# traces, send failed asynchronous events to the on-failure destination, and do what the caller lists, nothing else.

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = aws_cloudwatch_log_group.this
    values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/test-function" }
  }
}

variables {
  function_name = "test-function"
  description   = "A test function."
  package_path  = "../../../dist/lambda/order-validator.zip"
  environment_variables = {
    LOG_LEVEL = "INFO"
  }
  policy_statements = {
    ReadOrders = {
      actions   = ["dynamodb:GetItem"]
      resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/test-orders"]
    }
  }
  tags = { team = "platform" }
}

run "synchronous_function" {
  assert {
    condition = alltrue([
      aws_lambda_function.this.runtime == "nodejs22.x",
      tolist(aws_lambda_function.this.architectures) == tolist(["arm64"]),
      aws_lambda_function.this.handler == "index.handler",
      aws_lambda_function.this.source_code_hash == filebase64sha256(var.package_path),
      aws_lambda_function.this.role == module.role.arn,
    ])
    error_message = "The function runs the zip (its hash tracked) on nodejs22.x, arm64, with its own role."
  }

  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "Active"
    error_message = "X-Ray tracing is active."
  }

  assert {
    condition = one(aws_lambda_function.this.logging_config) == {
      log_format            = "JSON"
      log_group             = "/aws/lambda/test-function"
      application_log_level = "INFO"
      system_log_level      = "INFO"
    } && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "JSON logs go to /aws/lambda/<name>, kept log_retention_in_days."
  }

  assert {
    condition     = one(aws_lambda_function.this.environment).variables == tomap({ LOG_LEVEL = "INFO" })
    error_message = "The environment is exactly environment_variables."
  }

  assert {
    condition     = length(aws_lambda_function_event_invoke_config.this) == 0
    error_message = "A function without on_failure_destination has no asynchronous invocation config."
  }

  assert {
    condition = jsonencode({ for statement in data.aws_iam_policy_document.this.statement : statement.sid => { actions = sort(statement.actions), resources = sort(statement.resources) } }) == jsonencode({
      WriteOwnLogs = { actions = ["logs:CreateLogStream", "logs:PutLogEvents"], resources = ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/test-function:*"] }
      WriteTraces  = { actions = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], resources = ["*"] }
      ReadOrders   = { actions = ["dynamodb:GetItem"], resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/test-orders"] }
    })
    error_message = "The role writes its own logs and traces and does what policy_statements lists, nothing more; got ${jsonencode({ for statement in data.aws_iam_policy_document.this.statement : statement.sid => { actions = sort(statement.actions), resources = sort(statement.resources) } })}."
  }

  assert {
    condition     = module.role.policy_name == "test-function-permissions" && module.role.name == "test-function"
    error_message = "The role and its policy are named after the function."
  }

  assert {
    condition     = jsonencode(module.role.trust) == jsonencode({ service = "lambda.amazonaws.com", conditions = {} })
    error_message = "Lambda assumes the role, with no condition (it sends no confused-deputy keys for an execution role)."
  }

  assert {
    condition     = alltrue([for tags in [aws_lambda_function.this.tags, aws_cloudwatch_log_group.this.tags, module.role.tags] : tags == tomap({ team = "platform" })])
    error_message = "The module's tags reach its resources."
  }
}

run "asynchronous_function_with_on_failure_destination" {
  variables {
    on_failure_destination = { queue_arn = "arn:aws:sqs:us-east-1:123456789012:test-dead-letter" }
  }

  assert {
    condition     = one(one(one(aws_lambda_function_event_invoke_config.this).destination_config).on_failure).destination == "arn:aws:sqs:us-east-1:123456789012:test-dead-letter"
    error_message = "Failed asynchronous invocations go to the on-failure destination."
  }

  assert {
    condition = contains([
      for statement in data.aws_iam_policy_document.this.statement : jsonencode([sort(statement.actions), sort(statement.resources)])
    ], jsonencode([["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:123456789012:test-dead-letter"]]))
    error_message = "The role may send to the on-failure destination (Lambda delivers with the function's role)."
  }
}

run "role_takes_a_permissions_boundary_and_a_path" {
  command = plan

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
    role_path                 = "/sales-pipeline/"
  }

  assert {
    condition     = module.role.permissions_boundary == "arn:aws:iam::123456789012:policy/boundary" && module.role.path == "/sales-pipeline/"
    error_message = "The execution role carries the permissions boundary and the path."
  }
}

run "rejects_a_boundary_that_is_no_policy" {
  command = plan

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:role/boundary"
  }

  expect_failures = [var.role_permissions_boundary]
}

run "rejects_a_wildcard_action" {
  command = plan

  variables {
    policy_statements = { Everything = { actions = ["dynamodb:*"], resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/test-orders"] } }
  }

  expect_failures = [var.policy_statements]
}

run "rejects_an_unscoped_resource" {
  command = plan

  variables {
    policy_statements = { Anywhere = { actions = ["s3:PutObject"], resources = ["*"] } }
  }

  expect_failures = [var.policy_statements]
}

run "rejects_a_destination_that_is_no_queue" {
  command = plan

  variables {
    on_failure_destination = { queue_arn = "arn:aws:sns:us-east-1:123456789012:test-topic" }
  }

  expect_failures = [var.on_failure_destination]
}

run "rejects_a_package_that_is_no_zip" {
  command = plan

  variables {
    package_path = "dist/apps/order-validator/index.js"
  }

  expect_failures = [var.package_path]
}
