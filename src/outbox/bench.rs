//! The sealing cost in the browser, for `cargo xtask bench --suites registrations`: what
//! `outbox::submit` adds to a submission (sealing the registration to the agency's key with
//! `crypto.getRandomValues`). Only in a build with the `bench` feature.

use guichet_core::sealing::{self, SecureFill};
use guichet_protocol::registration::Registration;
use wasm_bindgen::prelude::*;

use crate::scheduler::now_ms;

/// Seals `registration` (its JSON) `rounds` times to a fresh key; resolves `{rounds,
/// median_ms, total_ms}`.
#[wasm_bindgen]
pub fn bench_seal(registration: &str, rounds: u32) -> Result<JsValue, JsValue> {
    let registration: Registration = serde_json::from_str(registration)
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let public = sealing::generate("bench", &mut SecureFill(super::browser_random)).public_key();
    let mut times = Vec::with_capacity(rounds as usize);
    let started = now_ms();
    for round in 0..rounds {
        let client_id = format!("0190f5e2-1234-7abc-9def-{round:012}");
        let before = now_ms();
        let sealed = sealing::seal(
            &registration,
            &client_id,
            &public,
            &mut SecureFill(super::browser_random),
        );
        times.push(now_ms() - before);
        std::hint::black_box(sealed);
    }
    let total = now_ms() - started;
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let object = js_sys::Object::new();
    for (key, value) in [("rounds", f64::from(rounds)), ("median_ms", median), ("total_ms", total)]
    {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_f64(value));
    }
    Ok(object.into())
}
