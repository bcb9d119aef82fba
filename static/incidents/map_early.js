/* The map's first view, asked for as soon as the page's styles have arrived, while Leaflet
   and the map's scripts are still on their way: over a satellite link that is a round trip
   and a download saved. The view's bounds are worked out as Leaflet will work them out
   (Web Mercator, the map's size, the view in the URL), so incident_map.js finds the query
   it would send already answered; when they differ it simply asks again. */
(function () {
  "use strict";
  var element = document.getElementById("incident-map");
  if (!element || !window.fetch || !window.URLSearchParams) { return; }

  var R = 6378137, MAX_LAT = 85.0511287798, D = Math.PI / 180;
  function project(lat, lon, scale) {
    lat = Math.max(Math.min(MAX_LAT, lat), -MAX_LAT);
    var x = R * lon * D, y = R * Math.log(Math.tan(Math.PI / 4 + (lat * D) / 2));
    var k = 0.5 / (Math.PI * R);
    return { x: scale * (k * x + 0.5), y: scale * (-k * y + 0.5) };
  }
  function unproject(x, y, scale) {
    var k = 0.5 / (Math.PI * R);
    var mx = (x / scale - 0.5) / k, my = (y / scale - 0.5) / -k;
    return { lat: (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) / D, lon: mx / R / D };
  }
  function wrap(lon) { return ((lon + 180) % 360 + 360) % 360 - 180; }

  function ask() {
    var header = document.querySelector(".site-header");
    if (header) {  // as incident_map.js sets it: the map fills what the header leaves
      document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
    }
    var parts = (new URLSearchParams(window.location.search).get("view") || "").split("/").map(Number);
    var view = parts.length === 3 && !parts.some(isNaN) ? parts : [2, 10, 60];
    var zoom = Math.max(1, Math.min(18, Math.round(view[0])));
    var width = element.clientWidth, height = element.clientHeight;
    if (!width || !height) { return; }
    var scale = 256 * Math.pow(2, zoom), center = project(view[1], view[2], scale);
    var left = Math.round(center.x - width / 2), top = Math.round(center.y - height / 2);
    var sw = unproject(left, top + height, scale), ne = unproject(left + width, top, scale);
    var south = Math.max(-90, sw.lat), north = Math.min(90, ne.lat), west = sw.lon, east = ne.lon;
    if (east - west >= 360) { west = -180; east = 180; } else { west = wrap(west); east = wrap(east); }
    var bbox = [west, south, east, north].map(function (v) { return v.toFixed(4); }).join(",");
    var query = "bbox=" + bbox + "&zoom=" + zoom + (element.dataset.query ? "&" + element.dataset.query : "");
    window.csoaFirstMapView = {
      query: query,
      answer: fetch(element.dataset.api + "?" + query, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; }),
    };
  }

  var waiting = Array.prototype.filter.call(
    document.querySelectorAll("link[rel=stylesheet]"), function (link) { return !link.sheet; });
  if (!waiting.length) { ask(); return; }
  var left = waiting.length;
  waiting.forEach(function (link) {
    function done() { left -= 1; if (left === 0) { ask(); } }
    link.addEventListener("load", done);
    link.addEventListener("error", done);
  });
})();
