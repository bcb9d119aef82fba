/* The feed desk's keys, for an editor going through the queue: a accepts the record as the
   form is filled in, r goes to the reason for rejecting it, n and p open the next and the
   previous record. Keys typed into a field are the field's. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
    var key = event.key.toLowerCase();
    var found = document.querySelector('[data-key="' + key + '"]');
    if (!found) { return; }
    event.preventDefault();
    if (found.tagName === "A") {
      window.location.assign(found.href);
    } else if (found.tagName === "FORM") {
      found.requestSubmit();
    } else {
      var field = found.querySelector("textarea, input");
      if (field) { field.focus(); field.scrollIntoView({ block: "center" }); }
    }
  });
})();
