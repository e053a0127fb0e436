// The pipeline templates `install --ci` writes: accepted by GitLab's own schema, shaped as documented,
// loop-free, and never written over a user's file without --force (which gets a merge suggestion instead).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { mergeStages, renderCiTemplate, suggestMerge } from '../src/core/ci-template.js';
import { gitlabCiSchemaErrors } from './helpers/gitlab-ci-schema.js';
import { PROJECT_ROOT, cleanup, git, makeRepo, runCli, testEnv, writeFiles } from './helpers/repo.js';

type Job = { stage?: string; script?: unknown[]; rules?: { when?: string }[]; when?: string; parallel?: number; after_script?: unknown; extends?: string; artifacts?: { reports?: Record<string, string> } };

function gitlab(): { text: string; data: Record<string, unknown>; jobs: Record<string, Job> } {
  const text = renderCiTemplate('gitlab');
  const data = parseDocument(text, { merge: true }).toJS() as Record<string, unknown>;
  const settings = ['image', 'stages', 'variables', 'default', 'workflow'];
  const jobs = Object.fromEntries(Object.entries(data).filter(([k]) => !settings.includes(k) && !k.startsWith('.'))) as Record<string, Job>;
  return { text, data, jobs };
}

const isManual = (j: Job) => j.when === 'manual' || !!j.rules?.every((r) => r.when === 'manual');
const scriptText = (j: Job) => (j.script ?? []).join('\n');

