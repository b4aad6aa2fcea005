/* Draws each chart of the statistics page with Apache ECharts (vendored beside this file).
 *
 * The figures come from a <script type="application/json"> block (Django's json_script) named
 * by the container's data-chart; labels and titles are already translated by the server. No
 * inline script or style: the page can run under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var PALETTE = ["#0b6e4f", "#b35c00", "#2f5d9b", "#8a3b8f", "#6b7a2a", "#a4161a"];

  function locale() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  }

  function format(value, unit) {
    if (value === null || value === undefined) return "—";
    var text = Number(value).toLocaleString(document.documentElement.lang || undefined);
    if (!unit) return text;
    return unit === "%" ? text + "%" : text + " " + unit;
  }

  /* "2026-12-01" reads as "12-01" under the bars: the year is in the table below */
  function shortDate(label) {
    return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label;
  }

  function option(spec) {
    var many = spec.series.length > 1;
    return {
      color: PALETTE,
      animation: false,
      aria: { enabled: true, decal: { show: many } },
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: { left: 8, right: 16, top: many ? 48 : 16, bottom: 8, containLabel: true },
      legend: many ? { type: "scroll", top: 0, left: 0, right: 0 } : { show: false },
      tooltip: {
        trigger: "axis",
        confine: true,
        valueFormatter: function (value) { return format(value, spec.unit); }
      },
      xAxis: {
        type: "category",
        data: spec.x,
        axisLabel: { hideOverlap: true, fontSize: 11, formatter: shortDate }
      },
      yAxis: {
        type: "value",
        axisLabel: { fontSize: 11 }
      },
      series: spec.series.map(function (series) {
        return {
          name: series.name,
          type: spec.kind,
          data: series.values,
          connectNulls: false,
          symbolSize: 6,
          barMaxWidth: 28
        };
      })
    };
  }

  function draw(container) {
    var data = document.getElementById(container.getAttribute("data-chart"));
    if (!data || !window.echarts) return;
    var spec = JSON.parse(data.textContent);
    var chart = window.echarts.init(container, null, { renderer: "svg", locale: locale() });
    chart.setOption(option(spec));
    // ECharts describes a chart with data; one without (a program with no figures yet) is named
    if (!container.getAttribute("aria-label")) container.setAttribute("aria-label", spec.title);
    return chart;
  }

  function start() {
    if (!window.echarts) return;
    document.documentElement.classList.add("js-charts");
    var charts = [];
    document.querySelectorAll(".chart-canvas[data-chart]").forEach(function (container) {
      var chart = draw(container);
      if (chart) charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        charts.forEach(function (chart) { chart.resize(); });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
