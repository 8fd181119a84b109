import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from './astro-build.ts';

const AXE = join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[];
}

/** Runs axe-core over the page as it is now; each violation with the nodes it found and why. */
export async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
  });
}
