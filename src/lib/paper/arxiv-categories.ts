/**
 * arXiv's subject classification: every category a record can carry, with its official name, and
 * the retired archives that old records (and the OAI dump's `categories` of papers submitted
 * before 2008) still use. Source: https://arxiv.org/category_taxonomy (checked 2026-12), and the
 * list of subsumed archives on the same page.
 *
 * A small table of our own rather than a package: the registry's arXiv packages are API clients,
 * none ships the taxonomy, and the classifier, the paper page and BibTeX all need the same names.
 */

import { ARXIV_CATEGORY } from './identifiers.ts';

/** Category id (`cs.LG`, `hep-ph`, `astro-ph.CO`) -> its name on arXiv. */
export const ARXIV_CATEGORIES: Readonly<Record<string, string>> = {
  // Computer Science
  'cs.AI': 'Artificial Intelligence',
  'cs.AR': 'Hardware Architecture',
  'cs.CC': 'Computational Complexity',
  'cs.CE': 'Computational Engineering, Finance, and Science',
  'cs.CG': 'Computational Geometry',
  'cs.CL': 'Computation and Language',
  'cs.CR': 'Cryptography and Security',
  'cs.CV': 'Computer Vision and Pattern Recognition',
  'cs.CY': 'Computers and Society',
  'cs.DB': 'Databases',
  'cs.DC': 'Distributed, Parallel, and Cluster Computing',
  'cs.DL': 'Digital Libraries',
  'cs.DM': 'Discrete Mathematics',
  'cs.DS': 'Data Structures and Algorithms',
  'cs.ET': 'Emerging Technologies',
  'cs.FL': 'Formal Languages and Automata Theory',
  'cs.GL': 'General Literature',
  'cs.GR': 'Graphics',
  'cs.GT': 'Computer Science and Game Theory',
  'cs.HC': 'Human-Computer Interaction',
  'cs.IR': 'Information Retrieval',
  'cs.IT': 'Information Theory',
  'cs.LG': 'Machine Learning',
  'cs.LO': 'Logic in Computer Science',
  'cs.MA': 'Multiagent Systems',
  'cs.MM': 'Multimedia',
  'cs.MS': 'Mathematical Software',
  'cs.NA': 'Numerical Analysis',
  'cs.NE': 'Neural and Evolutionary Computing',
  'cs.NI': 'Networking and Internet Architecture',
  'cs.OH': 'Other Computer Science',
  'cs.OS': 'Operating Systems',
  'cs.PF': 'Performance',
  'cs.PL': 'Programming Languages',
  'cs.RO': 'Robotics',
  'cs.SC': 'Symbolic Computation',
  'cs.SD': 'Sound',
  'cs.SE': 'Software Engineering',
  'cs.SI': 'Social and Information Networks',
  'cs.SY': 'Systems and Control',
  // Economics
  'econ.EM': 'Econometrics',
  'econ.GN': 'General Economics',
  'econ.TH': 'Theoretical Economics',
  // Electrical Engineering and Systems Science
  'eess.AS': 'Audio and Speech Processing',
  'eess.IV': 'Image and Video Processing',
  'eess.SP': 'Signal Processing',
  'eess.SY': 'Systems and Control',
  // Mathematics
  'math.AC': 'Commutative Algebra',
  'math.AG': 'Algebraic Geometry',
  'math.AP': 'Analysis of PDEs',
  'math.AT': 'Algebraic Topology',
  'math.CA': 'Classical Analysis and ODEs',
  'math.CO': 'Combinatorics',
  'math.CT': 'Category Theory',
  'math.CV': 'Complex Variables',
  'math.DG': 'Differential Geometry',
  'math.DS': 'Dynamical Systems',
  'math.FA': 'Functional Analysis',
  'math.GM': 'General Mathematics',
  'math.GN': 'General Topology',
  'math.GR': 'Group Theory',
  'math.GT': 'Geometric Topology',
  'math.HO': 'History and Overview',
  'math.IT': 'Information Theory',
  'math.KT': 'K-Theory and Homology',
  'math.LO': 'Logic',
  'math.MG': 'Metric Geometry',
  'math.MP': 'Mathematical Physics',
  'math.NA': 'Numerical Analysis',
  'math.NT': 'Number Theory',
  'math.OA': 'Operator Algebras',
  'math.OC': 'Optimization and Control',
  'math.PR': 'Probability',
  'math.QA': 'Quantum Algebra',
  'math.RA': 'Rings and Algebras',
  'math.RT': 'Representation Theory',
  'math.SG': 'Symplectic Geometry',
  'math.SP': 'Spectral Theory',
  'math.ST': 'Statistics Theory',
  // Physics: archives with subject classes
  'astro-ph': 'Astrophysics',
  'astro-ph.CO': 'Cosmology and Nongalactic Astrophysics',
  'astro-ph.EP': 'Earth and Planetary Astrophysics',
  'astro-ph.GA': 'Astrophysics of Galaxies',
  'astro-ph.HE': 'High Energy Astrophysical Phenomena',
  'astro-ph.IM': 'Instrumentation and Methods for Astrophysics',
  'astro-ph.SR': 'Solar and Stellar Astrophysics',
  'cond-mat': 'Condensed Matter',
  'cond-mat.dis-nn': 'Disordered Systems and Neural Networks',
  'cond-mat.mes-hall': 'Mesoscale and Nanoscale Physics',
  'cond-mat.mtrl-sci': 'Materials Science',
  'cond-mat.other': 'Other Condensed Matter',
  'cond-mat.quant-gas': 'Quantum Gases',
  'cond-mat.soft': 'Soft Condensed Matter',
  'cond-mat.stat-mech': 'Statistical Mechanics',
  'cond-mat.str-el': 'Strongly Correlated Electrons',
  'cond-mat.supr-con': 'Superconductivity',
  // Physics: archives without subject classes
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'hep-ex': 'High Energy Physics - Experiment',
  'hep-lat': 'High Energy Physics - Lattice',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'hep-th': 'High Energy Physics - Theory',
  'math-ph': 'Mathematical Physics',
  'nucl-ex': 'Nuclear Experiment',
  'nucl-th': 'Nuclear Theory',
  'quant-ph': 'Quantum Physics',
  // Nonlinear Sciences
  nlin: 'Nonlinear Sciences',
  'nlin.AO': 'Adaptation and Self-Organizing Systems',
  'nlin.CD': 'Chaotic Dynamics',
  'nlin.CG': 'Cellular Automata and Lattice Gases',
  'nlin.PS': 'Pattern Formation and Solitons',
  'nlin.SI': 'Exactly Solvable and Integrable Systems',
  // Physics
  physics: 'Physics',
  'physics.acc-ph': 'Accelerator Physics',
  'physics.ao-ph': 'Atmospheric and Oceanic Physics',
  'physics.app-ph': 'Applied Physics',
  'physics.atm-clus': 'Atomic and Molecular Clusters',
  'physics.atom-ph': 'Atomic Physics',
  'physics.bio-ph': 'Biological Physics',
  'physics.chem-ph': 'Chemical Physics',
  'physics.class-ph': 'Classical Physics',
  'physics.comp-ph': 'Computational Physics',
  'physics.data-an': 'Data Analysis, Statistics and Probability',
  'physics.ed-ph': 'Physics Education',
  'physics.flu-dyn': 'Fluid Dynamics',
  'physics.gen-ph': 'General Physics',
  'physics.geo-ph': 'Geophysics',
  'physics.hist-ph': 'History and Philosophy of Physics',
  'physics.ins-det': 'Instrumentation and Detectors',
  'physics.med-ph': 'Medical Physics',
  'physics.optics': 'Optics',
  'physics.plasm-ph': 'Plasma Physics',
  'physics.pop-ph': 'Popular Physics',
  'physics.soc-ph': 'Physics and Society',
  'physics.space-ph': 'Space Physics',
  // Quantitative Biology
  'q-bio.BM': 'Biomolecules',
  'q-bio.CB': 'Cell Behavior',
  'q-bio.GN': 'Genomics',
  'q-bio.MN': 'Molecular Networks',
  'q-bio.NC': 'Neurons and Cognition',
  'q-bio.OT': 'Other Quantitative Biology',
  'q-bio.PE': 'Populations and Evolution',
  'q-bio.QM': 'Quantitative Methods',
  'q-bio.SC': 'Subcellular Processes',
  'q-bio.TO': 'Tissues and Organs',
  // Quantitative Finance
  'q-fin.CP': 'Computational Finance',
  'q-fin.EC': 'Economics',
  'q-fin.GN': 'General Finance',
  'q-fin.MF': 'Mathematical Finance',
  'q-fin.PM': 'Portfolio Management',
  'q-fin.PR': 'Pricing of Securities',
  'q-fin.RM': 'Risk Management',
  'q-fin.ST': 'Statistical Finance',
  'q-fin.TR': 'Trading and Market Microstructure',
  // Statistics
  'stat.AP': 'Applications',
  'stat.CO': 'Computation',
  'stat.ME': 'Methodology',
  'stat.ML': 'Machine Learning',
  'stat.OT': 'Other Statistics',
  'stat.TH': 'Statistics Theory',
};

