// MigrateDB's migration window. Plain JavaScript, no build step: talks to the console's own API (/api/...) with the
// cookie the printed address set; every text from the server goes into the page as text, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(method, path, body, raw) {
  const options = { method, credentials: "same-origin", headers: {} };
  if (raw !== undefined) {
    options.body = raw;
    options.headers["Content-Type"] = "application/octet-stream";
  } else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const res = await fetch(path, options);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const err = new Error((data && data.error) || ("HTTP " + res.status));
    err.status = res.status;
    err.data = data;
    throw err;
  }
  return data;
}

function message(id, text, kind) {
  const m = $(id);
  m.textContent = text || "";
  m.className = "message" + (kind ? " " + kind : "");
}

function busy(id, text) {
  const m = $(id);
  m.textContent = text;
  m.className = "message busy";
}

const number = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const s = Math.round(seconds);
  if (s >= 3600) return Math.floor(s / 3600) + "h" + String(Math.floor((s % 3600) / 60)).padStart(2, "0") + "m";
  if (s >= 60) return Math.floor(s / 60) + "m" + String(s % 60).padStart(2, "0") + "s";
  return s + "s";
}

/** A failure as the troubleshooting catalogue writes it: error · cause · effect · solution (or a warning). */
function entry(f, warn) {
  if (!f) return null;
  const dl = el("dl", {},
    el("dt", { text: warn ? "Warning" : "Error" }), el("dd", { text: f.error || "" }));
  if (f.cause) {
    dl.append(el("dt", { text: "Cause" }), el("dd", { text: f.cause }),
      el("dt", { text: "Effect" }), el("dd", { text: f.effect || "" }),
      el("dt", { text: "Solution" }), el("dd", { text: f.solution || "" }));
  }
  return el("div", { class: "entry" + (warn ? " warn" : ""), role: "alert" },
    f.code ? el("div", { class: "code", text: f.code }) : null, dl);
}

// ---- navigation -------------------------------------------------------------------------------------------------

function show(panel) {
  document.querySelectorAll(".panel").forEach((p) => { p.hidden = p.id !== "panel-" + panel; });
  document.querySelectorAll(".step").forEach((b) => {
    if (b.dataset.panel === panel) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  });
  if (panel === "passwords") loadExcluded();
}

function mark(panel, how) {
  const b = $("nav-" + panel);
  b.classList.remove("done", "attention");
  if (how) b.classList.add(how);
}

// ---- 1 Setup ----------------------------------------------------------------------------------------------------

const TEXT_KEYS = ["target.host", "target.instance", "target.database", "target.user", "target.certificate",
  "target.symmetricKey", "source.url", "source.pgHome", "source.dataDir", "source.database", "source.user"];
const PASSWORD_KEYS = ["target.password", "source.password", "target.masterKeyPassword"];
let setupState = null;

async function loadSetup() {
  setupState = await api("GET", "/api/setup");
  $("setup-file").textContent = setupState.configFile;
  const v = setupState.values;
  for (const k of TEXT_KEYS) $(k).value = v[k] || "";
  (v["target.auth"] === "windows" ? $("auth-windows") : $("auth-sql")).checked = true;
  const mode = document.querySelector('input[name="target.encryption"][value="' + (v["target.encryption"] || "default") + '"]');
  (mode || $("enc-default")).checked = true;
  const bundled = (v["source.pgHome"] || v["source.dataDir"]) ? true : false;
  (bundled ? $("src-bundled") : $("src-url")).checked = true;
  $("target-url-box").hidden = !setupState.targetUrl;
  $("target-url").textContent = setupState.targetUrl || "";
  $("master-key-box").hidden = !setupState.masterKeyLost;
  for (const k of PASSWORD_KEYS) {
    $(k).value = "";
    $(k).placeholder = setupState.storedPasswords.includes(k) ? "stored — leave empty to keep" : "";
  }
  setupVisibility();
  if (setupState.storedPasswords.includes("source.password") && (v["source.url"] || bundled)) mark("setup", "done");
}

