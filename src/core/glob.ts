// Matching repo-relative paths against config globs (`**`, `*`, `?`) without a dependency.
const cache = new Map<string, RegExp>();

/** Whether `file` (a repo-relative path with `/`) matches any of the globs. */
export function matchesAny(file: string, globs: string[]): boolean {
  return globs.some((g) => toRegExp(g).test(file));
}

function toRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  const g = glob.startsWith('/') ? glob.slice(1) : glob;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      src += g[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += g[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash matches at any depth (like .gitignore); a folder pattern matches below it.
  const anchored = g.includes('/') && !g.endsWith('/') ? `^${src}` : `^(?:.*/)?${src.replace(/\/$/, '')}`;
  re = new RegExp(`${anchored}(?:/.*)?$`);
  cache.set(glob, re);
  return re;
}
