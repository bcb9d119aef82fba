/* Leaflet maps of the incident pages: a position picker on forms, a marker on incidents.
   Tiles come from the configured tile server over the platform's own basemap (basemap.js). */
(function () {
  "use strict";

  function baseMap(element, lat, lon, zoom) {
    var map = L.map(element, { worldCopyJump: true }).setView([lat, lon], zoom);
    window.csoaBaseLayers(map, element);
    return map;
  }

  // A drawn pin rather than Leaflet's marker image: nothing more to fetch over the link.
  function pin(latlng) { return L.circleMarker(latlng, { radius: 9, className: "position-pin" }); }

  function picker(element) {
    var form = element.closest("form");
    var lat = form.querySelector("[name=latitude]");
    var lon = form.querySelector("[name=longitude]");
    var has = lat.value !== "" && lon.value !== "";
    var map = baseMap(element, has ? +lat.value : 10, has ? +lon.value : 20, has ? 9 : 2);
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = pin(latlng).addTo(map); }
    }
    if (has) { place([+lat.value, +lon.value]); }
    map.on("click", function (event) {
      var p = event.latlng.wrap();
      lat.value = p.lat.toFixed(5);
      lon.value = p.lng.toFixed(5);
      place(p);
    });
    function typed() {
      if (lat.value !== "" && lon.value !== "" && !isNaN(+lat.value) && !isNaN(+lon.value)) {
        place([+lat.value, +lon.value]);
        map.panTo([+lat.value, +lon.value]);
      }
    }
    lat.addEventListener("change", typed);
    lon.addEventListener("change", typed);
  }

  function show(element) {
    var lat = +element.dataset.latitude, lon = +element.dataset.longitude;
    var map = baseMap(element, lat, lon, 8);
    pin([lat, lon]).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-map=picker]").forEach(picker);
    document.querySelectorAll("[data-map=show]").forEach(show);
  });
})();
