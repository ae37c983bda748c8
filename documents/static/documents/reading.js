// The reading page (templates/documents/reading.html): ask in the background whether the
// file is read yet (the page answers with an Upload-Status header) and reload the page once,
// when it is, instead of the refresh that pages without JavaScript get.
(function () {
  "use strict";
  var status = document.querySelector("[data-upload-reading]");
  if (!status || !window.fetch) {
    return;
  }
  var every = 1000 * (parseFloat(status.getAttribute("data-refresh-seconds")) || 2);
  var url = window.location.pathname;

  function check() {
    window
      .fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.headers.get("Upload-Status") === "reading") {
          window.setTimeout(check, every);
        } else {
          window.location.replace(url);
        }
      })
      .catch(function () {
        window.setTimeout(check, every * 2);
      });
  }

  window.setTimeout(check, every);
})();
