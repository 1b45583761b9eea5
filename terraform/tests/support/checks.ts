import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import aslValidator from 'asl-validator';
import { compileEventPattern, matchesEventPattern, objectCreatedEvent } from '@sales-pipeline/local-events';
import {
  HclError,
  moduleExpressions,
  moduleStrings,
  renderTemplate,
  templatePlaceholders,
  type Block,
  type TemplatefileCall,
  type TfModule,
  type Value,
} from '@sales-pipeline/terraform-hcl';
import { moduleKey, probeAccount, probeRegion, probeWorkspace, tryEvaluate, type Stack } from './stack';

export interface Finding {
  readonly check: string;
  /** `<module dir>/<file>:<line> <address>` */
  readonly where: string;
  readonly message: string;
}

type Json = Readonly<Record<string, unknown>>;

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const finding = (check: string, stack: Stack, module: TfModule, file: string, line: number, address: string, message: string): Finding => ({
  check,
  where: `${moduleKey(stack, module)}/${file}${line > 0 ? `:${line}` : ''} ${address}`.trim(),
  message,
});

const blockFinding = (check: string, stack: Stack, module: TfModule, block: Block, message: string): Finding =>
  finding(check, stack, module, block.file, block.line, block.address, message);

const modulesOf = (stack: Stack): readonly TfModule[] => Object.values(stack.modules);

const resourcesOf = (stack: Stack, type?: string): readonly (readonly [TfModule, Block])[] =>
  modulesOf(stack).flatMap((module) => module.resources.filter((r) => type === undefined || r.type === type).map((r) => [module, r] as const));

const referencesTo = (value: unknown, prefix: string): boolean => JSON.stringify(value ?? null).includes(prefix);

// ---------------------------------------------------------------------------------------------------------------
// Variables and module calls

export const variableFindings = (stack: Stack): Finding[] =>
  modulesOf(stack).flatMap((module) => {
    const used = moduleExpressions(module).flatMap((e) =>
      [...e.expression.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)].map((m) => ({ name: m[1] as string, at: e })),
    );
    const undeclared = used
      .filter((u) => module.variables[u.name] === undefined)
      .map((u) => finding('variables', stack, module, u.at.file, 0, `${u.at.address}.${u.at.attribute}`, `uses var.${u.name}, which is not declared`));
    const declared = Object.values(module.variables).flatMap((v) => {
      const at = (message: string) => finding('variables', stack, module, v.file, v.line, `variable.${v.name}`, message);
      return [
        ...(v.description === undefined || v.description.trim() === '' ? [at('has no description')] : []),
        ...(v.type === undefined ? [at('has no type')] : []),
        ...(v.type !== undefined && /\bany\b/.test(v.type) ? [at(`uses the type any (${v.type})`)] : []),
      ];
    });
    return [...undeclared, ...declared];
  });

export const moduleCallFindings = (stack: Stack): Finding[] =>
  modulesOf(stack).flatMap((module) =>
    Object.values(module.modules).flatMap((call) => {
      const at = (message: string) => finding('module calls', stack, module, call.file, call.line, `module.${call.name}`, message);
      if (call.sourceDir === undefined) return [];
      const target = stack.modules[relative(stack.root.dir, resolve(call.sourceDir))];
      if (target === undefined) return [at(`its source ${call.source} is not a module directory`)];
      return [
        ...Object.keys(call.arguments)
          .filter((name) => target.variables[name] === undefined)
          .map((name) => at(`passes ${name}, which ${call.source} does not declare`)),
        ...Object.values(target.variables)
          .filter((v) => !v.hasDefault && call.arguments[v.name] === undefined)
          .map((v) => at(`does not pass ${v.name}, which ${call.source} requires (no default)`)),
      ];
    }),
  );

// ---------------------------------------------------------------------------------------------------------------
// Templates

const callsOf = (stack: Stack): readonly (readonly [TfModule, TemplatefileCall])[] =>
  modulesOf(stack).flatMap((module) => (stack.calls[moduleKey(stack, module)] ?? []).map((call) => [module, call] as const));

const callFinding = (check: string, stack: Stack, module: TfModule, call: TemplatefileCall, message: string): Finding =>
  finding(check, stack, module, call.file, module.resources.find((r) => r.address === call.address)?.line ?? 0, `${call.address}.${call.attribute}`, message);

