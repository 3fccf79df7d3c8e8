import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..', '..');
const cli = join(root, 'bin', 'plateshift.cjs');
const example = join(root, 'resources', 'scenarios', 'example.json');

describe('plateshift plan', () => {
  it('prints a shift-aligned schedule for the example scenario', () => {
    const out = execFileSync(process.execPath, [cli, 'plan', example, '--no-mip'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/Seed 002 worked example — strategy plateshift/);
    expect(out).toMatch(/parts planned 40\/40/);
    expect(out).toMatch(/last removal ends Mon 2024-03-11 08:30/);
  });

  it('prints JSON with the plan, KPIs and run facts', () => {
    const out = execFileSync(
      process.execPath,
      [cli, 'plan', example, '--json', '--strategy', 'ffdh'],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out) as {
      plan: { jobs: unknown[]; strategy: string };
      kpis: { partsPlanned: number };
    };
    expect(r.plan.strategy).toBe('ffdh');
    expect(r.kpis.partsPlanned).toBe(40);
  });

  it('explains usage mistakes and invalid files', () => {
    const bad = spawnSync(process.execPath, [cli, 'plan', example, '--strategy', 'magic'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown strategy “magic”/);
    const dir = mkdtempSync(join(tmpdir(), 'ps-plan-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ start: '2024-01-01T08:00', printers: [] }));
    const invalid = spawnSync(process.execPath, [cli, 'plan', file], { encoding: 'utf8' });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/not a valid scenario/);
  });
});
