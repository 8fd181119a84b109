import { describe, expect, it } from 'vitest';
import type { PaperData } from '../../../src/lib/paper/schema.ts';
import { mergePaper, type PaperContent } from '../../../src/lib/ingest/merge.ts';

const day = (text: string) => new Date(`${text}T00:00:00Z`);

function paper(data: Partial<PaperData>, body = 'The abstract.'): PaperContent {
  return {
    data: { title: 'A Title', added: day('2025-03-14'), topics: ['scaling-laws'], source: 'inbox/a.txt', ...data },
    body,
  };
}

describe('mergePaper', () => {
  it('changes nothing when the input says the same', () => {
    const existing = paper({ authors: ['A. B.'], arxiv: '2401.00001', published: day('2024-01-01') });
    const result = mergePaper(
      existing,
      paper({ authors: ['A. B.'], arxiv: '2401.00001', published: day('2024-01-01') }),
    );
    expect(result).toMatchObject({ filled: [], replaced: [], kept: [] });
    expect(result.data).toEqual(existing.data);
    expect(result.body).toBe(existing.body);
  });

  it('reads a DOI case-insensitively, as DOIs are: a copy in capitals is no difference, even with force', () => {
    const existing = paper({ doi: '10.1103/PhysRevD.76.013009' });
    for (const force of [false, true]) {
      const result = mergePaper(existing, paper({ doi: '10.1103/PHYSREVD.76.013009' }), { force });
      expect(result).toMatchObject({ filled: [], replaced: [], kept: [] });
      expect(result.data.doi).toBe('10.1103/PhysRevD.76.013009');
    }
    expect(mergePaper(existing, paper({ doi: '10.1103/PhysRevD.76.013010' })).kept.map((k) => k.field)).toEqual([
      'doi',
    ]);
  });

  it('fills fields the file lacks', () => {
    const result = mergePaper(
      paper({}),
      paper({
        authors: ['A. B.'],
        arxiv: '2401.00001',
        doi: '10.1/x',
        published: day('2024-01-01'),
        code: ['https://github.com/a/b'],
      }),
    );
    expect(result.filled).toEqual(['authors', 'arxiv', 'doi', 'published', 'code']);
    expect(result.data).toMatchObject({ authors: ['A. B.'], arxiv: '2401.00001', published: day('2024-01-01') });
    expect(result.kept).toEqual([]);
  });

  it('keeps every field a person may have edited and reports it', () => {
    const existing = paper(
      { title: 'A Title, Fixed by Hand', topics: ['learning-theory'], links: ['https://x.org'] },
      'Edited abstract.',
    );
    const incoming = paper(
      { title: 'A Title', topics: ['scaling-laws'], links: ['https://y.org'] },
      'Scraped abstract.',
    );
    const result = mergePaper(existing, incoming);
    expect(result.data).toEqual(existing.data);
    expect(result.body).toBe('Edited abstract.');
    expect(result.filled).toEqual([]);
    expect(result.kept).toEqual([
      { field: 'title', file: 'A Title, Fixed by Hand', input: 'A Title' },
      { field: 'topics', file: ['learning-theory'], input: ['scaling-laws'] },
      { field: 'links', file: ['https://x.org'], input: ['https://y.org'] },
      { field: 'abstract', file: 'Edited abstract.', input: 'Scraped abstract.' },
    ]);
  });

  it('with force, takes the input but never the date added or the source', () => {
    const existing = paper({ title: 'Old', topics: ['learning-theory'], original: 'old scrape' }, 'Old abstract.');
    const incoming = paper(
      { title: 'New', topics: ['scaling-laws'], added: day('2026-01-01'), source: 'inbox/b.txt' },
      'New abstract.',
    );
    const result = mergePaper(existing, incoming, { force: true });
    expect(result.data).toMatchObject({
      title: 'New',
      topics: ['scaling-laws'],
      added: day('2025-03-14'),
      source: 'inbox/a.txt',
    });
    expect(result.body).toBe('New abstract.');
    // The new abstract was not repaired, so the old scrape no longer describes it.
    expect(result.data.original).toBeUndefined();
    expect(result.replaced.map((field) => field.field)).toEqual(['title', 'topics', 'abstract']);
    expect(result.kept).toEqual([]);
  });

  it('never reports the date added or the source as kept', () => {
    const result = mergePaper(paper({}), paper({ added: day('2026-01-01'), source: 'inbox/b.txt' }));
    expect(result).toMatchObject({ filled: [], replaced: [], kept: [] });
  });

  it('fills original only beside the abstract it was repaired from', () => {
    const same = mergePaper(paper({}, 'Repaired $x$.'), paper({ original: 'Repaired x.' }, 'Repaired $x$.'));
    expect(same.filled).toEqual(['original']);
    expect(same.data.original).toBe('Repaired x.');
    const edited = mergePaper(paper({}, 'Edited by hand.'), paper({ original: 'Repaired x.' }, 'Repaired $x$.'));
    expect(edited.data.original).toBeUndefined();
    expect(edited.kept.map((field) => field.field)).toEqual(['abstract']);
  });

  it('fills an empty abstract, with its original', () => {
    const result = mergePaper(paper({}, ''), paper({ original: 'x' }, 'Repaired.'));
    expect(result.body).toBe('Repaired.');
    expect(result.filled).toEqual(['abstract', 'original']);
  });

  it('compares dates as days and ignores absent or empty input fields', () => {
    const existing = paper({ published: day('2024-01-01'), authors: ['A'] });
    const result = mergePaper(existing, paper({ published: new Date('2024-01-01T00:00:00.000Z'), authors: [] }, ''));
    expect(result).toMatchObject({ filled: [], replaced: [], kept: [] });
    const differs = mergePaper(existing, paper({ published: day('2024-02-02') }));
    expect(differs.kept).toEqual([{ field: 'published', file: '2024-01-01', input: '2024-02-02' }]);
  });

  it('takes the latest version date, a later input never setting it back', () => {
    const existing = paper({ updated: day('2024-03-01') });
    const later = mergePaper(existing, paper({ updated: day('2024-06-01') }));
    expect(later.data.updated).toEqual(day('2024-06-01'));
    expect(later.filled).toEqual(['updated']);
    const older = mergePaper(existing, paper({ updated: day('2024-01-01') }));
    expect(older.data.updated).toEqual(day('2024-03-01'));
    expect(older).toMatchObject({ filled: [], replaced: [], kept: [] });
  });

  it('does not modify its arguments', () => {
    const existing = paper({ title: 'Old' });
    const incoming = paper({ title: 'New', arxiv: '2401.00001' });
    const before = structuredClone([existing, incoming]);
    mergePaper(existing, incoming, { force: true });
    expect([existing, incoming]).toEqual(before);
  });
});