describe('CI templates', () => {
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('the GitLab template is accepted by GitLab’s official schema', () => {
    assert.deepEqual(gitlabCiSchemaErrors(gitlab().text), []);
  });

  it('the schema check catches the mistakes that matter (a script line YAML reads as a map, an unknown keyword)', () => {
    assert.notDeepEqual(gitlabCiSchemaErrors('job:\n  script:\n    - echo a: b\n'), []);
    assert.notDeepEqual(gitlabCiSchemaErrors('job:\n  script: [echo]\n  stagee: test\n'), []);
  });

  it('has the stages setup, test, build, deploy, image node:20, an npm cache and every script line as a plain string', () => {
    const { data, jobs } = gitlab();
    assert.deepEqual(data.stages, ['setup', 'test', 'build', 'deploy']);
    assert.equal(data.image, 'node:20');
    assert.deepEqual((data.default as { cache: { paths: string[] } }).cache.paths, ['.npm/']);
    assert.equal((data.variables as Record<string, string>).npm_config_cache, '$CI_PROJECT_DIR/.npm');
    for (const [name, job] of Object.entries(jobs)) {
      assert.ok(Array.isArray(job.script) && job.script.length, `${name} has a script`);
      for (const line of job.script!) assert.equal(typeof line, 'string', `${name}: ${JSON.stringify(line)} must be a string (quote lines with ": ")`);
      assert.ok(!job.after_script, `${name} has no after_script`);
    }
  });

  it('pins qmoi-hooks to this release and runs it through npm exec (works while package.json is broken)', () => {
    const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { data, jobs } = gitlab();
    assert.equal((data.variables as Record<string, string>).QMOI_HOOKS_PACKAGE, `qmoi-hooks@^${version}`);
    for (const [name, job] of Object.entries(jobs)) assert.match(scriptText(job), /^npm exec --yes --package="\$QMOI_HOOKS_PACKAGE" -- qmoi-hooks /m, name);
  });

  it('only one job pushes repairs on its own; the by-hand jobs error-recovery and auto-push push too', () => {
    const { jobs } = gitlab();
    const pushing = (j: Job) => /qmoi-hooks ci\b/.test(scriptText(j)) && !/--no-push/.test(scriptText(j));
    const automatic = Object.entries(jobs).filter(([, j]) => pushing(j) && !isManual(j)).map(([n]) => n);
    assert.deepEqual(automatic, ['qmoi-hooks:repair']);
    assert.equal(jobs['qmoi-hooks:repair'].stage, 'setup');
    for (const name of ['qmoi-hooks:error-recovery', 'qmoi-hooks:auto-push']) {
      assert.ok(isManual(jobs[name]), `${name} is manual`);
      assert.match(scriptText(jobs[name]), /--push\b/);
    }
  });

  it('publishes the Code Quality and JUnit reports as artifacts', () => {
    const { data, jobs } = gitlab();
    assert.deepEqual(jobs['qmoi-hooks:repair'].artifacts?.reports, { codequality: 'gl-code-quality-report.json', junit: 'qmoi-junit.xml' });
    for (const name of ['test', 'build', 'qmoi-hooks:error-recovery', 'qmoi-hooks:auto-push']) {
      const base = data[jobs[name].extends ?? ''] as Job | undefined;
      assert.deepEqual((jobs[name].artifacts ?? base?.artifacts)?.reports, { junit: 'qmoi-junit.xml' }, name);
    }
  });

  it('splits validation across GitLab parallel jobs with --shard $CI_NODE_INDEX/$CI_NODE_TOTAL', () => {
    const job = gitlab().jobs['qmoi-hooks:validate'];
    assert.ok((job.parallel ?? 0) > 1);
    assert.match(scriptText(job), /validate --all --shard "\$CI_NODE_INDEX\/\$CI_NODE_TOTAL"/);
  });

  it('the GitHub workflow runs the same steps, pushes with GITHUB_TOKEN only where it may push', () => {
    const wf = parseDocument(renderCiTemplate('github')).toJS() as { permissions: Record<string, string>; jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[]; if?: string }> };
    assert.equal(wf.permissions.contents, 'write');
    const runs = (name: string) => wf.jobs[name].steps.filter((s) => s.run);
    for (const name of ['repair', 'test', 'build', 'deploy', 'validate', 'error-recovery', 'auto-push']) assert.ok(runs(name).length, name);
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps.filter((s) => s.run)) {
        const pushes = /qmoi-hooks ci\b/.test(step.run!) && !/--no-push/.test(step.run!);
        assert.equal(!!step.env?.GITHUB_TOKEN, pushes, `${name}: token only for steps that push`);
      }
    }
    assert.match(runs('validate')[0].run!, /--shard "\$\{\{ matrix\.shard \}\}\/4"/);
    assert.match(wf.jobs['error-recovery'].if!, /workflow_dispatch/);
  });

  it('merges stages in the user’s order, ours after the stage that precedes them', () => {
    assert.deepEqual(mergeStages(['build', 'test'], ['setup', 'test', 'build', 'deploy']), ['setup', 'build', 'test', 'deploy']);
    assert.deepEqual(mergeStages([], ['setup', 'test']), ['setup', 'test']);
    assert.deepEqual(mergeStages(['lint', 'setup', 'test', 'build', 'deploy'], ['setup', 'test', 'build', 'deploy']), ['lint', 'setup', 'test', 'build', 'deploy']);
  });

  it('suggests only what an existing pipeline lacks, and the merged result is accepted by GitLab’s schema', () => {
    const existing = 'stages:\n  - build\n  - test\nvariables:\n  npm_config_cache: .cache\ntest:\n  stage: test\n  script:\n    - npm test\n';
    const suggestion = suggestMerge('gitlab', existing, renderCiTemplate('gitlab'))!;
    const add = parseDocument(suggestion).toJS() as Record<string, unknown>;
    assert.ok(!('test' in add), 'the user’s own test job is kept, not replaced');
    assert.match(suggestion, /Kept your own job test/);
    assert.ok('qmoi-hooks:repair' in add && 'qmoi-hooks:auto-push' in add && '.qmoi-hooks-reports' in add);
    assert.deepEqual(Object.keys(add.variables as object).sort(), ['GITLAB_API_URL', 'QMOI_HOOKS_PACKAGE']);
    const merged = parseDocument(existing);
    for (const [k, v] of Object.entries(add)) {
      const cur = merged.get(k, true);
      if (k === 'variables' && isMap(cur)) for (const [vk, vv] of Object.entries(v as object)) cur.set(vk, vv);
      else merged.set(k, v);
    }
    assert.deepEqual(gitlabCiSchemaErrors(merged.toString()), []);
    assert.equal(suggestMerge('gitlab', renderCiTemplate('gitlab').replace('# GitLab', '# My'), renderCiTemplate('gitlab')), undefined, 'nothing to add');
  });

  it('install --ci gitlab writes the template once, keeps a user’s file (printing the jobs to add), replaces it with --force', () => {
    const top = makeRepo();
    dirs.push(top);
    const first = runCli(top, ['install', '--ci', 'gitlab']);
    assert.equal(first.status, 0, first.stderr);
    const file = path.join(top, '.gitlab-ci.yml');
    assert.equal(fs.readFileSync(file, 'utf8'), renderCiTemplate('gitlab'));
    assert.match(runCli(top, ['install', '--ci', 'gitlab']).stdout, /\.gitlab-ci\.yml: unchanged/);

    const mine = 'build-it:\n  script:\n    - make\n';
    writeFiles(top, { '.gitlab-ci.yml': mine });
    const kept = runCli(top, ['install', '--ci', 'gitlab']);
    assert.equal(kept.status, 0, kept.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), mine, 'not overwritten');
    assert.match(kept.stdout, /kept yours/);
    assert.match(kept.stdout, /qmoi-hooks:repair:/);
    assert.doesNotMatch(kept.stdout, /build-it/, 'the suggestion holds only what to add');

    const forced = runCli(top, ['install', '--ci', 'gitlab', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), renderCiTemplate('gitlab'));
  });

  it('install --ci github writes .github/workflows/qmoi-hooks.yml', () => {
    const top = makeRepo();
    dirs.push(top);
    const r = runCli(top, ['install', '--ci', 'github', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(top, '.github/workflows/qmoi-hooks.yml'), 'utf8'), renderCiTemplate('github'));
    const doc = JSON.parse(r.stdout) as { actions: { kind: string; target: string; detail: string }[] };
    assert.deepEqual(doc.actions.find((a) => a.kind === 'ci'), { kind: 'ci', target: '.github/workflows/qmoi-hooks.yml', detail: 'created' });
  });
});

