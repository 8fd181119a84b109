/**
 * `npm run new`: one paper, typed or pasted by a contributor, made into a paper file the check
 * accepts. It runs the ingest's own TeX repair and topic classifier (passed in, exactly as the
 * ingest gets them), refuses a paper the archive already has, picks a permanent slug no other
 * paper holds, and checks the file it would write with the data-quality check itself. Pure: the
 * archive comes in as data and the file goes out as text; the CLI does the reading and writing.
 */
import { join } from 'node:path';
import type { PaperData } from '../paper/schema.ts';
import { duplicatePair } from '../check/duplicate-detection.ts';
import type { Finding } from '../check/rules.ts';
import { repairInvisibleCharacters } from '../check/hidden-characters.ts';
import { urlProblem } from '../paper/http-url.ts';
import { refusedUrls } from '../repair/links.ts';
import { arxivIdProblem, arxivSubjectClass, bareDoi, doiProblem } from '../paper/identifiers.ts';
import { closestMatch } from '../check/suggest.ts';
import { arxivKeyOfDoi, identityKeys, normalizeArxivId, normalizeTitle, provenDistinct } from '../paper/identity.ts';
import { checkPaperSource, fileNameFindings } from '../check/paper-check.ts';
import { dayToDate, parseDay } from '../paper/calendar-day.ts';
import { serializePaperFile } from '../paper/paper-file.ts';
import { uniqueSlug } from '../paper/slug.ts';
import type { Repair, repairAbstract, repairTitle } from '../repair/tex-repair.ts';
import type { ReportedRepair } from './ingest.ts';
import { readableCategories } from '../paper/arxiv-categories.ts';
import type { Classification, PaperToClassify } from '../classify/topic-classifier.ts';
import { singleSpaced, singleSpacedParagraphs } from '../text/whitespace.ts';
import { readableAuthorName } from '../repair/tex-typography.ts';

/** A paper as a contributor describes it; title and abstract may be raw, scraped text. */
export interface NewPaperInput {
  title: string;
  abstract: string;
  authors?: readonly string[] | undefined;
  /** An arXiv id in any common form (`arXiv:2401.01234v2`, an abs/pdf URL). */
  arxiv?: string | undefined;
  /** A DOI, bare or as a doi.org URL. */
  doi?: string | undefined;
  /** Code repositories, in addition to those found in the abstract. */
  code?: readonly string[] | undefined;
  /** Other links (project page, data), in addition to those found in the abstract. */
  links?: readonly string[] | undefined;
  /** `YYYY-MM-DD`: the paper's own date. */
  published?: string | undefined;
  /** `YYYY-MM-DD`: the day it enters the archive. */
  added: string;
  /** Where it came from; `pull request` by default in the CLI. */
  source: string;
  /** Topic ids chosen by the contributor; when absent the classifier chooses. */
  topics?: readonly string[] | undefined;
  /** arXiv categories (`cs.LG`, the primary first): evidence for the classifier, and kept in the file. */
  categories?: readonly string[] | undefined;
  /** Where it was published (arXiv's journal_ref). */
  journal?: string | undefined;
}

/** A paper already in the archive, as far as identity is concerned. */
export interface ArchivedPaper {
  path: string;
  slug: string;
  title: string;
  arxiv?: string | undefined;
  doi?: string | undefined;
}

export interface NewPaperTools {
  repairTitle: typeof repairTitle;
  repairAbstract: typeof repairAbstract;
  classify: (paper: PaperToClassify) => Classification;
  topicIds: readonly string[];
  topicsFile: string;
  papersDir: string;
}

export interface NewPaper {
  slug: string;
  path: string;
  /** The file's exact text. */
  text: string;
  data: PaperData;
  /** The topics and the evidence for each (empty evidence when the contributor chose them). */
  topics: string[];
  evidence: Classification['evidence'];
  /** Nothing pointed to a topic: the paper is filed under the catch-all topic until someone sorts it. */
  unsorted: boolean;
  repairs: (Repair & { field: ReportedRepair['field'] })[];
  /** What the check says about the file: warnings only (errors refuse the paper). */
  warnings: Finding[];
}

/** Why a paper cannot be added; the message says what to do. */
export class NewPaperError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NewPaperError';
  }
}

