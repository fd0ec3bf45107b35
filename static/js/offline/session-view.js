// What the offline session shows: numbers and dates the Indonesian way, the
// result fragment of a row (as templates/clusters/_results.html renders it),
// and the row's inputs. Pure helpers for js/offline/session-offline.js.
(function () {
  "use strict";
  const T = window.ILP_OFFLINE || {};
  const MEASURES = ["weight_kg", "length_cm", "muac_cm"];
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  const locale = T.locale === "en" ? "en" : "id-ID";
  function measure(v) {
    if (v === null || v === undefined || v === "") return "";
    return new Intl.NumberFormat(locale, {maximumFractionDigits: 2, useGrouping: false}).format(Number(v));
  }
  function zscore(v) {
    if (v === null || v === undefined || v === "") return "";
    const n = Number(v);
    const text = new Intl.NumberFormat(locale, {minimumFractionDigits: 2, maximumFractionDigits: 2}).format(Math.abs(n));
    return (n < 0 && text.replace(/[0.,]/g, "") !== "" ? "\u2212" : "") + text;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function when(iso) {
    return new Intl.DateTimeFormat(locale, {day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit"})
      .format(new Date(iso));
  }
  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function has(o) { return o && Object.keys(o).length > 0; }
  function label(form, name) {
    const input = form.elements[name];
    const l = input && input.id ? form.querySelector('label[for="' + input.id + '"]') : null;
    return l ? l.textContent.trim() : name;
  }
  function labelled(form, byField) {
    const out = {};
    Object.entries(byField).forEach(function ([field, msgs]) {
      out[field] = msgs.map(function (m) { return field === "__all__" ? m : label(form, field) + ": " + m; });
    });
    return out;
  }

  // The same fragment as templates/clusters/_results.html, for a child's row.
  function resultHtml(r) {
    if (!r) return "";
    const out = [];
    if (r.weight_kg !== null && r.weight_kg !== undefined) out.push(esc(measure(r.weight_kg)) + " kg");
    if (r.length_cm !== null && r.length_cm !== undefined) out.push(esc(measure(r.length_cm)) + " cm");
    if (r.waz !== null && r.waz !== undefined) out.push("<abbr>BB/U</abbr> " + zscore(r.waz));
    if (r.haz !== null && r.haz !== undefined) out.push("<abbr>TB/U</abbr> " + zscore(r.haz));
    if (r.whz !== null && r.whz !== undefined) out.push("<abbr>BB/TB</abbr> " + zscore(r.whz));
    if (r.oedema) out.push('<span class="badge text-bg-danger">' + esc(T.oedema || "") + "</span>");
    if (r.growth_code) {
      const tone = r.growth_code === "N" ? "success" : r.growth_code === "T" ? "warning" : "secondary";
      out.push('<span class="badge text-bg-' + tone + '">' + esc(r.growth_code) + "</span>");
    }
    if (r.bgm) out.push('<span class="badge text-bg-danger">BGM</span>');
    if (/stunted/.test(r.height_for_age_class || "")) {
      out.push('<span class="badge text-bg-warning">' + esc(T.stunted || "") + "</span>");
    }
    if (/wasting/.test(r.weight_for_height_class || "")) {
      out.push('<span class="badge text-bg-warning">' + esc(T.wasting || "") + "</span>");
    }
    return '<span class="results small">' + out.join(" ") + "</span>";
  }
  function sameResult(local, server) {
    if (!local || !server) return true;
    const z = function (v) { return v === null || v === undefined || v === "" ? "" : Number(v).toFixed(2); };
    return ["waz", "haz", "whz"].every(function (k) { return z(local[k]) === z(server[k]); }) &&
      (local.growth_code || "") === (server.growth_code || "");
  }
  function summary(values) {
    const parts = [];
    if (values.weight_kg) parts.push(measure(String(values.weight_kg).replace(",", ".")) + " kg");
    if (values.length_cm) parts.push(measure(String(values.length_cm).replace(",", ".")) + " cm");
    if (values.muac_cm) parts.push("LiLA " + measure(String(values.muac_cm).replace(",", ".")) + " cm");
    if (values.oedema === true || values.oedema === "on") parts.push(T.oedema || "");
    return parts.join(" · ") || "—";
  }

  function fill(form, values) {
    MEASURES.forEach(function (name) {
      if (form.elements[name]) form.elements[name].value = values[name] || "";
    });
    if (values.measured_lying && form.elements.measured_lying) form.elements.measured_lying.value = values.measured_lying;
    if (form.elements.oedema) form.elements.oedema.checked = values.oedema === true || values.oedema === "on";
    if (form.elements.vitamin_a) form.elements.vitamin_a.checked = values.vitamin_a === true || values.vitamin_a === "on";
    const boxes = form.querySelectorAll("input[name=immunisation]");
    if (values.key !== undefined) {  // a row waiting to be sent (an older client's holds one dose)
      const doses = values.immunisations || (values.immunisation ? [values.immunisation] : []);
      boxes.forEach(function (box) { if (!box.disabled) box.checked = doses.indexOf(box.value) >= 0; });
    } else {  // the server's row: the doses recorded (codes separated by spaces) stay ticked, not sent again
      const given = String(values.immunisation || "").split(" ");
      boxes.forEach(function (box) { box.checked = box.disabled = given.indexOf(box.value) >= 0; });
    }
  }

  window.ILPOfflineView = {
    uuid: uuid, measure: measure, zscore: zscore, esc: esc, when: when, csrf: csrf, has: has, label: label,
    labelled: labelled, resultHtml: resultHtml, sameResult: sameResult, summary: summary, fill: fill,
  };
})();
