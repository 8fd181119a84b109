import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchedText, PoliteFetcher } from '../../../../src/lib/ingest/lookup/polite-fetch.ts';
import { cacheDir, cachingFetcher, DEFAULT_CACHE_DIR } from '../../../../src/lib/ingest/lookup/response-cache.ts';

const URL_A = 'https://export.arxiv.org/api/query?id_list=2401.10010';
const URL_B = 'https://export.arxiv.org/api/query?id_list=1706.03762';
const FIXED = new Date('2025-03-14T12:00:00.000Z');

/** A fetcher that answers every URL with a body naming it (and a count), and records what it was asked. */
function fakeFetcher(answer: (url: string, n: number) => Partial<FetchedText> = () => ({})) {
  const asked: { url: string; accept: string }[] = [];
  const fetcher: PoliteFetcher = {
    async get(url, accept) {
      asked.push({ url, accept });
      await Promise.resolve();
      return {
        url,
        status: 200,
        contentType: 'application/atom+xml',
        text: `<feed>${url} #${asked.length}</feed>`,
        ...answer(url, asked.length),
      };
    },
    get requests() {
      return asked.length;
    },
  };
  return { fetcher, asked };
}

const fileFor = (dir: string, url: string) => join(dir, `${createHash('sha256').update(url).digest('hex')}.json`);

