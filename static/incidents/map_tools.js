/* The incident map's tools: incidents at one position spread out on click (spiderfy),
   clusters kept apart on screen, the time range control and the place search. Used by
   incident_map.js, which draws what the API sends. */
(function () {
  "use strict";

  // Clusters ---------------------------------------------------------------------------------

  function clusterSize(count) { return Math.round(24 + 8 * Math.log10(Math.max(1, count))); }

  /* Clusters whose circles would touch on screen become one (counts and breakdowns added,
     the position weighted by count), until none touch: each grid cell's cluster sits at its
     incidents' mean position, so neighbours across a cell's edge can meet. */
  function separate(map, features) {
    var items = features.map(function (f) {
      var p = f.properties;
      return {
        point: map.latLngToContainerPoint([f.geometry.coordinates[1], f.geometry.coordinates[0]]),
        lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], count: p.count,
        categories: Object.assign({}, p.categories || {}), statuses: Object.assign({}, p.statuses || {}),
        feature: f,
      };
    });
    var merged = true;
    while (merged) {
      merged = false;
      items.sort(function (a, b) { return b.count - a.count; });
      var kept = [];
      items.forEach(function (item) {
        var into = null;
        for (var i = 0; i < kept.length; i++) {
          var other = kept[i];
          var gap = (clusterSize(other.count) + clusterSize(item.count)) / 2 + 2;
          if (other.point.distanceTo(item.point) < gap) { into = other; break; }
        }
        if (!into) { kept.push(item); return; }
        var total = into.count + item.count;
        into.point = L.point((into.point.x * into.count + item.point.x * item.count) / total,
                             (into.point.y * into.count + item.point.y * item.count) / total);
        into.lat = (into.lat * into.count + item.lat * item.count) / total;
        into.lon = (into.lon * into.count + item.lon * item.count) / total;
        into.count = total;
        into.feature = null;
        [["categories", item.categories], ["statuses", item.statuses]].forEach(function (pair) {
          Object.keys(pair[1]).forEach(function (key) {
            into[pair[0]][key] = (into[pair[0]][key] || 0) + pair[1][key];
          });
        });
        merged = true;
      });
      items = kept;
    }
    return items.map(function (item) {
      if (item.feature) { return item.feature; }
      var top = Object.keys(item.categories).sort(function (a, b) {
        return item.categories[b] - item.categories[a];
      })[0] || "other";
      return {
        type: "Feature", geometry: { type: "Point", coordinates: [item.lon, item.lat] },
        properties: { count: item.count, category: top, categories: item.categories, statuses: item.statuses },
      };
    });
  }

  // Incidents at one position ----------------------------------------------------------------

  var STACK_PX = 22;  // markers closer than this on screen would hide one another

  /* Single incidents grouped where their markers would overlap on screen (most often one
     position, a port's or an anchorage's): [[feature, ...], ...], in the order sent. */
  function stacks(map, features) {
    var groups = [];
    features.forEach(function (feature) {
      var point = map.latLngToContainerPoint([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].point.distanceTo(point) < STACK_PX) { groups[i].features.push(feature); return; }
      }
      groups.push({ point: point, features: [feature] });
    });
    return groups.map(function (group) { return group.features; });
  }

  /* Where the n markers of a stack go around it, in pixels: a circle for a few, a spiral
     for more, so that none overlaps another. */
  function spread(n) {
    var points = [], i;
    if (n <= 9) {
      var radius = Math.max(28, (n * 20) / (2 * Math.PI));
      for (i = 0; i < n; i++) {
        var angle = (2 * Math.PI * i) / n - Math.PI / 2;
        points.push(L.point(radius * Math.cos(angle), radius * Math.sin(angle)));
      }
      return points;
    }
    // A spiral whose markers stay a marker and a gap apart along it.
    var angle = 0, length = 16;
    for (i = 0; i < n; i++) {
      angle += 26 / length + i * 0.0005;
      points.push(L.point(length * Math.cos(angle), length * Math.sin(angle)));
      length += (2 * Math.PI * 4.2) / angle;
    }
    return points;
  }

  function Spider(map, makeMarker) {
    this.map = map;
    this.makeMarker = makeMarker;
    this.layer = L.layerGroup().addTo(map);
    this.open = null;
    var self = this;
    map.on("click zoomstart", function () { self.close(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { self.close(); }
    });
  }

  Spider.prototype.close = function () {
    this.layer.clearLayers();
    if (this.open) {
      this.open.getElement() && this.open.getElement().classList.remove("open");
      this.open.setOpacity(1);
    }
    this.open = null;
  };

  var SPREAD_MAX = 24;  // more than this at one place are listed instead of spread out

  function stackList(features) {
    var box = document.createElement("div");
    box.className = "map-popup map-stack-list";
    var title = document.createElement("strong");
    title.textContent = features.length + " incidents here";
    box.appendChild(title);
    var list = document.createElement("ul");
    features.forEach(function (feature) {
      var p = feature.properties, item = document.createElement("li"), link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.reference;
      item.append(link, " " + p.occurred_on + " · " + (p.category_label || ""));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  Spider.prototype.toggle = function (marker, features) {
    var wasOpen = this.open === marker;
    this.close();
    if (wasOpen) { return; }
    if (features.length > SPREAD_MAX) {
      L.popup({ maxHeight: 260, minWidth: 220 }).setLatLng(marker.getLatLng())
        .setContent(stackList(features)).openOn(this.map);
      return;
    }
    var map = this.map, center = map.latLngToLayerPoint(marker.getLatLng()), self = this;
    spread(features.length).forEach(function (offset, i) {
      var at = map.layerPointToLatLng(center.add(offset));
      L.polyline([marker.getLatLng(), at], { className: "spider-leg", interactive: false }).addTo(self.layer);
      self.makeMarker(features[i], at, "spidered").addTo(self.layer);
    });
    marker.setOpacity(0.45);
    marker.getElement() && marker.getElement().classList.add("open");
    this.open = marker;
  };

  function stackIcon(features) {
    var n = features.length;
    return L.divIcon({
      className: "stack cat-" + features[0].properties.category,
      html: '<span data-testid="map-stack">' + n + "</span>",
      iconSize: [30, 30],
    });
  }

  // The time range -----------------------------------------------------------------------------

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function monthOf(text) {  // "2019-03" or "2019-03-31" as a count of months
    var parts = (text || "").split("-").map(Number);
    return parts.length >= 2 && !isNaN(parts[0]) && !isNaN(parts[1]) ? parts[0] * 12 + parts[1] - 1 : null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function firstDay(month) { return Math.floor(month / 12) + "-" + pad(month % 12 + 1) + "-01"; }
  function lastDay(month) {
    var year = Math.floor(month / 12), m = month % 12;
    return year + "-" + pad(m + 1) + "-" + pad(new Date(Date.UTC(year, m + 1, 0)).getUTCDate());
  }
  function label(month) { return MONTHS[month % 12] + " " + Math.floor(month / 12); }

  /* Two sliders, in months, over the control's span; ``onChange(since, until)`` gets the
     dates (empty for an open end) a moment after the hand stops. Page Up and Page Down
     move a year. */
  function timeRange(box, query, onChange) {
    var first = monthOf(box.dataset.first), last = monthOf(box.dataset.last);
    var from = box.querySelector("[data-time-from]"), until = box.querySelector("[data-time-until]");
    var shown = box.querySelector("[data-time-label]");
    [from, until].forEach(function (input) { input.min = 0; input.max = last - first; });
    var since = monthOf(query.get("since")), till = monthOf(query.get("until"));
    from.value = since === null ? 0 : Math.max(0, Math.min(last - first, since - first));
    until.value = till === null ? last - first : Math.max(0, Math.min(last - first, till - first));
    var timer = null;

    function describe() {
      var a = first + Number(from.value), b = first + Number(until.value);
      var all = Number(from.value) === 0 && b === last;
      shown.textContent = all ? "All dates" : label(a) + " – " + label(b);
      from.setAttribute("aria-valuetext", label(a));
      until.setAttribute("aria-valuetext", label(b));
      return all;
    }

    function changed(moved) {
      if (Number(from.value) > Number(until.value)) {
        (moved === from ? until : from).value = moved.value;
      }
      var all = describe();
      clearTimeout(timer);
      timer = setTimeout(function () {
        var a = first + Number(from.value), b = first + Number(until.value);
        onChange(all || Number(from.value) === 0 ? "" : firstDay(a), all || b === last ? "" : lastDay(b));
      }, 250);
    }

    [from, until].forEach(function (input) {
      input.addEventListener("input", function () { changed(input); });
      input.addEventListener("keydown", function (event) {
        if (event.key !== "PageUp" && event.key !== "PageDown") { return; }
        event.preventDefault();
        var step = event.key === "PageUp" ? 12 : -12;
        input.value = Math.max(0, Math.min(last - first, Number(input.value) + step));
        changed(input);
      });
    });
    box.querySelectorAll("[data-time-preset]").forEach(function (button) {
      button.addEventListener("click", function () {
        var years = Number(button.dataset.timePreset);
        var end = monthOf(button.dataset.timePresetEnd);  // where the record ends, if given
        end = end === null ? last : Math.max(first, Math.min(last, end));
        from.value = years ? Math.max(0, end - first - 12 * years + 1) : 0;
        until.value = end - first;
        changed(from);
      });
    });
    describe();
  }

  // Places -------------------------------------------------------------------------------------

  /* The search box: places matching what is typed, as buttons; choosing one (or Enter for
     the first) flies the map there. */
  function placeSearch(form, map) {
    var input = form.querySelector("input"), list = form.querySelector("[data-find-results]");
    var status = form.querySelector("[data-find-status]");
    var timer = null, pending = null, found = [];

    function go(place) {
      list.replaceChildren();
      input.value = place.name;
      input.focus();  // the chosen button is gone: the keyboard stays where the user is
      if (place.bounds) { map.flyToBounds(place.bounds, { maxZoom: 7 }); }
      else { map.flyTo([place.latitude, place.longitude], place.zoom); }
    }

    function show(results) {
      found = results;
      list.replaceChildren();
      status.textContent = results.length ? "" : "No port, anchorage or region of that name.";
      results.forEach(function (place) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.dataset.testid = "map-place";
        var name = document.createElement("strong");
        name.textContent = place.name;
        var detail = document.createElement("span");
        detail.textContent = place.detail;
        button.append(name, " ", detail);
        button.addEventListener("click", function () { go(place); });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    function lookUp() {
      var text = input.value.trim();
      if (pending) { pending.abort(); }
      if (!text) { show([]); status.textContent = ""; return; }
      pending = new AbortController();
      fetch(form.dataset.api + "?q=" + encodeURIComponent(text.slice(0, 100)),
            { signal: pending.signal, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results); })
        .catch(function () {});
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookUp, 250); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.replaceChildren(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (found.length) { go(found[0]); } else { clearTimeout(timer); lookUp(); }
    });
  }

  window.csoaMapTools = {
    separate: separate, stacks: stacks, Spider: Spider, stackIcon: stackIcon,
    clusterSize: clusterSize, timeRange: timeRange, placeSearch: placeSearch,
  };
})();
