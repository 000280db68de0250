import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without type declarations
import { buildIsCurrent } from '../scripts/built.js';

describe('the built CLI is used only while it is current', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function checkout(): void {
    dir = mkdtempSync(join(tmpdir(), 'scimkit-build-'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    for (const f of ['src/cli/main.ts', 'package.json', 'dist/cli/scimkit.js']) writeFileSync(join(dir, f), '');
  }
  const at = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);

  it('is current when nothing changed after the build, stale when a source or package.json did, absent without dist', () => {
    checkout();
    at('src/cli/main.ts', 1000);
    at('package.json', 1000);
    at('dist/cli/scimkit.js', 2000);
    expect(buildIsCurrent(dir)).toBe(true);
    at('src/cli/main.ts', 3000);
    expect(buildIsCurrent(dir)).toBe(false);
    at('src/cli/main.ts', 1000);
    at('package.json', 3000);
    expect(buildIsCurrent(dir)).toBe(false);
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(buildIsCurrent(dir)).toBe(false);
  });
});
