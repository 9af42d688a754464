/**
 * Requests the edge answers itself (the conversion beacon, `/__edge/goal/<id>`): viewer-request generates
 * every response, so their CloudFront behaviour caches nothing, forwards nothing and accepts POST for
 * `sendBeacon`. A module of its own so the bundle that reads these two strings imports nothing else.
 */
export const EDGE_ENDPOINT_PREFIX = '/__edge/';
export const GOAL_ENDPOINT_PREFIX = `${EDGE_ENDPOINT_PREFIX}goal/`;
