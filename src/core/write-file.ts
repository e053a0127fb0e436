// Writes a file so that a crash leaves either the old or the new content, never half of one, keeping its mode.
import fs from 'node:fs';
import path from 'node:path';

/** Replaces `file` with `content` atomically (temp file in the same folder, then rename). */
export function writeFileAtomic(file: string, content: Buffer | string): void {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.qmoi-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { mode: st ? st.mode & 0o7777 : 0o644 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
