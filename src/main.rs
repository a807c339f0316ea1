//! The kiosk app's entry point: everything lives in the library so tests can mount it.

fn main() {
    guichet::start();
}
