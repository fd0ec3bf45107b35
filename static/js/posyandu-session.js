// Posyandu session: each child is its own form. With JavaScript, Enter (or
// Save) saves the row in the background, shows the result the server rendered,
// and moves the cursor to the next child; a value that needs checking is
// confirmed in the row itself. Without JavaScript the form posts and the page
// reloads.
(function () {
  "use strict";
  const texts = window.ILP_SESSION || {};
  const forms = Array.from(document.querySelectorAll("#session-list form.session-row"));
  const progress = document.getElementById("session-progress");
  // The offline script (js/offline/session-offline.js) saves through `saveHook`
  // once the session is downloaded, and adds rows for children registered offline.
  const api = window.ILPSession = {saveHook: null, forms: forms};

  function resultCell(form) {
    return form.querySelector('[data-result-for="' + form.id + '"]');
  }

  function updateProgress() {
    if (!progress || !texts.progressText) return;
    const saved = forms.filter(function (f) { return f.classList.contains("is-saved"); }).length;
    progress.textContent = texts.progressText.replace("{saved}", saved).replace("{total}", forms.length);
  }

  function setState(form, state) {
    form.classList.remove("is-saved", "has-warning", "has-error");
    if (state) form.classList.add(state);
  }

  function showSaved(form, data) {
    const out = resultCell(form);
    // The server rendered this fragment from the stored measurement.
    out.innerHTML = data.result_html || "";
    const badge = document.createElement("span");
    badge.className = data.pending ? "badge text-bg-warning ms-1 pending-badge" : "badge text-bg-light border ms-1";
    badge.textContent = data.badge || texts.savedText || "saved";
    out.append(badge);
    if (data.note) {
      const note = document.createElement("div");
      note.className = "small text-warning-emphasis server-note";
      note.textContent = data.note;
      out.append(note);
    }
    Object.entries(data.values || {}).forEach(function ([name, value]) {
      const input = form.elements[name];
      if (input && input.tagName === "INPUT" && input.type !== "checkbox") input.value = value;
    });
    if (typeof (data.values || {}).immunisation === "string") {
      // The doses recorded stay ticked and are not sent again (corrected on the visit's page).
      const given = data.values.immunisation.split(" ");
      form.querySelectorAll("input[name=immunisation]").forEach(function (box) {
        box.checked = box.disabled = given.indexOf(box.value) >= 0;
      });
    }
    setState(form, "is-saved");
    updateProgress();
  }

  function messagesOf(data) {
    const list = [];
    Object.values(data.errors || {}).forEach(function (msgs) { msgs.forEach(function (m) { list.push(m); }); });
    return list;
  }

  function showProblem(form, data) {
    const out = resultCell(form);
    out.replaceChildren();
    const box = document.createElement("div");
    const warning = Boolean(data.needs_confirmation);
    box.className = warning ? "text-warning-emphasis" : "text-danger";
    box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = (warning ? texts.checkText : texts.errorText) + ": ";
    box.append(title);
    messagesOf(data).forEach(function (m, i) {
      if (i) box.append(document.createElement("br"));
      box.append(document.createTextNode(m));
    });
    out.append(box);
    if (warning) {
      const confirm = document.createElement("button");
      confirm.type = "button";
      confirm.className = "btn btn-warning btn-sm confirm-btn";
      confirm.textContent = texts.confirmText || "Save anyway";
      confirm.addEventListener("click", function () { submit(form, true); });
      out.append(confirm);
    }
    setState(form, warning ? "has-warning" : "has-error");
    Object.keys(data.errors || {}).forEach(function (name) {
      const input = form.elements[name];
      if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
    });
  }

  async function save(form, confirmed) {
    if (api.saveHook) {
      const local = await api.saveHook(form, confirmed);
      Array.from(form.elements).forEach(function (el) { if (el.removeAttribute) el.removeAttribute("aria-invalid"); });
      if (local.ok) { showSaved(form, local); return true; }
      showProblem(form, local);
      return local.ok;
    }
    const body = new FormData(form);
    if (confirmed) body.set("confirm_warnings", "on");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST", body: body, headers: {"X-Requested-With": "fetch"}, credentials: "same-origin",
      });
    } catch (e) {
      showProblem(form, {errors: {"__all__": [texts.offlineText || "No connection"]}});
      return false;
    }
    let data;
    try { data = await response.json(); } catch (e) { data = {ok: false, errors: {"__all__": [response.statusText]}}; }
    Array.from(form.elements).forEach(function (el) { if (el.removeAttribute) el.removeAttribute("aria-invalid"); });
    if (data.ok) { showSaved(form, data); return true; }
    showProblem(form, data);
    return false;
  }

  function nextVisible(index) {
    for (let i = index + 1; i < forms.length; i++) if (!forms[i].hidden) return forms[i];
    return null;
  }

  async function submit(form, confirmed) {
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;  // one tap, one save
    try {
      const ok = await save(form, confirmed);
      const next = ok ? nextVisible(forms.indexOf(form)) : null;
      if (next) {
        next.elements["weight_kg"].focus();
        next.scrollIntoView({block: "nearest"});
      }
    } finally {
      button.disabled = false;
    }
  }

  function wire(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(form, false);
    });
    // Enter in a select or checkbox saves the row too, as in a text input.
    Array.from(form.elements).forEach(function (el) {
      if (el.tagName === "SELECT" || el.type === "checkbox") {
        el.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); form.requestSubmit(); }
        });
      }
    });
  }
  forms.forEach(wire);
  api.addRow = function (form) { forms.push(form); wire(form); updateProgress(); };
  api.showSaved = showSaved;
  api.showProblem = showProblem;
  api.updateProgress = updateProgress;

  const filter = document.getElementById("session-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      const q = filter.value.trim().toLowerCase();
      forms.forEach(function (f) { f.hidden = Boolean(q) && !(f.dataset.name || "").includes(q); });
    });
  }
  updateProgress();
  // On a laptop the cursor starts in the first row; on a phone the keyboard
  // would cover the list, so the kader taps the child she has in front of her.
  if (forms[0] && window.matchMedia("(min-width: 992px)").matches) forms[0].elements["weight_kg"].focus();
})();
