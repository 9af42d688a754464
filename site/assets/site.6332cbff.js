// Language switcher: remembers an explicit choice in the `locale` cookie, which viewer-request trusts ahead
// of Accept-Language (and of nothing else but the URL prefix). The links work without this script.
(function () {
  'use strict';
  var links = document.querySelectorAll('a[data-locale]');
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', function (event) {
      var locale = event.currentTarget.getAttribute('data-locale');
      if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(locale || '')) return;
      document.cookie = 'locale=' + locale + '; Path=/; Max-Age=31536000; SameSite=Lax; Secure';
    });
  }
})();
