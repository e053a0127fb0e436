// GitLab's official .gitlab-ci.yml schema (shared/schema, beside the repository), compiled once, for tests
// of every pipeline file qmoi-hooks writes or repairs.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { PROJECT_ROOT } from './repo.js';

/** Where CI and developers have the schema: ../shared/schema relative to the repository root. */
export const GITLAB_CI_SCHEMA = path.resolve(PROJECT_ROOT, '..', 'shared', 'schema', 'gitlab-ci.schema.json');

let compiled: ValidateFunction | undefined;

/** The schema's errors for a pipeline text (YAML errors first), as readable lines; empty when GitLab would accept it. */
export function gitlabCiSchemaErrors(text: string): string[] {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length) return doc.errors.map((e) => `YAML: ${e.message}`);
  const validate = (compiled ??= new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(JSON.parse(fs.readFileSync(GITLAB_CI_SCHEMA, 'utf8'))));
  if (validate(doc.toJS())) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
