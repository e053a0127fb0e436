// Parsing as every YAML check here needs it: all documents, merge keys on, GitLab's `!reference` tag known,
// positions as 1-based line and column, and aliases expanded only under a bound.
import { LineCounter, parseAllDocuments, visit, type Alias, type CollectionTag, type Document, type YAMLError } from 'yaml';
import type { Problem } from '../types.js';

/** What `!reference [.job, key]` reads as: a pointer GitLab resolves, kept unresolved here. */
export class GitlabReference {
  constructor(readonly path: string[]) {}
}

const referenceTag: CollectionTag = {
  tag: '!reference',
  collection: 'seq',
  default: false,
  resolve: (seq) => new GitlabReference(seq.items.map((item) => String((item as { value?: unknown }).value ?? item))),
};

/** Above this many alias expansions a file reads as an alias bomb (billion laughs), not as configuration. */
export const MAX_ALIAS_COUNT = 10000;

/** A parsed text: its documents, the first syntax error (if any) and a way to turn offsets into positions. */
export interface ParsedYaml {
  docs: Document.Parsed[];
  errors: YAMLError[];
  lineCounter: LineCounter;
}

/** Parses every document of a YAML stream; never throws. */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { merge: true, lineCounter, customTags: [referenceTag], logLevel: 'error' });
  const docs = Array.isArray(parsed) ? parsed : [];
  return { docs, errors: docs.flatMap((d) => d.errors), lineCounter };
}

/** Whether a text parses without a single error (the test every repair must pass). */
export function parsesCleanly(text: string): boolean {
  const parsed = parseAllDocuments(text, { merge: true, prettyErrors: false, customTags: [referenceTag], logLevel: 'error' });
  return !Array.isArray(parsed) || parsed.every((d) => d.errors.length === 0);
}

/** The parser's first complaint as a Problem, or undefined when there is none. */
export function firstSyntaxProblem(parsed: ParsedYaml): Problem | undefined {
  const e = parsed.errors[0];
  if (!e) return undefined;
  const pos = e.linePos?.[0] ?? parsed.lineCounter.linePos(e.pos[0]);
  return { line: pos.line, column: pos.col, message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') };
}

/** The documents' data (merge keys applied), or a Problem when aliases are missing or explode. */
export function toData(parsed: ParsedYaml): { data: unknown[] } | { problem: Problem } {
  const data: unknown[] = [];
  for (const doc of parsed.docs) {
    try {
      data.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (err) {
      return { problem: aliasProblem(err as Error, doc, parsed.lineCounter) };
    }
  }
  return { data };
}

function aliasProblem(err: Error, doc: Document.Parsed, lineCounter: LineCounter): Problem {
  const bomb = /resource exhaustion/.test(err.message);
  const missing = /: (\S+)$/.exec(err.message)?.[1];
  let alias: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      if (bomb || node.source === missing) {
        alias = node;
        return visit.BREAK;
      }
    },
  });
  const pos = alias?.range ? lineCounter.linePos(alias.range[0]) : { line: 1, col: 1 };
  const at = { line: pos.line, column: pos.col };
  if (bomb) {
    return {
      ...at,
      message: `aliases expand into too much data (over ${MAX_ALIAS_COUNT} alias copies): this looks like an alias bomb ("billion laughs")`,
      suggestion: 'write the repeated data out, or nest fewer aliases',
    };
  }
  return { ...at, message: err.message, suggestion: 'define the anchor (&name) before the alias (*name) that uses it' };
}