function setupVisibility() {
  const custom = document.querySelector('input[name="target.encryption"]:checked')?.value === "custom";
  document.querySelectorAll(".custom-only").forEach((f) => { f.hidden = !custom; });
  const bundled = $("src-bundled").checked;
  document.querySelectorAll(".url-only").forEach((f) => { f.hidden = bundled; });
  document.querySelectorAll(".bundled-only").forEach((f) => { f.hidden = !bundled; });
  const urlKept = !$("target-url-box").hidden && $("keep-target-url").checked;
  for (const k of ["target.host", "target.instance", "target.database"]) $(k).disabled = urlKept;
}

function clearErrors() {
  document.querySelectorAll("#setup-form .error").forEach((e) => { e.textContent = ""; });
  document.querySelectorAll("#setup-form .field").forEach((f) => f.classList.remove("invalid"));
}

async function saveSetup(event) {
  event.preventDefault();
  clearErrors();
  const values = {};
  for (const k of TEXT_KEYS) values[k] = $(k).value;
  values["target.auth"] = document.querySelector('input[name="target.auth"]:checked')?.value || "";
  values["target.encryption"] = document.querySelector('input[name="target.encryption"]:checked')?.value || "";
  if ($("src-bundled").checked) {
    values["source.url"] = "";
  } else {
    values["source.pgHome"] = ""; values["source.dataDir"] = ""; values["source.database"] = "";
  }
  const passwords = {};
  for (const k of PASSWORD_KEYS) if ($(k).value) passwords[k] = $(k).value;
  busy("setup-message", "Saving…");
  try {
    const r = await api("POST", "/api/setup", { values, passwords, keepTargetUrl: $("keep-target-url").checked });
    message("setup-message", "Saved in " + r.file + " (passwords encrypted).", "ok");
    mark("setup", "done");
    await loadSetup();
    await showNotices();
  } catch (e) {
    const problems = (e.data && e.data.problems) || {};
    for (const [k, text] of Object.entries(problems)) {
      const target = $(k + "-error");
      if (target) {
        target.textContent = text;
        target.closest(".field")?.classList.add("invalid");
      }
    }
    message("setup-message", e.message, "bad");
  }
}

// ---- 2 Test -----------------------------------------------------------------------------------------------------

function sideCard(title, s) {
  const facts = el("dl", { class: "facts" });
  const fact = (k, v) => { if (v !== null && v !== undefined && v !== "") facts.append(el("dt", { text: k }), el("dd", { text: v })); };
  fact("Connection", s.url + (s.note ? " (" + s.note + ")" : ""));
  fact("Server", s.connected);
  fact("TLS in use", s.tls);
  fact("Authentication", s.authScheme);
  fact("Windows authentication", s.nativeAuth);
  fact("Permissions", s.permissions);
  const card = el("div", { class: "card", "data-test": "test-" + title.toLowerCase() },
    el("div", { class: "card-head" }, el("h3", { text: title }),
      el("span", { class: "badge " + (s.passed ? "badge-ok" : "badge-bad"), text: s.passed ? "passed" : "failed" })),
    facts);
  for (const w of s.warnings) card.append(entry({ error: w }, true));
  for (const n of s.notes) card.append(el("p", { class: "muted", text: n }));
  if (s.missing.length) {
    card.append(el("h3", { text: "Missing permissions" }), el("table", { class: "grid" },
      el("thead", {}, el("tr", {}, el("th", { text: "Permission" }), el("th", { text: "The GRANT that fixes it" }))),
      el("tbody", {}, s.missing.map((m) => el("tr", {}, el("td", { text: m.name }), el("td", {}, el("code", { text: m.fixSql })))))));
  }
  if (s.failure) card.append(entry(s.failure));
  return card;
}

async function runTest() {
  busy("test-message", "Testing both connections…");
  $("test-run").disabled = true;
  $("test-result").replaceChildren();
  try {
    const r = await api("POST", "/api/test");
    $("test-result").replaceChildren(sideCard("Source", r.source), sideCard("Target", r.target));
    message("test-message", r.passed ? "Test passed." : "Test FAILED: see below.", r.passed ? "ok" : "bad");
    mark("test", r.passed ? "done" : "attention");
  } catch (e) {
    message("test-message", e.message, "bad");
    if (e.data && e.data.failure) $("test-result").replaceChildren(entry(e.data.failure));
  } finally {
    $("test-run").disabled = false;
    poll();
  }
}

