#!/usr/bin/env node
/**
 * npm run math-commands [-- --check]: regenerates src/lib/math/math-commands.json, the allow-list of
 * KaTeX commands a paper's math may use, from the installed KaTeX's own tables and the policy in
 * src/lib/math/math-policy.ts. Run it after upgrading KaTeX or changing the policy, and review the diff.
 *
 * Exit codes: 0 written (or, with --check, up to date); 1 --check found the file out of date;
 * 2 usage error, or KaTeX's tables could not be read or hold a kind the policy does not judge.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { format } from 'prettier';
import writeFileAtomic from 'write-file-atomic';
import { readKatexInventory } from '../src/lib/math/katex-inventory.ts';
import { classifyKatexCommands } from '../src/lib/math/math-policy.ts';

const TABLE = fileURLToPath(new URL('../src/lib/math/math-commands.json', import.meta.url));

const HELP = `Usage: npm run math-commands [-- --check]

Reads the commands KaTeX defines (node_modules/katex/src), classifies them with
src/lib/math/math-policy.ts and writes src/lib/math/math-commands.json, which the site, the check and
the ingest use to allow or refuse each command in a paper's math.

Options:
  --check     do not write; exit 1 if the file differs from what would be written
  -h, --help  show this help

Exit codes:
  0  written, or up to date
  1  --check: the file is out of date (run npm run math-commands and review the diff)
  2  usage error, or KaTeX's tables could not be classified`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`math-commands: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  let table;
  try {
    table = classifyKatexCommands(await readKatexInventory());
  } catch (error) {
    console.error(`math-commands: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (args.values.check) {
    const current: unknown = JSON.parse(readFileSync(TABLE, 'utf8'));
    if (isDeepStrictEqual(current, table)) return 0;
    console.error(`math-commands: ${TABLE} is out of date: run npm run math-commands and review the diff`);
    return 1;
  }
  const text = await format(JSON.stringify(table), { parser: 'json', printWidth: 120 });
  await writeFileAtomic(TABLE, text);
  console.log(
    `math-commands: wrote ${TABLE}: KaTeX ${table.katex}, ${table.allowed.length} commands allowed, ${Object.keys(table.refused).length} refused, ${table.environments.length} environments`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
