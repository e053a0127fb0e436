// `install --ci gitlab|github`: writes the pipeline template, never over an existing file without --force.
import fs from 'node:fs';
import path from 'node:path';
import type { InstallAction } from './install/types.js';

const templates = new URL('../../templates/', import.meta.url);

/** Where each CI system reads its pipeline, relative to the repository top, and our template for it. */
export const CI_TARGETS = {
  gitlab: { file: '.gitlab-ci.yml', template: 'gitlab-ci.yml' },
  github: { file: '.github/workflows/qmoi-hooks.yml', template: 'github-workflow.yml' },
} as const;

export type CiKind = keyof typeof CI_TARGETS;

/** Writes the template; an existing different file is kept (unless `force`) and the template offered beside it. */
export function writeCiTemplate(top: string, kind: CiKind, force: boolean): InstallAction & { suggestion?: string } {
  const { file, template } = CI_TARGETS[kind];
  const target = path.join(top, file);
  const text = fs.readFileSync(new URL(template, templates), 'utf8');
  if (fs.existsSync(target)) {
    const current = fs.readFileSync(target, 'utf8');
    if (current === text) return { kind: 'ci', target: file, detail: 'unchanged' };
    if (!force) return { kind: 'ci', target: file, detail: 'kept yours (use --force to replace it)', suggestion: text };
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return { kind: 'ci', target: file, detail: force ? 'written (--force)' : 'created' };
}
