// The checks GitLab runs on a .gitlab-ci.yml before it creates a pipeline, done here so a commit does not
// wait for the server to say no. Errors are what GitLab rejects; warnings are what it accepts but what is
// likely wrong, or what cannot be known from this file alone (jobs and stages that an `include:` may bring).
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Problem } from '../types.js';
import * as K from './gitlab-keywords.js';
import { GitlabReference, type ParsedYaml } from './parse.js';

/** One finding: how serious, where, and for a stage missing from `stages:`, the stage to add. */
export interface CiIssue {
  severity: 'error' | 'warning';
  problem: Problem;
  missingStage?: string;
}

type Dict = Record<string, unknown>;
type Path = (string | number)[];

/** Checks a parsed .gitlab-ci.yml the way GitLab reads it (merge keys applied, `extends` resolved). */
export function checkGitlabCi(parsed: ParsedYaml, data: unknown[]): CiIssue[] {
  const issues: CiIssue[] = [];
  const configAt = data.length === 2 && isDict(data[0]) && 'spec' in data[0] ? 1 : 0;
  const doc = parsed.docs[configAt];
  const at = locator(doc, parsed);
  const report = (severity: CiIssue['severity'], path: Path, message: string, suggestion?: string, missingStage?: string) =>
    issues.push({ severity, problem: { ...at(path), message, ...(suggestion ? { suggestion } : {}) }, ...(missingStage ? { missingStage } : {}) });
  if (data.length > configAt + 1) report('error', [], 'GitLab reads one YAML document (after an optional `spec:` header); this file has more', 'remove the extra `---` sections');
  const config = data[configAt];
  if (!isDict(config)) {
    report('error', [], 'a .gitlab-ci.yml must be a mapping of jobs and keywords', 'start with keys like `stages:` and job names');
    return issues;
  }
  new CiChecker(config, report).run();
  return issues;
}

type Report = (severity: CiIssue['severity'], path: Path, message: string, suggestion?: string, missingStage?: string) => void;

class CiChecker {
  /** Why references may point outside this file (an include, or stages defined elsewhere); empty when they cannot. */
  private readonly partial: string;
  private readonly stages: string[] | undefined;
  private readonly jobs: string[];

  constructor(private readonly config: Dict, private readonly report: Report) {
    const listed = config.stages ?? config.types;
    this.stages = Array.isArray(listed) ? flat(listed).filter((s): s is string => typeof s === 'string') : undefined;
    this.jobs = Object.keys(config).filter((k) => !K.GLOBAL_KEYWORDS.has(k) && !k.startsWith('.'));
    this.partial = config.include !== undefined ? 'it may come from an include' : this.usesUndefinedStages() ? 'this file uses stages it does not define, so it is probably included by another' : '';
  }

  /** A file without `stages:` whose jobs use other than the default stages is a part of a pipeline, not all of it. */
  private usesUndefinedStages(): boolean {
    if (this.stages) return false;
    return this.jobs.some((j) => {
      const job = this.config[j];
      const stage = isDict(job) ? (job.stage ?? job.type) : undefined;
      return typeof stage === 'string' && !K.DEFAULT_STAGES.includes(stage);
    });
  }

  run(): void {
    this.checkGlobals();
    for (const name of this.jobs) this.checkJob(name);
  }

  private checkGlobals(): void {
    const c = this.config;
    const listed = c.stages ?? c.types;
    if (listed !== undefined && (!Array.isArray(listed) || flat(listed).some((s) => typeof s !== 'string' && !(s instanceof GitlabReference)))) {
      this.report('error', [c.stages !== undefined ? 'stages' : 'types'], '`stages` must be a list of stage names');
    }
    if (c.types !== undefined) this.report('warning', ['types'], '`types` is the deprecated name of `stages`', 'rename it to `stages`');
    if (c.spec !== undefined) this.report('warning', ['spec'], '`spec` is the keyword of a header document (before `---`); a job of that name is confusing and GitLab\'s schema rejects it', 'rename the job');
    if (c.default !== undefined) this.checkKeys(c.default, ['default'], K.DEFAULT_KEYWORDS, '`default`');
    if (c.workflow !== undefined) this.checkWorkflow(c.workflow);
    if (c.include !== undefined) this.checkInclude(c.include);
    if (c.variables !== undefined) this.checkVariables(c.variables, ['variables']);
    for (const key of ['before_script', 'after_script'] as const) if (c[key] !== undefined) this.checkScript(c[key], [key], `\`${key}\``);
  }

