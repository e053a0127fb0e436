// Adds a stage that jobs use to `stages:`, as one new list item written like its neighbours, in pipeline
// order as the file suggests it: after the stage of the nearest job above the first job that uses it.
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Fix } from '../types.js';
import type { ParsedYaml } from './parse.js';

/** The text with `stage` added to the `stages:` list, and the fix to report; undefined when the list cannot be edited safely. */
export function addStage(text: string, parsed: ParsedYaml, stage: string): { text: string; fix: Fix } | undefined {
  const doc = parsed.docs[parsed.docs.length - 1];
  const root = doc?.contents;
  if (!isMap(root)) return undefined;
  const stagesPair = root.items.find((p) => isScalar(p.key) && (p.key.value === 'stages' || p.key.value === 'types'));
  const list = stagesPair?.value;
  if (!isSeq(list) || !list.range || list.items.some((i) => !isScalar(i) || !(i as Node).range)) return undefined;
  const items = list.items as Scalar[];
  const after = stageBefore(root.items.map((p) => [isScalar(p.key) ? String(p.key.value) : '', p.value as Node | null] as const), stage, items.map((i) => String(i.value)));
  const edit = list.flow ? flowInsert(text, items, after, stage) : blockInsert(text, items, after, stage);
  if (!edit) return undefined;
  const line = text.slice(0, edit.offset).split('\n').length;
  return { text: edit.text, fix: { line, column: 1, description: `added stage '${stage}' to \`stages\` (a job uses it)` } };
}

/** Index of the listed stage the new one goes after (-1: first), judged from the order of jobs in the file. */
function stageBefore(entries: (readonly [string, Node | null])[], stage: string, listed: string[]): number {
  const stageOf = (v: Node | null) => {
    if (!isMap(v)) return undefined;
    const s = v.get('stage');
    return typeof s === 'string' ? s : undefined;
  };
  const first = entries.findIndex(([, v]) => stageOf(v) === stage);
  for (let i = first - 1; i >= 0; i--) {
    const s = stageOf(entries[i][1]);
    if (s !== undefined && listed.includes(s)) return listed.indexOf(s);
  }
  for (let i = first + 1; i < entries.length; i++) {
    const s = stageOf(entries[i][1]);
    if (s !== undefined && listed.includes(s)) return listed.indexOf(s) - 1;
  }
  return listed.length - 1;
}

function blockInsert(text: string, items: Scalar[], after: number, stage: string): { text: string; offset: number } | undefined {
  if (!items.length) return undefined;
  const model = items[Math.max(after, 0)];
  const lineStart = text.lastIndexOf('\n', model.range![0]) + 1;
  const prefix = text.slice(lineStart, model.range![0]);
  if (!/^ *- +$/.test(prefix)) return undefined;
  const newLine = prefix + written(stage, model) + '\n';
  if (after < 0) return { text: text.slice(0, lineStart) + newLine + text.slice(lineStart), offset: lineStart };
  const lineEnd = text.indexOf('\n', items[after].range![1]);
  if (lineEnd < 0) return { text: text + '\n' + newLine.slice(0, -1), offset: text.length + 1 };
  return { text: text.slice(0, lineEnd + 1) + newLine + text.slice(lineEnd + 1), offset: lineEnd + 1 };
}

function flowInsert(text: string, items: Scalar[], after: number, stage: string): { text: string; offset: number } | undefined {
  if (!items.length) return undefined;
  const model = items[Math.max(after, 0)];
  if (after < 0) {
    const at = items[0].range![0];
    return { text: text.slice(0, at) + written(stage, model) + ', ' + text.slice(at), offset: at };
  }
  const at = items[after].range![1];
  return { text: text.slice(0, at) + ', ' + written(stage, model) + text.slice(at), offset: at };
}

/** The stage name quoted the way its neighbour is (or quoted when YAML would misread it plain). */
function written(stage: string, model: Scalar): string {
  if (model.type === 'QUOTE_DOUBLE') return JSON.stringify(stage);
  if (model.type === 'QUOTE_SINGLE') return `'${stage.replace(/'/g, "''")}'`;
  return /^[A-Za-z0-9_][\w .-]*$/.test(stage) && !/ $/.test(stage) && !/^(true|false|null|yes|no|on|off|~|[\d.]+)$/i.test(stage) ? stage : JSON.stringify(stage);
}
