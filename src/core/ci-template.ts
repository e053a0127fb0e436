// `install --ci gitlab|github`: writes the pipeline template, never over an existing file without --force;
// for an existing file it works out what to add (the missing jobs, stages and variables), not the whole file.
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { InstallAction } from './install/types.js';

const templates = new URL('../../templates/', import.meta.url);

/** Where each CI system reads its pipeline, relative to the repository top, and our template for it. */
export const CI_TARGETS = {
  gitlab: { file: '.gitlab-ci.yml', template: 'gitlab-ci.yml' },
  github: { file: '.github/workflows/qmoi-hooks.yml', template: 'github-workflow.yml' },
} as const;

export type CiKind = keyof typeof CI_TARGETS;

/** The template as a user gets it: pinned to this release's version range of qmoi-hooks. */
export function renderCiTemplate(kind: CiKind): string {
  const text = fs.readFileSync(new URL(CI_TARGETS[kind].template, templates), 'utf8');
  const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', templates), 'utf8')) as { version: string };
  return text.replaceAll('{{version}}', version);
}

/** Writes the template; an existing different file is kept (unless `force`) and what to merge is suggested. */
export function writeCiTemplate(top: string, kind: CiKind, force: boolean): InstallAction & { suggestion?: string } {
  const { file } = CI_TARGETS[kind];
  const target = path.join(top, file);
  const text = renderCiTemplate(kind);
  if (fs.existsSync(target)) {
    const current = fs.readFileSync(target, 'utf8');
    if (current === text) return { kind: 'ci', target: file, detail: 'unchanged' };
    if (!force) {
      const suggestion = suggestMerge(kind, current, text);
      if (suggestion === undefined) return { kind: 'ci', target: file, detail: 'kept yours (it already has every qmoi-hooks job)' };
      return { kind: 'ci', target: file, detail: 'kept yours (use --force to replace it)', suggestion };
    }
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return { kind: 'ci', target: file, detail: force ? 'written (--force)' : 'created' };
}

/** Top-level keys of a GitLab pipeline that are settings, not jobs. */
const GITLAB_SETTINGS = new Set(['image', 'services', 'stages', 'variables', 'default', 'workflow', 'include', 'cache', 'before_script', 'after_script']);

/**
 * What to add to an existing pipeline file so it runs qmoi-hooks: the template's jobs (and hidden jobs) it
 * lacks, the stages it lacks (as the merged `stages:` list), the variables it lacks and, where it has none,
 * the image and defaults. Undefined when nothing is missing; the whole template when the file does not parse.
 */
export function suggestMerge(kind: CiKind, existing: string, template: string): string | undefined {
  const theirs = parseDocument(existing, { merge: true });
  const ours = parseDocument(template, { merge: true });
  if (theirs.errors.length || !isMap(theirs.contents) || !isMap(ours.contents)) return template;
  const suggestion = kind === 'gitlab' ? gitlabAdditions(theirs, ours) : githubAdditions(theirs, ours);
  if (!suggestion) return undefined;
  suggestion.commentBefore = ` Add to ${CI_TARGETS[kind].file} (qmoi-hooks ${kind === 'gitlab' ? 'jobs, stages and variables' : 'jobs'} it does not have yet):`;
  return suggestion.toString({ lineWidth: 0 });
}

function gitlabAdditions(theirs: Document, ours: Document): Document | undefined {
  const add = ours.clone();
  const kept: string[] = [];
  let missing = 0;
  for (const key of keysOf(ours)) {
    const have = theirs.get(key, true);
    if (key === 'stages') {
      const current = isSeq(have) ? have.items.map((s) => String(isScalar(s) ? s.value : s)) : [];
      const wanted = (ours.get('stages') as { items: { value: unknown }[] }).items.map((s) => String(s.value));
      const absent = wanted.filter((s) => !current.includes(s));
      if (!absent.length) add.delete(key);
      else {
        add.set(key, mergeStages(current, wanted));
        missing++;
      }
    } else if (key === 'variables') {
      const vars = add.get(key, true);
      if (isMap(vars) && isMap(have)) for (const v of keysOf(vars)) if (have.has(v)) vars.delete(v);
      if (isMap(vars) && vars.items.length) missing++;
      else add.delete(key);
    } else if (have !== undefined) {
      add.delete(key);
      if (!GITLAB_SETTINGS.has(key) && !key.startsWith('.')) kept.push(key);
    } else missing++;
  }
  if (!missing) return undefined;
  if (kept.length) add.comment = ` Kept your own job${kept.length === 1 ? '' : 's'} ${kept.join(', ')}: to run ${kept.length === 1 ? 'it' : 'them'} through qmoi-hooks, use the script lines above (qmoi-hooks ci --no-push --script NAME).`;
  return add;
}

function githubAdditions(theirs: Document, ours: Document): Document | undefined {
  const add = ours.clone();
  const jobs = add.get('jobs', true);
  const theirJobs = theirs.get('jobs', true);
  if (!isMap(jobs)) return undefined;
  if (isMap(theirJobs)) for (const j of keysOf(jobs)) if (theirJobs.has(j)) jobs.delete(j);
  if (!jobs.items.length) return undefined;
  // Only the jobs (and the env they read) go into someone else's workflow; its triggers stay theirs.
  for (const key of keysOf(add)) if (key !== 'jobs' && key !== 'env' && key !== 'permissions') add.delete(key);
  return add;
}

/** The user's stages in their order, with ours inserted after the stage that precedes them in our list. */
export function mergeStages(current: string[], wanted: string[]): string[] {
  const out = [...current];
  wanted.forEach((stage, i) => {
    if (out.includes(stage)) return;
    // After the last of the stages that come before it in our order (as they stand in the user's list).
    const after = Math.max(-1, ...wanted.slice(0, i).map((s) => out.indexOf(s)));
    out.splice(after + 1, 0, stage);
  });
  return out;
}

function keysOf(doc: Document | { items: { key: unknown }[] }): string[] {
  const map = 'contents' in doc ? doc.contents : doc;
  return isMap(map) ? map.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
}
