// The checks on a package.json that parses. The line between an error (blocks the commit) and a warning, as
// measured with npm 11: an error is what makes `npm install` fail (a dependency spec that is not a string, a
// spec npm rejects, a version range that is not one) or what npm silently drops (a scripts or dependency field
// that is not an object of strings, the first of two duplicate keys). A warning is what only matters when
// publishing: a missing or malformed name or version (npm install works without them). A "private": true
// package is never published, so it may lack both without a word; so may a file with neither (an app, or a
// folder marker like {"type": "module"}).
import semver from 'semver';
import { scan, type Token } from './scan.js';

/** A finding at an offset of the checked text; `blocking` ones stop the commit. */
export interface PackageFinding {
  offset: number;
  message: string;
  suggestion?: string;
  blocking: boolean;
}

// Fields whose values are dependency specs.
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

interface Located {
  key: number;
  value: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Checks a valid package.json text; findings come in text order. */
export function checkPackageJson(text: string): PackageFinding[] {
  const { findings, where } = scanMembers(text);
  const pkg = JSON.parse(text) as Json;
  const at = (...path: string[]) => where.get(path.join('\0'));
  if (!isObject(pkg)) return [{ offset: firstValue(text), message: 'package.json must hold a JSON object', blocking: true }];
  findings.push(...identityFindings(pkg, at));
  for (const field of ['scripts', ...DEPENDENCY_FIELDS]) {
    if (!(field in pkg)) continue;
    const value = pkg[field];
    const place = at(field);
    if (!isObject(value)) {
      findings.push({ offset: place?.value ?? 0, message: `"${field}" must be an object (npm ignores it otherwise)`, blocking: true });
      continue;
    }
    for (const [name, spec] of Object.entries(value)) {
      const offset = at(field, name)?.value ?? place?.value ?? 0;
      if (typeof spec !== 'string') findings.push({ offset, message: `"${field}"."${name}" must be a string${field === 'scripts' ? ' (npm drops the script otherwise)' : ' (npm install fails otherwise)'}`, blocking: true });
      else if (field !== 'scripts') {
        const problem = specProblem(spec);
        if (problem) findings.push({ offset, message: `"${field}"."${name}": ${problem}`, suggestion: SPEC_FORMS, blocking: true });
      }
    }
  }
  return findings.sort((a, b) => a.offset - b.offset);
}

const SPEC_FORMS = 'use a semver range ("^1.2.3", "~1.2", ">=1 <3"), a tag ("latest"), a URL, a git or file: path, or a workspace:/npm: specifier';

function identityFindings(pkg: { [key: string]: Json }, at: (...path: string[]) => Located | undefined): PackageFinding[] {
  const out: PackageFinding[] = [];
  // Without both, it is an app or a folder marker like {"type": "module"}, not a package to publish.
  const published = pkg.private !== true && (pkg.name !== undefined || pkg.version !== undefined);
  for (const field of ['name', 'version']) {
    const value = pkg[field];
    const place = at(field);
    if (value === undefined) {
      if (published) out.push({ offset: 0, message: `no "${field}": npm cannot publish this package`, suggestion: `add "${field}", or "private": true if it is never published`, blocking: false });
    } else if (typeof value !== 'string') {
      out.push({ offset: place?.value ?? 0, message: `"${field}" must be a string`, blocking: false });
    } else if (field === 'name' && !validName(value)) {
      out.push({ offset: place?.value ?? 0, message: `"name" ${JSON.stringify(value)} is not a valid npm package name`, suggestion: 'lower case, no spaces, URL-safe characters, at most 214 characters, optionally @scope/name', blocking: false });
    } else if (field === 'version' && !semver.valid(value, { loose: true })) {
      out.push({ offset: place?.value ?? 0, message: `"version" ${JSON.stringify(value)} is not a semver version`, suggestion: 'use MAJOR.MINOR.PATCH, e.g. "1.0.0"', blocking: false });
    }
  }
  return out;
}

/** npm's rule for package names (as npm publish applies it). */
function validName(name: string): boolean {
  if (!name || name.length > 214 || name !== name.trim() || /^[._]/.test(name) || name !== name.toLowerCase()) return false;
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1], scoped[2]] : [name];
  return parts.every((p) => encodeURIComponent(p) === p && !/[~'!()*]/.test(p));
}

/**
 * Why npm would reject a dependency spec, or undefined when it is fine. Everything npm accepts besides ranges
 * passes: tags, URLs, git, file:/link:, paths, user/repo, and the workspace:, catalog:, portal:, patch:, jsr: and
 * npm: alias forms (the range of an alias is checked too).
 */
export function specProblem(spec: string): string | undefined {
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(spec);
  if (alias) return alias[2] === undefined ? undefined : specProblem(alias[2]);
  if (/^(workspace|catalog|link|file|portal|patch|jsr|exec|github|gitlab|bitbucket|gist):/.test(spec)) return undefined;
  if (/^(git\+)?(https?|ssh|git|file):\/\//.test(spec) || /^git@/.test(spec)) return undefined;
  if (/^(\.{1,2}|~)?\//.test(spec) || /^\.{1,2}$/.test(spec)) return undefined;
  if (/^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec) && !/^v?\d/.test(spec)) return undefined;
  if (semver.validRange(spec, { loose: true }) !== null) return undefined;
  if (/^\s*(v?\d|[\^~<>=])/.test(spec)) return `${JSON.stringify(spec)} is not a valid version range (npm install fails on it)`;
  if (encodeURIComponent(spec) !== spec) return `${JSON.stringify(spec)} is neither a version range nor a valid tag (npm install fails on it)`;
  return undefined;
}

/**
 * One pass over the tokens: duplicate keys anywhere (JSON.parse keeps only the last), and where the members of
 * the root and of its objects are (for positions). Iterative, so nesting depth costs no call stack.
 */
function scanMembers(text: string): { findings: PackageFinding[]; where: Map<string, Located> } {
  const findings: PackageFinding[] = [];
  const where = new Map<string, Located>();
  const stack: Array<{ keys?: Map<string, number>; path?: string[]; key?: string; keyAt: number; expectKey: boolean }> = [];
  for (const t of scan(text)) {
    const top = stack[stack.length - 1];
    if (t.kind === ':' || t.kind === 'comment') continue;
    if (t.kind === ',') {
      if (top?.keys) top.expectKey = true;
      continue;
    }
    if (top?.keys && top.expectKey && t.kind === 'string') {
      const key = JSON.parse(text.slice(t.start, t.end)) as string;
      const earlier = top.keys.get(key);
      if (earlier !== undefined) findings.push(duplicate(text, key, earlier, t));
      top.keys.set(key, t.start);
      top.key = key;
      top.keyAt = t.start;
      top.expectKey = false;
      continue;
    }
    if (t.kind === '}' || t.kind === ']') {
      stack.pop();
      continue;
    }
    const path = top?.path && top.keys && top.key !== undefined && top.path.length < 2 ? [...top.path, top.key] : undefined;
    if (path) where.set(path.join('\0'), { key: top.keyAt, value: t.start });
    if (t.kind === '{') stack.push({ keys: new Map(), path: top ? path : [], keyAt: t.start, expectKey: true });
    else if (t.kind === '[') stack.push({ keyAt: t.start, expectKey: false });
  }
  return { findings, where };
}

function duplicate(text: string, key: string, earlier: number, t: Token): PackageFinding {
  const line = text.slice(0, earlier).split('\n').length;
  return {
    offset: t.start,
    message: `duplicate key "${key}" (first at line ${line}): JSON.parse keeps only this last one, the first is silently lost`,
    suggestion: 'keep one of the two (merge them if both hold something)',
    blocking: true,
  };
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstValue(text: string): number {
  return text.length - text.trimStart().length;
}
