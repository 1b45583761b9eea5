import { join } from 'node:path';
import {
  encryptionFindings,
  eventPatternFindings,
  iamFindings,
  lambdaFindings,
  layoutFindings,
  loggingFindings,
  moduleCallFindings,
  nameFindings,
  stateMachineFindings,
  templatefileFindings,
  variableFindings,
  type Finding,
} from './support/checks';
import { baseline, writeFixture, type FixtureEdit } from './support/fixture';
import { loadStack, type Stack } from './support/stack';

const allChecks = [
  variableFindings,
  moduleCallFindings,
  templatefileFindings,
  stateMachineFindings,
  eventPatternFindings,
  lambdaFindings,
  iamFindings,
  encryptionFindings,
  loggingFindings,
  nameFindings,
  layoutFindings,
];

const stackOf = async (edits: readonly FixtureEdit[]): Promise<Stack> => {
  const workspace = writeFixture(edits);
  return loadStack(join(workspace, 'terraform'), workspace);
};

const checksByName: Readonly<Record<string, (stack: Stack) => Finding[]>> = {
  variables: variableFindings,
  'module calls': moduleCallFindings,
  templatefile: templatefileFindings,
  'state machine': stateMachineFindings,
  'event pattern': eventPatternFindings,
  lambda: lambdaFindings,
  iam: iamFindings,
  encryption: encryptionFindings,
  logging: loggingFindings,
  names: nameFindings,
  layout: layoutFindings,
};

/** Findings of every check, or of one (asl-validator compiles its schemas on each call: about a second). */
const findingsOf = async (edits: readonly FixtureEdit[], only?: string): Promise<readonly Finding[]> => {
  const stack = await stackOf(edits);
  const checks = only === undefined ? allChecks : [checksByName[only] ?? (() => { throw new Error(`no check ${only}`); })()];
  return checks.flatMap((check) => check(stack));
};

const main = 'terraform/modules/pipeline/main.tf';
const asl = 'terraform/modules/pipeline/templates/state-machine.asl.json.tftpl';
const pattern = 'terraform/modules/pipeline/templates/object-created.event-pattern.json.tftpl';

describe('the contract checks on a stack that keeps every contract', () => {
  it('find nothing', async () => {
    expect(await findingsOf([])).toEqual([]);
  });
});

const edit = (file: string, from: string, to: string): FixtureEdit => ({ file, from, to });
const remove = (file: string): FixtureEdit => ({ file, content: null });

