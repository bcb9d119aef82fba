/* On a phone the header is one line: the brand, the bell and a Menu button that opens the
   rest. Written into every page (kit.inline), before it is first painted; without scripts
   the whole menu shows, as on a wide screen. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  if (!button) { return; }
  header.classList.add("compact");
  button.hidden = false;
  function show(open) {
    header.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  }
  button.addEventListener("click", function () { show(!header.classList.contains("open")); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("open")) { show(false); button.focus(); }
  });
})();
