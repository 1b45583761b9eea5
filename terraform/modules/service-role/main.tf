data "aws_caller_identity" "current" {}

locals {
  # With source_arns, the service may assume the role only on behalf of those resources of this account
  # (confused-deputy protection); without, on behalf of anything (Lambda documents no such keys for its execution role).
  conditions = length(var.source_arns) == 0 ? {} : {
    "aws:SourceAccount" = { test = "StringEquals", values = [data.aws_caller_identity.current.account_id] }
    "aws:SourceArn"     = { test = var.source_arn_test, values = var.source_arns }
  }
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = var.trust_statement_sid
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [var.service]
    }

    dynamic "condition" {
      for_each = local.conditions

      content {
        test     = condition.value.test
        variable = condition.key
        values   = condition.value.values
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = var.description
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  permissions_boundary = var.permissions_boundary
  path                 = var.path

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = var.policy_name
  role   = aws_iam_role.this.id
  policy = var.policy_json
}
