// The two files GitLab shows in merge requests: a Code Quality report (what was found and fixed, per line)
// and a JUnit report (one test case per file checked and per command run, so failures show up by name).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigProblem } from '../../config/load.js';
import { redact } from '../../log/redact.js';
import type { RepairRun } from '../repair-files.js';
import type { CommandResult } from './commands.js';

const CODE_QUALITY_FILE = 'gl-code-quality-report.json';
const JUNIT_FILE = 'qmoi-junit.xml';

/** One entry of GitLab's Code Quality report (the CodeClimate subset GitLab reads). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** Repairs made (info), problems left (major) and warnings (minor), with fingerprints stable across runs. */
export function codeQualityIssues(repair: RepairRun, configProblems: ConfigProblem[] = []): CodeQualityIssue[] {
  const issues: Omit<CodeQualityIssue, 'fingerprint'>[] = [];
  for (const f of repair.files) {
    for (const fix of f.fixes) {
      issues.push({ description: `Repaired by qmoi-hooks: ${fix.description}`, check_name: `qmoi-hooks/${f.language}/repaired`, severity: 'info', location: { path: f.file, lines: { begin: fix.line } } });
    }
    if (f.status === 'unrepairable' && f.error) {
      const suggestion = f.error.suggestion ? ` (suggestion: ${f.error.suggestion})` : '';
      issues.push({ description: `Cannot repair: ${f.error.message}${suggestion}`, check_name: `qmoi-hooks/${f.language}/invalid`, severity: 'major', location: { path: f.file, lines: { begin: f.error.line } } });
    }
    for (const w of f.warnings ?? []) {
      issues.push({ description: w.message, check_name: `qmoi-hooks/${f.language}/warning`, severity: 'minor', location: { path: f.file, lines: { begin: w.line } } });
    }
  }
  for (const p of configProblems) {
    issues.push({ description: `qmoi-hooks config: ${p.message}`, check_name: 'qmoi-hooks/config', severity: 'major', location: { path: p.file, lines: { begin: p.line ?? 1 } } });
  }
  // Line numbers move between commits; the fingerprint leaves them out so GitLab matches the same issue.
  const seen = new Map<string, number>();
  return issues.map((i) => {
    const key = `${i.check_name}\0${i.location.path}\0${i.description}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return { ...i, fingerprint: crypto.createHash('sha256').update(`${key}\0${n}`).digest('hex') };
  });
}

/** A test case of the JUnit report. */
interface TestCase {
  name: string;
  classname: string;
  timeMs?: number;
  failure?: { message: string; text: string };
  skipped?: string;
  out?: string;
}

/** A JUnit document: suites "files", "install" and "commands". */
export function junitXml(repair: RepairRun, install: CommandResult | undefined, commands: CommandResult[]): string {
  const files: TestCase[] = repair.files.map((f) => {
    const tc: TestCase = { name: f.file, classname: `qmoi-hooks.files.${f.language}` };
    if (f.status === 'unrepairable') {
      const e = f.error;
      tc.failure = { message: e ? `${f.file}:${e.line}:${e.column} ${e.message}` : `${f.file} is not valid`, text: e?.suggestion ? `suggestion: ${e.suggestion}` : '' };
    } else if (f.status === 'skipped') tc.skipped = f.reason ?? 'skipped';
    else if (f.status === 'repaired') tc.out = f.fixes.map((x) => `repaired ${f.file}:${x.line}:${x.column} ${x.description}`).join('\n');
    return tc;
  });
  const asCase = (c: CommandResult, classname: string): TestCase => ({
    name: c.name,
    classname,
    timeMs: c.durationMs,
    ...(c.status === 'failed' ? { failure: { message: `exit ${c.exitCode ?? '?'} after ${c.attempts} attempt(s)${c.reason ? `: ${c.reason}` : ''}`, text: c.output ?? '' } } : {}),
    ...(c.status === 'skipped' ? { skipped: c.reason ?? 'skipped' } : {}),
    ...(c.retriedFor?.length ? { out: `retried after: ${c.retriedFor.join(', ')}` } : {}),
  });
  const suites: [string, TestCase[]][] = [
    ['files', files],
    ['install', install ? [asCase(install, 'qmoi-hooks.install')] : []],
    ['commands', commands.map((c) => asCase(c, 'qmoi-hooks.commands'))],
  ];
  const count = (cases: TestCase[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
    time: cases.reduce((s, c) => s + (c.timeMs ?? 0), 0) / 1000,
  });
  const all = count(suites.flatMap(([, c]) => c));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="qmoi-hooks ci" tests="${all.tests}" failures="${all.failures}" skipped="${all.skipped}" time="${all.time}">`];
  for (const [name, cases] of suites) {
    const c = count(cases);
    lines.push(`  <testsuite name="${name}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="${c.time}">`);
    for (const tc of cases) {
      const attrs = `classname="${xml(tc.classname)}" name="${xml(tc.name)}"${tc.timeMs !== undefined ? ` time="${tc.timeMs / 1000}"` : ''}`;
      const body: string[] = [];
      if (tc.failure) body.push(`      <failure message="${xml(tc.failure.message)}">${xml(tc.failure.text)}</failure>`);
      if (tc.skipped !== undefined) body.push(`      <skipped message="${xml(tc.skipped)}"/>`);
      if (tc.out) body.push(`      <system-out>${xml(tc.out)}</system-out>`);
      lines.push(body.length ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** Where the reports went and how much they hold. */
export interface ReportFiles {
  codeQuality: string;
  junit: string;
  issues: number;
  testCases: number;
}

/** Writes both reports into `dir`. */
export function writeReports(dir: string, issues: CodeQualityIssue[], junit: string): ReportFiles {
  const codeQuality = path.join(dir, CODE_QUALITY_FILE);
  const junitFile = path.join(dir, JUNIT_FILE);
  fs.writeFileSync(codeQuality, redact(JSON.stringify(issues, null, 2)) + '\n');
  fs.writeFileSync(junitFile, junit);
  return { codeQuality, junit: junitFile, issues: issues.length, testCases: junit.match(/<testcase /g)?.length ?? 0 };
}

/** Escapes text for XML, drops characters XML 1.0 forbids (terminal control codes) and hides secrets. */
function xml(text: string): string {
  return redact(text)
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