describe('cacheDir', () => {
  it('is .cache/metadata unless METADATA_CACHE_DIR says otherwise', () => {
    expect(DEFAULT_CACHE_DIR).toBe(join('.cache', 'metadata'));
    expect(cacheDir({})).toBe(DEFAULT_CACHE_DIR);
    expect(cacheDir({ METADATA_CACHE_DIR: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
  });
});

describe('cachingFetcher', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'response-cache-'));
    // The cache folder does not exist yet: the first write makes it.
    dir = join(root, 'nested', 'metadata');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('fetches on a miss, keeps the answer in a file named by the URL, and answers from it next time', async () => {
    const { fetcher, asked } = fakeFetcher();
    const cached = cachingFetcher(fetcher, dir, { now: () => FIXED });
    const first = await cached.get(URL_A, 'application/atom+xml');
    expect(first.text).toBe(`<feed>${URL_A} #1</feed>`);
    expect(asked).toEqual([{ url: URL_A, accept: 'application/atom+xml' }]);
    expect(cached.hits).toBe(0);
    expect(readdirSync(dir)).toEqual([fileFor(dir, URL_A).slice(dir.length + 1)]);
    expect(JSON.parse(readFileSync(fileFor(dir, URL_A), 'utf8'))).toEqual({ ...first, fetched: FIXED.toISOString() });

    const second = await cached.get(URL_A, 'application/atom+xml');
    expect(second).toEqual(first);
    expect(asked).toHaveLength(1);
    expect(cached.hits).toBe(1);
    expect(cached.requests).toBe(1);
  });

  it('answers from the cache across fetchers (a second run asks the service nothing)', async () => {
    await cachingFetcher(fakeFetcher().fetcher, dir).get(URL_A, 'x');
    const { fetcher, asked } = fakeFetcher();
    const again = cachingFetcher(fetcher, dir);
    expect((await again.get(URL_A, 'x')).text).toBe(`<feed>${URL_A} #1</feed>`);
    expect(asked).toEqual([]);
    expect(again.hits).toBe(1);
    expect(again.requests).toBe(0);
  });

  it('keeps different URLs apart, even ones that differ in one character', async () => {
    const { fetcher, asked } = fakeFetcher();
    const cached = cachingFetcher(fetcher, dir);
    await cached.get(URL_A, 'x');
    await cached.get(URL_B, 'x');
    await cached.get(`${URL_A} `, 'x');
    expect(asked.map((a) => a.url)).toEqual([URL_A, URL_B, `${URL_A} `]);
    expect(readdirSync(dir)).toHaveLength(3);
    expect((await cached.get(URL_B, 'x')).text).toBe(`<feed>${URL_B} #2</feed>`);
    expect(cached.hits).toBe(1);
  });

  it('fetches again with refresh, and rewrites the cache', async () => {
    await cachingFetcher(fakeFetcher(() => ({ text: 'old' })).fetcher, dir).get(URL_A, 'x');
    const { fetcher, asked } = fakeFetcher(() => ({ text: 'new' }));
    const refreshing = cachingFetcher(fetcher, dir, { refresh: true });
    expect((await refreshing.get(URL_A, 'x')).text).toBe('new');
    expect(asked).toHaveLength(1);
    expect(refreshing.hits).toBe(0);
    expect((await cachingFetcher(fakeFetcher().fetcher, dir).get(URL_A, 'x')).text).toBe('new');
  });

  it('does not keep a body that keep refuses, and returns it all the same', async () => {
    const { fetcher, asked } = fakeFetcher((_, n) => ({ text: n === 1 ? '<html>rate limited' : '<feed/>' }));
    const cached = cachingFetcher(fetcher, dir, { keep: (text) => text.startsWith('<feed') });
    expect((await cached.get(URL_A, 'x')).text).toBe('<html>rate limited');
    expect(existsSync(fileFor(dir, URL_A))).toBe(false);
    expect((await cached.get(URL_A, 'x')).text).toBe('<feed/>');
    expect((await cached.get(URL_A, 'x')).text).toBe('<feed/>');
    expect(asked).toHaveLength(2);
    expect(cached.hits).toBe(1);
  });

  it('caches nothing when the fetcher throws, and passes the error on', async () => {
    const failing: PoliteFetcher = {
      get: () => Promise.reject(new Error('network down')),
      requests: 1,
    };
    const cached = cachingFetcher(failing, dir);
    await expect(cached.get(URL_A, 'x')).rejects.toThrow('network down');
    expect(existsSync(dir)).toBe(false);
    expect(cached.requests).toBe(1);
  });

  it.each([
    ['not JSON', '{"url": "'],
    ['empty', ''],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['for another URL (a hash collision or a moved file)', JSON.stringify({ url: URL_B, text: 'wrong' })],
    ['without a text', JSON.stringify({ url: URL_A, status: 200 })],
    ['with a text that is not a string', JSON.stringify({ url: URL_A, text: ['a'] })],
  ])('fetches again over a cache file that is %s, and repairs it', async (_, content) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(fileFor(dir, URL_A), content);
    const { fetcher, asked } = fakeFetcher();
    const cached = cachingFetcher(fetcher, dir);
    expect((await cached.get(URL_A, 'x')).text).toBe(`<feed>${URL_A} #1</feed>`);
    expect(asked).toHaveLength(1);
    expect(cached.hits).toBe(0);
    expect(JSON.parse(readFileSync(fileFor(dir, URL_A), 'utf8'))).toMatchObject({
      url: URL_A,
      text: `<feed>${URL_A} #1</feed>`,
    });
  });

  it('fills in the status and content type a hand-made cache file leaves out', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(fileFor(dir, URL_A), JSON.stringify({ url: URL_A, text: 'kept' }));
    const cached = cachingFetcher(fakeFetcher().fetcher, dir);
    expect(await cached.get(URL_A, 'x')).toEqual({ url: URL_A, status: 200, contentType: '', text: 'kept' });
  });

  it('keeps odd Unicode, an empty body and a very long body exactly', async () => {
    const texts = ['', '\u202Eevil\u0000\u2028 深度 🙂 \uD800 lone', 'x'.repeat(2_000_000)];
    const urls = texts.map((_, i) => `https://example.org/?q=${encodeURIComponent('é🙂')}&i=${i}`);
    const first = cachingFetcher(fakeFetcher((_, n) => ({ text: texts[n - 1] ?? '' })).fetcher, dir);
    for (const url of urls) await first.get(url, 'x');
    const { fetcher, asked } = fakeFetcher();
    const second = cachingFetcher(fetcher, dir);
    for (const [i, url] of urls.entries()) expect((await second.get(url, 'x')).text).toBe(texts[i]);
    expect(asked).toEqual([]);
  });

  it('takes a very long URL with odd characters (the file name is its hash)', async () => {
    const url = `https://example.org/${'\u202E/../深度'.repeat(5_000)}`;
    const cached = cachingFetcher(fakeFetcher().fetcher, dir);
    await cached.get(url, 'x');
    await cached.get(url, 'x');
    expect(cached.hits).toBe(1);
    expect(readdirSync(dir)).toEqual([fileFor(dir, url).slice(dir.length + 1)]);
  });

  describe('remember', () => {
    it('answers a later lookup of another URL with a response already fetched, under that URL', async () => {
      const { fetcher, asked } = fakeFetcher();
      const cached = cachingFetcher(fetcher, dir, { now: () => FIXED });
      const search = await cached.get(URL_A, 'x');
      cached.remember(URL_B, search);
      const byId = await cached.get(URL_B, 'x');
      expect(byId).toEqual({ ...search, url: URL_B });
      expect(asked).toHaveLength(1);
      expect(cached.hits).toBe(1);
    });

    it('does not overwrite what is cached already', async () => {
      const cached = cachingFetcher(fakeFetcher().fetcher, dir);
      const real = await cached.get(URL_B, 'x');
      cached.remember(URL_B, { url: URL_A, status: 200, contentType: 'text/plain', text: 'from a search' });
      expect(await cached.get(URL_B, 'x')).toEqual(real);
    });

    it('makes the cache folder when it is the first write', () => {
      const cached = cachingFetcher(fakeFetcher().fetcher, dir);
      cached.remember(URL_A, { url: URL_B, status: 200, contentType: '', text: 't' });
      expect(JSON.parse(readFileSync(fileFor(dir, URL_A), 'utf8'))).toMatchObject({ url: URL_A, text: 't' });
    });
  });
});
