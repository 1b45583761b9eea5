# The data-lake module's contract against a mocked AWS provider: private, versioned, encrypted, TLS-only, events
# to EventBridge, lifecycle that keeps order files readable; and the variable validations.

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = aws_s3_bucket.this
    values = { arn = "arn:aws:s3:::test-data-lake", id = "test-data-lake" }
  }

  # Each policy document gets JSON of its own (the shared mock gives every document the same), so that an
  # assertion that a policy takes a given document can tell them apart.

  override_data {
    target = data.aws_iam_policy_document.this
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockDataLake\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.tls_only["data_lake"]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockDataLakeTlsOnly\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.tls_only["access_logs"]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockAccessLogsTlsOnly\"}]}" }
  }

  override_data {
    target = data.aws_iam_policy_document.access_logs[0]
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockAccessLogs\"}]}" }
  }
}

variables {
  bucket_name = "test-data-lake"
  tags        = { team = "platform" }
}

run "apply" {
  assert {
    condition     = jsonencode([for statement in data.aws_iam_policy_document.tls_only["data_lake"].statement : statement.sid]) == jsonencode(["DenyInsecureTransport", "DenyOutdatedTLS"]) && length(data.aws_iam_policy_document.this.statement) == 0 && data.aws_iam_policy_document.this.source_policy_documents == tolist([data.aws_iam_policy_document.tls_only["data_lake"].json]) && aws_s3_bucket_policy.this.policy == data.aws_iam_policy_document.this.json
    error_message = "The bucket's policy is exactly the TLS-only statements of its bucket (one deleted fails here)."
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && length(aws_s3_bucket_logging.this) == 0 && output.access_log_bucket_name == null
    error_message = "Without access_log_bucket_name there is no access logging and no log bucket."
  }

  assert {
    condition     = aws_s3_bucket.this.bucket == "test-data-lake" && aws_s3_bucket.this.force_destroy == false && aws_s3_bucket.this.tags == tomap({ team = "platform" })
    error_message = "The bucket is named bucket_name, tagged, and not force-destroyed by default."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ]) && one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "The bucket is private: every public access block on, ACLs disabled."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.this.versioning_configuration).status == "Enabled"
    error_message = "The bucket is versioned (the pipeline reads the object version the event names)."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The bucket is encrypted at rest."
  }

  assert {
    condition     = aws_s3_bucket_notification.this.eventbridge
    error_message = "The bucket sends its events to EventBridge (the pipeline's rule starts on Object Created)."
  }

  assert {
    condition = alltrue([for statement in data.aws_iam_policy_document.tls_only["data_lake"].statement : statement.effect == "Deny"]) && contains(
      [for statement in data.aws_iam_policy_document.tls_only["data_lake"].statement : one(statement.condition).variable], "aws:SecureTransport"
    ) && alltrue([for statement in data.aws_iam_policy_document.tls_only["data_lake"].statement : sort(statement.resources) == sort(["arn:aws:s3:::test-data-lake", "arn:aws:s3:::test-data-lake/*"])])
    error_message = "The bucket policy only denies: requests without TLS (and outdated TLS), on the bucket and every object."
  }

  assert {
    condition = jsonencode({ for statement in data.aws_iam_policy_document.tls_only["data_lake"].statement : statement.sid => [for condition in statement.condition : [condition.test, condition.variable, condition.values]] }) == jsonencode({
      DenyInsecureTransport = [["Bool", "aws:SecureTransport", ["false"]]]
      DenyOutdatedTLS       = [["NumericLessThan", "s3:TlsVersion", ["1.2"]]]
    })
    error_message = "Requests without TLS, or with TLS older than 1.2, are denied."
  }

  assert {
    condition = alltrue([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : alltrue([
      for transition in rule.transition : !contains(["GLACIER", "DEEP_ARCHIVE"], transition.storage_class)
    ])])
    error_message = "No lifecycle rule moves objects where a plain GetObject cannot read them."
  }
}

