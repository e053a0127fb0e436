// An example qmoi-hooks repairer plugin: INI files. It closes an unclosed section header ("[server" ->
// "[server]") and reports any other line it does not understand. List it in config/qmoi.json:
//   "plugins": ["./examples/plugins/ini-repairer.mjs"]
// A repairer gets text without BOM and with LF line endings, must never throw, and never executes its input.

const SECTION = /^\s*\[[^\]\n]+\]\s*$/;
const UNCLOSED_SECTION = /^(\s*\[[^\]\n]+?)(\s*)$/;
const ENTRY = /^\s*[^=\s;#][^=]*=.*$/;
const IGNORED = /^\s*([;#].*)?$/;

export default {
  language: 'ini',
  matches: (file) => file.toLowerCase().endsWith('.ini'),
  repair(text, ctx) {
    const lines = text.split('\n');
    const fixes = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (IGNORED.test(line) || SECTION.test(line) || ENTRY.test(line)) continue;
      const m = UNCLOSED_SECTION.exec(line);
      if (m && !ctx.validateOnly) {
        lines[i] = `${m[1]}]${m[2]}`;
        fixes.push({ line: i + 1, column: m[1].length + 1, description: "inserted ']'" });
        continue;
      }
      const error = { line: i + 1, column: 1, message: m ? 'unclosed section header' : 'not a section, an entry or a comment' };
      return { status: 'unrepairable', error: m ? { ...error, suggestion: "insert ']'" } : error };
    }
    return fixes.length ? { status: 'repaired', text: lines.join('\n'), fixes } : { status: 'ok' };
  },
};
