/**
 * The admin page and the login form as server-rendered HTML: readable without JavaScript;
 * the script (web/admin.js) adds dry run, run, rollback and live progress. Every value is
 * escaped where it is written.
 */
import { escapeHtml as e } from "./highlight.js";
import type { PageData } from "./page-data.js";
import {
  actionsSection,
  appliedSection,
  compatibilitySection,
  historySection,
  pendingSection,
  problemsSection,
  targetsSection,
} from "./page-sections.js";

/** The state at a glance: what the badge says, and its colour class. */
export function overallState(data: PageData): { label: string; tone: string } {
  if (data.status === null) return { label: "Unavailable", tone: "bad" };
  const stuck = data.status.problems.filter((p) => p.kind === "failed" || p.kind === "running");
  if (stuck.length > 0) return { label: "Failed", tone: "bad" };
  const n = data.status.pending.length;
  if (n > 0) return { label: `${n} pending`, tone: "warn" };
  if (data.status.problems.length > 0) return { label: "Needs attention", tone: "warn" };
  return { label: "Up to date", tone: "good" };
}

function layout(title: string, basePath: string, body: string, attrs = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${e(title)}</title>
<link rel="stylesheet" href="${e(basePath)}/assets/admin.css">
</head>
<body${attrs}>
${body}
</body>
</html>
`;
}

/** The login form (with a message after a failed attempt). */
export function renderLogin(basePath: string, message: string | null): string {
  const alert = message === null ? "" : `<p class="alert bad" role="alert">${e(message)}</p>`;
  return layout(
    "Log in · tidemark",
    basePath,
    `<main class="login">
<h1><span class="brand">tidemark</span> admin</h1>
${alert}
<form method="post" action="${e(basePath)}/login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit" class="primary">Log in</button>
</form>
<p class="muted">The token is the server's <code>TIDEMARK_ADMIN_TOKEN</code>. A session cookie keeps you logged in for 12 hours.</p>
</main>`,
  );
}

/** The admin page. */
export function renderPage(data: PageData): string {
  const state = overallState(data);
  const env =
    data.environment === undefined
      ? ""
      : `<span class="pill ${data.protectedEnvironment ? "bad" : ""}">${e(data.environment)}${data.protectedEnvironment ? " · protected" : ""}</span>`;
  const logout = data.authEnabled
    ? `<form method="post" action="${e(data.basePath)}/logout"><button type="submit" class="link">Log out</button></form>`
    : "";
  const attrs = ` data-base="${e(data.basePath)}" data-protected="${e(data.protectedEnvironment ?? "")}" data-read-only="${data.readOnly}"`;
  const current = data.status?.current ?? null;
  const counts =
    data.status === null
      ? ""
      : `${data.status.applied.length} applied · ${data.status.pending.length} pending · ${data.status.problems.length} problems`;
  const drift = `<span id="drift" class="pill" data-drift="${e(data.basePath)}/drift">drift: not checked</span>`;
  const body = `<header class="top">
<div class="brand">tidemark</div>
<div class="where">${env}<code title="database">${e(data.database)}</code></div>
${logout}
</header>
<main>
<section id="overview" class="overview">
<div class="state ${state.tone}" id="state" role="status">${e(state.label)}</div>
<dl>
<div><dt>Current version</dt><dd id="current">${current === null ? "<em>none</em>" : `<code>${e(current)}</code>`}</dd></div>
<div><dt>Migrations</dt><dd id="counts">${e(counts)}</dd></div>
<div><dt>tidemark</dt><dd>${e(data.tool)}${data.appVersion === undefined ? "" : ` · app ${e(data.appVersion)}`}</dd></div>
</dl>
${drift}
${data.error === null ? "" : `<p class="alert bad" role="alert">${e(data.error)}</p>`}
</section>
${actionsSection(data)}
${problemsSection(data)}
${targetsSection(data)}
${pendingSection(data)}
${appliedSection(data)}
${compatibilitySection(data)}
${historySection(data)}
</main>
<noscript><p class="muted center">Reading works without JavaScript; dry run, run and rollback need it.</p></noscript>
<script src="${e(data.basePath)}/assets/admin.js" defer></script>`;
  return layout(`${state.label} · tidemark`, data.basePath, body, attrs);
}
