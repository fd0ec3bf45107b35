// The visit form's ICD-10 picker. Without this script the field takes codes
// typed as text; with it, what is typed after the last comma (a code or
// English words) brings suggestions from clusters:diagnosis_search, and
// picking one puts its code there. The chosen codes are listed by name below.
(function () {
  "use strict";
  const box = document.getElementById("diagnosis-picker");
  const input = document.getElementById("id_diagnoses");
  if (!box || !input || !window.fetch || !window.AbortController) {
    return;
  }
  const chosen = document.getElementById("diagnosis-chosen");
  const labels = {}; // code -> "I10 — Essential (primary) hypertension"
  chosen.querySelectorAll("li[data-code]").forEach(function (li) {
    labels[li.dataset.code] = li.textContent;
  });
  document.getElementById("diagnosis-hint").classList.remove("d-none");

  const list = document.createElement("ul");
  list.id = "diagnosis-suggestions";
  list.className = "list-group mb-2";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.querySelector("label").textContent.replace(/\*/g, "").trim());
  list.style.maxHeight = "50vh";
  list.style.overflowY = "auto";
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.insertAdjacentElement("afterend", list);
  list.insertAdjacentElement("afterend", status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let found = [];
  let active = -1;
  let timer = null;
  let pending = null;

  // As the server reads a code: capitals, with its dot (A150 is A15.0).
  function normalise(token) {
    const code = token.trim().toUpperCase();
    return code.length > 3 && code.indexOf(".") < 0 ? code.slice(0, 3) + "." + code.slice(3) : code;
  }

  // [kept text, query]: the query is what follows the last comma, after any
  // codes already known there ("I10 hyper" searches "hyper").
  function split() {
    const value = input.value;
    const comma = value.lastIndexOf(",");
    const tokens = value.slice(comma + 1).trim().split(/\s+/).filter(Boolean);
    const known = [];
    while (tokens.length > 1 && labels[normalise(tokens[0])]) {
      known.push(tokens.shift());
    }
    const head = (comma >= 0 ? value.slice(0, comma + 1) + " " : "") + known.map(function (t) {
      return t + ", ";
    }).join("");
    return [head.replace(/\s+$/, " ").replace(/^\s+/, ""), tokens.join(" ")];
  }

  function showChosen() {
    chosen.textContent = "";
    const seen = {};
    input.value.split(/[\s,;]+/).map(normalise).forEach(function (code) {
      if (code && labels[code] && !seen[code]) {
        seen[code] = true;
        const li = document.createElement("li");
        li.dataset.code = code;
        li.textContent = labels[code];
        chosen.appendChild(li);
      }
    });
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    found = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const items = list.querySelectorAll("[role=option]");
    items.forEach(function (item, i) {
      item.classList.toggle("active", i === index);
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pick(index) {
    const item = found[index];
    if (!item) {
      return;
    }
    labels[item.code] = item.label;
    input.value = split()[0] + item.code + ", ";
    close();
    showChosen();
    input.focus();
  }

  function show(results) {
    found = results;
    list.textContent = "";
    results.forEach(function (item, i) {
      const li = document.createElement("li");
      li.id = "diagnosis-option-" + i;
      li.className = "list-group-item list-group-item-action text-break";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.label;
      // mousedown would blur the input first and close the list.
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      li.addEventListener("click", function () {
        pick(i);
      });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    active = -1;
    status.textContent = results.length ? box.dataset.found : box.dataset.none;
  }

  function lookUp() {
    const query = split()[1];
    if (pending) {
      pending.abort();
    }
    if (query.length < 2) {
      close();
      return;
    }
    pending = new AbortController();
    fetch(box.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: {"Accept": "application/json"}, credentials: "same-origin", signal: pending.signal,
    }).then(function (response) {
      const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return response.ok && json ? response.json() : {results: []};
    }).then(function (data) {
      show(data.results || []);
    }).catch(function () {
      // Aborted by newer typing, or offline: the typed codes still count.
    });
  }

  input.addEventListener("input", function () {
    showChosen();
    clearTimeout(timer);
    timer = setTimeout(lookUp, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      return;
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, found.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // picks; does not submit the form
      pick(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
})();
