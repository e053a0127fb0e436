// How hard the reliability tests push: a bounded default run for `npm test`, a long one under
// `npm run test:stress` (QMOI_STRESS=1).

/** True under `npm run test:stress`. */
export const STRESS = process.env.QMOI_STRESS === '1';

/** `normal` in the default run, `stress` under QMOI_STRESS=1. */
export function scale(normal: number, stress: number): number {
  return STRESS ? stress : normal;
}
