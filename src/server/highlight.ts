/**
 * HTML escaping and a small SQL highlighter for the admin page. Every piece of text, whatever
 * its kind, is escaped before it is wrapped: a migration holding `</pre><script>` shows as text.
 */

/** `text` with `& < > " '` escaped, safe in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const KEYWORDS = new Set(
  `add all alter and as asc begin between by cascade case check column commit concurrently constraint create database default delete desc distinct do drop else end exists foreign from function grant group having if in index inner insert into is join key left like limit not null on or order primary references rename replace returning revoke right rollback schema select sequence set table then to transaction trigger truncate type union unique update using values view when where with`.split(
    " ",
  ),
);

const TYPES = new Set(
  `bigint bigserial blob boolean bool char date decimal double float int integer json jsonb numeric real serial smallint text time timestamp timestamptz uuid varchar`.split(
    " ",
  ),
);

// Comments, strings, dollar-quoted bodies, quoted identifiers, numbers, words, anything else.
const TOKEN =
  /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|(\$[A-Za-z_]*\$[\s\S]*?(?:\$[A-Za-z_]*\$|$))|("(?:[^"]|"")*"?|`[^`]*`?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/g;

/** `sql` as escaped HTML, with spans of class `c` (comment), `s` (string), `k`, `t`, `n`, `i`. */
export function highlightSql(sql: string): string {
  let html = "";
  for (const m of sql.matchAll(TOKEN)) {
    const [text, comment, string, dollar, quoted, number, word] = m;
    const cls =
      comment !== undefined
        ? "c"
        : string !== undefined || dollar !== undefined
          ? "s"
          : quoted !== undefined
            ? "i"
            : number !== undefined
              ? "n"
              : word !== undefined
                ? KEYWORDS.has(word.toLowerCase())
                  ? "k"
                  : TYPES.has(word.toLowerCase())
                    ? "t"
                    : null
                : null;
    html += cls === null ? escapeHtml(text) : `<span class="${cls}">${escapeHtml(text)}</span>`;
  }
  return html;
}
