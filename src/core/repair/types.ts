// The one interface every repairer implements, built-in or plugin. Repairers are pure: text in, result out.

/** A change a repairer made, at the position of the original text (1-based line and column). */
export interface Fix {
  line: number;
  column: number;
  description: string;
}

/** A problem that is still there: where it is, what the parser said, and what we suggest. */
export interface Problem {
  line: number;
  column: number;
  message: string;
  suggestion?: string;
}

/** What a repairer returns for one text. */
export type RepairOutcome =
  | { status: 'ok'; warnings?: Problem[] }
  | { status: 'repaired'; text: string; fixes: Fix[]; warnings?: Problem[] }
  | { status: 'unrepairable'; error: Problem; warnings?: Problem[] }
  | { status: 'skipped'; reason: string };

/** What a repairer is told about the text it gets. */
export interface RepairContext {
  /** Path as the user named it (relative to the repo or cwd); used for messages and format detection. */
  path: string;
  /** Epoch milliseconds after which the repairer must give up (return unrepairable with a "gave up" message). */
  deadline: number;
  /**
   * Only say whether the text is valid (status 'ok' or 'unrepairable' with the parser's position and the
   * format's checks); do not search for a repair. Used by `validate` and for files too big to search.
   */
  validateOnly?: boolean;
  /**
   * Looks up whether a file exists, relative to the file being repaired (for import checks).
   * Absent when the text is not on disk (e.g. a blob from the index without a working tree).
   */
  fileExists?: (relativeToFile: string) => boolean;
  /** Lists the names in a directory relative to the file being repaired (for import suggestions). */
  listDir?: (relativeToFile: string) => string[] | undefined;
}

/**
 * A repairer for one format. The text it gets has no BOM and LF line endings (the caller restores both),
 * is valid UTF-8, and is under the size limit. It must never throw for bad input and never execute it.
 */
export interface Repairer {
  /** Language id reported in results: 'json', 'yaml', 'js', 'ts', or a plugin's own. */
  readonly language: string;
  /** Whether this repairer handles a path (by name or extension). */
  matches(path: string): boolean;
  /** Checks the text and, where the clear best repair exists and parses, returns it. */
  repair(text: string, ctx: RepairContext): RepairOutcome | Promise<RepairOutcome>;
}
