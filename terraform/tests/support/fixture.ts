import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small stack that passes every contract check: an Nx workspace with one packaged app and a terraform/ root calling
 * one module. Kept as text (not .tf files under terraform/) so `terraform fmt -recursive` never sees it; each broken
 * case edits one piece of it.
 */
export const baseline: Readonly<Record<string, string>> = {
  'apps/order-validator/project.json': JSON.stringify({
    name: 'order-validator',
    targets: { package: { outputs: ['{workspaceRoot}/dist/lambda/order-validator.zip'] } },
  }),
  'terraform/versions.tf': `
terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
  backend "s3" {
    use_lockfile = true
  }
}
`,
  'terraform/providers.tf': `
provider "aws" {
  region = var.aws_region
  default_tags {
    tags = {
      Project   = var.project
      Workspace = terraform.workspace
    }
  }
}
`,
  'terraform/variables.tf': `
variable "project" {
  type        = string
  description = "Project name."
  default     = "sales-pipeline"
}

variable "aws_region" {
  type        = string
  description = "Region."
  default     = "us-east-1"
}

variable "max_concurrency" {
  type        = number
  description = "Child workflows at once."
}
`,
  'terraform/names.tf': `
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  name_prefix = "\${var.project}-\${terraform.workspace}"
  names = {
    data_lake_bucket         = "\${local.name_prefix}-data-lake-\${data.aws_caller_identity.current.account_id}-\${data.aws_region.current.region}"
    order_validator_function = "\${local.name_prefix}-order-validator"
    state_machine            = "\${local.name_prefix}-order-pipeline"
  }
}
`,
  'terraform/main.tf': `
module "pipeline" {
  source          = "./modules/pipeline"
  bucket_name     = local.names.data_lake_bucket
  function_name   = local.names.order_validator_function
  machine_name    = local.names.state_machine
  package_path    = "\${path.root}/../dist/lambda/order-validator.zip"
  max_concurrency = var.max_concurrency
}
`,
  'terraform/outputs.tf': `
output "bucket" {
  description = "The data lake bucket."
  value       = module.pipeline.bucket
}
`,
  'terraform/workspaces/dev.tfvars': 'max_concurrency = 5\n',
  'terraform/workspaces/prod.tfvars': 'max_concurrency = 50\n',
  'terraform/workspaces/local.tfvars': 'max_concurrency = 2\n',
  'terraform/modules/pipeline/versions.tf': `
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
`,
  'terraform/modules/pipeline/README.md':
    '# pipeline\n\nInputs: bucket_name, function_name, machine_name, package_path, max_concurrency, incoming_prefix.\n\nOutputs: bucket.\n',
  'terraform/modules/pipeline/variables.tf': `
variable "bucket_name" {
  type        = string
  description = "Bucket."
}

variable "function_name" {
  type        = string
  description = "Validator function."
}

variable "machine_name" {
  type        = string
  description = "State machine."
}

variable "package_path" {
  type        = string
  description = "The validator zip."
}

variable "max_concurrency" {
  type        = number
  description = "Child workflows at once."
  default     = 10
}

variable "incoming_prefix" {
  type        = string
  description = "Where order files arrive."
  default     = "incoming/"
}
`,
  'terraform/modules/pipeline/outputs.tf': `
output "bucket" {
  description = "The bucket name."
  value       = aws_s3_bucket.this.bucket
}
`,
  'terraform/modules/pipeline/main.tf': `
data "aws_partition" "current" {}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "\${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json
}

resource "aws_dynamodb_table" "orders" {
  name         = "\${var.machine_name}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"
  attribute {
    name = "order_id"
    type = "S"
  }
  server_side_encryption {
    enabled = true
  }
}

resource "aws_sqs_queue" "rejected" {
  name                    = "\${var.machine_name}-rejected"
  sqs_managed_sse_enabled = true
}

resource "aws_kms_key" "alerts" {
  description = "Alerts topic key."
  policy      = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "\${var.machine_name}-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
}

resource "aws_cloudwatch_log_group" "validator" {
  name              = "/aws/lambda/\${var.function_name}"
  retention_in_days = 30
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "validator" {
  name               = var.function_name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "validator" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["\${aws_cloudwatch_log_group.validator.arn}:*"]
  }
  statement {
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = [1]
    content {
      actions   = ["dynamodb:GetItem"]
      resources = [aws_dynamodb_table.orders.arn]
    }
  }
}

resource "aws_iam_role_policy" "validator" {
  name   = "validator"
  role   = aws_iam_role.validator.id
  policy = data.aws_iam_policy_document.validator.json
}

resource "aws_lambda_function" "validator" {
  function_name    = var.function_name
  role             = aws_iam_role.validator.arn
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
}

resource "aws_sfn_state_machine" "this" {
  name     = var.machine_name
  role_arn = aws_iam_role.validator.arn
  definition = templatefile("\${path.module}/templates/state-machine.asl.json.tftpl", {
    validator_function_arn    = aws_lambda_function.validator.arn
    orders_table_name         = aws_dynamodb_table.orders.name
    rejected_queue_url        = aws_sqs_queue.rejected.url
    dead_letter_queue_url     = aws_sqs_queue.rejected.url
    alerts_topic_arn          = aws_sns_topic.alerts.arn
    data_lake_bucket          = aws_s3_bucket.this.bucket
    results_prefix            = "results/"
    max_items_per_batch       = 100
    max_input_bytes_per_batch = 131072
    max_concurrency           = var.max_concurrency
  })
  logging_configuration {
    log_destination        = "\${aws_cloudwatch_log_group.validator.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }
}

resource "aws_cloudwatch_event_rule" "created" {
  name = "\${var.machine_name}-created"
  event_pattern = templatefile("\${path.module}/templates/object-created.event-pattern.json.tftpl", {
    bucket_name     = aws_s3_bucket.this.bucket
    incoming_prefix = var.incoming_prefix
  })
}
`,
  'terraform/modules/pipeline/templates/object-created.event-pattern.json.tftpl': `{
  "source": ["aws.s3"],
  "detail-type": ["Object Created"],
  "detail": {
    "bucket": { "name": ["\${bucket_name}"] },
    "object": { "key": [{ "prefix": "\${incoming_prefix}" }] }
  }
}
`,
  'terraform/modules/pipeline/templates/state-machine.asl.json.tftpl': `{
  "Comment": "Alerts say: we just sold a product for $\${price}",
  "StartAt": "ProcessFile",
  "States": {
    "ProcessFile": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": { "InputType": "JSON" },
        "Parameters": { "Bucket.$": "$.detail.bucket.name", "Key.$": "$.detail.object.key" }
      },
      "ItemSelector": { "index.$": "$$.Map.Item.Index", "order.$": "$$.Map.Item.Value" },
      "ItemBatcher": { "MaxItemsPerBatch": \${max_items_per_batch}, "MaxInputBytesPerBatch": \${max_input_bytes_per_batch} },
      "MaxConcurrency": \${max_concurrency},
      "ItemProcessor": {
        "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" },
        "StartAt": "Validate",
        "States": {
          "Validate": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": { "FunctionName": "\${validator_function_arn}", "Payload.$": "$" },
            "Retry": [{ "ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],
            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
            "Next": "Store"
          },
          "Store": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": { "TableName": "\${orders_table_name}", "Item": { "order_id": { "S.$": "$.Payload.orderId" } } },
            "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],
            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
            "Next": "Notify"
          },
          "Notify": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": { "TopicArn": "\${alerts_topic_arn}", "Message": "x" },
            "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],
            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
            "End": true
          },
          "Failed": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": { "QueueUrl": "\${dead_letter_queue_url}", "MessageBody.$": "$" },
            "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],
            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Rejected" }],
            "End": true
          },
          "Rejected": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": { "QueueUrl": "\${rejected_queue_url}", "MessageBody.$": "$" },
            "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],
            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Gone" }],
            "End": true
          },
          "Gone": { "Type": "Fail", "Error": "OrderLost" }
        }
      },
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": { "Bucket": "\${data_lake_bucket}", "Prefix": "\${results_prefix}" }
      },
      "End": true
    }
  }
}
`,
};

/** One change to the baseline: replace `from` (which must occur) by `to` in a file, or set (null: delete) a file. */
export type FixtureEdit =
  | { readonly file: string; readonly from: string; readonly to: string }
  | { readonly file: string; readonly content: string | null };

/** Writes the baseline with the edits to a new temporary workspace; returns its directory. */
export const writeFixture = (edits: readonly FixtureEdit[] = []): string => {
  const files: Record<string, string | null> = { ...baseline };
  for (const edit of edits) {
    if ('content' in edit) files[edit.file] = edit.content;
    else {
      const text = files[edit.file];
      if (text == null || !text.includes(edit.from)) throw new Error(`fixture ${edit.file} does not contain ${edit.from}`);
      files[edit.file] = text.replace(edit.from, edit.to);
    }
  }
  const workspace = mkdtempSync(join(tmpdir(), 'terraform-contract-'));
  for (const [file, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    writeFileSync(join(workspace, file), text);
  }
  return workspace;
};