run "prepared_copies_expire" {
  command = plan

  assert {
    condition = length([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : rule if
      try(one(rule.filter).prefix, null) == "prepared/" && try(one(rule.expiration).days, null) == 14
    ]) == 1
    error_message = "Prepared copies (under prepared/) expire after 14 days; the order files themselves never do."
  }

  assert {
    condition     = alltrue([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : try(one(rule.expiration).days, null) == null || try(one(rule.expiration).days, null) == 0 || contains(["prepared/", "athena-results/"], try(one(rule.filter).prefix, null))])
    error_message = "Only the prepared copies and Athena query results expire by age: ${jsonencode([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : [rule.id, rule.expiration]])}."
  }
}

run "rejects_a_prepared_expiration_inside_the_redrive_window" {
  command = plan

  variables {
    prepared_expiration_days = 13
  }

  expect_failures = [var.prepared_expiration_days]
}

run "force_destroy_for_throw_away_workspaces" {
  command = plan

  variables {
    force_destroy = true
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy
    error_message = "force_destroy reaches the bucket."
  }
}

run "rejects_an_invalid_bucket_name" {
  command = plan

  variables {
    bucket_name = "Data_Lake"
  }

  expect_failures = [var.bucket_name]
}

run "rejects_a_prefix_without_slash" {
  command = plan

  variables {
    results_prefix = "results"
  }

  expect_failures = [var.results_prefix]
}

run "access_logs_to_a_bucket_of_their_own" {
  assert {
    condition = jsonencode({
      tls_only    = [for statement in data.aws_iam_policy_document.tls_only["access_logs"].statement : statement.sid]
      access_logs = [for statement in data.aws_iam_policy_document.access_logs[0].statement : statement.sid]
      }) == jsonencode({
      tls_only    = ["DenyInsecureTransport", "DenyOutdatedTLS"]
      access_logs = ["S3ServerAccessLogsOfTheDataLake"]
    })
    error_message = "The log bucket's policy is exactly S3 logging's write and the TLS-only statements of the log bucket (one deleted fails here)."
  }

  command = plan

  variables {
    access_log_bucket_name = "test-access-logs"
  }

  assert {
    condition     = aws_s3_bucket.access_logs[0].bucket == "test-access-logs" && aws_s3_bucket_logging.this[0].target_prefix == "data-lake/" && one(one(aws_s3_bucket_logging.this[0].target_object_key_format).partitioned_prefix).partition_date_source == "EventTime"
    error_message = "The data lake logs its requests under data-lake/ in the log bucket, partitioned by event time."
  }

  assert {
    condition = one(one(aws_s3_bucket_server_side_encryption_configuration.access_logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256" && alltrue([
      aws_s3_bucket_public_access_block.access_logs[0].block_public_acls,
      aws_s3_bucket_public_access_block.access_logs[0].block_public_policy,
      aws_s3_bucket_public_access_block.access_logs[0].ignore_public_acls,
      aws_s3_bucket_public_access_block.access_logs[0].restrict_public_buckets,
    ]) && one(aws_s3_bucket_ownership_controls.access_logs[0].rule).object_ownership == "BucketOwnerEnforced"
    error_message = "The log bucket is private and SSE-S3 (the only encryption S3 delivers access logs to)."
  }

  assert {
    condition = jsonencode([for condition in one(data.aws_iam_policy_document.access_logs[0].statement).condition : [condition.variable, condition.values]]) == jsonencode([
      ["aws:SourceArn", ["arn:aws:s3:::test-data-lake"]],
      ["aws:SourceAccount", ["123456789012"]],
      ]) && one(one(data.aws_iam_policy_document.access_logs[0].statement).principals).identifiers == toset(["logging.s3.amazonaws.com"]) && contains(
      [for statement in data.aws_iam_policy_document.tls_only["access_logs"].statement : one(statement.condition).variable], "aws:SecureTransport"
    )
    error_message = "Only S3's logging service may write, for this data lake of this account, and only over TLS."
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.access_logs[0].rule).expiration).days == 365
    error_message = "Access logs expire after access_log_retention_days."
  }
}