const brokenCases: readonly (readonly [string, readonly FixtureEdit[], string, RegExp])[] = [
  // variables
  ['a variable used but not declared', [edit(main, 'bucket = var.bucket_name', 'bucket = var.bucket')], 'variables', /uses var\.bucket, which is not declared/],
  ['a variable without description', [edit('terraform/variables.tf', '  description = "Region."\n', '')], 'variables', /variable\.aws_region.*|has no description/],
  ['a variable without type', [edit('terraform/variables.tf', '  type        = number\n', '')], 'variables', /has no type/],
  ['a variable of type any', [edit('terraform/variables.tf', 'type        = number', 'type        = any')], 'variables', /uses the type any/],
  ['a variable of a type containing any', [edit('terraform/variables.tf', 'type        = number', 'type        = map(any)')], 'variables', /uses the type any \(map\(any\)\)/],
  // module calls
  ['a module input the module does not declare', [edit('terraform/main.tf', 'max_concurrency = var.max_concurrency', 'max_concurrency = var.max_concurrency\n  max_concurency  = 3')], 'module calls', /passes max_concurency, which \.\/modules\/pipeline does not declare/],
  ['a required module input not passed', [edit('terraform/main.tf', '  machine_name    = local.names.state_machine\n', '')], 'module calls', /does not pass machine_name, which \.\/modules\/pipeline requires/],
  ['a module source that is not a directory', [edit('terraform/main.tf', './modules/pipeline', './modules/pipe')], 'module calls', /source \.\/modules\/pipe is not a module directory/],
  // templatefile
  ['a placeholder the call does not pass', [edit(asl, '"Message": "x"', '"Message": "${alert_text}"')], 'templatefile', /uses \$\{alert_text\}, which the call does not pass/],
  ['a variable the template does not use', [edit(main, '    incoming_prefix = var.incoming_prefix\n', '    incoming_prefix = var.incoming_prefix\n    unused          = 1\n')], 'templatefile', /passes unused, which object-created\.event-pattern\.json\.tftpl does not use/],
  ['a template directive', [edit(pattern, '"source": ["aws.s3"],', '%{ if true }"source": ["aws.s3"],%{ endif }')], 'templatefile', /unsupported template syntax %\{ if true \}/],
  ['an unescaped ${ in the template', [edit(asl, 'for $${price}', 'for ${price}')], 'templatefile', /uses \$\{price\}, which the call does not pass/],
  ['an expression placeholder', [edit(pattern, '${bucket_name}', '${upper(bucket_name)}')], 'templatefile', /\$\{upper\(bucket_name\)\}.*not a plain variable name/],
  ['a missing template file', [remove(pattern)], 'templatefile', /object-created\.event-pattern\.json\.tftpl does not exist/],
  // state machine
  ['an ASL that asl-validator refuses', [edit(asl, '"Next": "Notify"', '"Next": "Nowhere"')], 'state machine', /asl-validator: .*Nowhere/],
  ['a Task without Retry', [edit(asl, '"Retry": [{ "ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL" }],', '')], 'state machine', /Task ProcessFile > Validate has no Retry/],
  ['a Retry without jitter', [edit(asl, '"BackoffRate": 2, "JitterStrategy": "FULL" }],\n            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],\n            "Next": "Store"', '"BackoffRate": 2 }],\n            "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],\n            "Next": "Store"')], 'state machine', /Task ProcessFile > Validate has no Retry with BackoffRate and JitterStrategy FULL/],
  ['a Task without Catch', [edit(asl, '"Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],\n            "End": true', '"End": true')], 'state machine', /Task ProcessFile > Notify has no Catch/],
  ['a Map that is not distributed', [edit(asl, '"Mode": "DISTRIBUTED"', '"Mode": "INLINE"')], 'state machine', /has no Map with ProcessorConfig Mode DISTRIBUTED/],
  ['a distributed Map without ItemReader', [edit(asl, '"Resource": "arn:aws:states:::s3:getObject"', '"Resource": "arn:aws:states:::s3:listObjectsV2"')], 'state machine', /lacks ItemReader with Resource arn:aws:states:::s3:getObject/],
  ['a distributed Map without ItemSelector', [edit(asl, '"ItemSelector": { "index.$": "$$.Map.Item.Index", "order.$": "$$.Map.Item.Value" },', '')], 'state machine', /lacks ItemSelector/],
  ['a distributed Map without MaxInputBytesPerBatch', [edit(asl, ', "MaxInputBytesPerBatch": ${max_input_bytes_per_batch}', ''), edit(main, '    max_input_bytes_per_batch = 131072\n', '')], 'state machine', /lacks ItemBatcher MaxInputBytesPerBatch/],
  ['a distributed Map without MaxItemsPerBatch', [edit(asl, '"MaxItemsPerBatch": ${max_items_per_batch}, ', ''), edit(main, '    max_items_per_batch       = 100\n', '')], 'state machine', /lacks ItemBatcher MaxItemsPerBatch/],
  ['a distributed Map without MaxConcurrency', [edit(asl, '"MaxConcurrency": ${max_concurrency},', '"MaxConcurrency": 0,'), edit(main, '    max_concurrency           = var.max_concurrency\n', '')], 'state machine', /lacks MaxConcurrency/],
  ['a distributed Map without ResultWriter', [edit(asl, '"ResultWriter"', '"ResultSelector"')], 'state machine', /lacks ResultWriter/],
  ['Standard children', [edit(asl, '"ExecutionType": "EXPRESS"', '"ExecutionType": "STANDARD"')], 'state machine', /lacks ProcessorConfig ExecutionType EXPRESS/],
  ['the ASL call without a contract variable', [edit(asl, '"Bucket": "${data_lake_bucket}"', '"Bucket": "fixed"'), edit(main, '    data_lake_bucket          = aws_s3_bucket.this.bucket\n', '')], 'state machine', /does not pass data_lake_bucket \(docs\/architecture\.md section 3\)/],
  ['a JSONata state machine', [edit(asl, '"StartAt": "ProcessFile",', '"QueryLanguage": "JSONata",\n  "StartAt": "ProcessFile",')], 'state machine', /JSONata/],
  ['no state machine template at all', [edit(main, 'state-machine.asl.json.tftpl', 'state-machine.json.tftpl'), { file: 'terraform/modules/pipeline/templates/state-machine.json.tftpl', content: baseline[asl] ?? '' }], 'state machine', /no templatefile call renders a \*\.asl\.json\.tftpl/],
  // event pattern
  ['an event pattern that is not JSON', [edit(pattern, '"source": ["aws.s3"],', '"source": ["aws.s3"]')], 'event pattern', /does not render to JSON/],
  ['an event pattern without the prefix', [edit(pattern, '[{ "prefix": "${incoming_prefix}" }]', '[{ "exists": true }]'), edit(pattern, '"source": ["aws.s3"]', '"source": ["aws.s3", "${incoming_prefix}"]')], 'event pattern', /matches an Object Created event for results\/x\.json, outside incoming\//],
  ['an event pattern for any detail-type', [edit(pattern, '"detail-type": ["Object Created"],', '')], 'event pattern', /matches an Object Deleted event/],
  ['an event pattern for any bucket', [edit(pattern, '"name": ["${bucket_name}"]', '"name": [{ "prefix": "" }]'), edit(pattern, '"source": ["aws.s3"]', '"source": ["aws.s3", "${bucket_name}"]')], 'event pattern', /matches an event of another bucket/],
  ['an event pattern EventBridge refuses', [edit(pattern, '[{ "prefix": "${incoming_prefix}" }]', '[{ "prefix": "${incoming_prefix}", "suffix": ".json" }]')], 'event pattern', /not a valid event pattern/],
  // lambda
  ['a Lambda zip that is no Nx package output', [edit('terraform/main.tf', 'dist/lambda/order-validator.zip', 'dist/order-validator.zip')], 'lambda', /filename ".*dist\/order-validator\.zip" is not the package output/],
  ['a Lambda zip of an app that does not exist', [edit('terraform/main.tf', 'dist/lambda/order-validator.zip', 'dist/lambda/order-checker.zip')], 'lambda', /dist\/lambda\/order-checker\.zip" is not the package output/],
  ['a Lambda on another runtime', [edit(main, '"nodejs22.x"', '"nodejs20.x"')], 'lambda', /runtime is not nodejs22\.x/],
  ['a Lambda on x86_64', [edit(main, '["arm64"]', '["x86_64"]')], 'lambda', /architectures is not \["arm64"\]/],
  ['a Lambda without source_code_hash', [edit(main, '  source_code_hash = filebase64sha256(var.package_path)\n', '')], 'lambda', /source_code_hash is not filebase64sha256/],
  // iam
  ['a * action', [edit(main, '["dynamodb:GetItem"]', '["*"]')], 'iam', /action \* is a wildcard/],
  ['a service:* action', [edit(main, '["dynamodb:GetItem"]', '["dynamodb:*"]')], 'iam', /action dynamodb:\* is a wildcard/],
  ['a * resource outside the exceptions', [edit(main, 'resources = [aws_dynamodb_table.orders.arn]', 'resources = ["*"]')], 'iam', /resource "\*" for dynamodb:GetItem/],
  ['a * resource mixing an exception with another action', [edit(main, '["xray:PutTraceSegments", "xray:PutTelemetryRecords"]', '["xray:PutTraceSegments", "s3:GetObject"]')], 'iam', /resource "\*" for s3:GetObject/],
  ['a hard-coded ARN', [edit(main, 'resources = [aws_dynamodb_table.orders.arn]', 'resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/x"]')], 'iam', /hard-coded ARN "arn:aws:dynamodb/],
  ['an inline JSON policy', [edit(main, 'policy = data.aws_iam_policy_document.validator.json', 'policy = jsonencode({ Version = "2012-10-17" })')], 'iam', /policy is not the json of an aws_iam_policy_document/],
  ['a * resource spelt inside an expression', [edit(main, 'resources = [aws_dynamodb_table.orders.arn]', 'resources = var.machine_name == "" ? ["*"] : [aws_dynamodb_table.orders.arn]')], 'iam', /resources cannot be verified: cannot evaluate .*a conditional/],
  // encryption
  ['a bucket without encryption', [edit(main, 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id', 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = "other"')], 'encryption', /has no aws_s3_bucket_server_side_encryption_configuration/],
  ['a bucket without public access block', [edit(main, 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id', 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = "other"')], 'encryption', /has no aws_s3_bucket_public_access_block/],
  ['a public access block that lets policies through', [edit(main, 'block_public_policy     = true', 'block_public_policy     = false')], 'encryption', /does not set block_public_policy = true/],
  ['a bucket without a TLS-only policy', [edit(main, 'variable = "aws:SecureTransport"', 'variable = "aws:SourceIp"')], 'encryption', /no bucket policy denying requests without TLS/],
  ['a table without encryption', [edit(main, 'server_side_encryption {\n    enabled = true', 'server_side_encryption {\n    enabled = false')], 'encryption', /aws_dynamodb_table\.orders server_side_encryption is not enabled|server_side_encryption is not enabled/],
  ['a queue without encryption', [edit(main, '  sqs_managed_sse_enabled = true\n', '')], 'encryption', /neither sqs_managed_sse_enabled = true nor kms_master_key_id/],
  ['a topic without encryption', [edit(main, '  kms_master_key_id = aws_kms_key.alerts.arn\n', '')], 'encryption', /has no kms_master_key_id/],
  // logging
  ['a log group without retention', [edit(main, '  retention_in_days = 30\n', '')], 'logging', /has no retention_in_days/],
  ['state machine logs with execution data', [edit(main, 'include_execution_data = false', 'include_execution_data = true')], 'logging', /include_execution_data is not false/],
  ['a state machine without logging', [edit(main, 'logging_configuration {', 'tracing_configuration {')], 'logging', /has no logging_configuration/],
  // names
  ['a names.tf entry without the workspace', [edit('terraform/names.tf', '"${local.name_prefix}-order-pipeline"', '"${var.project}-order-pipeline"')], 'names', /local\.names\.state_machine.*does not contain terraform\.workspace/],
  ['a resource name built without local.names', [edit(main, 'name                    = "${var.machine_name}-rejected"', 'name                    = "rejected-orders"')], 'names', /aws_sqs_queue\.rejected: name "rejected-orders" does not derive from local\.names/],
  ['a module name input without the workspace', [edit('terraform/main.tf', 'function_name   = local.names.order_validator_function', 'function_name   = "${var.project}-validator"')], 'names', /aws_lambda_function\.validator: function_name/],
  ['a bucket name from a function call', [edit(main, 'bucket = var.bucket_name', 'bucket = lower(var.bucket_name)')], 'names', /bucket .* does not derive from local\.names.*function call \(lower\)/],
  // layout
  ['Terraform older than 1.11', [edit('terraform/versions.tf', '">= 1.11"', '">= 1.10"')], 'layout', /does not require Terraform >= 1\.11/],
  ['the aws provider 5.x', [edit('terraform/versions.tf', '"~> 6.0"', '"~> 5.0"')], 'layout', /required_providers\.aws is not hashicorp\/aws ~> 6\.x/],
  ['no S3 backend', [edit('terraform/versions.tf', 'backend "s3"', 'backend "local"')], 'layout', /no backend "s3" block/],
  ['no default tags', [edit('terraform/providers.tf', 'default_tags {', 'ignore_tags {')], 'layout', /aws provider has no default_tags/],
  ['a module without README', [remove('terraform/modules/pipeline/README.md')], 'layout', /the module has no README\.md/],
  ['a module without versions.tf', [remove('terraform/modules/pipeline/versions.tf')], 'layout', /the module has no versions\.tf/],
  ['a README that misses an input', [edit('terraform/modules/pipeline/README.md', 'package_path, ', '')], 'layout', /the README does not list package_path/],
  ['an output without description', [edit('terraform/outputs.tf', '  description = "The data lake bucket."\n', '')], 'layout', /output\.bucket.*|has no description/],
];

describe('the contract checks accept what keeps the contract in other words', () => {
  it.each([
    ['a conditional list of references as IAM resources', [edit(main, 'resources = [aws_dynamodb_table.orders.arn]', 'resources = var.machine_name == "" ? [] : [aws_dynamodb_table.orders.arn]')]],
    [
      'for_each names whose workspace comes from the name input',
      [edit(main, 'resource "aws_sqs_queue" "rejected" {\n  name                    = "${var.machine_name}-rejected"', 'resource "aws_sqs_queue" "rejected" {\n  for_each                = toset(["a"])\n  name                    = "${var.machine_name}-${each.key}"')],
    ],
    ['a name built from another resource name', [edit(main, 'name              = "/aws/lambda/${var.function_name}"', 'name              = "/aws/lambda/${aws_lambda_function.validator.function_name}"')]],
  ] as const)('%s', async (_name, edits) => {
    expect(await findingsOf(edits)).toEqual([]);
  });
});

describe('each contract check fails on a stack that breaks it', () => {
  it.each(brokenCases)('%s', async (_name, edits, check, message) => {
    const findings = await findingsOf(edits, check);
    expect(findings.filter((f) => f.check === check).map((f) => `${f.where}: ${f.message}`)).toContainEqual(expect.stringMatching(message));
  });
});
