// PWS pages: the indicator chart (Chart.js, served locally) and the progress
// of a running recomputation.
(function () {
  "use strict";
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
