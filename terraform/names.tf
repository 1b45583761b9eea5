# The one source of resource names (terraform/README.md, "Names"). Modules receive
# these as inputs and never build names themselves.

# The account guard behind the provider's allowed_account_ids (which a mocked provider cannot exercise): the plan
# stops here, naming both accounts, before anything changes.
data "aws_caller_identity" "current" {
  lifecycle {
    postcondition {
      condition     = self.account_id == var.aws_account_id
      error_message = "These credentials are for AWS account ${self.account_id}, but workspace \"${var.workspace}\" deploys to account ${var.aws_account_id} (aws_account_id in workspaces/${var.workspace}.tfvars): use that account's credentials or role."
    }
  }
}

data "aws_region" "current" {}

locals {
  name_prefix = "${var.project}-${terraform.workspace}"
  names = {
    data_lake_bucket         = "${local.name_prefix}-data-lake-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.id}"
    orders_table             = "${local.name_prefix}-orders"
    rejected_orders_queue    = "${local.name_prefix}-rejected-orders"
    dead_letter_queue        = "${local.name_prefix}-dead-letter"
    undelivered_events_queue = "${local.name_prefix}-undelivered-events"
    sales_alerts_topic       = "${local.name_prefix}-sales-alerts"
    operations_topic         = "${local.name_prefix}-operations"
    sales_generator_function = "${local.name_prefix}-sales-generator"
    order_validator_function = "${local.name_prefix}-order-validator"
    order_preparer_function  = "${local.name_prefix}-order-file-preparer"
    zone_writer_function     = "${local.name_prefix}-zone-writer"
    state_machine            = "${local.name_prefix}-order-pipeline"
    sales_schedule           = "${local.name_prefix}-sales-generator"
    object_created_rule      = "${local.name_prefix}-order-file-created"
    execution_failed_rule    = "${local.name_prefix}-order-pipeline-failed"
    small_file_state_machine = "${local.name_prefix}-small-order-files"
    small_file_rule          = "${local.name_prefix}-small-order-file-created"
    access_log_bucket        = "${local.name_prefix}-access-logs-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.id}"
    analytics                = "${local.name_prefix}-analytics"
  }
}
