/* The maps' base layers: the tile server when one is configured, over the platform's own
   basemap of land and sea (drawn from the land mask, served by the platform), which is
   shown alone when there is no tile server and shows through when its tiles fail, as they
   do on a ship without internet: the map always has its coastlines. */
(function () {
  "use strict";

  window.csoaBaseLayers = function (map, element) {
    var land = L.tileLayer(element.dataset.basemap, {
      maxNativeZoom: 10, maxZoom: 18, zIndex: 0,
      attribution: "Land: NOAA GLOBE",
    });
    if (!element.dataset.tiles) {
      land.addTo(map);
      element.dataset.basemapState = "own";
      return;
    }
    var remote = L.tileLayer(element.dataset.tiles, {
      attribution: element.dataset.attribution, maxZoom: 18, zIndex: 1,
    }).addTo(map);
    remote.once("tileerror", function () {
      land.addTo(map);
      element.dataset.basemapState = "own";
    });
  };
})();
