/* Officials' dashboards: draw the charts whose data the page ships in json_script tags
   (<div class="chart" data-chart="ID"> reads <script id="ID" type="application/json">).
   Every chart has a table with the same numbers, so the page is complete without JavaScript. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "id";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var palette = ["#0b5d8f", "#d9822b", "#1e7b34"];

  function format(value, percent) {
    return number.format(value) + (percent ? "\u00a0%" : "");
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    var canvas = box.querySelector("canvas");
    if (!source || !canvas) return;
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal) {
      box.style.height = Math.max(160, spec.labels.length * 28 + 60) + "px";
    }
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      ticks: { callback: function (value) { return format(value, spec.percent); } }
    };
    if (!spec.percent) scales[valueAxis].ticks.precision = 0;  // counts are whole numbers
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: palette[i % palette.length], borderRadius: 3 };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        locale: lang,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + format(item.raw, spec.percent); }
            }
          }
        }
      }
    });
  }

  // A link to a table inside a closed <details> opens it.
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var details = target && target.closest("details");
    if (details) details.open = true;
  }

  // Changing the province empties the regency choice (it belonged to the previous province).
  function linkFilters() {
    var province = document.getElementById("f-province");
    var regency = document.getElementById("f-regency");
    if (!province || !regency) return;
    province.addEventListener("change", function () {
      regency.value = "";
      regency.disabled = true;
    });
  }

  if (window.Chart) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }
  linkFilters();
  reveal();
  window.addEventListener("hashchange", reveal);
})();
