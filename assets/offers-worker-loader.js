// Starts the offers worker (see src/offers/engine.rs): the glue wasm-bindgen made for the
// `offers_worker` binary, then its module. A module that fails to load is thrown again as an
// uncaught error, which the page's `error` handler sees (a rejected promise in a worker would go
// unnoticed and leave the offers "loading" for ever).
importScripts("./offers_worker.js");
wasm_bindgen({ module_or_path: "./offers_worker_bg.wasm" }).catch((error) => {
  setTimeout(() => { throw error; });
});
