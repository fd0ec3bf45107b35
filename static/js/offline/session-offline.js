// The Posyandu session without a signal. "Download session" keeps the roster
// and the entry rules on the phone (IndexedDB) and the page in the service
// worker's cache. From then on every row is checked and computed on the phone
// with the server's own rules, kept in an outbox ("not sent yet") and sent in
// order as soon as there is a connection, with retries and backoff. The
// server's result replaces the phone's; a row changed on the server since the
// download is never overwritten silently: it waits in "To be reviewed".
(function () {
  "use strict";
  const bar = document.getElementById("offline-bar");
  if (!bar || !window.idb || !window.ILPSession || !window.ILPRules || !window.ILPStore || !window.ILPOfflineView) return;
  const T = window.ILP_OFFLINE || {};
  const S = window.ILPSession;
  const store = window.ILPStore;
  const sessionId = Number(bar.dataset.session);
  const sessionDate = bar.dataset.date;
  const $ = function (id) { return document.getElementById(id); };
  const els = {
    net: $("net-state"), pending: $("pending-count"), last: $("last-sync"), download: $("download-session"),
    send: $("send-now"), problem: $("sync-problem"), review: $("review"), reviewList: $("review-list"),
    list: $("session-list"), template: $("new-row"), addChild: document.querySelector("#add-child form"),
  };
  const MEASURES = ["weight_kg", "length_cm", "muac_cm"];
  const BATCH = 50;
  const inFlight = new Set();
  let roster = null;
  let rules = null;
  let syncing = false;
  let backoff = 0;
  let retryAt = 0;

  const V = window.ILPOfflineView;
  const uuid = V.uuid, when = V.when, csrf = V.csrf, has = V.has;
  const labelled = V.labelled, resultHtml = V.resultHtml, sameResult = V.sameResult, summary = V.summary;
  const fill = V.fill;
  function formOf(childId) {
    return S.forms.find(function (f) { return f.dataset.child === String(childId); }) || null;
  }
  function childOf(childId) {
    return roster.children.find(function (c) { return String(c.id) === String(childId); }) || null;
  }
  // ---- the row on the page ------------------------------------------------
  function showServerRow(form, row, note) {
    fill(form, row.values);
    S.showSaved(form, {values: row.values, result_html: resultHtml(row.result), note: note || ""});
  }
  function showPending(form, item) {
    fill(form, item.data);
    S.showSaved(form, {values: {}, pending: true, badge: T.pending, result_html: resultHtml(item.local)});
  }
  function addRow(child) {
    const form = els.template.content.firstElementChild.cloneNode(true);
    const id = String(child.id);
    form.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(/-new$/, "-" + id); });
    form.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(/-new$/, "-" + id); });
    form.id = "row-" + id;
    form.dataset.child = id;
    form.dataset.name = child.name.toLowerCase();
    form.querySelector("[data-result-for]").dataset.resultFor = form.id;
    const link = form.querySelector(".c-child a");
    link.textContent = child.name;
    link.removeAttribute("href");
    const about = form.querySelector(".c-child .small");
    if (about) about.textContent = "· " + (child.sex === "L" ? T.boy : T.girl) + " · " + T.newChild;
    els.list.append(form);
    S.addRow(form);
    return form;
  }
  function renumber(tempId, realId) {
    const form = formOf(tempId);
    if (!form) return;
    const id = String(realId);
    form.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(tempId, id); });
    form.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(tempId, id); });
    form.id = "row-" + id;
    form.dataset.child = id;
    form.querySelector("[data-result-for]").dataset.resultFor = form.id;
  }

  // ---- entering a row -----------------------------------------------------
  function readRow(form) {
    const f = form.elements;
    return {
      weight_kg: f.weight_kg.value.trim(), length_cm: f.length_cm.value.trim(), muac_cm: f.muac_cm.value.trim(),
      measured_lying: f.measured_lying ? f.measured_lying.value : "", oedema: Boolean(f.oedema && f.oedema.checked),
      vitamin_a: Boolean(f.vitamin_a && f.vitamin_a.checked),
      // The doses ticked today; those recorded before are disabled and stay recorded.
      immunisations: Array.from(form.querySelectorAll("input[name=immunisation]:checked:not(:disabled)"),
                                function (box) { return box.value; }),
    };
  }
  function ruleChild(child) {
    return {sex: child.sex, birth_date: child.birth_date, previous_weighing: child.previous_weighing || null};
  }

  async function saveLocally(form, confirmed) {
    const child = childOf(form.dataset.child);
    if (!child) return {ok: false, errors: {__all__: [T.sentRefused]}};
    const raw = readRow(form);
    const values = {measured_lying: raw.measured_lying === "lying" ? true : raw.measured_lying === "standing" ? false : null,
                    oedema: raw.oedema};
    const errors = {};
    MEASURES.forEach(function (name) {
      if (raw[name] === "") { values[name] = null; return; }
      const v = ILPRules.parseDecimal(raw[name], rules.fields && rules.fields[name]);
      if (v === null || v === undefined || !isFinite(v)) errors[name] = [T.enterNumber];
      else values[name] = v;
    });
    if (has(errors)) return {ok: false, errors: labelled(form, errors)};
    if (values.weight_kg === null && values.length_cm === null && values.muac_cm === null && !raw.oedema &&
        !raw.vitamin_a && !raw.immunisations.length) {
      return {ok: false, empty: true, errors: {__all__: [T.nothingEntered]}};
    }
    const checked = ILPRules.check(rules, ruleChild(child), sessionDate, values);
    if (has(checked.errors)) return {ok: false, errors: labelled(form, checked.errors)};
    const warned = has(checked.warnings);
    if (warned && !confirmed) return {ok: false, needs_confirmation: true, errors: labelled(form, checked.warnings)};
    const derived = ILPRules.derive(rules, ruleChild(child), sessionDate, values);
    const local = Object.assign({}, derived, {weight_kg: values.weight_kg, length_cm: values.length_cm,
                                               oedema: values.oedema});
    await enqueueRow(child, raw, warned, local);
    refreshStatus();
    renderReview();
    kick();
    return {ok: true, pending: true, badge: T.pending, values: {}, result_html: resultHtml(local)};
  }

  async function enqueueRow(child, raw, confirm, local) {
    const id = String(child.id);
    const earlier = (await store.items()).filter(function (i) {
      return i.kind === "row" && i.child === id && !inFlight.has(i.seq);
    });
    // The row typed again before it was sent replaces the one waiting; it
    // keeps the version the phone read, so a conflict is still seen.
    let base = child.row ? child.row.version : null;
    for (const item of earlier) {
      base = item.data.base_version;
      await store.remove(item.seq);
    }
    const data = Object.assign({key: uuid(), confirm_warnings: confirm, base_version: base}, raw);
    MEASURES.forEach(function (name) { if (data[name] === "") data[name] = null; });
    if (child.temp) data.temp_id = id; else data.patient = Number(id);
    await store.add({kind: "row", session: sessionId, child: id, data: data, local: local, state: "pending",
                     created: new Date().toISOString()});
  }

  // ---- registering a child without a signal --------------------------------
  function childProblem(text) {
    let box = els.addChild.querySelector(".offline-child-problem");
    if (!box) {
      box = document.createElement("div");
      box.className = "col-12 alert alert-danger offline-child-problem";
      box.setAttribute("role", "alert");
      els.addChild.prepend(box);
    }
    box.textContent = text;
    box.hidden = !text;
  }
  async function registerLocally(event) {
    if (!S.saveHook) return;  // not downloaded: the form posts as usual
    event.preventDefault();
    const f = els.addChild.elements;
    const data = {mother: f.mother.value, name: f.name.value.trim().replace(/\s+/g, " "), sex: f.sex.value,
                  birth_date: f.birth_date.value, nik: f.nik.value.trim()};
    if (!data.mother || !data.name || !data.sex || !data.birth_date || data.birth_date > sessionDate) {
      childProblem(T.childRequired);
      return;
    }
    childProblem("");
    const temp = "tmp-" + uuid();
    const child = {id: temp, temp: true, name: data.name, sex: data.sex, birth_date: data.birth_date, row: null,
                   previous_weighing: null};
    roster.children.push(child);
    await store.saveRoster(roster);
    await store.add({kind: "child", session: sessionId, child: temp, state: "pending", created: new Date().toISOString(),
                     data: Object.assign({key: uuid(), temp_id: temp}, data, {mother: Number(data.mother)})});
    const form = addRow(child);
    els.addChild.reset();
    els.addChild.closest("details").open = false;
    form.elements.weight_kg.focus();
    form.scrollIntoView({block: "nearest"});
    refreshStatus();
    kick();
  }

  // ---- sending --------------------------------------------------------------
  function problem(text, link) {
    els.problem.replaceChildren();
    els.problem.hidden = !text;
    if (!text) return;
    els.problem.append(document.createTextNode(text + " "));
    if (link) {
      const a = document.createElement("a");
      a.href = link; a.textContent = T.logIn || link;
      els.problem.append(a);
    }
  }

  async function applyResult(item, result) {
    const status = result ? result.status : 0;
    const body = (result && result.body) || {};
    const items = await store.items();
    if (status === 200 || status === 201) {
      await store.remove(item.seq);
      if (item.kind === "child") {
        const real = String(body.patient);
        const child = childOf(item.child);
        if (child) { child.id = Number(real); child.temp = false; }
        for (const later of items) {
          if (later.seq !== item.seq && later.data.temp_id === item.child) {
            delete later.data.temp_id;
            later.data.patient = Number(real);
            later.child = real;
            await store.put(later);
          }
        }
        renumber(item.child, real);
      } else {
        const child = childOf(item.child);
        if (child) child.row = body;
        const waiting = items.filter(function (i) { return i.seq !== item.seq && i.kind === "row" && i.child === item.child; });
        for (const later of waiting) {
          later.data.base_version = body.version;
          await store.put(later);
        }
        const form = formOf(item.child);
        if (form && !waiting.length) {
          showServerRow(form, body, sameResult(item.local, body.result) ? "" : T.serverDiffers);
        }
      }
      return;
    }
    const messages = (body.errors || []).map(function (e) { return e.message; });
    item.state = status === 409 || body.needs_confirmation ? "review" : "failed";
    item.server = body.server || null;
    item.confirm = Boolean(body.needs_confirmation);
    item.messages = messages.length ? messages : [T.sentRefused];
    await store.put(item);
    const form = formOf(item.child);
    if (form) S.showProblem(form, {errors: {__all__: item.messages}});
  }

  async function sendBatch() {
    const pending = (await store.items()).filter(function (i) { return i.state === "pending"; }).slice(0, BATCH);
    if (!pending.length) return false;
    pending.forEach(function (i) { inFlight.add(i.seq); });
    let response;
    try {
      response = await fetch(bar.dataset.outboxUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf()},
        body: JSON.stringify({items: pending.map(function (i) { return {kind: i.kind, session: i.session, data: i.data}; })}),
      });
    } catch (e) {
      throw new Error("network");
    }
    if (response.status === 401 || response.status === 403) {
      const error = new Error("login");
      error.login = true;
      throw error;
    }
    if (!response.ok) throw new Error("server " + response.status);
    const results = (await response.json()).results || [];
    for (let n = 0; n < pending.length; n++) await applyResult(pending[n], results[n]);
    await store.saveRoster(roster);
    await store.setMeta("lastSync", new Date().toISOString());
    return true;
  }

  async function sync(manual) {
    if (syncing || !roster) return;
    if (!manual && (!navigator.onLine || Date.now() < retryAt)) return;
    syncing = true;
    try {
      const run = async function () { while (await sendBatch()) { inFlight.clear(); } };
      // One tab sends at a time; the keys make a second sender harmless anyway.
      if (navigator.locks) await navigator.locks.request("ilp-outbox", run); else await run();
      backoff = 0;
      retryAt = 0;
      problem("");
    } catch (e) {
      if (e.login) {
        problem(T.loginAgain, bar.dataset.loginUrl);
      } else {
        // Exponential backoff with jitter: 2, 4, 8 ... 60 s.
        backoff = Math.min(60, backoff ? backoff * 2 : 2);
        retryAt = Date.now() + backoff * 1000 * (0.5 + Math.random() / 2);
        problem(T.sendFailed);
      }
    } finally {
      inFlight.clear();
      syncing = false;
      refreshStatus();
      renderReview();
    }
  }
  function kick() { if (navigator.onLine) sync(false); }

  // ---- to be reviewed --------------------------------------------------------
  function button(text, cls, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  async function resolve(item, keepMine) {
    if (keepMine) {
      item.state = "pending";
      item.data.key = uuid();
      if (item.server) item.data.base_version = item.server.version;
      if (item.confirm) item.data.confirm_warnings = true;
      await store.put(item);
      const form = formOf(item.child);
      if (form) showPending(form, item);
    } else {
      await store.remove(item.seq);
      const child = childOf(item.child);
      const form = formOf(item.child);
      if (item.server && child) {
        child.row = item.server;
        await store.saveRoster(roster);
        if (form) showServerRow(form, item.server);
      } else if (form) {
        S.showProblem(form, {errors: {__all__: [T.discarded]}});
      }
    }
    refreshStatus();
    renderReview();
    kick();
  }
  async function renderReview() {
    const items = (await store.items()).filter(function (i) { return i.state === "review" || i.state === "failed"; });
    els.review.hidden = !items.length;
    els.reviewList.replaceChildren();
    items.forEach(function (item) {
      const child = childOf(item.child);
      const li = document.createElement("li");
      li.className = "review-item border-top pt-2 mt-2";
      li.dataset.child = item.child;
      const name = document.createElement("strong");
      name.textContent = child ? child.name : item.child;
      li.append(name);
      const why = document.createElement("div");
      why.className = "small";
      why.textContent = (item.messages || []).join(" ");
      li.append(why);
      if (item.kind === "row") {
        const mine = document.createElement("div");
        mine.className = "review-yours";
        mine.textContent = T.yours + ": " + summary(item.data);
        li.append(mine);
        if (item.server) {
          const theirs = document.createElement("div");
          theirs.className = "review-server";
          theirs.textContent = T.onServer + ": " + summary(item.server.values);
          li.append(theirs);
        }
      }
      const actions = document.createElement("div");
      actions.className = "d-flex flex-wrap gap-2 mt-1";
      if (item.state === "review") {
        actions.append(button(item.confirm ? T.saveAnyway : T.keepMine, "btn-warning keep-mine",
                              function () { resolve(item, true); }));
      }
      actions.append(button(item.server ? T.keepServer : T.discard, "btn-outline-secondary keep-server",
                            function () { resolve(item, false); }));
      li.append(actions);
      els.reviewList.append(li);
    });
  }

  // ---- status, download, start ------------------------------------------------
  async function refreshStatus() {
    const online = navigator.onLine;
    els.net.textContent = online ? T.online : T.offline;
    els.net.className = "badge " + (online ? "text-bg-success" : "text-bg-secondary");
    const items = await store.items();
    const pending = items.filter(function (i) { return i.state === "pending"; }).length;
    els.pending.textContent = pending ? T.pendingCount.replace("{n}", pending) : T.allSent;
    els.pending.className = pending ? "fw-semibold text-warning-emphasis" : "";
    els.send.hidden = !pending;
    const last = await store.meta("lastSync");
    const downloaded = await store.meta("downloaded-" + sessionId);
    els.last.textContent = [downloaded ? T.downloaded.replace("{when}", when(downloaded)) : "",
                            last ? T.lastSync.replace("{when}", when(last)) : T.neverSynced].join(" ");
    els.download.textContent = roster ? T.downloadAgain : els.download.dataset.first;
  }

  async function getJSON(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}});
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function applyState() {
    roster.children.forEach(function (child) {
      if (child.temp && !formOf(child.id)) addRow(child);
      const form = formOf(child.id);
      if (form && child.row) showServerRow(form, child.row);
    });
    const items = await store.items();
    items.forEach(function (item) {
      if (item.kind !== "row" || item.session !== sessionId) return;
      const form = formOf(item.child);
      if (!form) return;
      if (item.state === "pending") showPending(form, item);
      else { fill(form, item.data); S.showProblem(form, {errors: {__all__: item.messages || []}}); }
    });
    S.updateProgress();
  }

  async function download(quiet) {
    els.download.disabled = true;
    try {
      const fresh = await getJSON(bar.dataset.rosterUrl);
      const freshRules = await getJSON(bar.dataset.rulesUrl);
      const before = await store.roster(sessionId);
      // Children registered here and not sent yet stay on the roster.
      if (before) fresh.children.push.apply(fresh.children, before.children.filter(function (c) { return c.temp; }));
      await store.saveRoster(fresh);
      await store.setMeta("rules", freshRules);
      if (window.caches) {
        const pages = await caches.open("ilp-pages");
        await pages.add(location.href);
      }
      // Only now is the session usable offline: the page says "downloaded".
      await store.setMeta("downloaded-" + sessionId, new Date().toISOString());
      roster = fresh;
      rules = freshRules;
      S.saveHook = saveLocally;
      await applyState();
      problem("");
    } catch (e) {
      if (!quiet) problem(T.downloadFailed);
    } finally {
      els.download.disabled = false;
      refreshStatus();
    }
  }

  async function start() {
    els.download.dataset.first = els.download.textContent;
    bar.hidden = false;
    roster = (await store.roster(sessionId)) || null;
    rules = (await store.meta("rules")) || null;
    if (roster && rules) {
      S.saveHook = saveLocally;
      await applyState();
      // Online with a downloaded session: take the server's rows of now.
      if (navigator.onLine) await download(true);
    } else {
      roster = null;
    }
    refreshStatus();
    renderReview();
    kick();
  }

  els.download.addEventListener("click", function () { download(false); });
  els.send.addEventListener("click", function () { retryAt = 0; sync(true); });
  if (els.addChild) els.addChild.addEventListener("submit", registerLocally);
  window.addEventListener("online", function () { retryAt = 0; refreshStatus(); sync(false); });
  window.addEventListener("offline", refreshStatus);
  // Rows wait for a connection; nobody has to press anything.
  setInterval(function () { if (navigator.onLine) sync(false); }, 3000);
  start();
})();
