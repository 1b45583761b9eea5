################################################################################
# Optional S3 server access logs of the data lake, in a bucket of their own
################################################################################

# Server access logs can only be delivered to an SSE-S3 bucket in the same account and Region, without ACLs:
# S3's logging service writes them under the bucket policy below.
resource "aws_s3_bucket" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  # checkov:skip=CKV_AWS_18:This is the access-log bucket: logging its own access would log the logging.
  # checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery choice of each team, not a default of this module.
  # checkov:skip=CKV_AWS_145:S3 delivers server access logs only to buckets encrypted with SSE-S3.
  # checkov:skip=CKV2_AWS_62:Nothing reacts to new log objects; they are read when auditing.
  # checkov:skip=CKV_AWS_21:S3 writes each log object once and nothing overwrites it; versions would only keep expired logs longer.
  bucket        = var.access_log_bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }
}

data "aws_iam_policy_document" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  source_policy_documents = [data.aws_iam_policy_document.tls_only["access_logs"].json]

  statement {
    sid       = "S3ServerAccessLogsOfTheDataLake"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs[0].arn}/${local.access_log_prefix}*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  count = local.access_logging_enabled ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  policy = data.aws_iam_policy_document.access_logs[0].json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

resource "aws_s3_bucket_logging" "this" {
  count = local.access_logging_enabled ? 1 : 0

  bucket        = aws_s3_bucket.this.id
  target_bucket = aws_s3_bucket.access_logs[0].id
  target_prefix = local.access_log_prefix

  # Keys partitioned by the time of the request (<prefix><account>/<region>/<bucket>/YYYY/MM/DD/...), which Athena
  # can project.
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }

  depends_on = [aws_s3_bucket_policy.access_logs]
}
