/**
 * Finds and launches a headless Chromium for browser tests, on a fresh machine with no browser
 * installed: CHROMIUM_PATH if set, else the Chromium shipped inside the `@sparticuz/chromium` npm
 * package (Linux x64; extracted to /tmp on first use), else Debian's /usr/bin/chromium.
 */
import { access, constants } from 'node:fs/promises';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** The flags every launch uses: headless, and no sandbox or GPU (containers and CI have neither). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu'] as const;

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the browser binary is, trying each source in turn; throws listing what was tried. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const tried: string[] = [];
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (await executable(fromEnv)) return fromEnv;
    // An explicit choice that does not work is an error, not something to silently replace.
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file: fix or unset it`);
  }
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const path = await sparticuz.executablePath();
    if (await executable(path)) return path;
    tried.push(`@sparticuz/chromium (extracted to ${path}, not executable)`);
  } catch (error) {
    tried.push(`@sparticuz/chromium (${error instanceof Error ? error.message : String(error)})`);
  }
  if (await executable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  tried.push(`${DEBIAN_CHROMIUM} (missing)`);
  throw new Error(
    `No Chromium found for the browser tests. Tried: ${tried.join('; ')}. Set CHROMIUM_PATH to a Chromium or Chrome binary, or run npm ci to install @sparticuz/chromium.`,
  );
}

/** A headless Chromium; close it in afterAll. Extra launch options are merged in. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = await findChromium();
  return chromium.launch({
    ...options,
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
