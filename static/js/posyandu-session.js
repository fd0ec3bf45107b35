// Posyandu session: each row is its own form. With JavaScript, Enter saves the
// row in the background, shows the z-scores and growth code, and moves the
// cursor to the next child; without it, the form posts and the page reloads.
(function () {
  "use strict";
  const texts = window.ILP_SESSION || {};
  const forms = Array.from(document.querySelectorAll("form.session-row"));

  function badge(text, kind) {
    const span = document.createElement("span");
    span.className = "badge text-bg-" + kind + " me-1";
    span.textContent = text;
    return span;
  }

  function resultCell(form) {
    return document.querySelector('[data-result-for="' + form.id + '"]');
  }

  function showResult(form, data) {
    const out = resultCell(form);
    out.replaceChildren();
    const parts = [];
    if (data.waz !== null && data.waz !== undefined) parts.push("BB/U " + data.waz);
    if (data.haz !== null && data.haz !== undefined) parts.push("TB/U " + data.haz);
    if (data.whz !== null && data.whz !== undefined) parts.push("BB/TB " + data.whz);
    out.append(document.createTextNode(parts.join(" · ") + " "));
    if (data.growth_code) out.append(badge(data.growth_code, data.growth_code === "N" ? "success" : data.growth_code === "T" ? "warning" : "secondary"));
    if (data.bgm) out.append(badge("BGM", "danger"));
    (data.labels || []).forEach(function (label) { if (label !== "normal") out.append(badge(label, "warning")); });
    out.append(badge(texts.savedText || "saved", "light"));
    form.closest("tr").classList.add("table-success");
  }

  function showErrors(form, data) {
    const out = resultCell(form);
    out.replaceChildren();
    const messages = [];
    Object.values(data.errors || {}).forEach(function (list) { list.forEach(function (m) { messages.push(m); }); });
    const span = document.createElement("span");
    span.className = "text-danger";
    span.textContent = (texts.errorText || "Error") + ": " + messages.join(" ");
    out.append(span);
  }

  async function save(form, confirmed) {
    const body = new FormData(form);
    if (confirmed) body.set("confirm_warnings", "on");
    const response = await fetch(form.action, {
      method: "POST", body: body, headers: {"X-Requested-With": "fetch"}, credentials: "same-origin",
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {ok: false, errors: {"": [response.statusText]}}; }
    if (data.ok) {
      showResult(form, data);
      return true;
    }
    if (data.needs_confirmation && !confirmed) {
      const detail = Object.values(data.errors || {}).flat().join("\n");
      if (window.confirm((texts.confirmText || "Save anyway?") + "\n" + detail)) return save(form, true);
    }
    showErrors(form, data);
    return false;
  }

  forms.forEach(function (form, index) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;  // one click, one save
      try {
        const ok = await save(form, false);
        if (ok && forms[index + 1]) forms[index + 1].elements["weight_kg"].focus();
      } finally {
        button.disabled = false;
      }
    });
  });
  // Enter in any field of a row saves that row (its inputs sit in other cells).
  forms.forEach(function (form) {
    Array.from(form.elements).forEach(function (el) {
      if (el.tagName === "SELECT") {
        el.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); form.requestSubmit(); }
        });
      }
    });
  });
  if (forms[0]) forms[0].elements["weight_kg"].focus();
})();
