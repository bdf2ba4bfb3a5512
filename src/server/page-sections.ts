/** The admin page's sections, each a function of the page data returning escaped HTML. */
import { duration } from "../cli/render.js";
import type { CompatibilityReport, LintFinding, LintReport } from "../index.js";
import { escapeHtml as e, highlightSql } from "./highlight.js";
import type { Optional, PageData } from "./page-data.js";
import type { TargetsDocument } from "./targets.js";

const when = (at: Date | string | null | undefined) =>
  at
    ? `<time datetime="${e(new Date(at).toISOString())}">${e(new Date(at).toISOString().replace("T", " ").slice(0, 19))} UTC</time>`
    : "";

function section(id: string, title: string, body: string, count?: number): string {
  const n = count === undefined ? "" : ` <span class="count">${count}</span>`;
  return `<section id="${id}"><h2>${e(title)}${n}</h2>\n${body}\n</section>`;
}

function table(head: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${e(empty)}</p>`;
  const th = head.map((h) => `<th>${e(h)}</th>`).join("");
  const tr = rows.map(
    (r) => `<tr>${r.map((c, i) => `<td data-label="${e(head[i] ?? "")}">${c}</td>`).join("")}</tr>`,
  );
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>${tr.join("\n")}</tbody></table></div>`;
}

/** Dry run and rollback controls, and the panels the script fills (plan, progress, result). */
export function actionsSection(data: PageData): string {
  if (data.status === null) return "";
  const disabled = data.readOnly ? " disabled" : "";
  const pending = data.status.pending.length;
  const options = [...data.status.applied]
    .filter((a) => /^\d/.test(a.version))
    .reverse()
    .map((a) => `<option value="${e(a.version)}">${e(a.version)} · ${e(a.name)}</option>`)
    .join("");
  const rollback =
    options === ""
      ? ""
      : `<form class="rollback" data-action="rollback"><label for="rollback-version">Roll back</label>
<select id="rollback-version" name="version">${options}</select>
<span class="muted">and every migration after it</span>
<button type="submit"${disabled}>Dry run rollback</button></form>`;
  const note = data.readOnly ? `<p class="muted">Read-only: this admin changes nothing.</p>` : "";
  return section(
    "actions",
    "Actions",
    `<div class="actions">
<button type="button" class="primary" id="dry-run"${pending === 0 ? " disabled" : disabled}>Dry run ${pending === 0 ? "(nothing pending)" : `${pending} pending`}</button>
${rollback}
</div>${note}
<div id="plan" hidden></div>
<ol id="progress" class="progress" hidden></ol>
<div id="result" hidden></div>`,
  );
}

/** Failed and running rows, edited or missing files: each with its message. */
export function problemsSection(data: PageData): string {
  const problems = data.status?.problems ?? [];
  if (problems.length === 0) return "";
  const items = problems.map(
    (p) =>
      `<li class="problem"><span class="pill bad">${e(p.kind.replace(/_/g, " "))}</span> <code>${e(p.version)}</code>${p.file ? ` <code class="file">${e(p.file)}</code>` : ""}<p>${e(p.message)}</p></li>`,
  );
  return section(
    "problems",
    "Problems",
    `<ul class="plain">${items.join("\n")}</ul>`,
    problems.length,
  );
}

/** The lint findings of the page's lint run (none when it failed). */
function findingsOf(lint: Optional): readonly LintFinding[] {
  return lint.kind === "ok" ? (lint.value as LintReport).findings : [];
}

/** Pending migrations, each with its lint findings and its SQL. */
export function pendingSection(data: PageData): string {
  if (data.status === null) return "";
  const findings = findingsOf(data.lint);
  const items = data.pending.map((p) => {
    const own = findings.filter(
      (f) => f.version === p.version || (f.file !== undefined && p.file.endsWith(f.file)),
    );
    const lint = own
      .map(
        (f) =>
          `<li class="finding ${f.level === "error" ? "bad" : "warn"}"><b>${e(f.rule)}</b>${f.line ? ` line ${f.line}` : ""}: ${e(f.message)}</li>`,
      )
      .join("");
    const sql =
      p.sql === null
        ? `<p class="muted">Code migration: its SQL is decided when it runs.</p>`
        : `<pre class="sql"><code>${highlightSql(p.sql.trim())}</code></pre>`;
    return `<li class="migration"><details${data.pending.length <= 3 ? " open" : ""}><summary><code>${e(p.version)}</code> ${e(p.name)} <span class="muted file">${e(p.file)}</span>${own.length > 0 ? ` <span class="pill warn">${own.length} lint</span>` : ""}</summary>
${lint === "" ? "" : `<ul class="findings">${lint}</ul>`}${sql}</details></li>`;
  });
  const lintNote =
    data.lint.kind === "error"
      ? `<p class="muted">Lint could not run: ${e(data.lint.message)}</p>`
      : "";
  const body =
    items.length === 0
      ? `<p class="muted">Nothing pending.</p>`
      : `<ul class="plain">${items.join("\n")}</ul>`;
  return section("pending", "Pending", body + lintNote, data.pending.length);
}

