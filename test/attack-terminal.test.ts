/**
 * A snapshot is attacker-controlled: a condition, title or name may carry terminal control sequences. ESC ] 52
 * rewrites the clipboard in many terminals (xterm "Operating System Commands"), so a reviewer running `can-pull`
 * on a customer's file would then paste the attacker's command instead of Pullcheck's. The CLI writes none.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../cli/output';
import { repoRoot, runCli } from './run-cli';

const OSC52 = '\u001b]52;c;Z2Nsb3VkIGF1dGggbG9naW4K\u0007';
const HOSTILE = `${OSC52}\u001b[2J\u009b31m\r\u202e`;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal control sequences from a snapshot', () => {
  it('terminalSafe writes every control character as a visible escape and keeps JSON the same JSON', () => {
    expect(terminalSafe(`a${HOSTILE}b\n\tc`)).toBe('a\\u001b]52;c;Z2Nsb3VkIGF1dGggbG9naW4K\\u0007\\u001b[2J\\u009b31m\\u000d\\u202eb\n\tc');
    const json = JSON.stringify({ title: HOSTILE }, null, 2);
    expect(CONTROL.test(terminalSafe(json))).toBe(false);
    expect(JSON.parse(terminalSafe(json))).toEqual({ title: HOSTILE });
  });

  it('can-pull prints a hostile condition without a single control character', () => {
    const src = JSON.parse(readFileSync(path.join(repoRoot, 'data/scenarios/conditions-and-groups.json'), 'utf8')) as unknown;
    const text = JSON.stringify(src).split('Europe/Berlin').join(`Europe/Berlin${JSON.stringify(HOSTILE).slice(1, -1)}`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pullcheck-term-')), 'hostile.json');
    writeFileSync(file, text);
    const run = runCli([
      'can-pull', '--image', 'europe-west3-docker.pkg.dev/qm-registry/images/app:1',
      '--cluster', 'projects/qm-apps/locations/europe-west3/clusters/shop', '--node-pool', 'cond-only', '--scenario', file,
    ], { env: { ...process.env, CI: '1' } });
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('Europe/Berlin\\u001b]52;c;');
    expect(CONTROL.test(run.stdout)).toBe(false);
    expect(CONTROL.test(run.stderr)).toBe(false);
  });
});
