// tidemark admin page script: dry run → plan → run (confirmed) → live progress → result, and
// the same for a rollback. No build step, no dependencies. Text from the server is only ever
// set with textContent, never as HTML.
"use strict";

(() => {
  const body = document.body;
  const base = body.dataset.base;
  const protectedEnv = body.dataset.protected || "";
  const $ = (sel) => document.querySelector(sel);

  /** An element with a class and text (or children). */
  function el(tag, cls, content) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (typeof content === "string") node.textContent = content;
    else if (Array.isArray(content)) for (const c of content) if (c) node.append(c);
    return node;
  }

  const KEYWORDS = new Set(
    "add all alter and as begin by cascade check column commit concurrently constraint create default delete drop exists foreign from if index insert into is key not null on or primary references rename select set table to transaction unique update values view where with".split(" "),
  );
  const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|(\b\d+\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/g;

  /** SQL in a <pre>, keywords, strings, numbers and comments coloured (text nodes only). */
  function sqlBlock(sql) {
    const code = el("code");
    for (const m of sql.matchAll(TOKEN)) {
      const cls = m[1] ? "c" : m[2] ? "s" : m[3] ? "n" : m[4] && KEYWORDS.has(m[4].toLowerCase()) ? "k" : null;
      code.append(cls ? el("span", cls, m[0]) : document.createTextNode(m[0]));
    }
    return el("pre", "sql", [code]);
  }

  async function post(path, payload) {
    const res = await fetch(base + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload || {}),
    });
    let doc = {};
    try {
      doc = await res.json();
    } catch {
      doc = { error: { message: `HTTP ${res.status}` } };
    }
    return { status: res.status, doc };
  }

  function show(id, ...children) {
    const box = $(id);
    box.replaceChildren(...children.filter(Boolean));
    box.hidden = children.length === 0;
    return box;
  }

  /** An error as the server reported it: file and line, message, the failing statement, hint. */
  function errorBox(error) {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ""}` : error.version || "";
    return el("div", "error-box", [
      el("p", "where", where ? `✗ ${where}` : "✗ Failed"),
      el("p", "message", error.message || "Unknown error"),
      error.statement ? sqlBlock(error.statement) : null,
      error.detail ? el("p", "muted", `detail: ${error.detail}`) : null,
      error.hint ? el("p", "muted", `hint: ${error.hint}`) : null,
    ]);
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  /** The dry run's plan, with the Run button (and the typed confirmation on protected envs). */
  function showPlan(report, action) {
    const up = report.direction === "up";
    const n = report.steps.length;
    show("#result");
    show("#progress");
    if (n === 0) {
      show("#plan", el("p", "alert good", report.note || (up ? "Nothing to apply: the database is up to date." : "Nothing to roll back.")));
      return;
    }
    const steps = report.steps.map((s) =>
      el("li", "migration", [
        el("h3", null, `${up ? "→" : "↩"} ${s.version || "R"}  ${s.name}`),
        s.note ? el("p", "muted", s.note) : null,
        s.sql ? sqlBlock(s.sql) : null,
      ]),
    );
    const findings = (report.lint && report.lint.findings) || [];
    const lint = findings.length === 0 ? null : el(
      "ul",
      "findings",
      findings.map((f) => el("li", `finding ${f.level === "error" ? "bad" : "warn"}`, [el("b", null, f.rule), document.createTextNode(` ${f.file}:${f.line}: ${f.message}`)])),
    );
    const runButton = el("button", up ? "primary" : "danger", up ? `Run ${plural(n, "migration")}` : `Roll back ${plural(n, "migration")}`);
    runButton.type = "button";
    runButton.id = "run";
    const confirm = el("div", "confirm", [runButton, el("span", "hash", `plan ${report.planHash}`)]);
    let typed = null;
    let force = null;
    if (protectedEnv && report.lint && report.lint.errors > 0) {
      force = el("input");
      force.type = "checkbox";
      force.id = "force-unsafe";
      const label = el("label", null, " apply despite error-level lint findings");
      label.htmlFor = "force-unsafe";
      label.prepend(force);
      confirm.append(label);
    }
    if (protectedEnv) {
      typed = el("input");
      typed.id = "confirm-env";
      typed.placeholder = protectedEnv;
      typed.autocomplete = "off";
      const label = el("label", null, `Type "${protectedEnv}" to confirm:`);
      label.htmlFor = "confirm-env";
      runButton.disabled = true;
      typed.addEventListener("input", () => {
        runButton.disabled = typed.value !== protectedEnv;
      });
      confirm.prepend(label, typed);
    }
    runButton.addEventListener("click", () => {
      const question = `${up ? "Apply" : "Roll back"} ${plural(n, "migration")}?`;
      if (!protectedEnv && !window.confirm(question)) return;
      execute(action, report, typed ? typed.value : undefined, force ? force.checked : false);
    });
    show("#plan", el("h3", null, `Dry run: would ${up ? "apply" : "roll back"} ${plural(n, "migration")}`), lint, el("ol", "plain", steps), confirm);
  }

  async function dryRun(action) {
    show("#plan", el("p", "muted", "Planning…"));
    const { status, doc } = await post(`${action.path}?dry_run=true`);
    if (status !== 200) return show("#plan", errorBox(doc.error || {}));
    showPlan(doc, action);
  }

  /** Live progress rows, one per step, updated by the event stream. */
  const rows = new Map();
  function progressRow(step, state, mark, took) {
    let row = rows.get(step.id);
    if (!row) {
      row = el("li");
      rows.set(step.id, row);
      $("#progress").append(row);
      $("#progress").hidden = false;
    }
    row.className = state;
    row.replaceChildren(el("span", "mark", mark), el("code", null, step.version || "R"), el("span", null, step.name), took ? el("span", "took", took) : null);
  }

  const events = new EventSource(`${base}/events`);
  events.addEventListener("run:start", (e) => {
    const { steps } = JSON.parse(e.data);
    for (const s of steps) progressRow(s, "waiting", "·", "waiting");
  });
  events.addEventListener("migration:start", (e) => progressRow(JSON.parse(e.data), "running", "▸", "running…"));
  events.addEventListener("migration:end", (e) => {
    const s = JSON.parse(e.data);
    progressRow(s, "done", s.direction === "up" ? "✓" : "↩", `${Math.round(s.durationMs)} ms`);
  });
  events.addEventListener("migration:failed", (e) => {
    const s = JSON.parse(e.data);
    progressRow(s, "failed", "✗", "failed");
  });
  events.addEventListener("lock:waiting", (e) => {
    const { holder } = JSON.parse(e.data);
    show("#result", el("p", "alert warn", `Waiting for the migration lock${holder ? `, held by ${holder}` : ""}…`));
  });

  async function execute(action, plan, confirmText, forceUnsafe) {
    rows.clear();
    show("#progress");
    $("#plan").querySelectorAll("button").forEach((b) => {
      b.disabled = true;
    });
    show("#result", el("p", "muted", "Running…"));
    const payload = confirmText === undefined ? {} : { confirm: confirmText };
    if (forceUnsafe) payload.force_unsafe = "true";
    const { status, doc } = await post(`${action.path}?plan=${encodeURIComponent(plan.planHash)}`, payload);
    if (status === 409 && doc.plan) {
      showPlan(doc.plan, action);
      show("#result", el("p", "alert warn", doc.error.message));
      return;
    }
    show("#plan");
    if (status !== 200) {
      const done = (doc.steps || []).length;
      show("#result", el("p", "alert bad", `${done > 0 ? `${plural(done, "migration")} completed, then the` : "The"} run failed; nothing after the failure ran.`), errorBox(doc.error || {}));
    } else {
      const n = doc.steps.length;
      const verb = doc.direction === "up" ? "Applied" : "Rolled back";
      show("#result", el("p", "alert good", n === 0 ? "Nothing to do." : `${verb} ${plural(n, "migration")}.`));
    }
    await refresh();
  }

  /** Re-reads the page and swaps in the new overview and lists; the action panels stay. */
  async function refresh() {
    const res = await fetch(base, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), "text/html").querySelector("main");
    if (!next) return;
    for (const id of ["#plan", "#progress", "#result"]) {
      const fresh = next.querySelector(id);
      if (fresh) fresh.replaceWith($(id));
    }
    $("main").replaceWith(next);
    document.title = next.ownerDocument.title;
    checkDrift();
  }

  async function checkDrift() {
    const pill = $("#drift");
    if (!pill) return;
    try {
      const res = await fetch(pill.dataset.drift, { credentials: "same-origin" });
      const doc = await res.json();
      if (!res.ok) throw new Error(doc.error ? doc.error.message : res.status);
      const count = Array.isArray(doc.differences) ? doc.differences.length : null;
      const drifted = doc.equal === false;
      pill.textContent = drifted ? `drift: ${count === null ? "yes" : plural(count, "difference")}` : "no drift";
      pill.className = `pill ${drifted ? "bad" : "good"}`;
      pill.title = drifted ? "The live schema differs from what the applied migrations build" : "";
      const state = $("#state");
      if (drifted && state && state.classList.contains("good")) {
        state.textContent = "Drift";
        state.className = "state bad";
      }
    } catch (err) {
      pill.textContent = `drift: ${err.message}`;
    }
  }

  document.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.id === "dry-run") dryRun({ path: "/run" });
  });
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.action !== "rollback") return;
    e.preventDefault();
    const version = form.elements.namedItem("version").value;
    dryRun({ path: `/rollback/${encodeURIComponent(version)}` });
  });
  checkDrift();
})();
