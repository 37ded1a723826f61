/* Quick exit: hide the page at once and replace it in the history with a neutral site,
   so that Back does not return to it. Without JavaScript the button is a plain link. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("href");
  var shiftTimes = [];

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.documentElement.style.display = "none";
    try { window.history.replaceState(null, "", "/"); } catch (ignored) { /* not fatal */ }
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { leave(event); return; }
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < 1500; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) { leave(event); }
  });
})();
