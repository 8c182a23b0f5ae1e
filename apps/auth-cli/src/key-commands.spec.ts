import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestApiKey, readKeyFile } from '@mithqtt/http-api';
import { describe, expect, it } from 'vitest';
import { UsageError } from './commands';
import { runKeyCommand } from './key-commands';

function cli() {
  const file = join(mkdtempSync(join(tmpdir(), 'api-key-cli-')), 'api-keys.json');
  const lines: string[] = [];
  const run = (...args: string[]) => runKeyCommand(args, file, (l) => lines.push(l));
  return { file, lines, run };
}

describe('api-key CLI commands', () => {
  it('add prints the key once and stores only its SHA-256 digest', async () => {
    const c = cli();
    expect(await c.run('add', 'admin', '--name', 'ops team')).toBe(0);
    const key = c.lines[0] ?? '';
    expect(key).toMatch(/^mqk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const stored = await readKeyFile(c.file);
    expect(stored).toEqual([
      expect.objectContaining({ name: 'ops team', scope: 'admin', sha256: digestApiKey(key) }),
    ]);
    expect(readFileSync(c.file, 'utf8')).not.toContain(key.slice(17));
  });

  it('list shows ids, scopes and names but never keys; remove deletes one', async () => {
    const c = cli();
    await c.run('add', 'read');
    await c.run('add', 'admin');
    const [first, , second] = c.lines;
    c.lines.length = 0;
    expect(await c.run('list')).toBe(0);
    expect(c.lines).toHaveLength(2);
    expect(c.lines.join('\n')).not.toContain(first?.slice(17));
    expect(c.lines.join('\n')).not.toContain(second?.slice(17));
    const id = (await readKeyFile(c.file))[0]?.id ?? '';
    expect(await c.run('remove', id)).toBe(0);
    expect((await readKeyFile(c.file)).map((k) => k.id)).not.toContain(id);
    expect(await c.run('remove', id)).toBe(1);
  });

  it('refuses a missing or unknown scope and stray arguments', async () => {
    const c = cli();
    await expect(c.run('add')).rejects.toThrow(UsageError);
    await expect(c.run('add', 'root')).rejects.toThrow(/read or admin/);
    await expect(c.run('add', 'read', '--colour', 'red')).rejects.toThrow(UsageError);
    await expect(c.run('remove')).rejects.toThrow(UsageError);
    await expect(c.run('rotate')).rejects.toThrow(UsageError);
  });
});
