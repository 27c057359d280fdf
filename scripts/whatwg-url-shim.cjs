// node-fetch 2 falls back to the whatwg-url package only where Node has no URL class; Node 20
// has one, so the bundles take Node's and leave out whatwg-url's 280 KB of Unicode tables.
module.exports = { URL: globalThis.URL };
