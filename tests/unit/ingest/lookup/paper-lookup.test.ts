import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArxivPaper, readArxivResponse, searchArxivByTitle } from '../../../../src/lib/ingest/lookup/arxiv-api.ts';
import { crossrefWork, markupToText } from '../../../../src/lib/ingest/lookup/crossref-api.ts';
import { lookupClients, lookupPaper, parsePaperReference } from '../../../../src/lib/ingest/lookup/paper-lookup.ts';
import { FetchError } from '../../../../src/lib/ingest/lookup/polite-fetch.ts';
import { serveMetadata, type MetadataServer } from '../../../helpers/metadata-server.ts';

let server: MetadataServer;
beforeAll(async () => {
  server = await serveMetadata();
});
afterAll(async () => {
  await server.close();
});

const clients = () => lookupClients(server.env);

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected a FetchError');
}

describe('parsePaperReference', () => {
  it.each([
    ['2401.01234', { kind: 'arxiv', id: '2401.01234' }],
    ['arXiv:2401.01234v2', { kind: 'arxiv', id: '2401.01234' }],
    ['https://arxiv.org/abs/2401.01234v3', { kind: 'arxiv', id: '2401.01234' }],
    ['https://arxiv.org/pdf/2401.01234v1.pdf', { kind: 'arxiv', id: '2401.01234' }],
    ['http://export.arxiv.org/abs/hep-th/9901001', { kind: 'arxiv', id: 'hep-th/9901001' }],
    ['10.48550/arXiv.2401.01234', { kind: 'arxiv', id: '2401.01234' }],
    ['https://doi.org/10.48550/arXiv.2401.01234', { kind: 'arxiv', id: '2401.01234' }],
    ['10.1038/nature14539', { kind: 'doi', doi: '10.1038/nature14539' }],
    ['doi:10.1103/PhysRevD.76.013009', { kind: 'doi', doi: '10.1103/PhysRevD.76.013009' }],
    ['https://dx.doi.org/10.1000/a%2Fb', { kind: 'doi', doi: '10.1000/a/b' }],
  ])('%s', (text, expected) => {
    expect(parsePaperReference(text)).toEqual(expected);
  });

  it.each(['', 'Attention is all you need', '2401.1', 'https://example.org/abs/2401.01234', 'javascript:alert(1)'])(
    'refuses %j',
    (text) => {
      expect(parsePaperReference(text)).toBeUndefined();
    },
  );
});

describe('the arXiv API', () => {
  it('finds a paper by id', async () => {
    const { paper, source } = await lookupPaper({ kind: 'arxiv', id: '2106.10165' }, clients());
    expect(source).toBe('arXiv API (arXiv:2106.10165)');
    expect(paper).toMatchObject({
      arxiv: '2106.10165',
      version: 2,
      doi: '10.1017/9781009023405',
      published: '2021-06-18',
    });
    expect(server.requests.at(-1)?.path).toBe('/api/query?id_list=2106.10165&max_results=1');
  });

  it('says when arXiv has no such paper', async () => {
    const error = await failure(fetchArxivPaper('2401.99999', clients().arxiv, server.arxivUrl));
    expect(error).toMatchObject({
      kind: 'not-found',
      message: 'arXiv has no paper 2401.99999: check the id (https://arxiv.org/abs/2401.99999)',
    });
  });

  it('returns every result of a title search, for the caller to choose', async () => {
    const { papers, url } = await searchArxivByTitle(
      'Feature Learning in Infinite-Width Neural Networks',
      clients().arxiv,
      server.arxivUrl,
    );
    expect(papers.map(({ entry }) => entry.arxiv)).toEqual(['2011.14522', '2405.09999']);
    expect(new URL(url).searchParams.get('search_query')).toBe(
      'ti:"feature learning in infinite width neural networks"',
    );
  });

  it('turns a malformed body, an error entry and "Rate exceeded." into FetchErrors', () => {
    const kinds = [
      '<feed><entry>',
      'Rate exceeded.',
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#x</id><title>Error</title><summary>bad query</summary></entry></feed>',
    ].map((text) => {
      try {
        readArxivResponse(text, 'https://export.arxiv.org/api/query?x');
      } catch (error) {
        return error instanceof FetchError ? [error.kind, error.message] : ['other', String(error)];
      }
      return ['none'];
    });
    expect(kinds).toEqual([
      [
        'invalid',
        expect.stringMatching(/sent a response that cannot be read \(line 1: .*\): try again later/) as string,
      ],
      ['rate-limited', expect.stringMatching(/Rate exceeded/) as string],
      ['invalid', 'the arXiv API refused the query: bad query'],
    ]);
  });
});

describe('Crossref', () => {
  it('finds a work by DOI, with its JATS abstract as text and its earliest full date', async () => {
    const { paper, source } = await lookupPaper({ kind: 'doi', doi: '10.1038/nature14539' }, clients());
    expect(source).toBe('Crossref (doi:10.1038/nature14539)');
    expect(paper).toMatchObject({
      title: 'Deep learning',
      authors: ['Yann LeCun', 'Yoshua Bengio', 'Geoffrey Hinton'],
      doi: '10.1038/nature14539',
      published: '2015-05-27',
      journal: 'Nature',
    });
    expect(paper.abstract).toMatch(/^Deep learning allows computational models/);
    expect(paper.abstract).not.toMatch(/<|Abstract/);
  });

  it('gives a work without an abstract an empty one, never an invented one', async () => {
    const { paper } = await lookupPaper({ kind: 'doi', doi: '10.1017/9781009023405' }, clients());
    expect(paper).toMatchObject({ title: 'The Principles of Deep Learning Theory', abstract: '', journal: undefined });
  });

  it('says when Crossref has no such DOI, and when its JSON is broken', async () => {
    const missing = await failure(lookupPaper({ kind: 'doi', doi: '10.5555/no-such-work' }, clients()));
    expect(missing).toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/^Crossref has no work with the DOI 10.5555\/no-such-work/) as string,
    });
    const broken = await failure(lookupPaper({ kind: 'doi', doi: '10.5555/malformed.1' }, clients()));
    expect(broken).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not valid JSON/) as string });
  });

  it('keeps no markup from a hostile record: tags dropped, entities decoded to text the repair escapes', async () => {
    const { paper } = await lookupPaper({ kind: 'doi', doi: '10.5555/hostile.1' }, clients());
    expect(paper.title).toBe("Attention Without Limits: alert('title') Graph Networks");
    expect(paper.authors).toEqual(['Mallory Example', 'The <img src=x onerror=alert(1)> Consortium']);
    expect(paper.abstract).toBe(
      'We study graph attention networks with <script>alert(1)</script> in the text and a link that must not survive.\n\n' +
        'The bound $O(n \\log n)$ is tight; see [click](javascript:alert(3)) and this.',
    );
    // 30 February is no day; a year and month alone are not one either.
    expect(paper.published).toBeUndefined();
    expect(paper.journal).toBe('Journal of Hostile Results');
  });

  it('maps names given as one string, and decodes numeric entities', () => {
    expect(crossrefWork({ title: ['A'], author: [{ name: 'OpenAI' }, { given: 'Ada' }] }, 'x').authors).toEqual([
      'OpenAI',
      'Ada',
    ]);
    expect(markupToText('<jats:p>a &#x3B1; &#946; &amp;lt; &#0; b</jats:p>')).toBe('a α β &lt; &#0; b');
  });
});
