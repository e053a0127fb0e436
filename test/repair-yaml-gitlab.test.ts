import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { repairBuffer, type BufferRepair } from '../src/core/repair/repair-buffer.js';
import { PROJECT_ROOT } from './helpers/repo.js';

const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
const pipeline = fs.readFileSync(new URL('./fixtures/yaml/pipeline.gitlab-ci.yml', import.meta.url), 'utf8');

const ajv = new Ajv({ strict: false, logger: false });
const schemaValid = ajv.compile(JSON.parse(fs.readFileSync(path.join(SHARED, 'schema', 'gitlab-ci.schema.json'), 'utf8')));

/** What GitLab's schema sees: the data with merge keys applied and nested rule lists flattened, as GitLab does. */
function passesSchema(text: string): boolean {
  const flatten = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(flatten);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'rules' && Array.isArray(x) ? x.flat(10).map(flatten) : flatten(x)]));
  };
  return schemaValid(flatten(parseDocument(text, { merge: true }).toJS()));
}

function without(text: string, line: string): string {
  assert.ok(text.includes(line + '\n'));
  return text.replace(line + '\n', '');
}

async function repairCi(text: string): Promise<BufferRepair> {
  return repairBuffer('.gitlab-ci.yml', Buffer.from(text, 'utf8'));
}