// ---- 3 Assess ---------------------------------------------------------------------------------------------------

let allowed = new Set();

function kindBlock(k) {
  const rows = k.findings.map((f) => el("tr", {},
    el("td", {}, el("code", { text: f.table || "(schema)" })),
    el("td", {}, f.column ? el("code", { text: f.column }) : ""),
    el("td", { class: "num", text: number(f.count) }),
    el("td", {}, f.samples.length ? el("ul", { class: "samples" }, f.samples.map((s) => el("li", { text: s })))
      : (f.detail || ""))));
  const body = el("div", { class: "body" },
    el("p", { class: "todo" }, el("strong", { text: "What to do: " }), k.action));
  if (k.blocking) {
    const box = el("input", { type: "checkbox", id: "allow-" + k.id, "data-kind": k.id });
    box.checked = allowed.has(k.id) || k.allowed;
    if (!k.allowable) box.disabled = true;
    box.addEventListener("change", () => {
      if (box.checked) allowed.add(k.id); else allowed.delete(k.id);
      showAllowed();
    });
    body.append(el("div", { class: "allow" },
      el("label", { class: "check", for: "allow-" + k.id }, box,
        k.allowable ? "Allow " + k.id + " for the migration" : k.id + " cannot be allowed"),
      k.whenAllowed ? el("p", {}, "Allowing it: " + k.whenAllowed) : null));
  }
  body.append(el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, el("th", { text: "Table" }), el("th", { text: "Column" }),
      el("th", { class: "num", text: "Count" }), el("th", { text: "Samples or detail" }))),
    el("tbody", {}, rows)));
  const badge = k.blocking ? (k.allowed ? "allowed" : "blocking") : "warning";
  const d = el("details", { class: "kind", "data-kind": k.id },
    el("summary", {}, el("span", { class: "badge badge-" + badge, text: badge }),
      el("span", { class: "title", text: k.title }), el("code", { text: k.id }),
      el("span", { class: "count", text: k.findings.length + (k.findings.length === 1 ? " finding" : " findings") })),
    body);
  if (k.blocking && !k.allowed) d.open = true;
  return d;
}

function showAllowed() {
  $("allowed-kinds").textContent = allowed.size
    ? "Allowed for the migration: " + [...allowed].join(", ") + " (assess.allow for this run)." : "";
}

async function runAssess() {
  busy("assess-message", "Reading the catalog and checking the data…");
  $("assess-run").disabled = true;
  try {
    const a = await api("POST", "/api/assess", { allow: [...allowed] });
    a.kinds.filter((k) => k.allowed).forEach((k) => allowed.add(k.id));
    const blocking = a.kinds.filter((k) => k.blocking && !k.allowed).length;
    $("assess-summary").replaceChildren(el("div", { class: "banner " + (a.passed ? "ok" : "bad"), "data-test": "assess-verdict" },
      a.passed ? "No blocking finding stops the migration." : a.stopping + " blocking finding(s) of " + blocking
        + " kind(s) stop the migration until fixed or allowed.",
      el("div", { class: "muted" }, "Source " + a.source + (a.sourceVersion ? " (PostgreSQL " + a.sourceVersion + ")" : "")
        + " → " + a.target + " · collation " + a.collation + " · report " + a.report)));
    $("assess-kinds").replaceChildren(...a.kinds.map(kindBlock),
      a.notConverted.length ? el("details", { class: "kind" },
        el("summary", {}, el("span", { class: "badge badge-warning", text: "objects" }),
          el("span", { class: "title", text: "Objects not created in SQL Server" }),
          el("span", { class: "count", text: a.notConverted.length + " objects" })),
        el("div", { class: "body" }, el("table", { class: "grid" },
          el("thead", {}, el("tr", {}, el("th", { text: "Kind" }), el("th", { text: "Name" }), el("th", { text: "Reason" }))),
          el("tbody", {}, a.notConverted.map((o) => el("tr", {}, el("td", { text: o.kind }),
            el("td", {}, el("code", { text: o.name })), el("td", { text: o.reason }))))))) : "");
    message("assess-message", a.passed ? "Assessment " + a.runId + ": nothing blocks." :
      "Assessment " + a.runId + ": allow or fix the blocking kinds, then assess again.", a.passed ? "ok" : "bad");
    mark("assess", a.passed ? "done" : "attention");
    showAllowed();
  } catch (e) {
    message("assess-message", e.message, "bad");
    if (e.data && e.data.failure) $("assess-summary").replaceChildren(entry(e.data.failure));
  } finally {
    $("assess-run").disabled = false;
    poll();
  }
}

