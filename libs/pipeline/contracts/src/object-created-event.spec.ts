import * as E from 'fp-ts/Either';
import { ObjectCreatedEvent, objectCreatedEvent, randomEventIdentity } from './object-created-event';

const identity = { eventId: () => '17793124-05d4-b198-2fde-7ededc63b103', requestId: () => 'N4N7GDK58NMKJ12R' };

describe('the S3 "Object Created" event for EventBridge', () => {
  it('has the shape of the example in AWS docs ("EventBridge event message structure", Object created)', () => {
    const event = objectCreatedEvent(
      {
        bucket: 'amzn-s3-demo-bucket1',
        key: 'example-key',
        size: 5,
        etag: '"b1946ac92492d2347c6235b4d2611184"',
        versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
        sequencer: '617f08299329d189',
        sourceIpAddress: '1.2.3.4',
        time: '2021-11-12T00:00:00.000Z',
      },
      { account: '111122223333', region: 'ca-central-1', requester: '123456789012' },
      identity,
    );
    expect(event).toEqual({
      version: '0',
      id: '17793124-05d4-b198-2fde-7ededc63b103',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '111122223333',
      time: '2021-11-12T00:00:00Z',
      region: 'ca-central-1',
      resources: ['arn:aws:s3:::amzn-s3-demo-bucket1'],
      detail: {
        version: '0',
        bucket: { name: 'amzn-s3-demo-bucket1' },
        object: {
          key: 'example-key',
          size: 5,
          etag: 'b1946ac92492d2347c6235b4d2611184',
          'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
          sequencer: '617f08299329d189',
        },
        'request-id': 'N4N7GDK58NMKJ12R',
        requester: '123456789012',
        'source-ip-address': '1.2.3.4',
        reason: 'PutObject',
      },
    });
    expect(E.isRight(ObjectCreatedEvent.decode(event))).toBe(true);
  });

  it('keeps the key as written (not URL-encoded) and leaves version-id out for an unversioned bucket', () => {
    const event = objectCreatedEvent(
      { bucket: 'b', key: 'incoming/my orders+ä.json', size: 2, etag: 'abc', sequencer: '00', reason: 'CompleteMultipartUpload', time: new Date(0).toISOString() },
      { account: '000000000000', region: 'us-east-1' },
      identity,
    );
    expect(event.detail.object.key).toBe('incoming/my orders+ä.json');
    expect(event.detail.object).not.toHaveProperty('version-id');
    expect(event.detail.reason).toBe('CompleteMultipartUpload');
    expect(event.detail.requester).toBe('000000000000');
    expect(event.detail['source-ip-address']).toBe('127.0.0.1');
  });

  it('gives a fresh UUID and a 16-character request id to every event by default', () => {
    const write = { bucket: 'b', key: 'k', size: 1, etag: 'e', sequencer: '01', time: new Date().toISOString() };
    const context = { account: '000000000000', region: 'us-east-1' };
    const [first, second] = [objectCreatedEvent(write, context), objectCreatedEvent(write, context, randomEventIdentity)];
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.id).not.toBe(second.id);
    expect(first.detail['request-id']).toMatch(/^[0-9A-Z]{16}$/);
    expect(first.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
