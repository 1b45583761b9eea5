# The analytics module's contract against a mocked AWS provider: the catalog's tables with partition projection and
# the zone's columns, the workgroup's enforced settings, one named query per report file, a least-privilege analyst
# policy; and the variable validations.

mock_provider "aws" {
  source = "../../tests/mocks"

  override_resource {
    target = aws_athena_workgroup.this
    values = { arn = "arn:aws:athena:us-east-1:123456789012:workgroup/test-analytics", id = "test-analytics" }
  }

  # Each policy document gets JSON of its own (the shared mock gives every document the same), so that an
  # assertion that a policy takes a given document can tell them apart.

  override_data {
    target = data.aws_iam_policy_document.analyst
    values = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"MockAnalyst\"}]}" }
  }
}

variables {
  database_name         = "sales_pipeline_test_analytics"
  workgroup_name        = "sales-pipeline-test-analytics"
  data_lake_bucket_name = "test-data-lake"
  query_results_prefix  = "athena-results/"
  tags                  = { team = "platform" }
}

run "apply" {
  assert {
    condition     = aws_glue_catalog_database.this.tags == tomap({ team = "platform" }) && aws_athena_workgroup.this.tags == tomap({ team = "platform" })
    error_message = "The Glue database and the workgroup carry the module's tags."
  }

  assert {
    condition     = sort(keys(aws_glue_catalog_table.this)) == tolist(["orders", "rejections"]) && output.table_names == tolist(["orders", "rejections"])
    error_message = "One Glue table per zone table: orders and rejections."
  }

  assert {
    condition = alltrue([for table in aws_glue_catalog_table.this : alltrue([
      table.table_type == "EXTERNAL_TABLE",
      table.parameters["projection.enabled"] == "true",
      table.parameters["projection.${one(table.partition_keys).name}.type"] == "date",
      table.parameters["projection.${one(table.partition_keys).name}.format"] == "yyyy-MM-dd",
      table.parameters["projection.${one(table.partition_keys).name}.range"] == "2024-01-01,NOW",
      table.parameters["storage.location.template"] == "s3://test-data-lake/analytics/${table.name}/${one(table.partition_keys).name}=$${${one(table.partition_keys).name}}/",
      one(table.storage_descriptor).location == "s3://test-data-lake/analytics/${table.name}/",
      one(one(table.storage_descriptor).ser_de_info).serialization_library == "org.openx.data.jsonserde.JsonSerDe",
    ])])
    error_message = "Each table reads its prefix of the zone as JSON Lines, partitioned by day through projection (no crawler, no partition to add)."
  }

  assert {
    condition     = one(aws_glue_catalog_table.this["orders"].partition_keys).name == "sale_date" && one(aws_glue_catalog_table.this["rejections"].partition_keys).name == "rejected_date"
    error_message = "orders is partitioned by sale_date, rejections by rejected_date."
  }

  assert {
    condition = tolist([for column in one(aws_glue_catalog_table.this["orders"].storage_descriptor).columns : column.name]) == tolist([
      "order_id", "created_at", "product", "quantity", "price", "status", "sale_hour", "source_bucket", "source_key",
      "source_version_id", "source_index", "ingested_at", "high_value", "alerted",
    ])
    error_message = "The orders table has the zone's columns (the order codec's fields without contact info, then the pipeline's), in order."
  }

  assert {
    condition     = alltrue([for table in aws_glue_catalog_table.this : alltrue([for column in one(table.storage_descriptor).columns : can(regex("^[a-z][a-z0-9_]*$", column.name)) && column.name != "contact_info"])])
    error_message = "Column names have no hyphen, and no table has contact info."
  }

  assert {
    condition = alltrue([
      one(aws_athena_workgroup.this.configuration).enforce_workgroup_configuration,
      one(aws_athena_workgroup.this.configuration).bytes_scanned_cutoff_per_query == 10737418240,
      one(one(aws_athena_workgroup.this.configuration).engine_version).selected_engine_version == "Athena engine version 3",
      one(one(aws_athena_workgroup.this.configuration).result_configuration).output_location == "s3://test-data-lake/athena-results/",
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).encryption_option == "SSE_S3",
      aws_athena_workgroup.this.force_destroy == false,
    ])
    error_message = "The workgroup enforces engine v3, encrypted results under their own prefix and a bytes-scanned cutoff."
  }

  assert {
    condition     = sort(keys(aws_athena_named_query.this)) == sort([for file in fileset("reports", "*.sql") : trimsuffix(file, ".sql")]) && length(aws_athena_named_query.this) == 7
    error_message = "One named query per report file."
  }

  assert {
    condition     = alltrue([for name, query in aws_athena_named_query.this : query.query == file("reports/${name}.sql") && query.workgroup == "test-analytics" && query.database == "sales_pipeline_test_analytics"])
    error_message = "Each named query is its report file, unchanged, in the workgroup and the database."
  }

  assert {
    condition = alltrue(flatten([for statement in data.aws_iam_policy_document.analyst.statement : [
      for action in statement.actions : !strcontains(action, "*")
    ]])) && alltrue(flatten([for statement in data.aws_iam_policy_document.analyst.statement : [for resource in statement.resources : resource != "*"]]))
    error_message = "The analyst policy names every action and resource: no wildcard action, no '*' resource."
  }

  assert {
    condition = toset(flatten([for statement in data.aws_iam_policy_document.analyst.statement : statement.resources if contains(statement.actions, "s3:GetObject")])) == toset([
      "arn:aws:s3:::test-data-lake/analytics/*", "arn:aws:s3:::test-data-lake/athena-results/*",
    ])
    error_message = "The analyst reads the zone and the query results only, not the order files (which hold contact info)."
  }

  assert {
    condition = jsonencode(sort([for statement in data.aws_iam_policy_document.analyst.statement : statement.sid])) == jsonencode([
      "ListTheZoneAndResults", "LocateTheBucket", "ReadTheCatalog", "ReadTheZone", "RunQueriesInTheWorkgroup", "WriteAndReadQueryResults",
    ]) && output.analyst_policy_json == data.aws_iam_policy_document.analyst.json
    error_message = "The analyst policy (the module's output) has exactly its statements: one deleted or added fails here."
  }
}

run "rejects_a_database_name_athena_would_need_quoted" {
  command = plan

  variables {
    database_name = "sales-pipeline-test"
  }

  expect_failures = [var.database_name]
}

run "rejects_a_cutoff_below_athenas_minimum" {
  command = plan

  variables {
    bytes_scanned_cutoff_per_query = 1048576
  }

  expect_failures = [var.bytes_scanned_cutoff_per_query]
}

run "rejects_a_prefix_without_its_slash" {
  command = plan

  variables {
    query_results_prefix = "athena-results"
    zone_prefix          = "analytics"
  }

  expect_failures = [var.query_results_prefix, var.zone_prefix]
}

run "rejects_a_start_that_is_not_a_date" {
  command = plan

  variables {
    projection_start_date = "2024-13-01"
  }

  expect_failures = [var.projection_start_date]
}
