/* global KVS, Buffer */
/**
 * The `cloudfront` module of CloudFront Functions (runtime 2.0) as the local harness offers it: `kvs()` reads
 * the KeyValueStore copy the harness writes as `KVS` on the line before this text (`../program.ts`).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-custom-methods.html
 * - `get(key, { format })`: `string` (default), `json` or `bytes`; a missing key rejects;
 * - `exists(key)`: a boolean; `meta()`: `creationDateTime`, `lastUpdatedDateTime`, `keyCount`.
 */
var values = {};
for (var i = 0; i < KVS.data.length; i++) values['k:' + KVS.data[i].key] = KVS.data[i].value;

function has(key) {
  return Object.prototype.hasOwnProperty.call(values, 'k:' + key);
}

function get(key, options) {
  if (!has(key)) return Promise.reject(new Error('Key not found: ' + key));
  var value = values['k:' + key];
  var format = options && options.format !== undefined ? options.format : 'string';
  if (format === 'string') return Promise.resolve(value);
  if (format === 'bytes') return Promise.resolve(Buffer.from(value));
  if (format !== 'json') return Promise.reject(new TypeError('Unknown format: ' + format));
  try {
    return Promise.resolve(JSON.parse(value));
  } catch (err) {
    return Promise.reject(err);
  }
}

var handle = {
  get: get,
  exists: function (key) {
    return Promise.resolve(has(key));
  },
  meta: function () {
    return Promise.resolve({
      creationDateTime: KVS.updated,
      lastUpdatedDateTime: KVS.updated,
      keyCount: KVS.data.length,
    });
  },
};

export default {
  kvs: function () {
    return handle;
  },
};
