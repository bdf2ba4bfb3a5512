/** The passwords redaction is tested with, and the pieces of them no output may show. */

/** Passwords with every character that breaks a naive reading, encoded and not. */
export const PASSWORDS: readonly string[] = [
  "kX9/2bQ+zA==",
  "Tr0ub4dor@3xK9",
  "Qz7/Pw?x#K@9v:Lm",
  "p%40ss",
  "pa ss",
  "pässwörd✓",
  "a:b:c",
  "50%off",
  "#hash",
  "?q=1",
  "x@y@z",
  "p%2Fw",
  "1?q=1",
  "ab@cd?e=f",
  "s p@c/e?s#",
];

/** `text` percent-decoded, or as it is when it does not decode. */
export function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The whole password in every spelling, and each piece of 3+ characters between specials. */
export function fragments(password: string): string[] {
  const plain = decoded(password);
  const pieces = [password, plain].flatMap((p) => p.split(/[@/?#:%+= ]/));
  const whole = [password, plain, encodeURIComponent(plain)];
  return [...new Set([...whole, ...pieces.filter((p) => [...p].length >= 3)])];
}
