################################################################################
# Bucket
################################################################################

data "aws_caller_identity" "current" {}

locals {
  access_logging_enabled = var.access_log_bucket_name != null
  access_log_prefix      = "data-lake/"
  bucket_arns = merge(
    { data_lake = aws_s3_bucket.this.arn },
    local.access_logging_enabled ? { access_logs = aws_s3_bucket.access_logs[0].arn } : {},
  )
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery choice of each team, not a default of this module.
  # checkov:skip=CKV_AWS_145:SSE-S3 by design (see the encryption configuration): IAM and the bucket policy scope access; a KMS key adds cost, not narrower access.
  # checkov:skip=CKV_AWS_18:Server access logging is optional (access_log_bucket_name): on in prod, off where nobody audits reads.
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3: every reader and writer (generator, state machine's ItemReader and
# ResultWriter, operators) is already scoped by IAM and the bucket policy; a KMS key
# would add a per-request charge and a key grant to every role without narrowing access.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

################################################################################
# Bucket policy: TLS only
################################################################################

locals {
  # What a request must meet to reach either bucket: TLS (aws:SecureTransport), and TLS 1.2 or later (s3:TlsVersion).
  tls_requirements = {
    DenyInsecureTransport = { test = "Bool", variable = "aws:SecureTransport", values = ["false"] }
    DenyOutdatedTLS       = { test = "NumericLessThan", variable = "s3:TlsVersion", values = ["1.2"] }
  }
}

# The TLS-only statements of both buckets (the data lake and, when on, its access-log bucket): one Deny per
# requirement, for anyone.
data "aws_iam_policy_document" "tls_only" {
  for_each = local.bucket_arns

  dynamic "statement" {
    for_each = local.tls_requirements

    content {
      sid       = statement.key
      effect    = "Deny"
      actions   = ["s3:*"]
      resources = [each.value, "${each.value}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = statement.value.test
        variable = statement.value.variable
        values   = statement.value.values
      }
    }
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.tls_only["data_lake"].json]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # Serialise bucket sub-resource writes: S3 rejects concurrent ones on a new bucket.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

################################################################################
# Object Created events to EventBridge (the pipeline's rule filters them)
################################################################################

resource "aws_s3_bucket_notification" "this" {
  bucket      = aws_s3_bucket.this.id
  eventbridge = true
}

################################################################################
# Lifecycle: cheaper storage that GetObject can still read; old versions expire
################################################################################

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  # Never GLACIER or DEEP_ARCHIVE: replays and the distributed Map's ItemReader must
  # read order files with a plain GetObject.
  rule {
    id     = "incoming-to-infrequent-access"
    status = "Enabled"

    filter {
      prefix = var.incoming_prefix
    }

    transition {
      days          = var.infrequent_access_after_days
      storage_class = "STANDARD_IA"
    }
  }

  rule {
    id     = "results-to-infrequent-access"
    status = "Enabled"

    filter {
      prefix = var.results_prefix
    }

    transition {
      days          = var.infrequent_access_after_days
      storage_class = "STANDARD_IA"
    }
  }

  # Prepared copies are derived (the original order file is the record) and only read while their file's execution
  # runs or is redriven.
  rule {
    id     = "expire-prepared-copies"
    status = "Enabled"

    filter {
      prefix = var.prepared_prefix
    }

    expiration {
      days = var.prepared_expiration_days
    }
  }

  # Athena's query results are derived: the zone is the record and a query can run again.
  rule {
    id     = "expire-query-results"
    status = "Enabled"

    filter {
      prefix = var.query_results_prefix
    }

    expiration {
      days = var.query_results_expiration_days
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    expiration {
      expired_object_delete_marker = true
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  # A lifecycle configuration on a versioned bucket needs versioning in place first.
  depends_on = [aws_s3_bucket_versioning.this]
}