  private checkWorkflow(workflow: unknown): void {
    if (!this.checkKeys(workflow, ['workflow'], K.WORKFLOW_KEYWORDS, '`workflow`')) return;
    const rules = (workflow as Dict).rules;
    if (rules !== undefined) this.checkRules(rules, ['workflow', 'rules'], K.WORKFLOW_RULE_KEYWORDS);
  }

  private checkInclude(include: unknown): void {
    const items = Array.isArray(include) ? include : [include];
    items.forEach((item, i) => {
      const path = Array.isArray(include) ? ['include', i] : ['include'];
      if (typeof item === 'string' || item instanceof GitlabReference) return;
      if (!this.checkKeys(item, path, K.INCLUDE_KEYWORDS, 'an `include` entry')) return;
      if (!K.INCLUDE_METHODS.some((m) => m in (item as Dict))) {
        this.report('error', path, 'an `include` entry needs one of local, project, remote, template, component or artifact');
      }
    });
  }

  private checkJob(name: string): void {
    const job = this.config[name];
    if (!isDict(job)) {
      this.report('error', [name], `job '${name}' must be a mapping of keywords (it has ${job === null ? 'no value' : 'a ' + typeof job + ' value'})`, 'indent its keywords under the job name');
      return;
    }
    for (const key of Object.keys(job)) {
      if (key === 'type') this.report('warning', [name, key], `job '${name}': \`type\` is the deprecated name of \`stage\``, 'rename it to `stage`');
      else if (!K.JOB_KEYWORDS.has(key)) this.report('error', [name, key], `job '${name}' has an unknown keyword '${key}'`, closest(key, K.JOB_KEYWORDS));
    }
    const parents = this.checkExtends(name, job);
    const full = this.resolve(name, new Set());
    if (full.script === undefined && full.run === undefined && full.trigger === undefined && parents.every((p) => p in this.config)) {
      const unsure = this.partial !== '';
      this.report(unsure ? 'warning' : 'error', [name], `job '${name}' has no \`script\`, \`run\` or \`trigger\`${unsure ? ` in this file (${this.partial})` : ''}`, 'add a `script:` with the commands to run');
    }
    for (const key of ['script', 'before_script', 'after_script'] as const) if (job[key] !== undefined) this.checkScript(job[key], [name, key], `job '${name}': \`${key}\``);
    this.checkStage(name, full.stage ?? full.type);
    this.checkNeeds(name, full.needs, 'needs');
    this.checkNeeds(name, full.dependencies, 'dependencies');
    if (full.rules !== undefined) {
      this.checkRules(full.rules, [name, 'rules'], K.RULE_KEYWORDS);
      if (full.only !== undefined || full.except !== undefined) this.report('error', [name, 'rules'], `job '${name}' uses \`rules\` together with \`only\`/\`except\``, 'keep only `rules`');
    }
    for (const key of ['only', 'except'] as const) if (full[key] !== undefined) this.checkFilter(full[key], [name, key]);
    if (full.when !== undefined && !K.WHEN_VALUES.has(full.when as string)) this.report('error', [name, 'when'], `job '${name}': \`when: ${String(full.when)}\` is not one of ${[...K.WHEN_VALUES].join(', ')}`);
    if (full.variables !== undefined) this.checkVariables(full.variables, [name, 'variables']);
    this.checkReports(name, full.artifacts);
    this.checkParts(name, full);
  }

  /** The mappings under `artifacts:`, `cache:` (one or a list) and `environment:` (when not just a name). */
  private checkParts(name: string, job: Dict): void {
    if (isDict(job.artifacts)) this.checkKeys(job.artifacts, [name, 'artifacts'], K.ARTIFACTS_KEYWORDS, `job '${name}': \`artifacts\``);
    if (isDict(job.environment)) this.checkKeys(job.environment, [name, 'environment'], K.ENVIRONMENT_KEYWORDS, `job '${name}': \`environment\``);
    const caches = Array.isArray(job.cache) ? job.cache : [job.cache];
    caches.forEach((cache, i) => {
      if (isDict(cache)) this.checkKeys(cache, Array.isArray(job.cache) ? [name, 'cache', i] : [name, 'cache'], K.CACHE_KEYWORDS, `job '${name}': \`cache\``);
    });
  }

