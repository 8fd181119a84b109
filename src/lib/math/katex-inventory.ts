import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';

/**
 * Every command KaTeX defines, read from KaTeX's own tables (its `src/` ships in the npm package):
 * the functions, symbols, macros and environments its parser knows. The math allow-list
 * (`math-policy.ts`) classifies this inventory instead of naming hundreds of commands by hand,
 * and a test re-reads it from the installed KaTeX, so an upgrade that adds a command cannot slip
 * one into the allow-list without a reviewed change to `math-commands.json`.
 *
 * Used by `scripts/math-commands.ts` and the tests only: the site, the check and the ingest read
 * the generated `math-commands.json`.
 */
export interface KatexInventory {
  version: string;
  /** Function name (`\frac`) -> the parse-node type its handler builds (`genfrac`). */
  functions: Record<string, string>;
  /** Names of symbols, in math and text mode (`\alpha`, `\ss`). */
  symbols: string[];
  /** Macro name -> its expansion as TeX, or `null` for a macro KaTeX implements in code. */
  macros: Record<string, string | null>;
  /** Environment name (`pmatrix`) -> the parse-node type it builds. */
  environments: Record<string, string>;
  /** Names the parser handles itself (`\limits`). */
  implicit: string[];
}

/** The KaTeX the site renders with (the one `import 'katex'` resolves to). */
export function katexDirectory(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('katex'))), '..');
}

// The tables are module-level objects filled in as KaTeX's modules load; this entry loads them
// all (as KaTeX's own index does) and hands back their keys and kinds.
const ENTRY = `
import functions from './functions.ts';
import symbols from './symbols.ts';
import macros from './macros.ts';
import environments from './environments.ts';
import { implicitCommands } from './MacroExpander.ts';
const pick = (table, field) => Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, spec[field]]));
export const inventory = {
  functions: pick(functions, 'type'),
  symbols: [...new Set([...Object.keys(symbols.math), ...Object.keys(symbols.text)])],
  macros: Object.fromEntries(Object.entries(macros).map(([name, body]) => [name, typeof body === 'string' ? body : null])),
  environments: pick(environments, 'type'),
  implicit: Object.keys(implicitCommands),
};`;

/** Reads the inventory by bundling KaTeX's source tables (about 0.2 s). */
export async function readKatexInventory(katexDir: string = katexDirectory()): Promise<KatexInventory> {
  const source = join(katexDir, 'src');
  let code: string;
  try {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: source, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'katexTables',
      platform: 'neutral',
      logLevel: 'silent',
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (cause) {
    throw new Error(`Failed to read KaTeX's command tables from ${source}`, { cause });
  }
  // KaTeX's own source, run apart from this realm: it only fills in plain objects.
  const tables = runInNewContext(`${code};katexTables.inventory`) as Omit<KatexInventory, 'version'>;
  const { version } = JSON.parse(readFileSync(join(katexDir, 'package.json'), 'utf8')) as { version: string };
  // Plain copies: objects made in the other realm fail deep-equality checks against this one's.
  return { version, ...(JSON.parse(JSON.stringify(tables)) as Omit<KatexInventory, 'version'>) };
}
