output "database_name" {
  description = "Glue database of the analytics zone (Athena's QueryExecutionContext)."
  value       = aws_glue_catalog_database.this.name
}

output "table_names" {
  description = "The zone's tables in the database."
  value       = sort([for table in aws_glue_catalog_table.this : table.name])
}

output "workgroup_name" {
  description = "Athena workgroup that runs the reports (engine v3, enforced configuration, bytes-scanned cutoff)."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.this.arn
}

output "named_query_ids" {
  description = "Named query id per report."
  value       = { for name, query in aws_athena_named_query.this : name => query.id }
}

output "analyst_policy_json" {
  description = "IAM policy (JSON) to run the reports: the workgroup, the catalog's database and tables, reading the zone, writing the query results; nothing else."
  value       = data.aws_iam_policy_document.analyst.json
}
