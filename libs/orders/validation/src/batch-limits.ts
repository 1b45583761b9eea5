/**
 * The distributed Map's ItemBatcher caps: the Terraform defaults of `max_items_per_batch` and
 * `max_input_bytes_per_batch` must not exceed these. With them a child's validator output stays under
 * `MaxValidatorOutputBytes` whatever the orders: 1024-byte S3 keys, every order valid and high value, orders up to
 * 32 KiB of text or of the small values that grow most as DynamoDB JSON (batch-limits.spec.ts measures the cases).
 * Per valid order the output carries its DynamoDB item and a conflict rejection, each naming the S3 key, so the
 * item count weighs as much as the bytes.
 */
export const MaxItemsPerBatch = 40;
export const MaxInputBytesPerBatch = 64 * 1024;

/** Step Functions' limit on a state's input or output, and so on a Lambda task's result. */
export const MaxStatePayloadBytes = 256 * 1024;
/** What the validator's output may take: the 256 KiB less room for lambda:invoke's envelope (status, headers). */
export const MaxValidatorOutputBytes = MaxStatePayloadBytes - 4 * 1024;