/**
 * Archives arXiv retired by merging them into a newer one; records from the 1990s still carry
 * them. Each maps to the category that took it over.
 */
export const RETIRED_ARXIV_CATEGORIES: Readonly<Record<string, string>> = {
  'acc-phys': 'physics.acc-ph',
  'adap-org': 'nlin.AO',
  'alg-geom': 'math.AG',
  'ao-sci': 'physics.ao-ph',
  'atom-ph': 'physics.atom-ph',
  'bayes-an': 'physics.data-an',
  'chao-dyn': 'nlin.CD',
  'chem-ph': 'physics.chem-ph',
  'cmp-lg': 'cs.CL',
  'comp-gas': 'nlin.CG',
  'dg-ga': 'math.DG',
  'funct-an': 'math.FA',
  'mtrl-th': 'cond-mat.mtrl-sci',
  'patt-sol': 'nlin.PS',
  'plasm-ph': 'physics.plasm-ph',
  'q-alg': 'math.QA',
  'solv-int': 'nlin.SI',
  'supr-con': 'cond-mat.supr-con',
  // An archive's bare name, which some early records carry instead of a subject class.
  'q-bio': 'q-bio.OT',
  'q-fin': 'q-fin.GN',
  cs: 'cs.OH',
  math: 'math.GM',
  stat: 'stat.OT',
};