  /** Checks `extends` and returns the names it points at. */
  private checkExtends(name: string, job: Dict): string[] {
    if (job.extends === undefined) return [];
    const parents = Array.isArray(job.extends) ? job.extends : [job.extends];
    if (parents.some((p) => typeof p !== 'string')) {
      this.report('error', [name, 'extends'], `job '${name}': \`extends\` must be a job name or a list of job names`);
      return [];
    }
    for (const parent of parents as string[]) {
      if (parent === name) this.report('error', [name, 'extends'], `job '${name}' extends itself`);
      else if (!(parent in this.config)) {
        this.report(this.partial ? 'warning' : 'error', [name, 'extends'], `job '${name}' extends '${parent}', which is not defined in this file${this.partial ? ` (${this.partial})` : ''}`, closest(parent, new Set(Object.keys(this.config))));
      } else if (this.extendsCycle(parent, new Set([name]))) this.report('error', [name, 'extends'], `job '${name}': \`extends\` goes round in a circle through '${parent}'`);
    }
    return parents as string[];
  }

  private extendsCycle(name: string, seen: Set<string>): boolean {
    if (seen.has(name)) return true;
    const job = this.config[name];
    if (!isDict(job) || job.extends === undefined) return false;
    const parents = (Array.isArray(job.extends) ? job.extends : [job.extends]).filter((p): p is string => typeof p === 'string' && p in this.config);
    return parents.some((p) => this.extendsCycle(p, new Set([...seen, name])));
  }

  /** The job as GitLab sees it after `extends`: parents merged in order, the job's own keys last. */
  private resolve(name: string, seen: Set<string>): Dict {
    const job = this.config[name];
    if (!isDict(job) || seen.has(name) || seen.size > 10) return {};
    const parents = (Array.isArray(job.extends) ? job.extends : [job.extends]).filter((p): p is string => typeof p === 'string');
    let merged: Dict = {};
    for (const p of parents) merged = deepMerge(merged, this.resolve(p, new Set([...seen, name])));
    const own = { ...job };
    delete own.extends;
    return deepMerge(merged, own);
  }

  private checkStage(name: string, stage: unknown): void {
    if (stage === undefined) return;
    if (typeof stage !== 'string') {
      this.report('error', [name, 'stage'], `job '${name}': \`stage\` must be a stage name`);
      return;
    }
    if (stage === '.pre' || stage === '.post') return;
    if (this.stages) {
      if (!this.stages.includes(stage)) this.report('error', [name, 'stage'], `job '${name}' uses stage '${stage}', which is not in \`stages\``, `add '${stage}' to \`stages\``, stage);
    } else if (!K.DEFAULT_STAGES.includes(stage)) {
      this.report('warning', [name, 'stage'], `job '${name}' uses stage '${stage}', which is not a default stage and this file has no \`stages\``, `list it under \`stages:\` (fine as it is if a file that includes this one does)`);
    }
  }

  private checkNeeds(name: string, needs: unknown, key: 'needs' | 'dependencies'): void {
    if (needs === undefined || needs === null) return;
    if (!Array.isArray(needs)) {
      this.report('error', [name, key], `job '${name}': \`${key}\` must be a list`);
      return;
    }
    flat(needs).forEach((need, i) => {
      const path = [name, key, i];
      if (need instanceof GitlabReference) return;
      const target = typeof need === 'string' ? need : isDict(need) && typeof need.job === 'string' && key === 'needs' ? need.job : undefined;
      if (target === undefined) {
        this.report('error', path, `job '${name}': each \`${key}\` entry must be a job name${key === 'needs' ? ' or a mapping with `job:`' : ''}`);
        return;
      }
      if (isDict(need) && (need.pipeline !== undefined || need.project !== undefined)) return;
      this.checkTarget(name, key, target, path, isDict(need) && need.optional === true);
    });
  }

  private checkTarget(name: string, key: string, target: string, path: Path, optional: boolean): void {
    if (!this.jobs.includes(target)) {
      if (optional) return;
      const why = target in this.config ? 'which is not a job (hidden and global keys are not)' : 'which is not a job in this file';
      const unsure = this.partial !== '' && !(target in this.config);
      this.report(unsure ? 'warning' : 'error', path, `job '${name}' ${key} '${target}', ${why}${unsure ? ` (${this.partial})` : ''}`, closest(target, new Set(this.jobs)));
      return;
    }
    const order = this.stages ?? K.DEFAULT_STAGES;
    const mine = order.indexOf(this.stageOf(name));
    const theirs = order.indexOf(this.stageOf(target));
    if (mine >= 0 && theirs > mine) this.report('error', path, `job '${name}' ${key} '${target}', which runs in a later stage`);
  }

  private stageOf(name: string): string {
    const full = this.resolve(name, new Set());
    const stage = full.stage ?? full.type;
    return typeof stage === 'string' ? stage : 'test';
  }

