import { expressionAstInThread, hclThreadRunning, parseInThread } from './hcl-thread';

const ended = async (): Promise<boolean> => {
  for (let wait = 0; wait < 100 && hclThreadRunning(); wait += 1) await new Promise((done) => setTimeout(done, 50));
  return !hclThreadRunning();
};

describe('the HCL parser thread', () => {
  it('parses in a thread that ends once idle (its WebAssembly runtime goes with it), and starts again for the next call', async () => {
    await expect(parseInThread('main.tf', 'variable "name" {\n  type = string\n}\n')).resolves.toEqual({ variable: { name: [{ type: '${string}' }] } });
    expect(hclThreadRunning()).toBe(true);
    expect(await ended()).toBe(true);

    const ast = await expressionAstInThread('main.tf', 'var.name');
    expect(ast?.type).toBe('scopeTraversal');
    expect(await ended()).toBe(true);
  });

  it('fails a call on a text that is not HCL with the parser\'s message, and keeps serving', async () => {
    await expect(parseInThread('broken.tf', 'resource "a" {')).rejects.toThrow(/broken\.tf/);
    await expect(parseInThread('main.tf', 'locals {\n  a = 1\n}\n')).resolves.toEqual({ locals: [{ a: 1 }] });
  });
});
