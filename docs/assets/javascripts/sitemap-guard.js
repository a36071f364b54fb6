/* Stops Material's "stay on page" probe from requesting other sites.
 *
 * Material 9.8's bundle fetches <href>/sitemap.xml for every <link rel="alternate"> of a
 * page. This site's hreflang links are absolute (search engines need that), so each page
 * view would request the production host from any preview, and in production ask for a
 * sitemap.xml below every page, which does not exist (404s in the console). The language
 * switcher already links to the same page, so the probe has nothing to add: its requests
 * end here as aborted, which Material treats as "no sitemap". The site's own sitemap
 * (the root one, used by Material for other features) is still fetched.
 * Loaded before Material's bundle, on every page.
 */
(function () {
  "use strict";
  var ownSitemap = new URL("../../sitemap.xml", document.currentScript.src).href;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var target = new URL(String(url), document.baseURI).href;
    this.exSkipped = /\/sitemap\.xml$/.test(target) && target !== ownSitemap;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.exSkipped) {
      this.dispatchEvent(new Event("abort"));
      return undefined;
    }
    return send.apply(this, arguments);
  };
})();