const BY_LOWER_CASE = new Map(
  [...Object.keys(ARXIV_CATEGORIES), ...Object.keys(RETIRED_ARXIV_CATEGORIES)].map((id) => [id.toLowerCase(), id]),
);

/**
 * The current category for one written in a record: case fixed (`cs.lg` -> `cs.LG`), a retired
 * archive mapped to its successor (`chao-dyn` -> `nlin.CD`). `undefined` for text that is not an
 * arXiv category at all.
 */
export function canonicalArxivCategory(category: string): string | undefined {
  const known = BY_LOWER_CASE.get(category.trim().toLowerCase());
  if (known === undefined) return undefined;
  return RETIRED_ARXIV_CATEGORIES[known] ?? known;
}

/** The archive a category belongs to: `hep-ph` for `hep-ph`, `astro-ph` for `astro-ph.CO`, `cs` for `cs.LG`. */
export function arxivArchive(category: string): string {
  const dot = category.indexOf('.');
  return dot < 0 ? category : category.slice(0, dot);
}

/** "High Energy Physics - Phenomenology" for `hep-ph`; `undefined` for an unknown category. */
export function arxivCategoryName(category: string): string | undefined {
  const canonical = canonicalArxivCategory(category);
  return canonical === undefined ? undefined : ARXIV_CATEGORIES[canonical];
}

/** A record's categories as the archive writes them, and what reading them changed. */
export interface ReadableCategories {
  categories: string[];
  /** The categories as given and as read, when reading changed them. */
  repair?: { rule: 'arxiv-form'; before: string; after: string };
}

/** Every category, current or retired, as arXiv writes it. */
const AS_ARXIV_WRITES = new Set(BY_LOWER_CASE.values());

/** What separates categories in a list that came as one text: white space (arXiv's), commas, semicolons. */
const CATEGORY_SEPARATOR = /[\s,;]+/;

/**
 * A record's categories as every way in reads them (the ingest's inputs, `npm run new`, enrich),
 * so that a paper is added rather than skipped by the schema for how its categories were written:
 * a list given as one text is split (`cs.AI,cs.LG`), a known category gets arXiv's case (`CS.LG` ->
 * `cs.LG`; a retired one stays as written, `chao-dyn`, the classifier reads it as its successor), a
 * repeat is dropped, and anything no arXiv category can be (an ACM class, `I.2.8`) is left out and
 * named in the repair, so the report says what was not kept. A category of arXiv's shape that arXiv
 * does not list (`cs.XY`) is kept as written, as the schema keeps it.
 */
export function readableCategories(given: readonly string[]): ReadableCategories {
  // Most records hold only categories written as arXiv writes them: nothing to split, case or drop.
  if (given.every((category, index) => AS_ARXIV_WRITES.has(category) && given.indexOf(category) === index)) {
    return { categories: [...given] };
  }
  const categories: string[] = [];
  for (const token of given.flatMap((category) => category.split(CATEGORY_SEPARATOR))) {
    if (token === '') continue;
    const category = BY_LOWER_CASE.get(token.toLowerCase()) ?? (ARXIV_CATEGORY.test(token) ? token : undefined);
    if (category !== undefined && !categories.includes(category)) categories.push(category);
  }
  const before = given.join(' ');
  const after = categories.join(' ');
  return before === after ? { categories } : { categories, repair: { rule: 'arxiv-form', before, after } };
}
