// PWS pages: the indicator chart (Chart.js, served locally), the indicator
// definitions (popovers), a tap on an area row that opens it, and the
// progress of a running recomputation.
(function () {
  "use strict";
  // Definitions open on a tap (touch has no hover) and close on the next tap
  // elsewhere; one at a time.
  if (window.bootstrap && bootstrap.Popover) {
    const buttons = Array.from(document.querySelectorAll(".pws-def[data-bs-toggle='popover']"));
    const popovers = buttons.map((b) => new bootstrap.Popover(b, {trigger: "click", container: "body"}));
    document.addEventListener("click", function (event) {
      buttons.forEach(function (b, i) {
        if (!b.contains(event.target)) {
          popovers[i].hide();
        }
      });
    });
  }
  // A tap anywhere on an area's row drills down, not only on its name; links
  // and buttons inside keep their own action.
  document.querySelectorAll("#pws-table tbody tr[data-href]").forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button")) {
        return;
      }
      window.location.href = row.dataset.href;
    });
  });
  const dataNode = document.getElementById("pws-chart-data");
  if (dataNode && window.Chart) {
    const d = JSON.parse(dataNode.textContent);
    const datasets = [];
    if (d.kind === "count") {
      datasets.push({type: "bar", label: d.text.counts, data: d.counts, backgroundColor: "#75b798"});
    } else if (d.kind === "ratio") {
      datasets.push({type: "bar", label: d.text.ratio, data: d.monthly, backgroundColor: "#75b798"});
    } else {
      datasets.push({type: "bar", label: d.text.monthly, data: d.monthly, backgroundColor: "#a3cfbb", order: 3});
      if (d.cumulative.some((v) => v !== null)) {
        datasets.push({type: "line", label: d.text.cumulative, data: d.cumulative, borderColor: "#198754",
                       backgroundColor: "#198754", pointRadius: 3, order: 1});
      }
      if (d.expected.some((v) => v !== null)) {
        datasets.push({type: "line", label: d.text.expected, data: d.expected, borderColor: "#dc3545",
                       borderDash: [6, 4], pointRadius: 0, order: 2});
      }
    }
    new Chart(document.getElementById("pws-chart"), {
      data: {labels: d.labels, datasets: datasets},
      options: {
        animation: false, maintainAspectRatio: false, responsive: true,
        scales: {y: {beginAtZero: true, title: {display: d.kind !== "count", text: "%"}}},
        plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}},
      },
    });
  }
  const status = document.getElementById("run-status");
  if (status) {
    (function poll() {
      fetch(status.dataset.url, {credentials: "same-origin"}).then((r) => r.json()).then(function (d) {
        status.querySelector(".run-done").textContent = d.done;
        status.querySelector(".run-total").textContent = d.total;
        if (d.status === "queued" || d.status === "running") {
          setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      }).catch(() => setTimeout(poll, 5000));
    })();
  }
})();
