terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # Partial configuration: bucket, key and region come from a file passed to
  # `terraform init -backend-config=backend.hcl` (see backend.hcl.example).
  # Locking and encryption are policy, not per-team settings, so they live here:
  # `use_lockfile` is S3 native state locking (generally available since Terraform 1.11).
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
