// A table or code block wider than the screen scrolls inside itself; keyboard users reach it with Tab.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("table.data, .prose table, .prose pre").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scroll-region", "");
        }
      } else if (box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-region");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
