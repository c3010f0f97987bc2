// Stem van de stad: solves the ALTCHA proof of work in the browser, so that a reaction needs
// no confirmation step. Without this script (or without crypto.subtle) the form still works:
// the server then asks the resident to confirm after a short wait.
(function () {
  "use strict";
  var form = document.querySelector("form[data-altcha]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var c = JSON.parse(form.getAttribute("data-altcha"));
  var field = form.querySelector("input[name=altcha]");
  var status = form.querySelector(".stem-status");
  var encoder = new TextEncoder();
  var submitWhenDone = false;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  async function solve() {
    for (var n = 0; n <= c.maxnumber; n++) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(c.salt + n));
      if (hex(digest) === c.challenge) { return n; }
    }
    return null;
  }

  solve().then(function (n) {
    if (n === null) { return; }
    field.value = window.btoa(JSON.stringify({
      algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature
    }));
    if (status) { status.textContent = status.getAttribute("data-klaar"); }
    if (submitWhenDone) { form.submit(); }
  });

  form.addEventListener("submit", function (event) {
    if (!field.value) {
      event.preventDefault();
      submitWhenDone = true;
      if (status) { status.textContent = status.getAttribute("data-wacht"); }
    }
  });
}());