  private checkRules(rules: unknown, path: Path, allowed: Set<string>): void {
    if (rules === null) return;
    if (!Array.isArray(rules)) {
      this.report('error', path, `${where(path)}: \`rules\` must be a list of conditions`);
      return;
    }
    flat(rules).forEach((rule, i) => {
      if (rule instanceof GitlabReference || typeof rule === 'string') return;
      if (!this.checkKeys(rule, [...path, i], allowed, 'a rule')) return;
      const r = rule as Dict;
      if (r.if !== undefined && typeof r.if !== 'string') this.report('error', [...path, i, 'if'], `${where(path)}: \`if\` must be an expression string`);
      if (r.when !== undefined && !K.WHEN_VALUES.has(r.when as string)) this.report('error', [...path, i, 'when'], `${where(path)}: \`when: ${String(r.when)}\` is not one of ${[...K.WHEN_VALUES].join(', ')}`);
    });
  }

  private checkFilter(filter: unknown, path: Path): void {
    if (filter === null || typeof filter === 'string') return;
    if (Array.isArray(filter)) {
      if (flat(filter).some((f) => typeof f !== 'string' && !(f instanceof GitlabReference))) this.report('error', path, `${where(path)}: \`${path[path.length - 1]}\` must list branch or tag names`);
      return;
    }
    this.checkKeys(filter, path, K.FILTER_KEYWORDS, `\`${path[path.length - 1]}\``);
  }

  private checkScript(script: unknown, path: Path, what: string): void {
    const ok = (s: unknown) => typeof s === 'string' || typeof s === 'number' || typeof s === 'boolean' || s instanceof GitlabReference;
    if (!(ok(script) || (Array.isArray(script) && flat(script).every(ok)))) this.report('error', path, `${what} must be a command or a list of commands`, 'quote commands that contain ": " (YAML reads them as mappings)');
  }

  private checkVariables(variables: unknown, path: Path): void {
    if (variables === null || variables instanceof GitlabReference) return;
    if (!isDict(variables)) {
      this.report('error', path, `${where(path)}: \`variables\` must be a mapping of names to values`);
      return;
    }
    for (const [k, v] of Object.entries(variables)) {
      if (path.length > 1 && K.JOB_KEYWORDS.has(k)) this.report('warning', [...path, k], `variable '${k}' has the name of a job keyword: is it indented too far?`);
      if (v !== null && typeof v === 'object' && !isDict(v) && !(v instanceof GitlabReference)) this.report('error', [...path, k], `variable '${k}' must be a string, a number or a mapping with \`value:\``);
    }
  }

  private checkReports(name: string, artifacts: unknown): void {
    const reports = isDict(artifacts) ? artifacts.reports : undefined;
    if (!isDict(reports)) return;
    for (const k of Object.keys(reports)) {
      if (!K.REPORT_KEYWORDS.has(k)) this.report('warning', [name, 'artifacts', 'reports', k], `job '${name}': '${k}' is not a report type GitLab knows`, closest(k, K.REPORT_KEYWORDS));
    }
  }

  /** Reports keys outside `allowed`; false when the value is not a mapping at all. */
  private checkKeys(value: unknown, path: Path, allowed: Set<string>, what: string): boolean {
    if (!isDict(value)) {
      this.report('error', path, `${what} must be a mapping`);
      return false;
    }
    for (const key of Object.keys(value)) if (!allowed.has(key)) this.report('error', [...path, key], `${what} has an unknown keyword '${key}'`, closest(key, allowed));
    return true;
  }
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GitlabReference);
}

/** GitLab flattens nested lists (from anchors and `!reference`) in scripts, rules and needs. */
function flat(list: unknown[]): unknown[] {
  return list.flat(10);
}

function deepMerge(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isDict(v) && isDict(out[k]) ? deepMerge(out[k] as Dict, v) : v;
  return out;
}

function where(path: Path): string {
  return path.length > 1 ? `job '${path[0]}'` : `\`${path[0]}\``;
}

/** "did you mean" for a misspelt keyword or name: the closest candidate within two edits. */
function closest(word: string, candidates: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best ? `did you mean '${best}'?` : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** Finds the line and column of a key path in the document, falling back to the nearest enclosing key. */
function locator(doc: Document.Parsed | undefined, parsed: ParsedYaml): (path: Path) => { line: number; column: number } {
  return (path) => {
    let node: Node | null | undefined = doc?.contents;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg] as Node;
        offset = node.range?.[0] ?? offset;
      } else break;
    }
    const pos = parsed.lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}
