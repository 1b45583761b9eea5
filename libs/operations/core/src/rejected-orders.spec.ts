import { rejectionsOf } from './rejected-orders';

const orderRejected = (index: number, messageId: string) => ({
  messageId,
  body: JSON.stringify({
    type: 'order-rejected',
    id: `lake/incoming/a.json/v1/${index}`,
    source: { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1', index },
    reasons: [{ path: 'price', message: 'must be greater than 0' }],
    order: { order_id: `o-${index}` },
  }),
});

describe('rejections as an operator lists them', () => {
  it('collapse the copies a replay sent again (same id) into one, and keep distinct ones and unreadable messages apart', () => {
    const messages = [orderRejected(1, 'm1'), orderRejected(2, 'm2'), orderRejected(1, 'm3'), orderRejected(2, 'm4'), { messageId: 'm5', body: 'x' }, { messageId: 'm6', body: 'y' }];
    expect(rejectionsOf(messages).map((rejection) => rejection.id)).toEqual(['lake/incoming/a.json/v1/1', 'lake/incoming/a.json/v1/2', 'm5', 'm6']);
    expect(rejectionsOf(messages, 'incoming/a.json')).toHaveLength(2);
  });
});
