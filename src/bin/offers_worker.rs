//! The offers worker's entry point: a second wasm module, run in a dedicated Web Worker that the
//! page starts (see `guichet::offers::engine`). It also runs the outbox's sender and seals
//! submissions (`guichet::outbox::background`), so the page's module carries neither.

fn main() {
    guichet::offers::engine::serve(guichet::outbox::background::handler());
}
