/**
 * Which page numbers a pager shows: the first, the last, and a window around the current page,
 * with `undefined` marking a gap ("…"). Short runs show every page.
 */
export function pageWindow(current: number, last: number, around = 2): (number | undefined)[] {
  if (last <= 1) return [1];
  const pages = new Set<number>([1, last]);
  for (let page = current - around; page <= current + around; page += 1) {
    if (page >= 1 && page <= last) pages.add(page);
  }
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | undefined)[] = [];
  for (const page of sorted) {
    const previous = out.at(-1);
    if (previous !== undefined && page - previous === 2) out.push(previous + 1);
    else if (previous !== undefined && page - previous > 2) out.push(undefined);
    out.push(page);
  }
  return out;
}

/** Papers per page on each kind of list. */
export const PAGE_SIZE = { papers: 50, topic: 20 } as const;

/** Newest additions on the home page. */
export const HOME_LATEST = 8;

/**
 * Paper slugs that would land on the same URL as a page of the paper list (`/papers/2/`,
 * `/papers/by-title/`), each as a message saying what to do. The build refuses to silently
 * overwrite one page with another.
 */
export function routeCollisions(slugs: readonly string[], lastPage: number): string[] {
  const problems: string[] = [];
  for (const slug of slugs) {
    const numeric = /^\d+$/.test(slug) ? Number(slug) : undefined;
    if (slug === 'by-title' || (numeric !== undefined && numeric >= 1 && numeric <= Math.max(1, lastPage))) {
      problems.push(
        `  - content/papers/${slug}.md: the slug "${slug}" is also a page of the paper list (/papers/${slug}/); rename the file (e.g. add a word from the title)`,
      );
    }
  }
  return problems;
}