describe('scale-out: validate --all --shard with GitLab parallel jobs', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => cleanup(...dirs));

  it('gitlab-ci-local expands the opt-in validate job into parallel jobs only when QMOI_VALIDATE_PARALLEL is "true"', () => {
    const top = makeRepo();
    dirs.push(top);
    writeFiles(top, { '.gitlab-ci.yml': renderCiTemplate('gitlab') });
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'pipeline']);
    const list = (vars: string[]) => {
      const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'gitlab-ci-local'), ['--list-json', '--home', top, ...vars], { cwd: top, env: testEnv(), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { name: string; when: string }[]).filter((j) => j.when !== 'never').map((j) => j.name);
    };
    assert.deepEqual(list([]).filter((n) => n.includes('validate')), []);
    assert.deepEqual(list(['--variable', 'QMOI_VALIDATE_PARALLEL=true']).filter((n) => n.includes('validate')), [1, 2, 3, 4].map((i) => `qmoi-hooks:validate: [${i}/4]`));
  });

  it('the shards of CI_NODE_INDEX/CI_NODE_TOTAL together validate every tracked file exactly once', function () {
    const top = makeRepo();
    dirs.push(top);
    const files = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`data/f${i}.json`, `{"n": ${i}}\n`]));
    writeFiles(top, files);
    git(top, ['add', '-A']);
    git(top, ['commit', '-q', '-m', 'files']);
    const all = [...Object.keys(files), 'package.json'].sort();
    const shard = (i: number, n: number) => {
      const r = runCli(top, ['validate', '--all', '--shard', `${i}/${n}`, '--json']);
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    };
    const shards = [1, 2, 3].map((i) => shard(i, 3));
    assert.deepEqual(shards.flat().sort(), all);
    for (const s of shards) assert.ok(s.length >= 1 && s.length < all.length);
  });
});