function day(text: string, flag: string): Date {
  const parsed = parseDay(text);
  if (parsed === undefined) throw new NewPaperError(`${flag} ${text} is not a date: write it as YYYY-MM-DD`);
  return dayToDate(parsed);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A pasted block as a title and an abstract: the first paragraph is the title (its lines joined,
 * for a title wrapped over two lines) and the rest is the abstract; when the block is a single
 * paragraph, its first line is the title. "Title:" and "Abstract:" labels are dropped.
 */
export function parsePastedPaper(text: string): { title: string; abstract: string } {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  let title: string;
  let rest: string[];
  if (paragraphs.length >= 2) {
    [title, ...rest] = paragraphs as [string, ...string[]];
  } else {
    const lines = (paragraphs[0] ?? '').split('\n');
    title = lines[0] ?? '';
    rest = [lines.slice(1).join('\n')];
  }
  const clean = (value: string, label: RegExp) =>
    value
      .replace(label, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  return {
    title: clean(title, /^title\s*:\s*/i),
    abstract: rest
      .map((paragraph, i) => clean(paragraph, i === 0 ? /^abstract\s*[:.]\s*/i : /^$/))
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * What identifies a paper file already in the archive, read the check's safe way (nothing in the
 * file is evaluated); `undefined` for a file the check cannot read, which `npm run check` reports.
 */
export function archivedPaper(
  path: string,
  bytes: Uint8Array,
  tools: Pick<NewPaperTools, 'topicIds' | 'topicsFile'>,
): ArchivedPaper | undefined {
  const { identity } = checkPaperSource(path, bytes, tools, 'identity');
  if (identity === undefined) return undefined;
  const slug = path.split(/[\\/]/).pop()?.replace(/\.md$/, '') ?? path;
  return { path, slug, title: identity.title, arxiv: identity.arxiv, doi: identity.doi };
}

function describeDuplicate(key: string): string {
  const kind = key.slice(0, key.indexOf(':'));
  const value = key.slice(kind.length + 1);
  return kind === 'arxiv' ? `the same arXiv id ${value}` : kind === 'doi' ? `the same DOI ${value}` : 'the same title';
}

/**
 * Builds the paper file for `input`. Throws `NewPaperError` (naming the existing file) when the
 * archive already has the paper, when an id, date or URL given is malformed, when no topic fits,
 * or when the check would refuse the file.
 */
export function planNewPaper(input: NewPaperInput, archive: readonly ArchivedPaper[], tools: NewPaperTools): NewPaper {
  if (input.title.trim() === '') throw new NewPaperError('the paper needs a title: pass --title or paste it first');
  if (input.abstract.trim() === '') {
    throw new NewPaperError('the paper needs its abstract: pass --abstract-file FILE, or pipe it in');
  }
  // The identifiers' and links' own rules (src/lib/paper/identifiers.ts, src/lib/paper/http-url.ts), in their words.
  const arxiv = input.arxiv === undefined ? undefined : normalizeArxivId(input.arxiv);
  if (input.arxiv !== undefined && arxiv === undefined) {
    throw new NewPaperError(`--arxiv: ${arxivIdProblem(input.arxiv) ?? 'not an arXiv id'} [arxiv-id]`);
  }
  // An old-style id's subject class (`math.SG/0011221`) is its primary category, which the written id drops.
  const subjectClass = input.arxiv === undefined ? undefined : arxivSubjectClass(input.arxiv);
  // Read as the ingest reads a record's: split, arXiv's case, an ACM class left out (reported below).
  const given = input.categories === undefined ? undefined : readableCategories(input.categories);
  const categories =
    given !== undefined && given.categories.length > 0
      ? given.categories
      : subjectClass === undefined
        ? undefined
        : [subjectClass];
  const doi = input.doi === undefined ? undefined : bareDoi(input.doi);
  if (input.doi !== undefined && doi === undefined) {
    throw new NewPaperError(`--doi: ${doiProblem(input.doi) ?? 'not a DOI'} [doi]`);
  }
  for (const [flag, urls] of [
    ['--code', input.code],
    ['--link', input.links],
  ] as const) {
    for (const url of urls ?? []) {
      const problem = urlProblem(url, `${flag}: the link`);
      if (problem !== undefined) throw new NewPaperError(`${problem.message} [${problem.rule}]`);
    }
  }
  // Refused as given, before the repair could turn the URL into something else that hides it.
  for (const [where, text] of [
    ['title', input.title],
    ['abstract', input.abstract],
  ] as const) {
    const [refused] = refusedUrls(text);
    if (refused !== undefined) {
      throw new NewPaperError(`in the ${where}: ${refused.problem.message} [${refused.problem.rule}]`);
    }
  }
  const known = new Set(tools.topicIds);
  for (const id of input.topics ?? []) {
    if (!known.has(id)) {
      // As the check suggests one: a display name ("Scaling laws") or capitals are an edit or two from the id.
      const guess = closestMatch(id, tools.topicIds);
      throw new NewPaperError(
        `--topic ${id} is not a topic${guess === undefined ? '' : ` (did you mean ${guess}?)`}: use an id from ${tools.topicsFile} (${tools.topicIds.join(', ')})`,
      );
    }
  }

  // Invisible characters (soft hyphens, zero-width spaces...) deleted as the ingest deletes them,
  // and reported, as are names decoded from TeX (below); bidirectional and control characters are
  // left for the check to refuse.
  const readingRepairs: NewPaper['repairs'] = [];
  const visible = (field: 'title' | 'abstract' | 'authors', text: string): string => {
    const { text: repaired, repair } = repairInvisibleCharacters(text);
    if (repair !== undefined) readingRepairs.push({ field, ...repair });
    return repaired;
  };
  if (given?.repair !== undefined) readingRepairs.push({ field: 'categories', ...given.repair });
  // Whitespace tidied as the ingest's parsers tidy it: a hard-wrapped paragraph is one paragraph.
  const rawAbstract = singleSpacedParagraphs(visible('abstract', input.abstract));
  const rawTitle = visible('title', input.title);
  const title = tools.repairTitle(singleSpaced(rawTitle));
  const abstract = tools.repairAbstract(rawAbstract);

  // The same identity keys the ingest merges on, for the repaired and the raw title alike.
  const identity = { title: title.markdown, arxiv, doi };
  const keys = new Set([...identityKeys(identity), `title:${normalizeTitle(rawTitle)}`]);
  keys.delete('title:');
  for (const paper of archive) {
    // The check's own rule for two papers (different ids are different papers, whatever their
    // titles, unless the other id is shared); the title as given counts as well as the repaired one.
    const rule = duplicatePair(identity, paper);
    // A key shared through arXiv's DOI is named as the DOI when the DOIs are the same.
    const theirs = identityKeys(paper);
    const derived = new Set([arxivKeyOfDoi(identity), arxivKeyOfDoi(paper)]);
    const shared =
      rule === undefined && provenDistinct(identity, paper)
        ? undefined
        : (theirs.find((key) => keys.has(key) && !derived.has(key)) ?? theirs.find((key) => keys.has(key)));
    if (shared !== undefined) {
      throw new NewPaperError(
        `this paper is already in the archive: ${paper.path} has ${describeDuplicate(shared)} ("${paper.title}"); edit that file instead`,
      );
    }
    if (rule === 'near-duplicate-title') {
      throw new NewPaperError(
        `this paper looks already in the archive: ${paper.path} has nearly the same title ("${paper.title}"); edit that file instead, or fix the title if they differ`,
      );
    }
  }

  let topics: string[];
  let evidence: Classification['evidence'] = [];
  let unsorted = false;
  if (input.topics !== undefined && input.topics.length > 0) {
    topics = unique(input.topics);
  } else {
    const classification = tools.classify({
      title: title.markdown,
      abstract: abstract.markdown,
      ...(categories === undefined ? {} : { categories }),
    });
    topics = classification.topics;
    evidence = classification.evidence;
    unsorted = classification.noEvidence && topics.length > 0;
    if (topics.length === 0) {
      throw new NewPaperError(
        `no topic of ${tools.topicsFile} matches this paper: choose one or more with --topic ID (${tools.topicIds.join(', ')})`,
      );
    }
  }

  const code = unique([...(input.code ?? []), ...abstract.code]);
  const links = unique([...(input.links ?? []), ...abstract.links]).filter((url) => !code.includes(url));
  // A name is one line (the schema's rule), its white space tidied as the ingest's parsers tidy names.
  // Names written in TeX read as the ingest reads them.
  const authors = (input.authors ?? [])
    .map((author) => {
      const { name, repair } = readableAuthorName(singleSpaced(visible('authors', author)));
      if (repair !== undefined) readingRepairs.push({ field: 'authors', ...repair });
      return name;
    })
    .filter(Boolean);
  const data = {
    title: title.markdown,
    ...(authors.length > 0 ? { authors } : {}),
    ...(arxiv === undefined ? {} : { arxiv }),
    ...(doi === undefined ? {} : { doi }),
    ...(categories === undefined ? {} : { categories }),
    ...(input.journal === undefined || input.journal.trim() === '' ? {} : { journal: input.journal.trim() }),
    ...(input.published === undefined ? {} : { published: day(input.published, '--published') }),
    added: day(input.added, '--added'),
    topics,
    ...(code.length > 0 ? { code } : {}),
    ...(links.length > 0 ? { links } : {}),
    source: input.source,
    // As the ingest does: the abstract as given is kept when the repair changed it.
    ...(abstract.markdown !== rawAbstract ? { original: rawAbstract } : {}),
  } as PaperData;

  const taken = new Set(archive.map((paper) => paper.slug.toLowerCase()));
  const slug = uniqueSlug(title.markdown, (candidate) => taken.has(candidate), { arxiv, doi });
  const path = join(tools.papersDir, `${slug}.md`);
  const text = serializePaperFile(data, abstract.markdown);
  const findings = [
    ...fileNameFindings(path),
    ...checkPaperSource(path, new TextEncoder().encode(text), {
      topicIds: tools.topicIds,
      topicsFile: tools.topicsFile,
    }).findings,
  ];
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    throw new NewPaperError(
      `the paper file would not pass the check:\n${errors.map((e) => `  line ${e.line}: ${e.message} [${e.rule}]`).join('\n')}\nfix the input (the title and abstract as given) and try again`,
    );
  }
  return {
    slug,
    path,
    text,
    data,
    topics,
    evidence,
    unsorted,
    repairs: [
      ...readingRepairs,
      ...title.repairs.map((repair) => ({ field: 'title' as const, ...repair })),
      ...abstract.repairs.map((repair) => ({ field: 'abstract' as const, ...repair })),
    ],
    warnings: findings,
  };
}
