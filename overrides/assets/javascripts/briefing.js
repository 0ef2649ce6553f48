/* The briefing's own scripts. A file, not inline: the Content-Security-Policy (deploy/nginx.conf)
   runs no inline script but Material's, by hash. overrides/main.html loads it just before
   Material's bundle, with the address of the site's sitemap in data-sitemap. */
(function () {
  "use strict";

  /* Material fetches a sitemap beside every hreflang link to map pages between languages. The
     links are absolute (site_url), so on any other host (a local preview, a mirror) those
     fetches would leave the site, and beside a page they find nothing. This site has one
     sitemap, at its root, listing every page in both languages: fetch that one. */
  var sitemap = new URL(document.currentScript.dataset.sitemap, location.href).href;
  var isSitemap = function (url) { return /\/sitemap\.xml$/.test(new URL(url, location.href).pathname); };
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    if (isSitemap(url)) args[1] = sitemap;
    return open.apply(this, args);
  };
  var fetch = window.fetch;
  window.fetch = function (input, init) {
    return fetch.call(this, isSitemap(input instanceof Request ? input.url : input) ? sitemap : input, init);
  };

  /* Switching language keeps the reader's place: a page and its counterpart carry the same
     anchors (sentence ids), so the switcher's links take the current #fragment along. */
  var switcher = "a.md-select__link[hreflang]";
  var links = document.querySelectorAll(switcher);
  var follow = function () {
    for (var i = 0; i < links.length; i++) links[i].hash = location.hash;
  };
  follow();
  window.addEventListener("hashchange", follow);
  /* Where site_url is the address being read, Material reroutes a click on those links to its
     own guess of the counterpart (built for links to each language's home: the page's address
     without its slash and without the fragment). The links already name the counterpart: let
     the browser follow them. */
  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest(switcher)) event.stopPropagation();
  }, true);
})();
