import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** Clicks the page's download link for `extension` and returns the saved file's name and text. */
export async function download(page: Page, extension: string): Promise<{ name: string; text: string }> {
  const link = page.locator(`a[download$=".${extension}"]`);
  const [saved] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const failure = await saved.failure();
  if (failure !== null) throw new Error(`The .${extension} download failed: ${failure}`);
  return { name: saved.suggestedFilename(), text: await readFile(await saved.path(), 'utf8') };
}

/** What a reference manager would check first in each citation file a paper page offers. */
export function citationTitle(extension: string, text: string): string | undefined {
  if (extension === 'bib') return /\btitle = \{\{(.*)\}\},\n/.exec(text)?.[1];
  if (extension === 'ris') return /^TI {2}- (.*)$/m.exec(text)?.[1];
  return (JSON.parse(text) as { title?: string }[])[0]?.title;
}
