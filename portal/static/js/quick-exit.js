/* Quick exit, after GOV.UK's "Exit this page" component: the button, or Shift pressed on its own three
   times with at most 5 s between presses. Any other key, and a Shift used to type a capital, start the
   count again, so typing never leaves by accident; Esc does nothing (people press it to stop a page
   loading). The exit hides the page and replaces it in this tab with the portal's /exit address, which
   asks the browser to drop this site's cache and sends it on to a neutral site. Without JavaScript the
   button is a plain link to the same address. The announcements come translated from the page. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var status = document.getElementById("quick-exit-status");
  var indicator = link.querySelector(".quick-exit-indicator");
  var steps = indicator ? indicator.querySelectorAll(".quick-exit-step") : [];
  var PRESSES_TO_EXIT = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var windowTimer = null;
  var messageTimer = null;
  var shiftDown = false;
  var shiftAlone = false;
  var title = document.title;

  function announce(name) {
    if (!status) { return; }
    window.clearTimeout(messageTimer);
    status.textContent = name ? status.getAttribute("data-" + name) || "" : "";
    if (name === "cancelled") {
      messageTimer = window.setTimeout(function () { status.textContent = ""; }, WINDOW_MS);
    }
  }

  function showPresses(count) {
    presses = count;
    if (!indicator) { return; }
    indicator.hidden = count === 0;
    for (var i = 0; i < steps.length; i += 1) {
      steps[i].classList.toggle("is-on", i < count);
    }
  }

  function startAgain(say) {
    window.clearTimeout(windowTimer);
    windowTimer = null;
    var counting = presses > 0;
    showPresses(0);
    if (counting && say) { announce("cancelled"); }
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    startAgain(false);
    announce("");
    document.documentElement.classList.add("quick-exit-leaving");
    document.title = "";
    window.location.replace(link.href);
  }

  function countShift() {
    window.clearTimeout(windowTimer);
    showPresses(presses + 1);
    if (presses >= PRESSES_TO_EXIT) { leave(); return; }
    announce(presses === 1 ? "two-more" : "one-more");
    windowTimer = window.setTimeout(function () { startAgain(true); }, WINDOW_MS);
  }

  link.addEventListener("click", function (event) {
    // A click meant to open a new tab or window is left to the browser.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    leave(event);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { shiftDown = true; shiftAlone = true; }
      return;
    }
    shiftAlone = false; // Shift held for a capital or a shortcut: not a press on its own
    startAgain(true);
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var alone = shiftDown && shiftAlone;
    shiftDown = false;
    shiftAlone = false;
    if (alone) { countShift(); }
  }, true);

  // Shift held while clicking (selecting text, opening a link in a window) is not a press on its own.
  document.addEventListener("pointerdown", function () { shiftAlone = false; }, true);
  window.addEventListener("blur", function () { shiftDown = false; shiftAlone = false; });

  // A page brought back from the back-forward cache must not stay hidden or half counted.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.documentElement.classList.remove("quick-exit-leaving");
    document.title = title;
    shiftDown = false;
    shiftAlone = false;
    startAgain(false);
    announce("");
  });
})();
