import { PassThrough } from 'node:stream';
import { tolerateClosedOutput } from './closed-output';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('tolerateClosedOutput', () => {
  it('ignores EPIPE on a closed output and still raises any other error', () => {
    const stream = new PassThrough();
    tolerateClosedOutput([stream]);
    expect(() => stream.emit('error', failure('EPIPE'))).not.toThrow();
    expect(() => stream.emit('error', failure('EIO'))).toThrow('EIO');
  });
});
