// The progress of a background export: asks for its state every two seconds until it is
// ready (then shows the download link) or failed (then reloads to offer "Try again").
(function () {
  "use strict";
  var box = document.getElementById("export");
  if (!box) return;
  var bar = box.querySelector("progress");
  var state = box.querySelector("[data-testid=export-state]");
  var written = box.querySelector("[data-testid=export-written]");
  function poll() {
    fetch(box.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { setTimeout(poll, 5000); return; }
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        state.textContent = status.state_display;
        written.textContent = status.written.toLocaleString("en") +
          (status.total === null ? "" : " of " + status.total.toLocaleString("en")) + " " +
          (written.dataset.unit || "incidents written");
        box.dataset.state = status.state;
        if (status.state === "ready" || status.state === "failed") {
          window.location.reload();
        } else {
          setTimeout(poll, 2000);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
