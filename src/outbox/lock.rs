//! One sender at a time across tabs and windows: the Web Locks API grants the named lock to one
//! page (or one page's worker); the others queue, and the next one takes over when the holder
//! closes or crashes.

use std::future::Future;

use wasm_bindgen::{JsCast, JsValue, closure::Closure};

pub const SENDER_LOCK: &str = "guichet-outbox-sender";

/// Runs `work` while holding `name`; waits for the lock first. Returns false when the browser has
/// no Web Locks API (then `work` is not run: sending without the lock could double-send).
pub fn run_holding<Work, Done>(name: &str, work: Work) -> bool
where
    Work: FnOnce() -> Done + 'static,
    Done: Future<Output = ()> + 'static,
{
    // `navigator.locks`, from the page or from a worker (the sender runs in the offers worker).
    let locks = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")));
    let Some(locks) = locks.ok().filter(|locks| locks.is_object()) else { return false };
    let locks: web_sys::LockManager = locks.unchecked_into();
    let mut work = Some(work);
    let callback = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
        let Some(work) = work.take() else { return js_sys::Promise::resolve(&JsValue::UNDEFINED) };
        // The lock is held until this promise settles: for as long as the sender runs.
        wasm_bindgen_futures::future_to_promise(async move {
            work().await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = locks.request(name, callback.as_ref().unchecked_ref());
    // The browser keeps the callback until it runs; leaking it once per page load is the price.
    callback.forget();
    true
}
