import type { AstroPrerenderer, PathWithRoute, RouteData } from 'astro';
import { describe, expect, it } from 'vitest';
import { PAPER_PAGE_ROUTE, paperPagesFirst, renderFirst } from '../../../src/lib/build/render-order.ts';
import { seededRandom } from '../../../bench/seeded-random.ts';

function path(pathname: string, route: string): PathWithRoute {
  return { pathname, route: { route, component: `src/pages${route}.astro` } as RouteData };
}

const ASTRO_ORDER: PathWithRoute[] = [
  path('/404', '/404'),
  path('/papers/by-title/', '/papers/by-title/[...page]'),
  path('/papers/by-title/a/', '/papers/by-title/[...page]'),
  path('/papers/older-paper/', PAPER_PAGE_ROUTE),
  path('/papers/newer-paper/', PAPER_PAGE_ROUTE),
  path('/papers.json', '/papers.json'),
  path('/topics/x/', '/topics/[topic]'),
  path('/papers/2025/03/', '/papers/[...page]'),
];

describe('renderFirst', () => {
  it('moves the chosen entries to the front, keeping the order within each group', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial += 1) {
      const items = Array.from({ length: Math.floor(random() * 30) }, (_, index) => ({ index, first: random() < 0.4 }));
      const ordered = renderFirst(items, (item) => item.first);
      const firsts = items.filter((item) => item.first);
      expect(ordered).toEqual([...firsts, ...items.filter((item) => !item.first)]);
      expect(ordered.slice(0, firsts.length).every((item) => item.first)).toBe(true);
    }
  });
});

describe('paperPagesFirst', () => {
  function base(result: PathWithRoute[] | { paths: PathWithRoute[]; metadata?: unknown }): AstroPrerenderer {
    return {
      name: 'test',
      getStaticPaths: () => Promise.resolve(result as PathWithRoute[]),
      render: () => Promise.resolve(new Response('page')),
    };
  }

  it('lists the paper pages first, in their own order, and every other page after them in Astro’s', async () => {
    const found = await paperPagesFirst(base({ paths: ASTRO_ORDER, metadata: { images: 1 } })).getStaticPaths();
    expect(Array.isArray(found)).toBe(false);
    const { paths, metadata } = found as { paths: PathWithRoute[]; metadata?: unknown };
    expect(paths.map((each) => each.pathname)).toEqual([
      '/papers/older-paper/',
      '/papers/newer-paper/',
      '/404',
      '/papers/by-title/',
      '/papers/by-title/a/',
      '/papers.json',
      '/topics/x/',
      '/papers/2025/03/',
    ]);
    expect(metadata).toEqual({ images: 1 });
  });

  it('keeps the older bare-array form as an array', async () => {
    const found = await paperPagesFirst(base(ASTRO_ORDER)).getStaticPaths();
    expect(Array.isArray(found)).toBe(true);
    expect((found as PathWithRoute[]).slice(0, 2).map((each) => each.route.route)).toEqual([
      PAPER_PAGE_ROUTE,
      PAPER_PAGE_ROUTE,
    ]);
  });

  it('leaves everything else to the prerenderer it wraps, state on `this` included', async () => {
    class Stateful implements AstroPrerenderer {
      name = 'stateful';
      ready = false;
      rendered: string[] = [];
      setup(): Promise<void> {
        this.ready = true;
        return Promise.resolve();
      }
      getStaticPaths(): Promise<PathWithRoute[]> {
        if (!this.ready) return Promise.reject(new Error('not set up'));
        return Promise.resolve(ASTRO_ORDER);
      }
      render(request: Request): Promise<Response> {
        this.rendered.push(new URL(request.url).pathname);
        return Promise.resolve(new Response(`rendered ${new URL(request.url).pathname}`));
      }
    }
    const inner = new Stateful();
    const ordered = paperPagesFirst(inner);
    expect(ordered.name).toBe('stateful, paper pages first');
    await ordered.setup?.();
    const paths = (await ordered.getStaticPaths()) as PathWithRoute[];
    expect(paths[0]?.pathname).toBe('/papers/older-paper/');
    const response = await ordered.render(new Request('http://localhost/papers/older-paper/'), {
      routeData: ASTRO_ORDER[3]!.route,
    });
    expect(await (response as Response).text()).toBe('rendered /papers/older-paper/');
    expect((ordered as Stateful).rendered).toEqual(['/papers/older-paper/']);
  });
});
