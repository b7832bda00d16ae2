// The door's ticket scanner: the tablet's camera, read by jsQR (vendored), fills the ticket form and
// sends it; the server checks the ticket in and the page comes back saying who. The camera starts again
// by itself after that page comes back, so the door keeps scanning until someone presses "Stoppa".
(function () {
  "use strict";
  var button = document.getElementById("ticket-camera");
  var video = document.getElementById("ticket-video");
  var form = document.getElementById("ticket-form");
  var field = document.getElementById("ticket");
  var state = document.getElementById("ticket-camera-state");
  if (!button || !video || !form || typeof jsQR !== "function") { return; }
  var KEY = "dialog_app.ticket_scanning";
  // The ticket just sent is usually still in front of the camera when the page comes back: the same code
  // is not sent again for a while, so the door's "Anna är incheckad." is not replaced by "redan incheckad".
  var LAST = "dialog_app.ticket_last";
  var SAME_TICKET_MS = 15000;
  var stream = null;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var timer = null;

  function say(text) { state.textContent = text || ""; }

  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); stream = null; }
    video.hidden = true;
    button.textContent = button.dataset.start;
    say("");
  }

  function look() {
    if (!video.videoWidth) { return; }
    // A third of the width is enough for a ticket held up to the camera, and reads in a few ms.
    var scale = Math.min(1, 640 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (code && code.data) {
      var last = JSON.parse(sessionStorage.getItem(LAST) || "null");
      if (last && last.code === code.data && Date.now() - last.at < SAME_TICKET_MS) { return; }
      sessionStorage.setItem(LAST, JSON.stringify({ code: code.data, at: Date.now() }));
      clearInterval(timer);
      timer = null;
      field.value = code.data.slice(0, 400);
      form.submit();
    }
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { say(state.dataset.noCamera); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (got) {
      stream = got;
      video.srcObject = got;
      video.hidden = false;
      button.textContent = button.dataset.stop;
      say(state.dataset.looking);
      return video.play();
    }).then(function () {
      timer = setInterval(look, 200);
    }).catch(function () {
      sessionStorage.removeItem(KEY);
      stop();
      say(state.dataset.noCamera);
    });
  }

  button.addEventListener("click", function () {
    if (stream) { sessionStorage.removeItem(KEY); stop(); } else { sessionStorage.setItem(KEY, "1"); start(); }
  });
  if (sessionStorage.getItem(KEY) === "1") { start(); }
})();
