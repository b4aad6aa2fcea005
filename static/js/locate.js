// "Use my location" on the nearest-center page: fills the position fields from the browser's
// geolocation and sends the form. Without JavaScript or geolocation the button stays hidden and
// the community choice works as before. Messages come translated from the button's data-
// attributes; no inline script, so a strict Content-Security-Policy can forbid them.
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var form = button.form;
  var status = document.getElementById("locate-status");
  var lat = form.elements.namedItem("lat");
  var lng = form.elements.namedItem("lng");
  var community = form.elements.namedItem("community");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.dataset.locating);
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // the form accepts six decimals (about 10 cm), more than any phone's accuracy
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        if (community) {
          community.value = "";
        }
        form.submit();
      },
      function (error) {
        button.disabled = false;
        say(error.code === error.PERMISSION_DENIED ? button.dataset.denied : button.dataset.failed);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
