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