// ---- 4 Migrate, live status ---------------------------------------------------------------------------------------

let logNext = 0;
let lastState = null;
let pollTimer = null;

async function start(what) {
  busy("migrate-message", what === "migrate" ? "Starting the migration…" : "Resuming…");
  try {
    await api("POST", "/api/" + what, what === "migrate" ? { allow: [...allowed] } : {});
    logNext = 0;
    $("status-log").value = "";
    message("migrate-message", what === "migrate" ? "Migration started." : "Resume started.", "ok");
    poll(true);
  } catch (e) {
    message("migrate-message", e.message, "bad");
  }
}

async function cancelRun() {
  try {
    await api("POST", "/api/cancel");
    busy("migrate-message", "Stopping: the chunks in flight are rolled back…");
  } catch (e) {
    message("migrate-message", e.message, "bad");
  }
}

function renderStages(stages) {
  $("stages").replaceChildren(...stages.map((s) => el("li", { class: s.state, "data-stage": s.name },
    el("strong", { text: s.name }),
    s.state === "done" ? (s.millis >= 1000 ? (s.millis / 1000).toFixed(1) + " s" : s.millis + " ms") : s.state)));
}

function renderProgress(st) {
  const o = st.overall;
  const pct = o.total > 0 ? Math.min(100, (100 * o.copied) / o.total) : (st.state === "completed" ? 100 : 0);
  $("overall-progress").value = pct;
  $("overall-text").textContent = number(o.copied) + " of " + number(o.total) + " rows"
    + (o.rowsPerSecond ? " · " + number(Math.round(o.rowsPerSecond)) + " rows/s" : "")
    + (o.etaSeconds !== null && st.state === "running" ? " · ETA " + duration(o.etaSeconds) : "");
  $("tables-progress").querySelector("tbody").replaceChildren(...st.tables.map((t) => {
    const bar = el("progress", { max: String(Math.max(1, t.sourceRows)), "aria-label": t.table });
    bar.value = Math.min(t.copied, Math.max(1, t.sourceRows));
    return el("tr", { "data-table": t.table },
      el("td", {}, el("code", { text: t.table })), el("td", {}, bar),
      el("td", { class: "num", text: number(t.copied) + " / " + number(t.sourceRows) }),
      el("td", { class: "num", text: t.rowsPerSecond ? number(Math.round(t.rowsPerSecond)) : "–" }),
      el("td", { class: "num", text: t.state === "copied" ? "done" : duration(t.etaSeconds) }),
      el("td", { text: t.state }));
  }));
}

function appendLog(lines) {
  if (!lines.length) return;
  const box = $("status-log");
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.value += lines.map((l) => l.time + " " + (l.level === "OUT" ? "" : l.level.padEnd(5) + " ")
    + (l.stage ? "[" + l.stage + "] " : "") + l.text).join("\n") + "\n";
  if (atEnd) box.scrollTop = box.scrollHeight;
}

