// Weight-for-age of one child against the WHO 2006 curves (-3, -2, 0, +2, +3 SD).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("growth-data").textContent);
  const line = (key, label, color, dash) => ({
    label: label, data: data.curves.map((c) => ({x: c.month, y: c[key]})), borderColor: color,
    borderWidth: 1, pointRadius: 0, borderDash: dash || [], fill: false,
  });
  new Chart(document.getElementById("growth-chart"), {
    type: "line",
    data: {
      datasets: [
        line("sd3", "+3 SD", "#6c757d", [4, 4]), line("sd2", "+2 SD", "#fd7e14"), line("median", "Median", "#198754"),
        line("sd2neg", "-2 SD", "#fd7e14"), line("sd3neg", "-3 SD", "#dc3545"),
        {label: "BB", data: data.points.map((p) => ({x: p.month, y: p.weight})), borderColor: "#0d6efd",
         backgroundColor: "#0d6efd", pointRadius: 3, showLine: true},
      ],
    },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: {x: {type: "linear", min: 0, max: 60, title: {display: true, text: "bulan"}},
               y: {title: {display: true, text: "kg"}}},
      plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}},
    },
  });
})();