const readTemplateText = (call: TemplatefileCall): string | undefined =>
  existsSync(call.templatePath) ? readFileSync(call.templatePath, 'utf8') : undefined;

export const templatefileFindings = (stack: Stack): Finding[] =>
  callsOf(stack).flatMap(([module, call]) => {
    const at = (message: string) => callFinding('templatefile', stack, module, call, message);
    const text = readTemplateText(call);
    if (text === undefined) return [at(`the template ${call.templatePath} does not exist`)];
    let placeholders: readonly string[];
    try {
      placeholders = templatePlaceholders(text);
    } catch (error) {
      if (error instanceof HclError) return [at(`${basename(call.templatePath)}: ${error.message}`)];
      throw error;
    }
    const passed = Object.keys(call.variables);
    return [
      ...placeholders.filter((name) => !passed.includes(name)).map((name) => at(`${basename(call.templatePath)} uses \${${name}}, which the call does not pass`)),
      ...passed.filter((name) => !placeholders.includes(name)).map((name) => at(`passes ${name}, which ${basename(call.templatePath)} does not use`)),
    ];
  });

/** A value for a template variable the evaluator cannot give (a resource attribute): shaped after its name. */
const sampleValue = (name: string): Value => {
  if (/_arn$/.test(name))
    return /function|lambda/.test(name)
      ? `arn:aws:lambda:${probeRegion}:${probeAccount}:function:${probeWorkspace}-${name}`
      : `arn:aws:sns:${probeRegion}:${probeAccount}:${probeWorkspace}-${name}`;
  if (/_url$/.test(name)) return `https://sqs.${probeRegion}.amazonaws.com/${probeAccount}/${probeWorkspace}-${name}`;
  if (/^max_|_count$|_seconds$|_bytes/.test(name)) return 10;
  if (/_prefix$/.test(name)) return `${name.replace(/_prefix$/, '')}/`;
  return `${probeWorkspace}-${name.replace(/_/g, '-')}`;
};

/** The template rendered with the call's variables evaluated for the probe workspace (samples where they cannot be). */
export const renderCall = (stack: Stack, module: TfModule, call: TemplatefileCall): { values: Record<string, Value>; text: string } => {
  const values = Object.fromEntries(
    Object.entries(call.variables).map(([name, expression]) => {
      const evaluated = tryEvaluate(stack, module, expression);
      const scalar = evaluated.ok && ['string', 'number', 'boolean'].includes(typeof evaluated.value);
      return [name, scalar && evaluated.ok ? evaluated.value : sampleValue(name)];
    }),
  );
  return { values, text: renderTemplate(readTemplateText(call) ?? '', values) };
};

