// Registration: start the time-zone list at the browser's own zone when the list has it,
// instead of the site's default. A file of its own: the Content-Security-Policy allows no
// inline script. Without script the list simply keeps the default.
(function () {
  "use strict";
  var select = document.getElementById("timezone");
  var zone = null;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!select || !zone) {
    return;
  }
  for (var i = 0; i < select.options.length; i += 1) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
