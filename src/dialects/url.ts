/** Replaces the password of a URL (and any password=… query parameter) with `***`. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@")
    .replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, "$1***");
}

/** Removes a password from free text (driver messages sometimes echo the URL). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("***");
  }
  return out;
}
