/**
 * The distributed Map's ItemBatcher caps: the Terraform defaults of `max_items_per_batch` and
 * `max_input_bytes_per_batch` must not exceed these. With them a child's validator output stays under
 * `MaxValidatorOutputBytes` whatever the orders: 1024-byte S3 keys, every order valid and high value, orders up to
 * 32 KiB of text or of the small values that grow most as DynamoDB JSON (batch-limits.spec.ts measures the cases;
 * the worst, 64 orders of small values, is 209,023 bytes: 80% of 256 KiB). A valid verdict carries its order once,
 * as its DynamoDB item (which names the S3 key), so the item count weighs about as much as the bytes. 64 items are
 * also two waves of the child's inline Map (MaxConcurrency 40), which the Express child's time budget allows
 * (terraform/tests/express-child-budget.spec.ts).
 */
export const MaxItemsPerBatch = 64;
export const MaxInputBytesPerBatch = 48 * 1024;

/** Step Functions' limit on a state's input or output, and so on a Lambda task's result. */
export const MaxStatePayloadBytes = 256 * 1024;
/** What the validator's output may take: the 256 KiB less room for lambda:invoke's envelope (status, headers). */
export const MaxValidatorOutputBytes = MaxStatePayloadBytes - 4 * 1024;