function renderResult(st) {
  const r = st.result;
  const banner = $("result-banner");
  if (!r) return;
  const all = r.tables.length;
  const verified = r.tables.filter((t) => t.verified).length;
  const texts = {
    completed: ["ok", "Run " + r.runId + " completed: all " + all + " tables verified (" + number(r.rowsWritten) + " rows)."],
    interrupted: ["warn", "Run " + (r.runId || "") + " was stopped. The committed chunks stay in the target: Resume continues."],
    failed: ["bad", "Run " + (r.runId || "") + " FAILED. Fix the cause below, then Resume continues from the last committed chunk."],
  };
  const [kind, text] = texts[r.status] || ["warn", "Run " + r.runId + " finished, but NOT every table verified ("
    + verified + " of " + all + ")."];
  banner.className = "banner " + kind;
  banner.textContent = text;
  banner.setAttribute("data-test", "result-" + r.status);
  const failure = $("result-failure");
  failure.replaceChildren();
  if (r.failure) {
    failure.append(entry(r.failure, r.status === "interrupted")); // a stop that was asked for is no error
  }
  if (r.status !== "completed") {
    const resume = el("button", { type: "button", class: "primary", id: "result-resume" }, "Resume");
    resume.addEventListener("click", () => { show("migrate"); start("resume"); });
    failure.append(el("div", { class: "actions" }, resume));
  }
  // what './run.sh status' says of the run now it has ended: the command that continues it, notes, the report
  const next = $("result-next");
  next.replaceChildren();
  if (r.next) next.append(el("dt", { text: "Next" }), el("dd", {}, r.status === "completed" ? "" : "Resume, or ",
    el("code", { text: r.next })));
  for (const n of r.notes || []) next.append(el("dt", { text: "Note" }), el("dd", { text: n }));
  if (r.report) next.append(el("dt", { text: "Report" }), el("dd", {}, el("code", { text: r.report })));
  $("result-warnings").replaceChildren(...(r.warnings || []).map((w) => entry({ error: w }, true)));
  const table = $("result-tables");
  table.hidden = all === 0;
  table.querySelector("tbody").replaceChildren(...r.tables.map((t) => el("tr", { "data-table": t.table },
    el("td", {}, el("code", { text: t.table })), el("td", { class: "num", text: number(t.sourceRows) }),
    el("td", { class: "num", text: number(t.targetRows) }), el("td", { class: "num", text: number(t.rejected) }),
    el("td", { class: t.verified ? "yes" : "no", "data-test": "verified", text: t.verified ? "✓ verified" : "✗ NOT verified" }))));
  const committed = r.committed || [];
  $("result-committed").replaceChildren(...(committed.length ? [el("h3", { text: "Committed in the target so far" }),
    el("table", { class: "grid", "aria-label": "Committed so far" },
      el("thead", {}, el("tr", {}, el("th", { text: "Table" }), el("th", { class: "num", text: "Chunks committed" }),
        el("th", { class: "num", text: "Rows committed" }), el("th", { text: "State" }))),
      el("tbody", {}, committed.map((c) => el("tr", { "data-table": c.table },
        el("td", {}, el("code", { text: c.table })), el("td", { class: "num", text: c.chunksDone + " of " + c.chunks }),
        el("td", { class: "num", text: number(c.rowsWritten) }),
        el("td", { text: c.chunks > 0 && c.chunksDone === c.chunks ? "copied" : "to resume" })))))] : []));
  $("result-excluded").replaceChildren(...(r.excluded.length ? [el("h3", { text: "Excluded (not migrated)" }),
    el("table", { class: "grid" }, el("tbody", {}, r.excluded.map((x) => el("tr", {},
      el("td", {}, el("code", { text: x.table })), el("td", { class: "num", text: number(x.rows) + " rows" }),
      el("td", { text: x.reason })))))] : []));
  mark("result", r.status === "completed" ? "done" : "attention");
}

async function poll(soon) {
  clearTimeout(pollTimer);
  try {
    const st = await api("GET", "/api/status?logAfter=" + logNext);
    logNext = st.logNext;
    appendLog(st.log);
    const badge = $("state-badge");
    badge.textContent = st.state;
    badge.className = "badge badge-" + st.state;
    $("state-run").textContent = st.runId ? "run " + st.runId + (st.stopRequested && st.state === "running" ? " · stopping" : "") : "";
    const running = st.state === "running";
    $("cancel-run").disabled = !running;
    $("migrate-run").disabled = running || !!st.busy;
    $("resume-run").disabled = running || !!st.busy;
    renderStages(st.stages);
    renderProgress(st);
    if (lastState === "running" && !running) {
      message("migrate-message", "Run " + (st.runId || "") + " " + st.state + ".", st.state === "completed" ? "ok" : "bad");
    }
    if (st.result) {
      renderResult(st);
      if (lastState === "running" && !running) {
        mark("migrate", st.state === "completed" ? "done" : "attention");
        show("result");
      }
    }
    lastState = st.state;
    if (st.notices > 0 && $("notice").hidden) await showNotices();
    pollTimer = setTimeout(poll, running ? 1000 : 4000);
  } catch (e) {
    pollTimer = setTimeout(poll, 5000);
  }
}

