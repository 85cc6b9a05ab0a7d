// Document capture: the phone's rear camera with a card-shaped guide, a still frame drawn
// to a canvas and uploaded as JPEG through the form's own file input; or a chosen file.
// Without this script the plain file input and submit button still work.
(function () {
  "use strict";
  var form = document.getElementById("capture-form");
  if (!form) return;
  var input = document.getElementById("id_image");
  var camera = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var openButton = document.getElementById("camera-open");
  var shootButton = document.getElementById("camera-shoot");
  var closeButton = document.getElementById("camera-close");
  var retakeButton = document.getElementById("retake");
  var preview = document.getElementById("preview");
  var previewImg = document.getElementById("preview-img");
  var errorBox = document.getElementById("capture-error");
  var uploading = document.getElementById("uploading");
  var stream = null;
  var previewUrl = null;

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.srcObject = null;
    camera.hidden = true;
    delete form.dataset.camera;
  }

  function showPreview(blob) {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(blob);
    previewImg.src = previewUrl;
    preview.hidden = false;
    retakeButton.hidden = false;
    form.dataset.hasPhoto = "1";
  }

  function clearPhoto() {
    input.value = "";
    preview.hidden = true;
    retakeButton.hidden = true;
    delete form.dataset.hasPhoto;
  }

  function openCamera() {
    showError("");
    clearPhoto();
    var constraints = {
      audio: false,
      video: {
        facingMode: { ideal: "environment" },
        width: { ideal: 1920 },
        height: { ideal: 1080 }
      }
    };
    navigator.mediaDevices.getUserMedia(constraints).then(function (s) {
      stream = s;
      video.srcObject = s;
      camera.hidden = false;
      form.dataset.camera = "opening";
      return video.play();
    }).then(function () {
      // The shutter works once frames arrive (a test or a slow phone waits for this).
      if (video.videoWidth) form.dataset.camera = "ready";
      else video.addEventListener("loadeddata", function () { form.dataset.camera = "ready"; }, { once: true });
    }).catch(function () {
      stopCamera();
      showError(form.dataset.msgCameraError);
    });
  }

  function shoot() {
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return;
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").drawImage(video, 0, 0, w, h);
    canvas.toBlob(function (blob) {
      if (!blob) return;
      // Put the still into the form's own file input, so one upload path serves both.
      var file = new File([blob], "camera.jpg", { type: "image/jpeg" });
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      stopCamera();
      showPreview(blob);
    }, "image/jpeg", 0.92);
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    openButton.hidden = false;
    openButton.addEventListener("click", openCamera);
    shootButton.addEventListener("click", shoot);
    closeButton.addEventListener("click", stopCamera);
  }

  input.addEventListener("change", function () {
    showError("");
    if (input.files && input.files[0]) {
      stopCamera();
      showPreview(input.files[0]);
    } else {
      clearPhoto();
    }
  });

  retakeButton.addEventListener("click", function () {
    clearPhoto();
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) openCamera();
    else input.click();
  });

  form.addEventListener("submit", function (event) {
    if (!input.files || !input.files.length) {
      event.preventDefault();
      showError(form.dataset.msgNeedPhoto);
      return;
    }
    uploading.hidden = false;
    document.getElementById("capture-submit").disabled = true;
  });

  window.addEventListener("pagehide", stopCamera);
})();
