// .gitlab-ci.yml repairer: YAML repair first (with GitLab's idea of a plausible file to pick between
// readings), then the checks GitLab runs before it starts a pipeline. A stage that jobs use but `stages:`
// lacks is added; other errors block the commit; what GitLab accepts but looks wrong is a warning.
import { checkGitlabCi, type CiIssue } from './yaml/gitlab-checks.js';
import { addStage } from './yaml/gitlab-stages.js';
import { parseYaml, toData, type ParsedYaml } from './yaml/parse.js';
import { fixOf, parseOrRepair, safely } from './yaml.js';
import type { Fix, Problem, RepairContext, Repairer, RepairOutcome } from './types.js';

/** How much a GitLab finding counts against a candidate repair: a reading GitLab rejects is rarely what was meant. */
const CI_COST = { error: 3, warning: 2 } as const;

/** Weighs GitLab's findings on a candidate reading of the file. */
function judgeCi(parsed: ParsedYaml, data: unknown[]): number {
  return checkGitlabCi(parsed, data).reduce((sum, i) => sum + CI_COST[i.severity], 0);
}

/** Handles .gitlab-ci.yml files (and *.gitlab-ci.yml templates). */
export const gitlabCiRepairer: Repairer = {
  language: 'yaml',
  matches: (f) => /(^|[\\/.])gitlab-ci\.ya?ml$/i.test(f),
  repair: (text, ctx) =>
    safely(() => {
      const checked = parseOrRepair(text, ctx, judgeCi);
      if (checked.status === 'failed') return checked.outcome;
      const fixes: Fix[] = checked.fix ? [fixOf(checked.fix)] : [];
      return applyCiChecks(checked.text, checked.parsed, checked.data, fixes, ctx);
    }),
};

function applyCiChecks(text: string, parsed: ParsedYaml, data: unknown[], fixes: Fix[], ctx: RepairContext): RepairOutcome {
  let issues = checkGitlabCi(parsed, data);
  const missing = [...new Set(issues.flatMap((i) => (i.severity === 'error' && i.missingStage ? [i.missingStage] : [])))];
  if (missing.length && !ctx.validateOnly) {
    const added = addStages(text, parsed, missing);
    if (added) {
      text = added.text;
      fixes = [...fixes, ...added.fixes];
      issues = added.issues;
    }
  }
  const errors = issues.filter((i) => i.severity === 'error').map((i) => i.problem);
  const warnings = issues.filter((i) => i.severity === 'warning').map((i) => i.problem);
  if (errors.length) return { status: 'unrepairable', error: withRepairHint(errors[0], fixes), warnings: [...errors.slice(1), ...warnings] };
  const w = warnings.length ? { warnings } : {};
  return fixes.length ? { status: 'repaired', text, fixes, ...w } : { status: 'ok', ...w };
}

/** Adds each missing stage in turn; undefined when one cannot be added or the result does not check out. */
function addStages(text: string, parsed: ParsedYaml, stages: string[]): { text: string; fixes: Fix[]; issues: CiIssue[] } | undefined {
  const fixes: Fix[] = [];
  for (const stage of stages) {
    const added = addStage(text, parsed, stage);
    if (!added) return undefined;
    text = added.text;
    parsed = parseYaml(text);
    if (parsed.errors.length) return undefined;
    fixes.push(added.fix);
  }
  const data = toData(parsed);
  if ('problem' in data) return undefined;
  return { text, fixes, issues: checkGitlabCi(parsed, data.data) };
}

/** An error that stays after a syntax repair still tells what that repair would have been. */
function withRepairHint(error: Problem, fixes: Fix[]): Problem {
  if (!fixes.length) return error;
  const also = fixes.map((f) => `line ${f.line}: ${f.description}`).join('; ');
  return { ...error, suggestion: [error.suggestion, `the file also needs: ${also}`].filter(Boolean).join('; ') };
}
