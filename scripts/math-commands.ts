#!/usr/bin/env node
/**
 * npm run math-commands [-- --check]: regenerates src/lib/math/math-commands.json, the allow-list of
 * KaTeX commands a paper's math may use, from the installed KaTeX's own tables and the policy in
 * src/lib/math/math-policy.ts, and src/lib/text/tex-symbols.json, how each allowed command that takes
 * no argument reads as plain text (src/lib/text/tex-symbol-table.ts). Run it after upgrading KaTeX or
 * changing the policy, and review the diff.
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
import { texSymbolTable } from '../src/lib/text/tex-symbol-table.ts';

const TABLE = fileURLToPath(new URL('../src/lib/math/math-commands.json', import.meta.url));
const SYMBOLS = fileURLToPath(new URL('../src/lib/text/tex-symbols.json', import.meta.url));

const HELP = `Usage: npm run math-commands [-- --check]

Reads the commands KaTeX defines (node_modules/katex/src), classifies them with
src/lib/math/math-policy.ts and writes src/lib/math/math-commands.json, which the site, the check and
the ingest use to allow or refuse each command in a paper's math, and
src/lib/text/tex-symbols.json, the plain-text reading of each allowed command that
takes no argument, from what KaTeX draws for it.

Options:
  --check     do not write; exit 1 if the file differs from what would be written
  -h, --help  show this help

Exit codes:
  0  written, or up to date
  1  --check: a file is out of date (run npm run math-commands and review the diff)
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
  const symbols = texSymbolTable(table.allowed);
  if (args.values.check) {
    const outputs = [
      { file: TABLE, value: table as unknown },
      { file: SYMBOLS, value: symbols },
    ];
    const stale = outputs.filter(
      ({ file, value }) => !isDeepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), value),
    );
    for (const { file } of stale) {
      console.error(`math-commands: ${file} is out of date: run npm run math-commands and review the diff`);
    }
    return stale.length === 0 ? 0 : 1;
  }
  await writeFileAtomic(TABLE, await format(JSON.stringify(table), { parser: 'json', printWidth: 120 }));
  await writeFileAtomic(SYMBOLS, await format(JSON.stringify(symbols), { parser: 'json', printWidth: 120 }));
  console.log(
    `math-commands: wrote ${TABLE}: KaTeX ${table.katex}, ${table.allowed.length} commands allowed, ${Object.keys(table.refused).length} refused, ${table.environments.length} environments; wrote ${SYMBOLS}: ${Object.keys(symbols).length} commands as text`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
