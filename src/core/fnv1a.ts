// A fast 32-bit FNV-1a string hash: stable names for cache entries and a stable shard for each path.

/** The FNV-1a hash of a string, as 8 hex digits (not for security). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