// ---- shown once -------------------------------------------------------------------------------------------------

async function showNotices() {
  const r = await api("GET", "/api/notices");
  if (!r.notices.length) return;
  const n = r.notices[0];
  $("notice-text").textContent = n.text;
  $("notice-written").checked = false;
  $("notice-close").disabled = true;
  $("notice").dataset.id = n.id;
  $("notice").hidden = false;
  $("notice-written").focus();
}

async function closeNotice() {
  await api("POST", "/api/notices/" + encodeURIComponent($("notice").dataset.id) + "/ack");
  $("notice-text").textContent = "";
  $("notice").hidden = true;
  await showNotices();
}

// ---- 6 Personal passwords -----------------------------------------------------------------------------------------

async function loadExcluded() {
  try {
    const r = await api("GET", "/api/excluded");
    for (const id of ["export-table", "import-table"]) {
      $(id).replaceChildren(...r.tables.map((t) => el("option", { value: t, text: t })));
    }
    message("export-message", r.tables.length ? "" : "No table is excluded (migration.excludedTables is empty).");
    exportLink();
  } catch (e) {
    message("export-message", e.message, "bad");
  }
}

function exportLink() {
  const table = $("export-table").value;
  const format = document.querySelector('input[name="export-format"]:checked').value;
  $("export-link").href = table ? "/api/excluded/export?table=" + encodeURIComponent(table) + "&format=" + format : "#";
}

async function runImport() {
  const file = $("import-file").files[0];
  if (!file) {
    message("import-message", "Choose a file first.", "bad");
    return;
  }
  busy("import-message", "Importing " + file.name + "…");
  $("import-run").disabled = true;
  try {
    const path = "/api/excluded/import?fileName=" + encodeURIComponent(file.name) + "&table="
      + encodeURIComponent($("import-table").value);
    const r = await api("POST", path, undefined, await file.arrayBuffer());
    const facts = el("dl", { class: "facts" },
      el("dt", { text: "Status" }), el("dd", { text: r.status }),
      el("dt", { text: "Read as" }), el("dd", { text: r.readAs || "–" }),
      el("dt", { text: "Rows" }), el("dd", { text: number(r.fileRows) + " in the file, " + number(r.rowsWritten) + " written, "
        + number(r.targetRows) + " in " + r.targetTable }),
      el("dt", { text: "Verified" }), el("dd", { class: r.verified ? "yes" : "no", text: r.verified ? "yes" : "NO" }),
      el("dt", { text: "Report" }), el("dd", { text: r.report || "–" }));
    $("import-result").replaceChildren(facts, ...r.warnings.map((w) => entry({ error: w }, true)),
      ...(r.failure ? [entry(r.failure)] : []));
    message("import-message", r.status === "completed" ? "Imported and verified." : "Import " + r.status + ".",
      r.status === "completed" ? "ok" : "bad");
  } catch (e) {
    message("import-message", e.message, "bad");
    if (e.data && e.data.failure) $("import-result").replaceChildren(entry(e.data.failure));
  } finally {
    $("import-run").disabled = false;
    poll();
  }
}

// ---- wiring -----------------------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".step").forEach((b) => b.addEventListener("click", () => show(b.dataset.panel)));
  document.querySelectorAll('#setup-form input[type="radio"], #keep-target-url').forEach((r) =>
    r.addEventListener("change", setupVisibility));
  $("encryption-modes").addEventListener("change", setupVisibility);
  $("setup-form").addEventListener("submit", saveSetup);
  $("test-run").addEventListener("click", runTest);
  $("assess-run").addEventListener("click", runAssess);
  $("migrate-run").addEventListener("click", () => start("migrate"));
  $("resume-run").addEventListener("click", () => start("resume"));
  $("cancel-run").addEventListener("click", cancelRun);
  $("notice-written").addEventListener("change", () => { $("notice-close").disabled = !$("notice-written").checked; });
  $("notice-close").addEventListener("click", closeNotice);
  $("export-table").addEventListener("change", exportLink);
  document.querySelectorAll('input[name="export-format"]').forEach((r) => r.addEventListener("change", exportLink));
  $("import-run").addEventListener("click", runImport);
  show("setup");
  loadSetup().catch((e) => message("setup-message", e.message, "bad"));
  poll();
});
