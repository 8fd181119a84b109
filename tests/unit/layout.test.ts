import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = 'src/lib';

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(path: string): string[] {
  const source = readFileSync(path, 'utf8');
  return [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((match) => match[1] ?? '');
}

describe('the library layout', () => {
  const files = modules(LIB);

  it('groups every library module in a stage folder', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((path) => relative(LIB, path).split('/').length === 1)).toEqual([]);
  });

  it('has no library module import the content config or an Astro loader (only the paper loader is one)', () => {
    const offending = files.flatMap((path) =>
      specifiers(path)
        .filter(
          (spec) =>
            /content\.config(\.ts)?$/.test(spec) ||
            (spec === 'astro/loaders' && !path.endsWith('build/paper-loader.ts')),
        )
        .map((spec) => `${path}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('has the README say what each stage folder holds', () => {
    const readme = readFileSync('README.md', 'utf8');
    const folders = readdirSync(LIB, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders)
      expect(readme, folder.name).toMatch(new RegExp(`^\\| \`${folder.name}/\` +\\| \\S`, 'm'));
  });

  it('keeps benchmark code out of src/', () => {
    const benchmarkImports = files.flatMap((path) =>
      specifiers(path)
        .filter((spec) => /(^|\/)bench\//.test(spec))
        .map((spec) => `${path}: ${spec}`),
    );
    expect(benchmarkImports).toEqual([]);
  });
});
