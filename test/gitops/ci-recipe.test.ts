import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { SHOP_OUTPUT, shopApp } from '../../examples/ci/app';
import { checkCommittedOutput, synthGitOps } from '../../lib/gitops';
import { run } from '../cli/helpers';

const PROJECT = path.resolve(__dirname, '..', '..');
const CI = path.join(PROJECT, 'examples', 'ci');

/** A temporary git repository shaped like a user's GitOps repo: the app's main.ts, cdk8s.yaml and the committed dist/. */
class TempRepo {
  public readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-ci-'));

  public constructor() {
    this.git('init', '--quiet', '--initial-branch=main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'CI');
    this.git('config', 'commit.gpgsign', 'false');
    fs.copyFileSync(path.join(CI, 'cdk8s.yaml'), path.join(this.dir, 'cdk8s.yaml'));
  }

  public git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }

  /** Writes the app's main.ts with a canary weight (what a pull request edits). */
  public writeApp(weight: number): void {
    fs.writeFileSync(path.join(this.dir, 'main.ts'), [
      `import { synthGitOps } from ${JSON.stringify(path.join(PROJECT, 'lib', 'gitops'))};`,
      `import { SHOP_OUTPUT, shopApp } from ${JSON.stringify(path.join(CI, 'app'))};`,
      '',
      `synthGitOps(shopApp({ reviewsV2Weight: ${weight} }), SHOP_OUTPUT);`,
      '',
    ].join('\n'));
  }

  /** What `npx cdk8s synth` does with that main.ts, in-process. */
  public synth(weight: number): void {
    synthGitOps(shopApp({ reviewsV2Weight: weight, outdir: path.join(this.dir, 'dist') }), SHOP_OUTPUT);
  }

  public commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '--quiet', '-m', message);
  }

  public remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
  repo.writeApp(10);
  repo.synth(10);
  repo.commit('mesh with a 10% canary');
  repo.git('checkout', '--quiet', '-b', 'canary-25');
});
afterEach(() => repo.remove());

