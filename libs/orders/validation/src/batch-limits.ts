/**
 * The distributed Map's ItemBatcher caps: the Terraform defaults of `max_items_per_batch` and
 * `max_input_bytes_per_batch` must not exceed these. With them a child's validator output stays under
 * `MaxValidatorOutputBytes` whatever the orders: 1024-byte S3 keys, every order valid and high value, orders up to
 * 32 KiB of text or of the small values that grow most as DynamoDB JSON (batch-limits.spec.ts measures the cases;
 * the worst, 95 orders of small values filling the bytes, is 188,678 bytes: 72% of 256 KiB). A verdict carries its
 * order once, as its DynamoDB item, and what the batch shares (the S3 key, the ingestion time) only once per batch,
 * so the bytes weigh more than the count. 160 items are four waves of the child's inline Map (40 at once), which the
 * Express child's time budget allows (terraform/tests/express-child-budget.spec.ts).
 */
export const MaxItemsPerBatch = 160;
export const MaxInputBytesPerBatch = 48 * 1024;

/** Step Functions' limit on a state's input or output, and so on a Lambda task's result. */
const MaxStatePayloadBytes = 256 * 1024;
/** What the validator's output may take: the 256 KiB less room for lambda:invoke's envelope (status, headers). */
export const MaxValidatorOutputBytes = MaxStatePayloadBytes - 4 * 1024;
