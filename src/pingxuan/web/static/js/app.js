// Shared by every page. Charts follow the width of their box when the window changes size (a phone turned sideways,
// a window made narrower), so that a chart drawn at one width never makes the page scroll sideways at another.
(function () {
  let pending = null;
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      document.querySelectorAll("[_echarts_instance_]").forEach(function (el) {
        const chart = window.echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
    });
  });
})();

// The page behaviours below live in this file (the Content-Security-Policy allows no inline script). Each one starts
// only on a page that has its elements; charts wait for the document, so a page's own echarts script has loaded.

// Campaign configuration: the row editor of a section (an Alpine component; rows and blank row come via json_script).
window.rowEditor = function (rowsId, blankId, sumKey) {
  return {
    rows: JSON.parse(document.getElementById(rowsId).textContent).map(function (r, i) { return Object.assign({}, r, {_id: i}); }),
    blank: JSON.parse(document.getElementById(blankId).textContent),
    next: 10000,
    sumKey: sumKey,
    add: function () { this.rows.push(Object.assign({}, this.blank, {_id: this.next++})); },
    remove: function (i) { this.rows.splice(i, 1); },
    move: function (i, d) { var j = i + d; if (j < 0 || j >= this.rows.length) return; var r = this.rows.splice(i, 1)[0]; this.rows.splice(j, 0, r); },
    shows: function (row, types) { return !types || types.indexOf(row.type) >= 0; },
    total: function () { var k = this.sumKey; return Math.round(this.rows.reduce(function (s, r) { return s + (parseFloat(r[k]) || 0); }, 0) * 100) / 100; }
  };
};

document.addEventListener("DOMContentLoaded", function () {
  // Language switch: submit on change.
  const lang = document.getElementById("lang-select");
  if (lang) lang.addEventListener("change", function () { lang.form.submit(); });

  // Buttons that ask first: data-confirm holds the question (plain text).
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) { if (!window.confirm(el.dataset.confirm)) event.preventDefault(); });
  });

  // Bulk actions: a "select all" box checks every box of its form (data-select-all="<form id>").
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    const form = document.getElementById(all.dataset.selectAll);
    if (!form) return;
    all.addEventListener("change", function () {
      form.querySelectorAll("input[type=checkbox][name=nominations]").forEach(function (box) { box.checked = all.checked; });
    });
  });

  // Organisation form: the sector field suggests from its list.
  const sector = document.getElementById("id_sector");
  if (sector && document.getElementById("sector-list")) sector.setAttribute("list", "sector-list");

  // Quotas: live sums per category.
  const quotaForm = document.getElementById("quota-form");
  if (quotaForm) {
    const upper = function (v) { const m = /^\s*(\d+)\s*[-–~～]\s*(\d+)\s*$/.exec(v); return m ? parseInt(m[2], 10) : (parseInt(v, 10) || 0); };
    quotaForm.addEventListener("input", function () {
      const sums = {};
      quotaForm.querySelectorAll("[data-cat]").forEach(function (el) { const k = el.dataset.cat + "-" + el.dataset.part; sums[k] = (sums[k] || 0) + upper(el.value); });
      Object.keys(sums).forEach(function (k) { const cell = document.getElementById("sum-" + k); if (cell) cell.textContent = sums[k]; });
    });
  }

  if (!window.echarts) return;

  // Every chart with a legend: the legend is one scrolling line at the top, and the plot starts below it.
  const LEGEND = { type: "scroll", top: 0, left: "center", itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } };
  const LEGEND_SPACE = 36;
  // Tooltip values at display precision (2 decimals; whole numbers such as star levels and vote counts as they are).
  const score = function (v) { return typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : v; };

  // Results of a category: stacked scores and the histogram (data from json_script "charts-data"). The legend has its
  // own strip above the plot (one scrolling line, never wrapping onto the bars); long names are cut to fit, the full
  // name is in the tooltip; values show at display precision (2 decimals), the data keep their exact values.
  const charts = document.getElementById("charts-data");
  if (charts && document.getElementById("chart-stacked")) {
    const d = JSON.parse(charts.textContent);
    window.echarts.init(document.getElementById("chart-stacked")).setOption({ animation: false,
      tooltip: { trigger: "axis", valueFormatter: score },
      legend: Object.assign({}, LEGEND), grid: { left: 8, right: 12, top: LEGEND_SPACE, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: 45, interval: 0, fontSize: 10, width: 90, overflow: "truncate" } },
      yAxis: { type: "value", max: 100 },
      series: d.stacked.map(function (x) { return { name: x.name, type: "bar", stack: "total", data: x.data }; }) });
    window.echarts.init(document.getElementById("chart-hist")).setOption({ animation: false, tooltip: {}, grid: { left: 8, right: 12, top: 20, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.histogram.labels, axisLabel: { rotate: 45, interval: 0, fontSize: 10 } }, yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: d.histogram.counts, name: "对象数" }] });
  }

  // Vote office: votes per hour per category.
  document.querySelectorAll(".vote-chart").forEach(function (el) {
    const d = JSON.parse(el.dataset.chart);
    window.echarts.init(el).setOption({ tooltip: { trigger: "axis" }, legend: Object.assign({}, LEGEND),
      grid: { left: 8, right: 12, top: LEGEND_SPACE, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.hours, axisLabel: { hideOverlap: true } }, yAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data, smooth: true }; }) });
  });

  // A suspicious cluster's evidence.
  const evidence = document.getElementById("evidence-chart");
  if (evidence) {
    const d = JSON.parse(evidence.dataset.chart);
    window.echarts.init(evidence).setOption({ tooltip: { trigger: "axis" }, grid: { left: 8, right: 12, top: 20, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.x, axisLabel: { hideOverlap: true, width: 80, overflow: "truncate" } }, yAxis: { type: "value" }, series: [{ type: "bar", data: d.y }] });
  }

  // Star-level trend of a person on duty (json_script "trend-data").
  const trend = document.getElementById("trend-data");
  if (trend && document.getElementById("trend")) {
    const data = JSON.parse(trend.textContent);
    window.echarts.init(document.getElementById("trend")).setOption({
      tooltip: { trigger: "axis", valueFormatter: score }, legend: Object.assign({ data: ["星级", "综合得分"] }, LEGEND),
      grid: { left: 8, right: 8, top: LEGEND_SPACE + 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.map(function (d) { return d.name; }), axisLabel: { hideOverlap: true, width: 80, overflow: "truncate" } },
      yAxis: [{ type: "value", min: 0, max: 10, name: "星级" }, { type: "value", min: 0, max: 100, name: "得分" }],
      series: [{ name: "星级", type: "line", data: data.map(function (d) { return d.level; }) },
        { name: "综合得分", type: "bar", yAxisIndex: 1, data: data.map(function (d) { return d.score; }) }]
    });
  }
});
