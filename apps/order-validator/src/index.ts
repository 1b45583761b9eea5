import { S3Client } from '@aws-sdk/client-s3';
import { isHighValue } from '@sales-pipeline/orders-domain';

const client = new S3Client({});
export const handler = async (event: { price: number }) => ({ high: isHighValue(400)(event.price), c: typeof client });
