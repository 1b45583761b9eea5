provider "aws" {
  region = var.aws_region
  # Credentials of any other account fail at the provider's configuration, before any read or change.
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      project      = var.project
      workspace    = terraform.workspace
      "managed-by" = "terraform"
    }
  }
}
