import cf from 'cloudfront';
import crypto from 'crypto';

// A viewer-request CloudFront Function doing what a personalisation core does per request, for the harness
// benchmark: read cookies and Accept-Language, verify an HMAC, read the KeyValueStore, rewrite or redirect.
const kvs = cf.kvs();

function languages(header) {
  var out = [];
  var parts = header.split(',');
  for (var i = 0; i < parts.length; i++) {
    var m = /^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)\s*(?:;\s*q=([01](?:\.\d{0,3})?))?\s*$/.exec(parts[i]);
    if (m) out.push({ tag: m[1].toLowerCase(), q: m[2] === undefined ? 1 : Number(m[2]) });
  }
  out.sort(function (a, b) {
    return b.q - a.q;
  });
  return out;
}

async function handler(event) {
  var request = event.request;
  var uri = request.uri.replace(/\/{2,}/g, '/');
  var al = request.headers['accept-language'];
  var langs = languages(al ? al.value : '');
  var locale = langs.length > 0 && langs[0].tag.indexOf('ja') === 0 ? 'ja' : 'en';
  if (uri === '/') {
    return {
      statusCode: 302,
      headers: { location: { value: '/' + locale + '/' }, 'cache-control': { value: 'private, no-store' } },
    };
  }
  var live = { on: true, w: [50, 50] };
  try {
    live = await kvs.get('xp:home-hero', { format: 'json' });
  } catch (err) {
    console.log('{"warning":"xp:home-hero missing"}');
  }
  var cookie = request.cookies['xp-home-hero'];
  var variant = 'control';
  if (cookie) {
    var parts = cookie.value.split('.');
    var mac = crypto
      .createHmac('sha256', 'bench-key')
      .update(parts[0] + '.' + parts[1])
      .digest('base64url');
    if (mac.slice(0, 16) === parts[2]) variant = parts[0];
  } else if (live.on) {
    var h = crypto
      .createHash('sha256')
      .update(event.context.requestId + Math.random())
      .digest();
    variant = h[0] % (live.w[0] + live.w[1]) < live.w[0] ? 'control' : 'bold';
  }
  if (uri.charAt(uri.length - 1) === '/') uri += 'index.html';
  request.uri = variant === 'control' ? uri : uri.replace(/\.html$/, '.' + variant + '.html');
  request.cookies = { 'xp-home-hero': { value: variant } };
  return request;
}
