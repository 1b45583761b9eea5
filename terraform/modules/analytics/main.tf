data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # The zone's tables and columns, written from the zone's codec (tools/write-analytics-tables.mjs); the order
  # columns derive from the order codec, and the terraform project's tests fail while this file lags behind it.
  tables = jsondecode(file("${path.module}/tables.json"))

  # One named query per report: the same .sql file the local engine runs.
  reports = { for file in fileset("${path.module}/reports", "*.sql") : trimsuffix(file, ".sql") => file }

  account_id     = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  region         = data.aws_region.current.id
  bucket_arn     = "arn:${local.partition}:s3:::${var.data_lake_bucket_name}"
  zone_location  = "s3://${var.data_lake_bucket_name}/${var.zone_prefix}"
  glue_catalog   = "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog"
  glue_database  = "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${aws_glue_catalog_database.this.name}"
  glue_table_arn = "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${aws_glue_catalog_database.this.name}"
}

################################################################################
# Catalog: one table per zone table, partitions by projection (no crawler)
################################################################################

resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "Analytics zone of the data lake: exactly the stored orders, and the rejections (no contact info)."
  tags        = var.tags
}

resource "aws_glue_catalog_table" "this" {
  for_each = local.tables

  name          = each.key
  database_name = aws_glue_catalog_database.this.name
  description   = "s3://${var.data_lake_bucket_name}/${var.zone_prefix}${each.value.prefix}/, one JSON object per line, one object per pipeline batch and day."
  table_type    = "EXTERNAL_TABLE"

  # Partition projection: a day's objects are queryable the moment they are written, and a query filtered on the
  # day reads only that day's prefix.
  parameters = {
    EXTERNAL                                                = "TRUE"
    classification                                          = "json"
    "projection.enabled"                                    = "true"
    "projection.${each.value.partition.name}.type"          = "date"
    "projection.${each.value.partition.name}.format"        = "yyyy-MM-dd"
    "projection.${each.value.partition.name}.range"         = "${var.projection_start_date},NOW"
    "projection.${each.value.partition.name}.interval"      = "1"
    "projection.${each.value.partition.name}.interval.unit" = "DAYS"
    "storage.location.template"                             = "${local.zone_location}${each.value.prefix}/${each.value.partition.name}=$${${each.value.partition.name}}/"
  }

  partition_keys {
    name    = each.value.partition.name
    type    = each.value.partition.type
    comment = each.value.partition.comment
  }

  storage_descriptor {
    location      = "${local.zone_location}${each.value.prefix}/"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters            = { "ignore.malformed.json" = "false" }
    }

    dynamic "columns" {
      for_each = each.value.columns

      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }
}

################################################################################
# Athena: a workgroup that enforces its settings, and the reports as named queries
################################################################################

resource "aws_athena_workgroup" "this" {
  name          = var.workgroup_name
  description   = "Reports on the sales pipeline's analytics zone."
  state         = "ENABLED"
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query
    requester_pays_enabled             = false

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location       = "s3://${var.data_lake_bucket_name}/${var.query_results_prefix}"
      expected_bucket_owner = local.account_id

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }

  tags = var.tags
}

resource "aws_athena_named_query" "this" {
  for_each = local.reports

  name        = each.key
  description = "sales-pipeline report ${each.key} (terraform/modules/analytics/reports/${each.value})"
  database    = aws_glue_catalog_database.this.name
  workgroup   = aws_athena_workgroup.this.id
  query       = file("${path.module}/reports/${each.value}")
}

################################################################################
# Least privilege for whoever runs the reports
################################################################################

data "aws_iam_policy_document" "analyst" {
  statement {
    sid = "RunQueriesInTheWorkgroup"
    actions = [
      "athena:StartQueryExecution",
      "athena:StopQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:ListQueryExecutions",
      "athena:GetWorkGroup",
      "athena:ListNamedQueries",
      "athena:GetNamedQuery",
      "athena:BatchGetNamedQuery",
    ]
    resources = [aws_athena_workgroup.this.arn]
  }

  statement {
    sid       = "ReadTheCatalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"]
    resources = [local.glue_catalog, local.glue_database, "${local.glue_table_arn}/*"]
  }

  statement {
    sid       = "ReadTheZone"
    actions   = ["s3:GetObject"]
    resources = ["${local.bucket_arn}/${var.zone_prefix}*"]
  }

  statement {
    sid       = "WriteAndReadQueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.bucket_arn}/${var.query_results_prefix}*"]
  }

  statement {
    sid       = "ListTheZoneAndResults"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.zone_prefix}*", "${var.query_results_prefix}*"]
    }
  }

  statement {
    sid       = "LocateTheBucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [local.bucket_arn]
  }
}
