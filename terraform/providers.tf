provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      project      = var.project
      workspace    = terraform.workspace
      "managed-by" = "terraform"
    }
  }
}
