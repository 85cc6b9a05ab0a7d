// Review page: zoom and pan the document images, show/hide the field boxes, and highlight
// a field's box while its row is hovered. No inline script (CSP script-src 'self').
(function () {
  "use strict";

  function setupFigure(figure) {
    var inner = figure.querySelector(".zoom-inner");
    var viewport = figure.querySelector(".zoom-viewport");
    if (!inner || !viewport) return;
    var scale = 1, x = 0, y = 0, dragging = null;

    function apply() {
      inner.style.transform = "translate(" + x + "px," + y + "px) scale(" + scale + ")";
      figure.dataset.scale = scale.toFixed(2);
    }
    function zoom(factor) {
      scale = Math.min(8, Math.max(1, scale * factor));
      if (scale === 1) { x = 0; y = 0; }
      apply();
    }
    figure.querySelector("[data-zoom-in]").addEventListener("click", function () { zoom(1.5); });
    figure.querySelector("[data-zoom-out]").addEventListener("click", function () { zoom(1 / 1.5); });
    figure.querySelector("[data-zoom-reset]").addEventListener("click", function () {
      scale = 1; x = 0; y = 0; apply();
    });
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2);
    }, { passive: false });
    viewport.addEventListener("pointerdown", function (event) {
      dragging = { startX: event.clientX - x, startY: event.clientY - y };
      viewport.setPointerCapture(event.pointerId);
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!dragging || scale === 1) return;
      x = event.clientX - dragging.startX;
      y = event.clientY - dragging.startY;
      apply();
    });
    viewport.addEventListener("pointerup", function () { dragging = null; });
    var toggle = figure.querySelector("[data-toggle-boxes]");
    if (toggle) {
      toggle.addEventListener("change", function () {
        figure.classList.toggle("hide-boxes", !toggle.checked);
      });
    }
    apply();
  }

  function setupFieldHighlight(section) {
    section.querySelectorAll("tr[data-field]").forEach(function (row) {
      var rect = section.querySelector('rect[data-field="' + row.dataset.field + '"]');
      if (!rect) return;
      row.addEventListener("mouseenter", function () { rect.classList.add("active"); });
      row.addEventListener("mouseleave", function () { rect.classList.remove("active"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-zoom]").forEach(setupFigure);
    document.querySelectorAll("section.side").forEach(setupFieldHighlight);
  });
})();
