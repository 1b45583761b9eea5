# Terraform's default workspace deploys nothing: run in it (plain `terraform test`, no TF_WORKSPACE), a plan with
# any workspace's settings stops before anything changes. The other guards (another workspace's settings, another
# account's credentials, prod paging nobody) are in workspaces.tftest.hcl and prod.tftest.hcl.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  workspace      = "dev"
  aws_account_id = "123456789012"
}

run "refuses_the_default_workspace" {
  command = plan

  expect_failures = [var.workspace]
}

run "refuses_settings_for_the_default_workspace" {
  command = plan

  variables {
    workspace = "default"
  }

  expect_failures = [var.workspace]
}

run "refuses_an_account_that_is_no_account_id" {
  command = plan

  variables {
    aws_account_id = "12345678901"
  }

  expect_failures = [var.workspace, var.aws_account_id]
}
