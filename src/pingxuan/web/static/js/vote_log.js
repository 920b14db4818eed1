// Charts of a vote log's clusters: the data comes from json_script elements next to each chart.
(function () {
  function draw(root) {
    root.querySelectorAll(".log-chart").forEach(function (el) {
      if (el.dataset.drawn) return;
      var src = document.getElementById(el.dataset.chartId);
      if (!src || !window.echarts) return;
      var d = JSON.parse(src.textContent);
      el.dataset.drawn = "1";
      echarts.init(el).setOption({ tooltip: { trigger: "axis" }, grid: { left: 40, right: 10, top: 20, bottom: 40 },
        xAxis: { type: "category", data: d.x }, yAxis: { type: "value" }, series: [{ type: "bar", data: d.y }] });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.body && document.body.addEventListener("htmx:afterSwap", function () { draw(document); });
})();
