// Injected by esbuild into the bundle. hash-wasm (the core's Whirlpool) looks up `globalThis`/`global`
// only to find Buffer and TextEncoder; verified community nodes may not touch the global object, so those
// names are replaced by this object holding just the two host APIs it reads.
const hostGlobals = { Buffer, TextEncoder };
export { hostGlobals as globalThis, hostGlobals as global };
