/* Staff: a reason template fills the editable message. */
(function () {
  "use strict";
  document.querySelectorAll("[data-template-body]").forEach(function (button) {
    button.addEventListener("click", function () {
      var message = document.getElementById("id_message");
      message.value = button.dataset.templateBody;
      var action = document.querySelector("input[name=action][value=" + button.dataset.templateAction + "]");
      if (action) { action.checked = true; }
      message.focus();
    });
  });
})();