describe('the CI recipe, in a temporary git repository', () => {
  test('commit, change a weight, synth, diff against the target branch: the change explained, exit 1', async () => {
    repo.writeApp(25);
    repo.synth(25);
    repo.commit('canary to 25%');

    // The target branch's output, as the recipe extracts it.
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-base-'));
    try {
      fs.mkdirSync(path.join(base, 'dist'));
      execFileSync('sh', ['-c', `git archive main:./dist | tar -x -C "${path.join(base, 'dist')}"`], { cwd: repo.dir });
      const r = await run('diff', path.join(base, 'dist'), path.join(repo.dir, 'dist'));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe([
        `~ VirtualService shop/reviews (networking.istio.io/v1, changed)  ${path.join(repo.dir, 'dist', 'shop', 'shop.k8s.yaml')}:17`,
        '    http[0]: reviews v1 90% → 75%',
        '    http[0]: reviews v2 10% → 25%',
        '',
        '1 changed, 0 added, 0 removed, 0 warnings (4 unchanged, 6 documents not compared: kustomize files or not Kubernetes objects)',
        '',
      ].join('\n'));
      expect((await run('diff', path.join(base, 'dist'), path.join(base, 'dist'))).code).toBe(0);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  test('a change of the app committed without re-synthesizing is caught', () => {
    repo.writeApp(40);
    repo.commit('forgot to synth');
    expect(checkCommittedOutput(shopApp({ reviewsV2Weight: 40 }), path.join(repo.dir, 'dist'), SHOP_OUTPUT)).toEqual([
      { file: 'shop/shop.k8s.yaml', problem: 'changed' },
    ]);
  });

  describe('examples/ci/ci.sh, with npm and npx replaced by offline stand-ins', () => {
    /** Runs the script in the repo with `npm`/`npx` shims: synth runs main.ts, diff runs our CLI, validate/analyze are stubbed. */
    function runScript(): { status: number | null; stdout: string; stderr: string; calls: string[] } {
      const shims = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-shims-'));
      const log = path.join(shims, 'calls.log');
      try {
        fs.writeFileSync(path.join(shims, 'npm'), '#!/usr/bin/env bash\necho "npm $*" >> "$SHIM_LOG"\n', { mode: 0o755 });
        fs.writeFileSync(path.join(shims, 'npx'), [
          '#!/usr/bin/env bash',
          'echo "npx $*" >> "$SHIM_LOG"',
          'case "$1 $2" in',
          // cdk8s synth: empty the output folder and run the app (the real CLI also checks for updates online).
          '  "cdk8s synth") rm -rf dist && CDK8S_OUTDIR=dist exec node -r "$PROJECT/node_modules/ts-node/register/transpile-only" main.ts ;;',
          // validate and analyze are other parts of the CLI, tested on their own.
          '  "cdk8s-istio validate"|"cdk8s-istio analyze") exit 0 ;;',
          '  "cdk8s-istio diff") shift; exec node "$PROJECT/bin/cdk8s-istio" "$@" ;;',
          'esac',
          'echo "unexpected: npx $*" >&2; exit 127',
          '',
        ].join('\n'), { mode: 0o755 });
        const r = spawnSync('bash', [path.join(CI, 'ci.sh')], {
          cwd: repo.dir,
          encoding: 'utf8',
          timeout: 120_000,
          env: {
            ...process.env,
            PATH: `${shims}${path.delimiter}${process.env.PATH}`,
            SHIM_LOG: log,
            PROJECT,
            TS_NODE_PROJECT: path.join(PROJECT, 'tsconfig.dev.json'),
            BASE_REF: 'main',
            OUT: 'dist',
            REPORT: 'mesh-diff.md',
          },
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: fs.readFileSync(log, 'utf8').trim().split('\n') };
      } finally {
        fs.rmSync(shims, { recursive: true, force: true });
      }
    }

    test('a pull request with its output committed: the diff is printed as markdown, the script passes', () => {
      repo.writeApp(25);
      repo.synth(25);
      repo.commit('canary to 25%');
      const r = runScript();
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.calls).toEqual([
        'npm ci',
        'npx cdk8s synth',
        'npx cdk8s-istio validate dist',
        'npx cdk8s-istio analyze dist',
        expect.stringMatching(/^npx cdk8s-istio diff --format markdown \S+\/dist dist$/),
      ]);
      expect(r.stdout).toContain('- http[0]: reviews v1 90% → 75%\n- http[0]: reviews v2 10% → 25%\n');
      expect(fs.readFileSync(path.join(repo.dir, 'mesh-diff.md'), 'utf8')).toMatch(/^<!-- cdk8s-istio diff -->\n### Istio changes\n/);
      expect(r.stdout).toMatch(/== Committed output is up to date\nok\n$/);
    }, 120_000);

    test('a pull request that changed the app but not the committed output fails', () => {
      repo.writeApp(40);
      repo.commit('forgot to synth');
      const r = runScript();
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('- http[0]: reviews v2 10% → 40%\n');
      expect(r.stderr).toContain("error: the committed dist/ differs from a fresh 'npx cdk8s synth':\n M dist/shop/shop.k8s.yaml\n");
    }, 120_000);
  });
});

describe('the recipe files', () => {
  const commands = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => /^(npm|npx) /.test(l)).map((l) => l.replace(/ (>|\|\|).*$/, ''));

  test('the GitHub Actions workflow runs the same commands as ci.sh', () => {
    const workflow = parse(fs.readFileSync(path.join(CI, 'github-actions.yaml'), 'utf8'));
    const steps: Array<{ run?: string }> = workflow.jobs.mesh.steps;
    const fromWorkflow = commands(steps.map((s) => s.run ?? '').join('\n'));
    expect(fromWorkflow).toEqual(commands(fs.readFileSync(path.join(CI, 'ci.sh'), 'utf8')));
    expect(fromWorkflow).toEqual([
      'npm ci',
      'npx cdk8s synth',
      'npx cdk8s-istio validate "$OUT"',
      'npx cdk8s-istio analyze "$OUT"',
      'npx cdk8s-istio diff --format markdown "$base/$OUT" "$OUT"',
    ]);
  });

  test('the Argo CD Application applies the committed output folder, which has a kustomization', () => {
    const application = parse(fs.readFileSync(path.join(CI, 'argocd-application.yaml'), 'utf8'));
    expect(application).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { path: 'dist' } } });
    expect(parse(fs.readFileSync(path.join(CI, 'cdk8s.yaml'), 'utf8')).output).toBe('dist');
    expect(fs.existsSync(path.join(CI, 'dist', 'kustomization.yaml'))).toBe(true);
  });
});