/** Applied migrations with when, how long and who. */
export function appliedSection(data: PageData): string {
  if (data.status === null) return "";
  const rows = [...data.status.applied]
    .reverse()
    .map((a) => [
      `<code>${e(a.version)}</code>`,
      e(a.name),
      when(a.appliedAt),
      a.stamped
        ? `<span class="muted">stamped</span>`
        : a.executionMs === null
          ? ""
          : e(duration(a.executionMs)),
      e(data.appliedBy.get(a.version) ?? ""),
    ]);
  const body = table(["Version", "Name", "Applied", "Took", "By"], rows, "Nothing applied yet.");
  return section("applied", "Applied", body, data.status.applied.length);
}

/** App version against database version (config `compatibility`): the verdict and the matrix. */
export function compatibilitySection(data: PageData): string {
  const c = data.compatibility;
  if (c.kind === "error")
    return section("compatibility", "Compatibility", `<p class="alert bad">${e(c.message)}</p>`);
  const report = c.value as CompatibilityReport;
  const tone = report.compatible === null ? "" : report.compatible ? "good" : "bad";
  const verdict = `<p class="state-line ${tone}">${e(report.reason)}</p>`;
  const mark = (m: boolean | null) => (m === null ? "" : m ? `<span class="ok">✓</span>` : "");
  const rows = report.matrix.map((r) => [
    `<code>${e(r.app)}</code> ${mark(r.appMatches)}`,
    `${r.database.map((d) => `<code>${e(d)}</code>`).join(", ")} ${mark(r.databaseMatches)}`,
  ]);
  const matrix = table(
    ["App version", "Database versions"],
    rows,
    "No matrix: add `compatibility` (app version → database versions) to the config file.",
  );
  return section("compatibility", "Compatibility", verdict + matrix);
}

/** Every action, newest first. */
export function historySection(data: PageData): string {
  if (data.status === null) return "";
  const rows = [...data.history]
    .reverse()
    .map((h) => [
      when(h.at),
      e(h.action),
      `<code>${e(h.version)}</code> ${e(h.name)}`,
      e(h.appliedBy ?? ""),
      h.executionMs === null ? "" : e(duration(h.executionMs)),
      h.result === "ok"
        ? `<span class="ok">ok</span>`
        : `<span class="bad">failed</span>${h.message ? ` ${e(h.message)}` : ""}`,
    ]);
  const body = table(
    ["When", "Action", "Migration", "By", "Took", "Result"],
    rows,
    "No history yet.",
  );
  return section("history", "History", body, data.history.length);
}

/** Every target's version at a glance: the skew by version, and each target that failed to read. */
export function targetsSection(data: PageData): string {
  const t = data.targets;
  if (t === null) return "";
  if (t.kind === "error")
    return section("targets", "Targets", `<p class="alert bad">${e(t.message)}</p>`);
  const doc = t.value as TargetsDocument;
  const { summary } = doc;
  const counts = ["up_to_date", "pending", "problems", "failed"]
    .map((k) => `${summary[k] ?? 0} ${k.replace(/_/g, " ")}`)
    .join(" · ");
  const tone =
    Number(summary.failed) + Number(summary.problems) > 0
      ? "bad"
      : doc.skew.length > 1
        ? "warn"
        : "good";
  const verdict =
    doc.skew.length <= 1
      ? doc.skew.length === 0
        ? "No target could be read."
        : "Every target that was read is at one version."
      : `Version skew: ${doc.skew.length} versions.`;
  const rows = doc.skew.map((g) => [
    g.current === null ? "<em>none</em>" : `<code>${e(g.current)}</code>`,
    e(String(g.targets.length)),
    [
      g.pending > 0 ? `${g.pending} pending` : "",
      g.problems > 0 ? `${g.problems} with problems` : "",
    ]
      .filter((x) => x !== "")
      .map((x) => e(x))
      .join(", "),
    g.targets.map((name) => `<code>${e(name)}</code>`).join(" "),
  ]);
  const failed = doc.targets
    .filter((x) => x.status === "failed")
    .map(
      (x) =>
        `<li><code>${e(x.target)}</code> <span class="bad">${e(x.error?.message ?? "failed")}</span></li>`,
    );
  const body = `<p class="state-line ${tone}" id="skew-verdict">${e(verdict)} <span class="muted">${e(counts)}</span></p>
${table(["Version", "Targets", "Attention", "Which"], rows, "No target could be read.")}
${failed.length === 0 ? "" : `<h3>Could not be read</h3><ul class="plain" id="targets-failed">${failed.join("\n")}</ul>`}`;
  return section("targets", "Targets", body, doc.targets.length);
}
