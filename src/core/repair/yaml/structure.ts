// How unusual a parsed YAML document looks, whatever it configures: keys with no value and plain scalars
// folded over several lines are what a misplaced line usually turns into.
import { isScalar, visit } from 'yaml';
import type { ParsedYaml } from './parse.js';

/** Costs of the shapes a wrong repair tends to produce. */
export const SHAPE_COST = { emptyValue: 2, foldedPlain: 2 } as const;

/** The summed cost of unusual shapes in every document of a parsed text. */
export function structureCost(parsed: ParsedYaml, text: string): number {
  let cost = 0;
  for (const doc of parsed.docs) {
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.value) && pair.value.value === null && pair.value.source === '') cost += SHAPE_COST.emptyValue;
      },
      Scalar(_, node) {
        if (node.type === 'PLAIN' && node.range && text.slice(node.range[0], node.range[1]).includes('\n')) cost += SHAPE_COST.foldedPlain;
      },
    });
  }
  return cost;
}
