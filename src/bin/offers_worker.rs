//! The offers worker's entry point: a second wasm module, run in a dedicated Web Worker that the
//! page starts (see `guichet::offers::engine`).

fn main() {
    guichet::offers::engine::serve();
}
