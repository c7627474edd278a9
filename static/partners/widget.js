/* Maillage booking widget.
 *
 * <div class="maillage-ateliers" data-membre="SLUG" data-lang="fr"></div>
 * <script src="https://SITE/static/partners/widget.js" async></script>
 *
 * Puts an iframe of the site's widget page in each such element and sizes it to its content.
 * No inline code, no eval: works on host pages with a strict Content-Security-Policy
 * (allow this site in script-src and frame-src).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, document.baseURI).origin : "";
  var frames = [];

  function mount(el) {
    if (el.getAttribute("data-maillage-mounted")) return;
    el.setAttribute("data-maillage-mounted", "1");
    var params = new URLSearchParams();
    if (el.dataset.membre) params.set("membre", el.dataset.membre);
    if (el.dataset.antenne) params.set("antenne", el.dataset.antenne);
    var lang = el.dataset.lang || (document.documentElement.lang || "fr").slice(0, 2);
    params.set("lang", lang);
    var frame = document.createElement("iframe");
    frame.src = origin + "/partenaires/widget/ateliers/?" + params.toString();
    frame.title = el.dataset.title || (lang === "fr" ? "Réserver un atelier" : "Book a workshop");
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.minHeight = "320px";
    frame.style.border = "0";
    frame.setAttribute("allow", "payment");
    el.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.maillageHeight !== "number") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.max(200, Math.min(event.data.maillageHeight, 20000)) + "px";
      }
    });
  });

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".maillage-ateliers"), mount);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
