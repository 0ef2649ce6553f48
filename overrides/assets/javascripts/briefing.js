/* The briefing's own scripts. A file, not inline: the Content-Security-Policy (deploy/nginx.conf)
   runs no inline script but Material's, by hash. overrides/main.html loads it just before
   Material's bundle, both deferred (so it runs first, when the page has been read), with the
   address of the site's sitemap in data-sitemap. */
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
  var switcher = "a.lang-switch__link[hreflang]";
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

  /* Material searches when a key is released in the search box (or it gains focus), not on
     every change of its text: text that comes without a key (pasted with the mouse, a phone
     keyboard's suggestion or correction, dictation) searched for what the box held before it.
     Each change of the text is announced as a key released, on the box alone (it does not
     bubble to Material's window-wide listeners); Material skips a query it has just run. */
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]")) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: false }));
    }
  });

  /* On a touch screen there is no hover to show a citation's tooltip (the sentence's Vietnamese
     original on English pages): a tap opens it in a popover, with a link to the sentence,
     instead of leaving the page. With a mouse, a click goes to the sentence as before. */
  if (window.matchMedia && window.matchMedia("(hover: none)").matches) {
    var popover = null;
    var close = function () {
      if (popover) { popover.remove(); popover = null; }
    };
    /* Material's tooltips take a link's title away when it is hovered or tapped: keep it first. */
    var markers = document.querySelectorAll("sup.cite a[title]");
    for (var m = 0; m < markers.length; m++) markers[m].dataset.original = markers[m].getAttribute("title");
    var masthead = document.querySelector(".masthead");
    var goLabel = (masthead && masthead.dataset.citeOpen) || "{n} →";
    document.addEventListener("click", function (event) {
      var link = event.target instanceof Element && event.target.closest("sup.cite a");
      if (!link) {
        if (popover && !popover.contains(event.target)) close();
        return;
      }
      event.preventDefault();
      close();
      var pop = document.createElement("div");
      pop.className = "cite-pop";
      pop.setAttribute("role", "dialog");
      var text = document.createElement("p");
      text.textContent = link.dataset.original || link.getAttribute("title") || "";
      var go = document.createElement("a");
      go.href = link.href;
      go.textContent = goLabel.replace("{n}", link.textContent.replace(/[\[\]]/g, ""));
      pop.appendChild(text);
      pop.appendChild(go);
      document.body.appendChild(pop);
      var box = link.getBoundingClientRect();
      var left = Math.max(8, Math.min(box.left + window.scrollX - 16, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
      pop.style.left = left + "px";
      pop.style.top = (box.bottom + window.scrollY + 6) + "px";
      popover = pop;
      go.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
  }
})();
