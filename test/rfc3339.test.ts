import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../src/model/validation.js';

/**
 * An independent statement of Go's time.Parse(time.RFC3339, s), which
 * metav1.Time's decoding uses (pkg.go.dev/time#Parse: the layout
 * "2006-01-02T15:04:05Z07:00"; a fraction of a second is accepted after the
 * seconds although the layout has none; the day must exist in its month).
 */
function reference(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return false;
  const zone = m[8]!;
  return zone === 'Z' || (Number(zone.slice(1, 3)) < 24 && Number(zone.slice(4, 6)) < 60);
}

describe('RFC 3339 times, as metav1.Time decodes them', () => {
  it.each([
    ['2024-03-01T10:00:00Z', true],
    ['2024-05-01T10:20:30.5+02:00', true],
    ['2024-05-01T10:20:30.123456789-11:30', true],
    ['2024-02-29T00:00:00Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['2024-04-31T00:00:00Z', false],
    ['2024-13-01T00:00:00Z', false],
    ['2024-00-01T00:00:00Z', false],
    ['2024-01-00T00:00:00Z', false],
    ['2024-01-01T24:00:00Z', false],
    ['2024-01-01T23:60:00Z', false],
    ['2024-01-01T23:59:60Z', false],
    ['2024-01-01T00:00:00', false],
    ['2024-01-01 00:00:00Z', false],
    ['2024-01-01t00:00:00Z', false],
    ['2024-01-01T00:00:00z', false],
    ['2024-01-01T00:00:00.Z', false],
    ['2024-01-01T00:00:00+0200', false],
    ['2024-01-01T00:00:00+24:00', false],
    ['2024-01-01T00:00:00+23:60', false],
    ['2024-01-01T00:00:00Z ', false],
    ['2024-01-01', false],
    ['', false],
    ['2024-0a-01T00:00:00Z', false],
    ['２024-01-01T00:00:00Z', false],
  ])('%s → %s', (text, ok) => {
    expect(rfc3339(text)).toBe(ok);
    expect(reference(text)).toBe(ok);
  });

  it('agrees with the reference on random near-times', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = '0123456789-:T.Z+ zx';
    let disagreements = 0;
    for (let k = 0; k < 20_000; k++) {
      const chars = [...'2024-02-29T23:59:59.5+05:30'.slice(0, 19 + rand(9))];
      for (let m = rand(3); m > 0; m--) chars[rand(chars.length)] = alphabet[rand(alphabet.length)]!;
      if (rand(4) === 0) chars.push('Z');
      const text = chars.join('');
      if (rfc3339(text) !== reference(text)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
