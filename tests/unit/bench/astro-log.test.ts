import { describe, expect, it } from 'vitest';
import { routesInLog } from '../../../bench/astro-log.ts';

const GREEN = '\u001b[32m';
const BLUE = '\u001b[34m';
const DIM = '\u001b[2m';
const RESET = '\u001b[39m';

/** A route's entry as Astro prints it: the time, a coloured `├─`, the dimmed path; no line end. */
const entry = (path: string, color = BLUE) => `18:25:44   ${color}├─${RESET} ${DIM}${path}\u001b[22m`;

describe('routesInLog', () => {
  it('reads one route a line, rendered or kept', () => {
    const log = [
      `${entry('/papers/a/index.html')} (+14ms)`,
      `${entry('/papers/b/index.html', GREEN)} ${GREEN}(cached)${RESET}`,
      `${entry('/papers/c/index.html', GREEN)} ${GREEN}(restored)${RESET}`,
      '18:25:45 [build] ✓ Completed in 12.66s.',
    ].join('\n');
    expect(routesInLog(log)).toEqual([
      { path: '/papers/a/index.html', kept: false },
      { path: '/papers/b/index.html', kept: true },
      { path: '/papers/c/index.html', kept: true },
    ]);
  });

  it('reads the routes Astro printed on one line while others were in flight', () => {
    const log = [
      `${entry('/404.html')}${entry('/about/index.html')}${entry('/feed.xml')}${entry('/manifest.webmanifest')} (+29ms) `,
      `${entry('/papers/by-title/belc/index.html')}${entry('/papers/by-title/beld/index.html', GREEN)} ${GREEN}(cached)${RESET}`,
      ' (+16ms) ',
    ].join('\n');
    expect(routesInLog(log)).toEqual([
      { path: '/404.html', kept: false },
      { path: '/about/index.html', kept: false },
      { path: '/feed.xml', kept: false },
      { path: '/manifest.webmanifest', kept: false },
      { path: '/papers/by-title/belc/index.html', kept: false },
      { path: '/papers/by-title/beld/index.html', kept: true },
    ]);
  });

  it('finds no route in a log without page generation', () => {
    expect(routesInLog('18:05:58 [build] ✓ Completed in 11.98s.\n')).toEqual([]);
  });
});
