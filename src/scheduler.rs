//! Long work cut into short slices, so the page keeps answering taps (and the offers worker keeps
//! answering searches) while the kiosk reads and indexes 100,000 offers at start.
//!
//! A [`Slicer`] is asked at regular points of the work whether the slice has run its budget; when
//! it has, it yields to the browser (which then paints and handles input) and starts a new slice.
//! It never sleeps: a yield resumes as soon as the browser has run what was waiting.

use gloo::timers::future::TimeoutFuture;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a slice may run before yielding. A task over 50 ms is a "long task" (what total
/// blocking time counts), and a low-end phone runs four times slower than this machine: 8 ms
/// here stays under 50 ms there, with room for the step that ends a slice.
pub const SLICE_MS: f64 = 8.0;

/// Times the slices of one piece of work.
#[derive(Debug)]
pub struct Slicer {
    budget_ms: f64,
    slice_started: f64,
    longest_ms: f64,
    yields: u32,
}

impl Slicer {
    /// A slicer whose first slice starts now.
    pub fn new(budget_ms: f64) -> Self {
        Slicer { budget_ms, slice_started: now_ms(), longest_ms: 0.0, yields: 0 }
    }

    /// Yields to the browser when the current slice has run its budget, then starts the next.
    pub async fn pause_if_due(&mut self) {
        let ran = now_ms() - self.slice_started;
        if ran < self.budget_ms {
            return;
        }
        self.longest_ms = self.longest_ms.max(ran);
        self.yields += 1;
        yield_now().await;
        self.slice_started = now_ms();
    }

    /// Starts a new slice: after waiting for something else (IndexedDB), the time waited was not
    /// work on the main thread, and must not cut the next slice short or count in it.
    pub fn restart(&mut self) {
        self.slice_started = now_ms();
    }

    /// The longest slice that ended in a yield so far, in milliseconds (for the benchmark).
    pub fn longest_ms(&self) -> f64 {
        self.longest_ms
    }

    /// How many times the work yielded.
    pub fn yields(&self) -> u32 {
        self.yields
    }
}

/// Lets the browser run whatever is waiting (input, rendering, other tasks), then resumes:
/// `scheduler.yield()` where the browser has it (Chromium 129+, Firefox 142+), which resumes
/// ahead of other waiting tasks; otherwise a zero-delay timer.
pub async fn yield_now() {
    match scheduler_yield() {
        Some(promise) => {
            let _ = JsFuture::from(promise).await;
        }
        None => TimeoutFuture::new(0).await,
    }
}

fn scheduler_yield() -> Option<Promise> {
    let scheduler = Reflect::get(&js_sys::global(), &JsValue::from_str("scheduler")).ok()?;
    let yield_function =
        Reflect::get(&scheduler, &JsValue::from_str("yield")).ok()?.dyn_into::<Function>().ok()?;
    yield_function.call0(&scheduler).ok()?.dyn_into::<Promise>().ok()
}

/// The monotonic clock of the page or worker this runs in, in milliseconds.
pub fn now_ms() -> f64 {
    Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|performance| performance.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}