const parseRendered = (stack: Stack, module: TfModule, call: TemplatefileCall, check: string) => {
  try {
    const rendered = renderCall(stack, module, call);
    return { ...rendered, json: JSON.parse(rendered.text) as unknown };
  } catch (error) {
    return callFinding(check, stack, module, call, `${basename(call.templatePath)} does not render to JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
};

type State = Json;

/** Every state with its path, descending into Map item processors and Parallel branches. */
export const statesOf = (machine: unknown, path = ''): readonly (readonly [string, State])[] => {
  const states = isJson(machine) && isJson(machine['States']) ? machine['States'] : {};
  return Object.entries(states).flatMap(([name, state]) => {
    if (!isJson(state)) return [];
    const here = path === '' ? name : `${path} > ${name}`;
    const processor = isJson(state['ItemProcessor']) ? state['ItemProcessor'] : state['Iterator'];
    return [
      [here, state] as const,
      ...(processor !== undefined ? statesOf(processor, here) : []),
      ...list(state['Branches']).flatMap((branch, i) => statesOf(branch, `${here}[${i}]`)),
    ];
  });
};

const distributedRequirements: readonly (readonly [string, (map: State) => boolean])[] = [
  ['ItemReader with Resource arn:aws:states:::s3:getObject', (m) => isJson(m['ItemReader']) && m['ItemReader']['Resource'] === 'arn:aws:states:::s3:getObject'],
  ['ItemReader ReaderConfig InputType JSON', (m) => isJson(m['ItemReader']) && isJson(m['ItemReader']['ReaderConfig']) && m['ItemReader']['ReaderConfig']['InputType'] === 'JSON'],
  ['ItemSelector', (m) => isJson(m['ItemSelector'])],
  ['ItemBatcher MaxItemsPerBatch', (m) => isJson(m['ItemBatcher']) && typeof m['ItemBatcher']['MaxItemsPerBatch'] === 'number'],
  ['ItemBatcher MaxInputBytesPerBatch', (m) => isJson(m['ItemBatcher']) && typeof m['ItemBatcher']['MaxInputBytesPerBatch'] === 'number'],
  ['MaxConcurrency', (m) => typeof m['MaxConcurrency'] === 'number' && m['MaxConcurrency'] > 0],
  ['ResultWriter with Resource arn:aws:states:::s3:putObject', (m) => isJson(m['ResultWriter']) && m['ResultWriter']['Resource'] === 'arn:aws:states:::s3:putObject'],
  ['ProcessorConfig ExecutionType EXPRESS', (m) => isJson(m['ItemProcessor']) && isJson(m['ItemProcessor']['ProcessorConfig']) && m['ItemProcessor']['ProcessorConfig']['ExecutionType'] === 'EXPRESS'],
];

/** What is wrong with a rendered state machine definition (empty when nothing is). */
export const stateMachineProblems = (definition: unknown): string[] => {
  const validation = aslValidator(structuredClone(definition));
  const states = statesOf(definition);
  const text = JSON.stringify(definition);
  const distributed = states.filter(
    ([, s]) => s['Type'] === 'Map' && isJson(s['ItemProcessor']) && isJson(s['ItemProcessor']['ProcessorConfig']) && s['ItemProcessor']['ProcessorConfig']['Mode'] === 'DISTRIBUTED',
  );
  return [
    ...(validation.isValid ? [] : [`asl-validator: ${validation.errorsText('; ')}`]),
    ...(/"QueryLanguage":"JSONata"/.test(text) ? ['uses JSONata (the local runner executes JSONPath only)'] : []),
    ...(/"Assign":/.test(text) ? ['uses Assign (variables; the local runner does not execute them)'] : []),
    ...states.flatMap(([name, state]) => {
      if (state['Type'] !== 'Task') return [];
      const retry = list(state['Retry']).filter(isJson);
      return [
        ...(retry.length === 0 ? [`Task ${name} has no Retry`] : []),
        ...(retry.length > 0 && !retry.some((r) => r['JitterStrategy'] === 'FULL' && typeof r['BackoffRate'] === 'number')
          ? [`Task ${name} has no Retry with BackoffRate and JitterStrategy FULL`]
          : []),
        ...(list(state['Catch']).length === 0 ? [`Task ${name} has no Catch`] : []),
      ];
    }),
    ...(distributed.length === 0 ? ['has no Map with ProcessorConfig Mode DISTRIBUTED'] : []),
    ...distributed.flatMap(([name, map]) =>
      distributedRequirements.filter(([, holds]) => !holds(map)).map(([what]) => `distributed Map ${name} lacks ${what}`),
    ),
  ];
};

/** The templatefile variables of docs/architecture.md section 3: the local runner renders the templates with exactly these. */
export const stateMachineVariables = [
  'validator_function_arn',
  'orders_table_name',
  'rejected_queue_url',
  'dead_letter_queue_url',
  'alerts_topic_arn',
  'data_lake_bucket',
  'results_prefix',
  'max_items_per_batch',
  'max_input_bytes_per_batch',
  'max_concurrency',
];
export const eventPatternVariables = ['bucket_name', 'incoming_prefix'];

const contractVariableProblems = (call: TemplatefileCall, contract: readonly string[]): string[] => {
  const passed = Object.keys(call.variables);
  return [
    ...contract.filter((name) => !passed.includes(name)).map((name) => `does not pass ${name} (docs/architecture.md section 3)`),
    ...passed.filter((name) => !contract.includes(name)).map((name) => `passes ${name}, which is not among docs/architecture.md section 3's variables`),
  ];
};

export const stateMachineFindings = (stack: Stack): Finding[] => {
  const calls = callsOf(stack).filter(([, call]) => call.templatePath.endsWith('.asl.json.tftpl'));
  if (calls.length === 0)
    return [finding('state machine', stack, stack.root, '', 0, '', 'no templatefile call renders a *.asl.json.tftpl template')];
  return calls.flatMap(([module, call]) => {
    const at = (message: string) => callFinding('state machine', stack, module, call, message);
    const rendered = parseRendered(stack, module, call, 'state machine');
    if ('check' in rendered) return [rendered];
    return [
      ...(call.address.startsWith('aws_sfn_state_machine.') && call.attribute === 'definition' ? [] : [at('renders the ASL outside an aws_sfn_state_machine definition')]),
      ...contractVariableProblems(call, stateMachineVariables).map(at),
      ...stateMachineProblems(rendered.json).map((problem) => at(`${basename(call.templatePath)}: ${problem}`)),
    ];
  });
};

const sampleEvent = (bucket: string, key: string) =>
  objectCreatedEvent(
    { bucket, key, size: 10, etag: 'etag', versionId: 'v1', sequencer: '00', time: '2025-01-01T00:00:00Z' },
    { account: probeAccount, region: probeRegion },
    { eventId: () => 'event-id', requestId: () => 'REQUEST' },
  );

/** What is wrong with a rendered event pattern for a bucket and its incoming prefix (empty when nothing is). */
export const eventPatternProblems = (pattern: unknown, bucket: string, incomingPrefix: string): string[] => {
  const compiled = compileEventPattern(pattern);
  if (E.isLeft(compiled)) return [`not a valid event pattern: ${compiled.left.path}: ${compiled.left.reason}`];
  const matches = matchesEventPattern(compiled.right);
  const structure = isJson(pattern) ? pattern : {};
  const detail = isJson(structure['detail']) ? structure['detail'] : {};
  const object = isJson(detail['object']) ? detail['object'] : {};
  const bucketRule = isJson(detail['bucket']) ? detail['bucket']['name'] : undefined;
  const otherEvent = { ...sampleEvent(bucket, `${incomingPrefix}a.json`), 'detail-type': 'Object Deleted' };
  return [
    ...(JSON.stringify(structure['source']) === '["aws.s3"]' ? [] : ['source is not ["aws.s3"]']),
    ...(JSON.stringify(structure['detail-type']) === '["Object Created"]' ? [] : ['detail-type is not ["Object Created"]']),
    ...(JSON.stringify(bucketRule) === JSON.stringify([bucket]) ? [] : [`detail.bucket.name is not ["${bucket}"]`]),
    ...(JSON.stringify(object['key']) === JSON.stringify([{ prefix: incomingPrefix }]) ? [] : [`detail.object.key is not [{"prefix":"${incomingPrefix}"}]`]),
    ...(matches(sampleEvent(bucket, `${incomingPrefix}generated/2025/01/01/2025-01-01T00:00:00Z.json`)) ? [] : [`does not match an Object Created event for ${incomingPrefix}`]),
    ...[`results/x.json`, `x${incomingPrefix}a.json`, 'a.json']
      .filter((key) => matches(sampleEvent(bucket, key)))
      .map((key) => `matches an Object Created event for ${key}, outside ${incomingPrefix}`),
    ...(matches(sampleEvent(`${bucket}-other`, `${incomingPrefix}a.json`)) ? ['matches an event of another bucket'] : []),
    ...(matches(otherEvent) ? ['matches an Object Deleted event'] : []),
  ];
};

export const eventPatternFindings = (stack: Stack): Finding[] => {
  const calls = callsOf(stack).filter(([, call]) => call.templatePath.endsWith('.event-pattern.json.tftpl'));
  if (calls.length === 0)
    return [finding('event pattern', stack, stack.root, '', 0, '', 'no templatefile call renders a *.event-pattern.json.tftpl template')];
  return calls.flatMap(([module, call]) => {
    const at = (message: string) => callFinding('event pattern', stack, module, call, message);
    const rendered = parseRendered(stack, module, call, 'event pattern');
    if ('check' in rendered) return [rendered];
    const bucket = rendered.values['bucket_name'];
    const prefix = rendered.values['incoming_prefix'];
    return [
      ...(call.address.startsWith('aws_cloudwatch_event_rule.') && call.attribute === 'event_pattern' ? [] : [at('renders the pattern outside an aws_cloudwatch_event_rule event_pattern')]),
      ...contractVariableProblems(call, eventPatternVariables).map(at),
      ...(typeof bucket === 'string' && typeof prefix === 'string'
        ? eventPatternProblems(rendered.json, bucket, prefix).map((problem) => at(`${basename(call.templatePath)}: ${problem}`))
        : [at('does not pass bucket_name and incoming_prefix as strings')]),
    ];
  });
};

// ---------------------------------------------------------------------------------------------------------------
// Lambda functions

/** Zip path -> Nx app, from every apps/<app>/project.json package target's outputs. */
export const packagedApps = (workspaceRoot: string): ReadonlyMap<string, string> => {
  const appsDir = join(workspaceRoot, 'apps');
  const entries = existsSync(appsDir) ? readdirSync(appsDir) : [];
  return new Map(
    entries.flatMap((app) => {
      const projectFile = join(appsDir, app, 'project.json');
      if (!existsSync(projectFile)) return [];
      const project = JSON.parse(readFileSync(projectFile, 'utf8')) as Json;
      const targets = isJson(project['targets']) ? project['targets'] : {};
      const pkg = isJson(targets['package']) ? targets['package'] : {};
      const name = typeof project['name'] === 'string' ? project['name'] : app;
      return list(pkg['outputs'])
        .filter((output): output is string => typeof output === 'string' && output === `{workspaceRoot}/dist/lambda/${name}.zip`)
        .map((output) => [resolve(workspaceRoot, output.replace('{workspaceRoot}/', '')), name] as const);
    }),
  );
};

export const lambdaFindings = (stack: Stack): Finding[] => {
  const zips = packagedApps(stack.workspaceRoot);
  return resourcesOf(stack, 'aws_lambda_function').flatMap(([module, fn]) => {
    const at = (message: string) => blockFinding('lambda', stack, module, fn, message);
    const value = (argument: string) => tryEvaluate(stack, module, fn.body[argument]);
    const filename = value('filename');
    const runtime = value('runtime');
    const architectures = value('architectures');
    const handler = value('handler');
    return [
      ...(!filename.ok
        ? [at(`filename cannot be evaluated: ${filename.reason}`)]
        : typeof filename.value === 'string' && zips.has(resolve(filename.value))
          ? []
          : [at(`filename ${JSON.stringify(filename.value)} is not the package output dist/lambda/<app>.zip of an Nx app (${[...zips.values()].join(', ') || 'none found'})`)]),
      ...(/filebase64sha256\(/.test(JSON.stringify(fn.body['source_code_hash'] ?? '')) ? [] : ['source_code_hash is not filebase64sha256 of the zip'].map(at)),
      ...(runtime.ok && runtime.value === 'nodejs22.x' ? [] : [at(`runtime is not nodejs22.x (${JSON.stringify(fn.body['runtime'])})`)]),
      ...(architectures.ok && JSON.stringify(architectures.value) === '["arm64"]' ? [] : [at(`architectures is not ["arm64"] (${JSON.stringify(fn.body['architectures'])})`)]),
      ...(handler.ok && handler.value === 'index.handler' ? [] : [at(`handler is not index.handler (${JSON.stringify(fn.body['handler'])})`)]),
    ];
  });
};

// ---------------------------------------------------------------------------------------------------------------
// IAM

/** X-Ray and CloudWatch Logs delivery only accept Resource "*" (docs/architecture.md section 5). */
const logDeliveryActions = new Set(
  ['CreateLogDelivery', 'GetLogDelivery', 'UpdateLogDelivery', 'DeleteLogDelivery', 'ListLogDeliveries', 'PutResourcePolicy', 'DescribeResourcePolicies', 'DescribeLogGroups'].map(
    (action) => `logs:${action}`,
  ),
);
const wildcardResourceAllowed = (action: string): boolean => action.startsWith('xray:') || logDeliveryActions.has(action);

const statementsOf = (document: Block): readonly Json[] => [
  ...list(document.body['statement']).filter(isJson),
  ...list(isJson(document.body['dynamic']) ? document.body['dynamic']['statement'] : undefined)
    .filter(isJson)
    .flatMap((dynamic) => list(dynamic['content']).filter(isJson)),
];

/**
 * The literal strings of an actions/resources list; an element that is a reference (an ARN attribute) is kept as its
 * expression text, which is never "*". A list that is one expression must evaluate.
 */
const elementsOf = (stack: Stack, module: TfModule, raw: unknown): { ok: true; values: string[] } | { ok: false; reason: string } => {
  if (raw === undefined) return { ok: true, values: [] };
  if (Array.isArray(raw))
    return {
      ok: true,
      values: raw.map((element) => {
        const evaluated = tryEvaluate(stack, module, element);
        return evaluated.ok ? String(evaluated.value) : String(element);
      }),
    };
  const evaluated = tryEvaluate(stack, module, raw);
  // An expression over references (e.g. a conditional list of key ARNs) cannot widen to "*" unless it spells one.
  if (!evaluated.ok) return JSON.stringify(raw).includes('*') ? { ok: false, reason: evaluated.reason } : { ok: true, values: [] };
  return Array.isArray(evaluated.value) ? { ok: true, values: evaluated.value.map(String) } : { ok: false, reason: 'not a list' };
};

const policyArguments = ['policy', 'assume_role_policy', 'policy_document'];

export const iamFindings = (stack: Stack): Finding[] => {
  const documents = modulesOf(stack).flatMap((module) => module.data.filter((d) => d.type === 'aws_iam_policy_document').map((d) => [module, d] as const));
  const keyPolicies = new Set(
    resourcesOf(stack, 'aws_kms_key').flatMap(([module, key]) =>
      [...JSON.stringify(key.body['policy'] ?? '').matchAll(/data\.aws_iam_policy_document\.([\w-]+)\./g)].map((m) => `${module.dir}:${m[1]}`),
    ),
  );
  const statements = documents.flatMap(([module, document]) =>
    statementsOf(document).flatMap((statement, i) => {
      const at = (message: string) => blockFinding('iam', stack, module, document, `statement ${String(statement['sid'] ?? i)}: ${message}`);
      if (statement['effect'] === 'Deny') return [];
      const actions = elementsOf(stack, module, statement['actions']);
      const resources = elementsOf(stack, module, statement['resources']);
      if (!actions.ok) return [at(`actions cannot be verified: ${actions.reason}`)];
      if (!resources.ok) return [at(`resources cannot be verified: ${resources.reason}`)];
      const actionList = actions.values;
      const resourceList = resources.values;
      const isKeyPolicy = keyPolicies.has(`${module.dir}:${document.name}`);
      return [
        ...(statement['not_actions'] !== undefined || statement['not_resources'] !== undefined ? [at('uses not_actions or not_resources')] : []),
        ...actionList.filter((a) => a === '*' || (/^[\w-]+:\*$/.test(a) && a !== 'xray:*')).map((a) => at(`action ${a} is a wildcard`)),
        ...(resourceList.includes('*') && !isKeyPolicy && !actionList.every(wildcardResourceAllowed)
          ? [at(`resource "*" for ${actionList.filter((a) => !wildcardResourceAllowed(a)).join(', ')} (only X-Ray and log-delivery actions may use it)`)]
          : []),
      ];
    }),
  );
  const hardCoded = modulesOf(stack).flatMap((module) =>
    moduleStrings(module)
      .filter((s) => s.text.includes('arn:aws:'))
      .map((s) => finding('iam', stack, module, s.file, 0, `${s.address}.${s.attribute}`, `hard-coded ARN "${s.text}" (use the resource's arn or data.aws_partition)`)),
  );
  const inline = resourcesOf(stack).flatMap(([module, block]) =>
    policyArguments
      .filter((argument) => block.body[argument] !== undefined && !/^\$\{data\.aws_iam_policy_document\.[\w-]+\.(minified_)?json\}$/.test(String(block.body[argument])))
      .map((argument) => blockFinding('iam', stack, module, block, `${argument} is not the json of an aws_iam_policy_document`)),
  );
  return [...statements, ...hardCoded, ...inline];
};

// ---------------------------------------------------------------------------------------------------------------
// Encryption, public access, logging

const companion = (module: TfModule, type: string, bucket: Block): Block | undefined =>
  module.resources.find((r) => r.type === type && referencesTo(r.body['bucket'], `${bucket.address}.`));

const tlsOnly = (module: TfModule, policy: Block): boolean => {
  const name = /data\.aws_iam_policy_document\.([\w-]+)\./.exec(String(policy.body['policy']))?.[1];
  const document = module.data.find((d) => d.type === 'aws_iam_policy_document' && d.name === name);
  return (
    document !== undefined &&
    statementsOf(document).some(
      (s) =>
        s['effect'] === 'Deny' &&
        list(s['condition']).some((c) => isJson(c) && c['test'] === 'Bool' && c['variable'] === 'aws:SecureTransport' && JSON.stringify(c['values']) === '["false"]'),
    )
  );
};

const isTrue = (stack: Stack, module: TfModule, expression: unknown): boolean => {
  const evaluated = tryEvaluate(stack, module, expression);
  return evaluated.ok && evaluated.value === true;
};

const firstBlock = (value: unknown): Json | undefined => list(value).find(isJson);

export const encryptionFindings = (stack: Stack): Finding[] => [
  ...resourcesOf(stack, 'aws_s3_bucket').flatMap(([module, bucket]) => {
    const at = (message: string) => blockFinding('encryption', stack, module, bucket, message);
    const accessBlock = companion(module, 'aws_s3_bucket_public_access_block', bucket);
    const policy = companion(module, 'aws_s3_bucket_policy', bucket);
    return [
      ...(companion(module, 'aws_s3_bucket_server_side_encryption_configuration', bucket) ? [] : [at('has no aws_s3_bucket_server_side_encryption_configuration')]),
      ...(accessBlock === undefined
        ? [at('has no aws_s3_bucket_public_access_block')]
        : ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']
            .filter((flag) => !isTrue(stack, module, accessBlock.body[flag]))
            .map((flag) => at(`public access block does not set ${flag} = true`))),
      ...(policy !== undefined && tlsOnly(module, policy) ? [] : [at('has no bucket policy denying requests without TLS (aws:SecureTransport = false)')]),
    ];
  }),
  ...resourcesOf(stack, 'aws_dynamodb_table').flatMap(([module, table]) =>
    isTrue(stack, module, firstBlock(table.body['server_side_encryption'])?.['enabled'])
      ? []
      : [blockFinding('encryption', stack, module, table, 'server_side_encryption is not enabled')],
  ),
  ...resourcesOf(stack, 'aws_sqs_queue').flatMap(([module, queue]) =>
    isTrue(stack, module, queue.body['sqs_managed_sse_enabled']) || queue.body['kms_master_key_id'] !== undefined
      ? []
      : [blockFinding('encryption', stack, module, queue, 'neither sqs_managed_sse_enabled = true nor kms_master_key_id')],
  ),
  ...resourcesOf(stack, 'aws_sns_topic').flatMap(([module, topic]) =>
    topic.body['kms_master_key_id'] !== undefined ? [] : [blockFinding('encryption', stack, module, topic, 'has no kms_master_key_id')],
  ),
];

export const loggingFindings = (stack: Stack): Finding[] => [
  ...resourcesOf(stack, 'aws_cloudwatch_log_group').flatMap(([module, group]) =>
    group.body['retention_in_days'] !== undefined ? [] : [blockFinding('logging', stack, module, group, 'has no retention_in_days')],
  ),
  ...resourcesOf(stack, 'aws_sfn_state_machine').flatMap(([module, machine]) => {
    const logging = firstBlock(machine.body['logging_configuration']);
    if (logging === undefined) return [blockFinding('logging', stack, module, machine, 'has no logging_configuration')];
    const includes = tryEvaluate(stack, module, logging['include_execution_data'] ?? false);
    return includes.ok && includes.value === false
      ? []
      : [blockFinding('logging', stack, module, machine, `logging_configuration include_execution_data is not false (${JSON.stringify(logging['include_execution_data'])})`)];
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Names

const nameArguments = ['name', 'name_prefix', 'function_name', 'alarm_name'];
/** Inline policy names are scoped to their role, not to the account. */
const unscopedNameTypes = new Set(['aws_iam_role_policy']);

export const nameFindings = (stack: Stack): Finding[] => {
  const names = stack.root.locals['names'];
  const namesFile = stack.root.localFiles['names'] ?? 'names.tf';
  const table = isJson(names)
    ? Object.keys(names).flatMap((entry) => {
        const value = tryEvaluate(stack, stack.root, `\${local.names.${entry}}`);
        return value.ok && typeof value.value === 'string' && value.value.includes(probeWorkspace)
          ? []
          : [finding('names', stack, stack.root, namesFile, 0, `local.names.${entry}`, value.ok ? `${JSON.stringify(value.value)} does not contain terraform.workspace` : value.reason)];
      })
    : [finding('names', stack, stack.root, 'names.tf', 0, 'local.names', 'the root module has no local.names map')];
  const resources = resourcesOf(stack).flatMap(([module, block]) => {
    if (unscopedNameTypes.has(block.type)) return [];
    const argumentsToCheck = [...nameArguments, ...(block.type === 'aws_s3_bucket' ? ['bucket', 'bucket_prefix'] : [])];
    return argumentsToCheck
      .filter((argument) => block.body[argument] !== undefined)
      .flatMap((argument) => {
        const value = tryEvaluate(stack, module, block.body[argument]);
        return value.ok && typeof value.value === 'string' && value.value.includes(probeWorkspace)
          ? []
          : [blockFinding('names', stack, module, block, `${argument} ${JSON.stringify(block.body[argument])} does not derive from local.names (terraform.workspace)${value.ok ? '' : `: ${value.reason}`}`)];
      });
  });
  return [...table, ...resources];
};

// ---------------------------------------------------------------------------------------------------------------
// Layout: versions, backend, default tags, module files, outputs, workspaces

const minorAtLeast = (constraint: string, major: number, minor: number): boolean => {
  const match = /^(>=|~>)\s*(\d+)\.(\d+)/.exec(constraint.trim());
  return match !== null && Number(match[2]) === major && Number(match[3]) >= minor;
};

export const layoutFindings = (stack: Stack): Finding[] => {
  const root = stack.root;
  const at = (file: string, message: string) => finding('layout', stack, root, file, 0, '', message);
  const versions = root.terraform.filter((t) => t.file === 'versions.tf');
  const requiredVersion = versions.map((t) => t.body['required_version']).find((v) => typeof v === 'string');
  const aws = versions.flatMap((t) => list(t.body['required_providers'])).filter(isJson).map((p) => p['aws']).find(isJson);
  const awsProviders = root.providers.filter((p) => p.name === 'aws');
  const rootFindings = [
    ...(versions.length === 0 ? [at('versions.tf', 'the root has no versions.tf with a terraform block')] : []),
    ...(typeof requiredVersion === 'string' && minorAtLeast(requiredVersion, 1, 11) ? [] : [at('versions.tf', `required_version ${JSON.stringify(requiredVersion)} does not require Terraform >= 1.11`)]),
    ...(aws?.['source'] === 'hashicorp/aws' && typeof aws['version'] === 'string' && /^~>\s*6\./.test(aws['version'])
      ? []
      : [at('versions.tf', `required_providers.aws is not hashicorp/aws ~> 6.x (${JSON.stringify(aws)})`)]),
    ...(root.terraform.some((t) => isJson(t.body['backend']) && t.body['backend']['s3'] !== undefined) ? [] : [at('versions.tf', 'the root has no backend "s3" block')]),
    ...(awsProviders.length > 0 && awsProviders.every((p) => firstBlock(p.body['default_tags']) !== undefined)
      ? []
      : [at('providers.tf', 'the aws provider has no default_tags')]),
  ];
  const moduleFiles = modulesOf(stack)
    .filter((module) => module !== root)
    .flatMap((module) => {
      const readme = join(module.dir, 'README.md');
      const readmeText = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
      return [
        ...['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']
          .filter((file) => !existsSync(join(module.dir, file)))
          .map((file) => finding('layout', stack, module, file, 0, '', `the module has no ${file}`)),
        ...(readmeText === ''
          ? []
          : [...Object.keys(module.variables), ...Object.keys(module.outputs)]
              .filter((name) => !readmeText.includes(name))
              .map((name) => finding('layout', stack, module, 'README.md', 0, '', `the README does not list ${name}`))),
      ];
    });
  const outputs = modulesOf(stack).flatMap((module) =>
    Object.values(module.outputs)
      .filter((output) => output.description === undefined || output.description.trim() === '')
      .map((output) => finding('layout', stack, module, output.file, output.line, `output.${output.name}`, 'has no description')),
  );
  return [...rootFindings, ...moduleFiles, ...outputs];
};
