import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { ordersInUploads } from './upload-files';

describe('ordersInUploads (the total npm start checks its ledger against)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('counts the elements of each file, streamed; a file that is not one JSON array holds none', async () => {
    const files = [file('a.json', JSON.stringify([{ order_id: 'a' }, 1, 'x'])), file('b.json', '[{"order_id":"b"}]'), file('c.json', '{"not":"an array"}')];
    expect(await ordersInUploads(files)()).toEqual(E.right(4));
  });

  it('names a file it cannot read instead of counting it as 0 orders (then shown as UNACCOUNTED)', async () => {
    const unreadable = join(dir, 'a-directory\u001b]0;x\u0007.json');
    mkdirSync(unreadable);
    const counted = await ordersInUploads([file('d.json', '[1,2]'), unreadable])();
    expect(counted).toEqual(E.left({ _tag: 'UploadReadFailed', message: expect.stringMatching(/^--upload: cannot read .*a-directory.*\.json \(EISDIR\)$/) }));
    expect(E.isLeft(counted) && counted.left.message).not.toContain('\u001b');
  });
});
