// The pages' only script of their own (no inline <script>: the Content-Security-Policy allows 'self').
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  // CSRF double-submit: every htmx request echoes the cookie's token in X-CSRF-Token (service/csrf.py).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = token;
  });

  // 新建考核: a policy value that differs from its default marks its row, as the server does on a re-render.
  function markChanged(input) {
    var row = input.closest("tr");
    if (!row || !input.hasAttribute("data-default")) { return; }
    var value = input.type === "checkbox" ? String(input.checked) : input.value;
    row.classList.toggle("is-changed", value !== input.getAttribute("data-default"));
  }
  function onEdit(event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-default]")) { markChanged(target); }
    // 评定: a grade changed on the page since it was loaded, not yet saved.
    if (target && target.matches && target.matches("select[data-saved]")) {
      target.closest("tr").classList.toggle("is-unsaved", target.value !== target.getAttribute("data-saved"));
    }
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  // 文书: a page-1 preview whose image could not be made (a busy PDF pool answers 503) says so in words.
  // An image's error does not bubble, hence the capture.
  document.addEventListener("error", function (event) {
    var image = event.target;
    if (!image || !image.matches || !image.matches("img.paper-preview-image")) { return; }
    var failed = image.closest("figure").querySelector(".paper-preview-failed");
    if (failed) { failed.hidden = false; }
    image.hidden = true;
  }, true);
})();
