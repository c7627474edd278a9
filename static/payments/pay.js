// The pay page: Stripe.js card element, the server confirms the intent (amount fixed there),
// confirmCardPayment runs 3-D Secure when the bank asks for it. Card data never reaches us.
(function () {
  "use strict";
  var countdown = document.getElementById("pay-countdown");
  if (countdown) {
    var expires = new Date(countdown.dataset.expires).getTime();
    var out = countdown.querySelector("[data-remaining]");
    var tick = function () {
      var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
      out.textContent = "(" + Math.floor(left / 60) + " min " + String(left % 60).padStart(2, "0") + " s)";
      if (left === 0) { window.location.reload(); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
  var form = document.getElementById("pay-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.dataset.key);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var errorBox = document.getElementById("pay-error");
  var button = document.getElementById("pay-button");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    }).then(function (r) { return r.json().catch(function () { return { status: "error" }; }); });
  }
  function fail(message) {
    errorBox.textContent = message || form.dataset.msgError;
    button.disabled = false;
  }
  function handle(answer) {
    if (answer.status === "succeeded") { window.location.assign(answer.redirect); return; }
    if (answer.status === "requires_action") {
      return stripe.confirmCardPayment(answer.client_secret).then(function (res) {
        return post(form.dataset.statusUrl).then(function (after) {
          if (after.status === "succeeded") { window.location.assign(after.redirect); return; }
          fail(res && res.error ? form.dataset.msgAuth : after.message);
        });
      });
    }
    if (answer.status === "expired") { errorBox.textContent = answer.message; window.setTimeout(function () { window.location.reload(); }, 4000); return; }
    fail(answer.message);
  }
  function token() {
    // Real Stripe.js makes a PaymentMethod; the localstripe mock only makes tokens.
    return Promise.resolve(stripe.createPaymentMethod ? stripe.createPaymentMethod({ type: "card", card: card }) : null)
      .then(function (res) {
        if (res && res.paymentMethod) { return res.paymentMethod.id; }
        if (res && res.error) { throw res.error; }
        return stripe.createToken(card).then(function (t) {
          if (t.error) { throw t.error; }
          return t.token.id;
        });
      });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.textContent = "";
    button.disabled = true;
    token()
      .then(function (id) { return post(form.dataset.confirmUrl, { token: id }).then(handle); })
      .catch(function (err) { fail(err && err.message ? form.dataset.msgMissing : null); });
  });
})();
