# The role's contract, applied against a mocked AWS provider: a role the given service may assume (only for the
# given resources of this account when there are any), its inline policy, boundary, path and tags; and the
# variable validations.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                = "test-role"
  description         = "Lets the test rule start the test machine."
  service             = "events.amazonaws.com"
  trust_statement_sid = "EventBridgeAssumeRole"
  source_arns         = ["arn:aws:events:us-east-1:123456789012:rule/test-rule"]
  policy_name         = "start-test-machine"
  policy_json         = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  tags                = { team = "platform" }
}

run "apply" {
  assert {
    condition     = aws_iam_role.this.name == "test-role" && aws_iam_role.this.description == var.description && aws_iam_role.this.tags == tomap({ team = "platform" })
    error_message = "The role carries the given name, description and tags."
  }

  assert {
    condition     = aws_iam_role.this.assume_role_policy == data.aws_iam_policy_document.assume_role.json
    error_message = "The role's trust policy is the module's assume_role document."
  }

  assert {
    condition     = aws_iam_role_policy.this.name == "start-test-machine" && aws_iam_role_policy.this.role == aws_iam_role.this.id && aws_iam_role_policy.this.policy == var.policy_json
    error_message = "The inline policy is the caller's, under the given name, on this role."
  }
}

run "only_the_given_resources_of_this_account" {
  command = plan

  assert {
    condition = (
      one(data.aws_iam_policy_document.assume_role.statement).sid == "EventBridgeAssumeRole" &&
      one(data.aws_iam_policy_document.assume_role.statement).actions == toset(["sts:AssumeRole"]) &&
      toset(one(one(data.aws_iam_policy_document.assume_role.statement).principals).identifiers) == toset(["events.amazonaws.com"])
    )
    error_message = "The given service principal, and only it, may assume the role."
  }

  assert {
    condition = jsonencode({ for condition in one(data.aws_iam_policy_document.assume_role.statement).condition : condition.variable => [condition.test, condition.values] }) == jsonencode({
      "aws:SourceAccount" = ["StringEquals", ["123456789012"]]
      "aws:SourceArn"     = ["ArnEquals", ["arn:aws:events:us-east-1:123456789012:rule/test-rule"]]
    })
    error_message = "The service may assume the role only for the given resources of this account (aws:SourceAccount, aws:SourceArn)."
  }

  assert {
    condition     = jsonencode(output.trust) == jsonencode({ service = "events.amazonaws.com", conditions = { "aws:SourceAccount" = { test = "StringEquals", values = ["123456789012"] }, "aws:SourceArn" = { test = "ArnEquals", values = ["arn:aws:events:us-east-1:123456789012:rule/test-rule"] } } })
    error_message = "The trust output states the principal and the conditions the trust policy has."
  }

  assert {
    condition     = aws_iam_role.this.permissions_boundary == null && aws_iam_role.this.path == null
    error_message = "Without a boundary or a path the role has none."
  }
}

run "no_condition_without_source_arns" {
  command = plan

  variables {
    service     = "lambda.amazonaws.com"
    source_arns = []
  }

  assert {
    condition     = length(one(data.aws_iam_policy_document.assume_role.statement).condition) == 0 && length(output.trust.conditions) == 0
    error_message = "Without source_arns the trust statement has no condition (Lambda sends none: one would make CreateFunction fail)."
  }
}

run "takes_a_permissions_boundary_and_a_path" {
  command = plan

  variables {
    permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
    path                 = "/sales-pipeline/"
  }

  assert {
    condition     = aws_iam_role.this.permissions_boundary == "arn:aws:iam::123456789012:policy/boundary" && aws_iam_role.this.path == "/sales-pipeline/"
    error_message = "The role carries the boundary and the path."
  }
}

run "rejects_a_service_that_is_no_principal" {
  command = plan

  variables {
    service = "states"
  }

  expect_failures = [var.service]
}

run "rejects_an_unknown_source_arn_test" {
  command = plan

  variables {
    source_arn_test = "StringLike"
  }

  expect_failures = [var.source_arn_test]
}

run "rejects_a_path_without_slashes" {
  command = plan

  variables {
    path = "sales-pipeline"
  }

  expect_failures = [var.path]
}
