// How unusual a parsed YAML document looks, whatever it configures. A misplaced line usually turns into one
// of these shapes: a key with no value, a plain scalar folded over several lines, a block indented by a step
// the rest of the file never uses, a whole document shifted off column 1, or a collection used as a key.
import { isCollection, isPair, isScalar, isSeq, visit, type Node, type Pair, type Scalar } from 'yaml';
import type { ParsedYaml } from './parse.js';
import { lineOf, lineStartsOf } from '../lines.js';

/** Costs of the shapes a wrong repair tends to produce. */
export const SHAPE_COST = { emptyValue: 2, foldedPlain: 2, oddStep: 2, indentedRoot: 2, collectionKey: 2 } as const;

/** The summed cost of unusual shapes in every document of a parsed text. */
export function structureCost(parsed: ParsedYaml, text: string, unit: number): number {
  const pos = positions(text);
  let cost = 0;
  const steps: Step[] = [];
  for (const doc of parsed.docs) {
    const root = doc.contents;
    if (isCollection(root) && !root.flow && root.range && pos.column(root.range[0]) > 0) cost += SHAPE_COST.indentedRoot;
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.value) && pair.value.value === null && pair.value.source === '') cost += SHAPE_COST.emptyValue;
        if (isCollection(pair.key)) cost += SHAPE_COST.collectionKey;
        const step = pairStep(pair, pos, text);
        if (step) steps.push(step);
      },
      Seq(_, seq) {
        if (!seq.flow && seq.range) for (const item of seq.items) steps.push(...itemStep(item as Node, seq.range[0], pos, text));
      },
      Scalar(_, node) {
        if (node.type === 'PLAIN' && node.range && text.slice(node.range[0], node.range[1]).includes('\n')) cost += SHAPE_COST.foldedPlain;
      },
    });
  }
  return cost + oddSteps(steps, unit) * SHAPE_COST.oddStep;
}

/** How far a nested block sits to the right of the key or '-' it belongs to. */
interface Step {
  kind: 'map' | 'seq' | 'text';
  size: number;
}

interface Positions {
  line(offset: number): number;
  column(offset: number): number;
}

function positions(text: string): Positions {
  const starts = lineStartsOf(text);
  const line = (offset: number) => lineOf(starts, offset);
  return { line, column: (offset) => offset - starts[line(offset)] };
}

function pairStep(pair: Pair, pos: Positions, text: string): Step | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  return blockStep(pair.value as Node | null, key.range[0], pos, text);
}

function itemStep(item: Node | null, seqStart: number, pos: Positions, text: string): Step[] {
  const step = isPair(item) ? undefined : blockStep(item, seqStart, pos, text);
  return step ? [step] : [];
}

/** The step from an owner (key or '-') to a block collection on a later line, or to a block scalar's text. */
function blockStep(value: Node | null, ownerOffset: number, pos: Positions, text: string): Step | undefined {
  if (!value?.range) return undefined;
  const ownerColumn = pos.column(ownerOffset);
  if (isCollection(value) && !value.flow && pos.line(value.range[0]) > pos.line(ownerOffset)) {
    return { kind: isSeq(value) ? 'seq' : 'map', size: pos.column(value.range[0]) - ownerColumn };
  }
  if (isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED')) {
    const indent = blockTextIndent(value, text);
    return indent === undefined ? undefined : { kind: 'text', size: indent - ownerColumn };
  }
  return undefined;
}

function blockTextIndent(node: Scalar, text: string): number | undefined {
  const [start, end] = node.range!;
  const body = text.slice(text.indexOf('\n', start) + 1, end);
  const first = body.split('\n').find((l) => l.trim() !== '');
  return first === undefined ? undefined : first.length - first.trimStart().length;
}

/** How many blocks use a step other than the file's indentation unit that is rare in this file (once, or under a quarter). */
function oddSteps(steps: Step[], unit: number): number {
  const byKind = new Map<string, Map<number, number>>();
  for (const s of steps) {
    const counts = byKind.get(s.kind) ?? new Map<number, number>();
    counts.set(s.size, (counts.get(s.size) ?? 0) + 1);
    byKind.set(s.kind, counts);
  }
  let odd = 0;
  for (const counts of byKind.values()) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const [size, n] of counts) if (size !== unit && (n < 2 || n < total / 4)) odd += n;
  }
  return odd;
}
