import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of src/ and what each may import: the page never imports the worker (it starts it by
 * URL), the worker never imports the page, shared/ imports neither, and nothing the build sees
 * imports test-support/. Test files may import anything.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  app: ['app', 'shared', 'offline'],
  worker: ['worker', 'shared'],
  shared: ['shared'],
  offline: ['offline', 'shared'],
};

const SRC = resolve(import.meta.dirname);
const ROOT = resolve(SRC, '..');

/** Static, side-effect and dynamic imports of a module's text (`new URL(...)` starts a worker, it imports nothing). */
export function importsOf(text: string): string[] {
  const found = text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm);
  return [...found].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The room of a path relative to the repository: src/<room>/..., or the top folder outside src. */
const roomOf = (path: string) => (path.startsWith('src/') ? path.split('/')[1]! : path.split('/')[0]!);

/** Imports that break the rules, as "from -> to", for modules given as repository paths and their text. */
export function violations(modules: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [path, text] of modules) {
    if (/\.test\.tsx?$/.test(path)) continue;
    const room = roomOf(path);
    for (const specifier of importsOf(text).filter((s) => s.startsWith('.'))) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), specifier.split('?')[0]!));
      const allowed = MAY_IMPORT[room] ?? [];
      const targetRoom = roomOf(target);
      if (!target.startsWith('src/') || !allowed.includes(targetRoom)) found.push(`${path} -> ${target}`);
    }
  }
  return found;
}

function sourceModules(): Map<string, string> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  return new Map(files.map((f) => [relative(ROOT, join(SRC, f)), readFileSync(join(SRC, f), 'utf8')]));
}

describe('import rules', () => {
  it('hold for every module of src/', () => {
    const modules = sourceModules();
    expect(modules.size).toBeGreaterThan(50);
    expect(violations(modules)).toEqual([]);
  });

  it('catch the page importing the worker, shared importing either, and the build importing test-support', () => {
    const broken = new Map([
      ['src/app/components/Bad.tsx', "import { saliencyMaps } from '../../worker/methods/saliency.ts';"],
      ['src/shared/bad.ts', "export { App } from '../app/App.tsx';\nimport '../worker/worker.ts';"],
      ['src/worker/methods/bad.ts', "const nets = await import('../../../test-support/test-nets.ts');"],
      ['src/app/hooks/ok.ts', "const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url));\nimport { x } from '../../shared/protocol.ts';"],
      ['src/worker/methods/bad.test.ts', "import { inceptionLikeNet } from '../../../test-support/test-nets.ts';"],
    ]);
    expect(violations(broken)).toEqual([
      'src/app/components/Bad.tsx -> src/worker/methods/saliency.ts',
      'src/shared/bad.ts -> src/app/App.tsx',
      'src/shared/bad.ts -> src/worker/worker.ts',
      'src/worker/methods/bad.ts -> test-support/test-nets.ts',
    ]);
  });
});
