/* The incident map: clusters and incidents from /api/v1/incidents/map/ for the view in
   sight, with the page's filters (and map_tools.js for spiderfy, the time range and the
   place search). The view (zoom/latitude/longitude) is kept in the URL's
   "view" parameter, so a link restores it. Tiles are optional: without a tile server the
   markers still show on a plain background. */
(function () {
  "use strict";

  function parseView(value) {
    var parts = (value || "").split("/").map(Number);
    if (parts.length !== 3 || parts.some(isNaN)) { return null; }
    return { zoom: parts[0], lat: parts[1], lon: parts[2] };
  }

  function wrap(lon) { return ((lon + 180) % 360 + 360) % 360 - 180; }

  function bbox(map) {
    var b = map.getBounds();
    var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    var west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; } else { west = wrap(west); east = wrap(east); }
    return [west, south, east, north].map(function (v) { return v.toFixed(4); }).join(",");
  }

  function near(lon, center) {
    // Place a marker on the copy of the world in sight (views across the antimeridian).
    while (lon - center > 180) { lon -= 360; }
    while (center - lon > 180) { lon += 360; }
    return lon;
  }

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) { element.className = className; }
    return element;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = text("a", p.reference);
    link.href = p.url;
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    var facts = document.createElement("dl");
    [["When", p.occurred_on + (p.occurred_time ? " " + p.occurred_time : "")],
     ["What", p.category_label], ["Outcome", p.outcome_label], ["Where", p.place],
     ["Vessel", p.vessel], ["Status", p.status_label]].forEach(function (pair) {
      facts.appendChild(text("dt", pair[0]));
      facts.appendChild(text("dd", pair[1] || "–"));
    });
    box.appendChild(facts);
    return box;
  }

  function clusterIcon(p) {
    var size = window.csoaMapTools.clusterSize(p.count);
    return L.divIcon({
      className: "cluster cat-" + p.category,
      html: "<span>" + (p.count >= 10000 ? Math.round(p.count / 1000) + "k" : p.count) + "</span>",
      iconSize: [size, size],
    });
  }

  // Enter and Space act on a marker as a click does (Leaflet's own keyboard handling does
  // not reach every marker), so a keyboard alone can open what the map shows.
  function operable(element, label, act) {
    if (!element) { return; }
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", label);
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); act(); }
    });
  }

  function incidentMarker(feature, at, extra) {
    var p = feature.properties;
    var marker = L.circleMarker(at, {
      radius: 7, className: "incident cat-" + p.category + " status-" + p.status + (extra ? " " + extra : ""),
    }).bindPopup(popup(p));
    marker.on("add", function () {
      var label = p.reference + ": " + (p.category_label || "incident") + ", " + (p.occurred_on || "");
      operable(marker.getElement(), label, function () { marker.openPopup(); });
    });
    return marker;
  }

  // Only the markers within the view take the keyboard's focus: one beyond it would pan the
  // map on focus and lose the reader's place.
  function focusWithinView(map, layer) {
    var bounds = map.getBounds();
    layer.eachLayer(function (marker) {
      var element = marker.getElement && marker.getElement();
      if (!element || !marker.getLatLng || !element.hasAttribute("tabindex")) { return; }
      element.setAttribute("tabindex", bounds.contains(marker.getLatLng()) ? "0" : "-1");
    });
  }

  function start(element) {
    var params = new URLSearchParams(window.location.search);
    var view = parseView(params.get("view")) || { zoom: 2, lat: 10, lon: 60 };
    var map = L.map(element, { worldCopyJump: false, minZoom: 1, maxZoom: 18 })
      .setView([view.lat, view.lon], view.zoom);
    window.csoaBaseLayers(map, element);
    var layer = L.layerGroup().addTo(map);
    var total = document.querySelector("[data-testid=map-total]");
    var density = document.getElementById("map-density");
    var viewInput = document.querySelector("[data-map-view]");
    var saveQuery = document.querySelector("[data-save-search] input[name=query]");
    var areaLink = document.querySelector("[data-testid=trend-area-link]");
    var pending = null, last = null;
    var totalCopy = document.querySelector("[data-map-total-copy]");

    // The trend of the circle the view holds (the largest within it, at most the trend's
    // own limit), with the map's filters.
    function linkArea() {
      if (!areaLink) { return; }
      var center = map.getCenter(), bounds = map.getBounds();
      var across = map.distance(center, L.latLng(center.lat, bounds.getEast()));
      var up = map.distance(center, L.latLng(bounds.getNorth(), center.lng));
      var radius = Math.min(across, up) / 1852;
      radius = Math.max(0.1, Math.min(Number(areaLink.dataset.maxRadius), radius));
      var query = new URLSearchParams(element.dataset.query);
      query.delete("near");
      query.set("latitude", center.lat.toFixed(4));
      query.set("longitude", wrap(center.lng).toFixed(4));
      query.set("radius_nm", radius.toFixed(1));
      areaLink.href = areaLink.pathname + "?" + query.toString();
    }

    var tools = window.csoaMapTools;
    var spider = new tools.Spider(map, incidentMarker);

    function draw(data) {
      spider.close();
      layer.clearLayers();
      var center = map.getCenter().lng;
      function placed(feature) {
        return [feature.geometry.coordinates[1], near(feature.geometry.coordinates[0], center)];
      }
      if (density.checked) {
        data.features.forEach(function (feature) {
          L.circleMarker(placed(feature), {
            radius: Math.min(60, 6 + 6 * Math.sqrt(feature.properties.count)),
            className: "density cat-" + feature.properties.category, interactive: false,
          }).addTo(layer);
        });
      } else if (!data.clustered) {
        tools.stacks(map, data.features).forEach(function (stack) {
          var at = placed(stack[0]);
          if (stack.length === 1) { incidentMarker(stack[0], at).addTo(layer); return; }
          var marker = L.marker(at, {
            icon: tools.stackIcon(stack), keyboard: true,
            title: stack.length + " incidents here: select to spread them out",
          });
          marker.on("click", function (event) {
            L.DomEvent.stopPropagation(event);
            spider.toggle(marker, stack);
          });
          marker.addTo(layer);
          operable(marker.getElement(), stack.length + " incidents here: spread them out",
                   function () { spider.toggle(marker, stack); });
        });
      } else {
        tools.separate(map, data.features).forEach(function (feature) {
          var p = feature.properties, at = placed(feature);
          if (p.reference) { incidentMarker(feature, at).addTo(layer); return; }
          var zoomIn = function () { map.setView(at, Math.min(map.getZoom() + 2, 18)); };
          var cluster = L.marker(at, { icon: clusterIcon(p), keyboard: true, title: p.count + " incidents" })
            .on("click", zoomIn)
            .addTo(layer);
          operable(cluster.getElement(), p.count + " incidents here: zoom in", zoomIn);
        });
      }
      focusWithinView(map, layer);
      total.textContent = data.total.toLocaleString("en");
      if (totalCopy) { totalCopy.textContent = total.textContent; }
      element.dataset.loaded = String(data.total);
    }

    // The time range and the filters' dates are one: moving it filters the map at once.
    function setDates(since, until) {
      var query = new URLSearchParams(element.dataset.query);
      [["since", since], ["until", until]].forEach(function (pair) {
        if (pair[1]) { query.set(pair[0], pair[1]); params.set(pair[0], pair[1]); }
        else { query.delete(pair[0]); params.delete(pair[0]); }
        var field = document.getElementById("id_" + pair[0]);
        if (field) { field.value = pair[1]; }
      });
      element.dataset.query = query.toString();
      document.querySelectorAll("[data-follows-query]").forEach(function (link) {
        link.href = link.pathname + (element.dataset.query ? "?" + element.dataset.query : "");
      });
      load();
    }
    var time = document.querySelector("[data-map-time]");
    if (time) { tools.timeRange(time, new URLSearchParams(element.dataset.query), setDates); }
    var find = document.querySelector("[data-map-find]");
    if (find) { tools.placeSearch(find, map); }

    function ask(query, controller) {
      return fetch(element.dataset.api + "?" + query, { signal: controller.signal, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("The map could not be loaded (" + response.status + ")."); }
          return response.json();
        });
    }

    function load() {
      var v = map.getCenter();
      var state = map.getZoom() + "/" + v.lat.toFixed(4) + "/" + wrap(v.lng).toFixed(4);
      params.set("view", state);
      if (viewInput) { viewInput.value = state; }
      if (saveQuery) { saveQuery.value = params.toString(); }
      history.replaceState(null, "", "?" + params.toString());
      linkArea();
      var query = "bbox=" + bbox(map) + "&zoom=" + map.getZoom() + (element.dataset.query ? "&" + element.dataset.query : "");
      if (pending) { pending.abort(); }
      pending = new AbortController();
      element.dataset.loaded = "";
      var early = window.csoaFirstMapView;
      window.csoaFirstMapView = null;  // the first view only (map_early.js)
      var mine = pending, asked = early && early.query === query;
      element.dataset.firstView = asked ? "early" : (element.dataset.firstView || "asked");
      var answer = asked ? early.answer.then(function (data) {
        return data || ask(query, mine);
      }) : ask(query, mine);
      answer
        .then(function (data) {
          if (pending !== mine) { return; }  // the view moved on meanwhile
          last = data;
          draw(data);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { total.textContent = "–"; element.dataset.error = error.message; }
        });
    }

    map.on("moveend", load);
    density.addEventListener("change", function () { if (last) { draw(last); } });
    load();
  }

  // On a phone the filters and legend are a drawer over the map.
  function drawer() {
    var side = document.getElementById("map-side");
    var toggle = document.querySelector(".map-drawer-toggle");
    if (!side || !toggle) { return; }
    function show(open) {
      side.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) { side.focus({ preventScroll: true }); } else { toggle.focus({ preventScroll: true }); }
    }
    var header = document.querySelector(".site-header");
    function fit() {  // the map fills what the header leaves of the screen
      if (header) {
        document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
      }
    }
    fit();
    window.addEventListener("resize", fit);
    side.tabIndex = -1;
    toggle.addEventListener("click", function () { show(!side.classList.contains("open")); });
    side.querySelector(".map-drawer-close").addEventListener("click", function () { show(false); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && side.classList.contains("open")) { show(false); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawer();
    var element = document.getElementById("incident-map");
    if (element && typeof L !== "undefined") { start(element); }
  });
})();
