// Whole-number arithmetic of the fill search (fill-*.ts), in bigint: nothing is rounded.

const abs = (a: bigint) => (a < 0n ? -a : a);

/** gcd(|a|, |b|); gcd(0, 0) = 0. */
export function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** ⌊a / b⌋ for b > 0. */
export const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/** ⌈a / b⌉ for b > 0. */
export const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b);

/** a mod m in [0, m) for m > 0. */
export const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

/** The inverse of a modulo m (gcd(a, m) = 1, m ≥ 1), by the extended Euclidean algorithm. */
export function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}