describe('.gitlab-ci.yml repair and checks', () => {
  it("accepts every GitLab template that GitLab accepts; those it does not warn about also pass GitLab's schema", async () => {
    const dir = path.join(SHARED, 'corpus', 'gitlab-ci');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
    assert.ok(files.length > 50);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const r = await repairCi(text);
      assert.equal(r.result.status, 'ok', `${f}: ${JSON.stringify(r.result.error)}`);
      if (!r.result.warnings) assert.ok(passesSchema(text), `${f} fails the schema without a warning from us`);
      if (!passesSchema(text)) assert.ok(r.result.warnings?.length, `${f} fails the schema without a warning from us`);
    }
  });

  it("adds a stage a job uses to `stages:`, in pipeline order, and the result passes GitLab's schema", async () => {
    const r = await repairCi(without(pipeline, '  - test'));
    assert.equal(r.result.status, 'repaired', JSON.stringify(r.result.error));
    assert.equal(r.output?.toString('utf8'), pipeline);
    assert.deepEqual(r.result.fixes.map((f) => [f.line, f.description]), [[4, "added stage 'test' to `stages` (a job uses it)"]]);
    assert.ok(passesSchema(r.output!.toString('utf8')));
  });

  it('adds a missing stage to a flow list too', async () => {
    const text = pipeline.replace('stages:\n  - build\n  - test\n  - deploy\n', 'stages: [build, test]\n');
    const r = await repairCi(text);
    assert.match(r.output?.toString('utf8') ?? '', /^stages: \[build, test, deploy\]$/m);
    assert.ok(passesSchema(r.output!.toString('utf8')));
  });

  it('repairs a syntax fault and a missing stage in one go', async () => {
    const text = without(pipeline, '  - deploy').replace('  stage: build\n', '\tstage: build\n');
    const r = await repairCi(text);
    assert.equal(r.output?.toString('utf8'), pipeline);
    assert.equal(r.result.fixes.length, 2);
  });

  it('uses what GitLab accepts to choose between two readings that plain YAML cannot tell apart', async () => {
    // ' B: "2"' is either a variable or a top-level job whose value is a string (which GitLab rejects).
    const text = 'variables:\n  A: "1"\n B: "2"\n\njob:\n  script:\n    - echo $A $B\n';
    const plain = await repairBuffer('vars.yml', Buffer.from(text));
    assert.equal(plain.result.status, 'unrepairable');
    const ci = await repairCi(text);
    assert.equal(ci.output?.toString('utf8'), text.replace(' B:', '  B:'));
  });

  it('prefers the ordinary layout to a reading that parses, is valid GitLab, but means something else', async () => {
    // One space less would make `after_script` a (valid) global keyword with its list four columns in.
    const text = 'job:\n  script:\n    - make\n  variables:\n    A: "1"\n  after_script:\n    - cleanup\n';
    const r = await repairCi(text.replace('  after_script', ' after_script'));
    assert.equal(r.output?.toString('utf8'), text);
  });

  it('blocks `needs` and `extends` that point at jobs that do not exist, with their position', async () => {
    const r = await repairCi(pipeline.replace('needs: ["build"]', 'needs: ["biuld"]').replace('extends: .node', 'extends: .nod'));
    assert.equal(r.result.status, 'unrepairable');
    assert.equal(r.output, undefined);
    const all = [r.result.error!, ...(r.result.warnings ?? [])];
    const extendsProblem = all.find((p) => /extends '\.nod'/.test(p.message));
    const needsProblem = all.find((p) => /needs 'biuld'/.test(p.message));
    assert.deepEqual([extendsProblem?.line, extendsProblem?.column], [26, 3]);
    assert.deepEqual([needsProblem?.line, needsProblem?.column], [28, 11]);
    assert.match(needsProblem?.suggestion ?? '', /did you mean 'build'/);
  });

  it('only warns about unknown `needs` and `extends` when the file has `include:` (they may come from there)', async () => {
    const text = 'include:\n  - local: common.yml\n' + pipeline.replace('needs: ["build"]', 'needs: ["lint"]').replace('extends: .node', 'extends: .base');
    const r = await repairCi(text);
    assert.equal(r.result.status, 'ok', JSON.stringify(r.result.error));
    assert.equal(r.result.warnings?.length, 2);
  });

  it('blocks a job that needs a job of a later stage', async () => {
    const r = await repairCi(pipeline.replace('needs: ["build"]', 'needs: ["deploy"]'));
    assert.match(r.result.error?.message ?? '', /needs 'deploy', which runs in a later stage/);
  });

  it('understands anchors, merge keys, hidden jobs, extends and !reference as GitLab does', async () => {
    const text = [
      '.setup:', '  script:', '    - ./setup.sh', '  rules:', '    - if: $CI_COMMIT_TAG', '',
      '.defaults: &defaults', '  image: alpine', '  tags: [docker]', '',
      'lint:', '  <<: *defaults', '  script:', '    - !reference [.setup, script]', '    - ./lint.sh',
      '  rules:', '    - !reference [.setup, rules]', '    - when: manual', '',
      'inherited:', '  extends: .setup', '  needs:', '    - job: lint', '      artifacts: false', '    - pipeline: $PARENT_PIPELINE_ID', '      job: build', '',
    ].join('\n');
    const r = await repairCi(text);
    assert.equal(r.result.status, 'ok', JSON.stringify(r.result.error));
    assert.equal(r.result.warnings, undefined);
  });

  const blocked: [string, (t: string) => string, RegExp][] = [
    ['a job without script, run or trigger', (t) => t.replace('  script:\n    - ./deploy.sh "$CI_ENVIRONMENT_NAME"\n', ''), /job 'deploy' has no `script`/],
    ['a misspelt job keyword', (t) => t.replace('  when: manual', '  wen: manual'), /unknown keyword 'wen'/],
    ['`rules` that are not a list', (t) => t.replace("    - if: '$CI_PIPELINE_SOURCE == \"merge_request_event\"'\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n      when: always", '    if: $CI_COMMIT_TAG'), /`rules` must be a list/],
    ['a rule with an unknown `when`', (t) => t.replace('      when: always', '      when: sometimes'), /`when: sometimes` is not one of/],
    ['`rules` together with `only`', (t) => t.replace('  needs: ["build"]', '  needs: ["build"]\n  only: [main]'), /`rules` together with `only`/],
    ['`only` with an unknown key', (t) => t.replace('  when: manual', '  only:\n    branches: [main]'), /`only` has an unknown keyword 'branches'/],
    ['a job that is not a mapping', (t) => t + 'notes: remember to tag\n', /job 'notes' must be a mapping/],
  ];
  for (const [what, change, message] of blocked) {
    it(`blocks ${what}`, async () => {
      const r = await repairCi(change(pipeline));
      assert.equal(r.result.status, 'unrepairable');
      assert.equal(r.output, undefined);
      assert.match(r.result.error?.message ?? '', message);
    });
  }
});
