// Language switcher: remembers an explicit choice in the `locale` cookie, which viewer-request trusts ahead
// of Accept-Language (and of nothing else but the URL prefix). The links work without this script.
(function () {
  'use strict';
  var links = document.querySelectorAll('a[data-locale]');
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', function (event) {
      var locale = event.currentTarget.getAttribute('data-locale');
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale || '')) return;
      document.cookie = 'locale=' + locale + '; Path=/; Max-Age=31536000; SameSite=Lax; Secure';
    });
  }

  // Conversion goals: a click on an element with data-goal="<id>" tells the edge, which counts a visitor's
  // first conversion per goal for the experiments they are in (POST /__edge/goal/<id>, answered 204 by
  // viewer-request). sendBeacon survives the navigation the click starts; CSP's connect-src 'self' allows it.
  var goals = document.querySelectorAll('[data-goal]');
  for (var j = 0; j < goals.length; j++) {
    goals[j].addEventListener('click', function (event) {
      var goal = event.currentTarget.getAttribute('data-goal');
      if (!/^[A-Za-z0-9._~-]+$/.test(goal || '')) return;
      var url = '/__edge/goal/' + goal;
      if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
      fetch(url, { method: 'POST', credentials: 'same-origin', keepalive: true }).catch(function () {});
    });
  }
})();
