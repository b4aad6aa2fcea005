// The progress bar of an import batch: polls the batch's status and reloads the page once the
// job has finished (no inline script: the page's CSP allows only files of the portal).
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar) {
    return;
  }
  var url = bar.getAttribute("data-status-url");
  var percent = document.getElementById("import-percent");
  var status = document.getElementById("import-status");
  var lastStatus = null;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          window.setTimeout(poll, 5000);
          return;
        }
        bar.value = state.percent;
        bar.textContent = state.percent + " %";
        if (percent) {
          percent.textContent = state.percent + " %";
        }
        if (status) {
          status.textContent = state.status_display;
        }
        if (!state.running || (lastStatus && lastStatus !== state.status && state.status === "validated")) {
          window.location.reload();
          return;
        }
        lastStatus = state.status;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
