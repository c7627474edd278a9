/* Small behaviours of every page, wired through data-* attributes (the Content-Security-Policy
   forbids inline event handlers: script-src-attr 'none'). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print], [data-select-on-click], [data-history-back]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { window.print(); }
    if (el.hasAttribute("data-select-on-click") && el.select) { el.select(); }
    if (el.hasAttribute("data-history-back") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // Search filters (issue 10 point 14): folded behind « Filtrer » on a phone so that the results
  // come first, open on a wider screen.
  if (window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) { panel.open = true; });
  }

  // After a failed submission, start at the error summary: it lists each field and links to it.
  var errorSummary = document.querySelector("[data-error-summary]");
  if (errorSummary) { errorSummary.focus(); }

  // htmx forms that empty themselves after a successful request (unless the server retargeted
  // the answer, e.g. to show an error).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-reset-after-request]")) { return; }
    var detail = event.detail || {};
    if (detail.successful && !(detail.xhr && detail.xhr.getResponseHeader("HX-Retarget"))) { form.reset(); }
  });
})();
