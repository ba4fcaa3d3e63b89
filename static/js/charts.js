// Draws the report charts (templates/analytics/reports/_table.html) with the vendored Chart.js.
// Each <canvas data-chart="ID"> names a JSON block (Django's json_script) holding
// {kind, labels, datasets: [{label, data}], unit}. No inline script or style (CSP):
// Chart.js sizes the canvas through the CSSOM, which style-src 'self' allows.
(() => {
  "use strict";

  const KINDS = {
    bar: { type: "bar" },
    horizontal_bar: { type: "bar", indexAxis: "y" },
    stacked_bar: { type: "bar", stacked: true },
    line: { type: "line" },
  };

  // The design system's chart colours (static/css/app.css, --rc-chart-1…6): the
  // accent first, then the stage colours, so the reports match the board.
  function palette() {
    const style = getComputedStyle(document.documentElement);
    const colours = [1, 2, 3, 4, 5, 6]
      .map((n) => style.getPropertyValue(`--rc-chart-${n}`).trim())
      .filter(Boolean);
    return colours.length ? colours : null;
  }

  function readData(canvas) {
    const block = document.getElementById(canvas.dataset.chart);
    if (!block) {
      return null;
    }
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      return null;
    }
  }

  function config(data, colours) {
    const kind = KINDS[data.kind] || KINDS.bar;
    const horizontal = kind.indexAxis === "y";
    const unit = data.unit || "";
    const valueAxis = {
      beginAtZero: true,
      stacked: Boolean(kind.stacked),
      ticks: { precision: data.integer ? 0 : undefined, callback: (value) => `${value}${unit}` },
    };
    const categoryAxis = { stacked: Boolean(kind.stacked), ticks: { autoSkip: false } };
    return {
      type: kind.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map((dataset, index) => {
          const colour = colours ? colours[index % colours.length] : undefined;
          return {
            label: dataset.label,
            data: dataset.data,
            spanGaps: true,
            backgroundColor: colour,
            borderColor: colour,
            borderRadius: kind.type === "bar" ? 4 : undefined,
          };
        }),
      },
      options: {
        indexAxis: kind.indexAxis || "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: data.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: (context) => {
                const value = horizontal ? context.parsed.x : context.parsed.y;
                return `${context.dataset.label}: ${value === null ? "—" : `${Math.round(value * 10) / 10}${unit}`}`;
              },
            },
          },
        },
      },
    };
  }

  // The box around the canvas sets the chart's height (Chart.js fills it): a
  // horizontal chart grows with its bars, so each keeps room for its label.
  function size(canvas, data) {
    const box = canvas.parentElement;
    const horizontal = (KINDS[data.kind] || KINDS.bar).indexAxis === "y";
    const legend = data.datasets.length > 1 ? 40 : 0;
    const height = horizontal ? 60 + legend + 36 * data.labels.length : 280 + legend;
    box.style.position = "relative";
    box.style.height = `${Math.min(height, 900)}px`;
  }

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    const colours = palette();
    // The page's own font stack, so Chinese labels use the same CJK font as the text.
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = getComputedStyle(document.body).color;
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const data = readData(canvas);
      if (data && data.labels.length) {
        size(canvas, data);
        canvas.chart = new window.Chart(canvas, config(data, colours));
        canvas.dataset.drawn = "true";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
