import { runLantern } from './testing/run-lantern';

// Each command's module is loaded only when it runs: these runs load every one of them.
describe('lantern', () => {
  it('lists every command with its summary', async () => {
    const { code, stdout } = await runLantern(['--help']);
    expect(code).toBe(0);
    for (const words of ['load', 'clients add', 'identity link', 'identity train', 'audit verify', 'extract verify', 'outcomes run']) {
      expect(stdout).toMatch(new RegExp(`^  ${words} +\\S`, 'm'));
    }
  });

  it.each([
    [['load'], 'Usage: lantern load '],
    [['clients', 'add'], 'Usage: lantern clients add '],
    [['identity', 'link'], 'Usage: lantern identity link '],
    [['identity', 'train'], 'Usage: lantern identity train '],
    [['audit', 'verify'], 'Usage: lantern audit verify '],
    [['extract', 'verify'], 'Usage: lantern extract verify '],
    [['outcomes', 'run'], 'Usage: lantern outcomes run '],
  ])('runs %j with its own options', async (words, usage) => {
    const { code, stdout } = await runLantern([...words, '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith(usage)).toBe(true);
  });

  it('refuses an unknown command with the list of commands', async () => {
    const { code, stderr } = await runLantern(['identity']);
    expect(code).toBe(2);
    expect(stderr).toContain('lantern: unknown command "identity"');
    expect(stderr).toContain('  identity train  ');
  });
});
