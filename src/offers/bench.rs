//! Measurements for `cargo xtask bench`, exported to JavaScript (Trunk exposes the module's
//! exports as `window.wasmBindings`). They run the same code as the app, on a database of their
//! own, so the benchmark measures what a kiosk does and nothing else.
//!
//! Never called by the app itself, and only in a build with the `bench` feature (`cargo xtask
//! bench` makes one): the functions it calls are the release build's own.

use std::cell::RefCell;

use guichet_core::reference::ReferenceData;
use guichet_core::search::{
    IndexedOffer, Query, SearchIndex, SearchIndexBuilder, folded_fields, normalize,
};
use wasm_bindgen::prelude::*;

use super::engine::apply_to_index;
use super::sync;
use crate::browser;
use crate::reference::fetch_build_reference;
use crate::scheduler::{SLICE_MS, Slicer, now_ms};
use crate::storage::Database;
use crate::storage::offers as store;

thread_local! {
    static INDEX: RefCell<SearchIndex> = RefCell::new(SearchIndex::default());
}

fn error(message: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&message.to_string())
}

/// The build's reference lists, as the app loads them at start.
async fn reference() -> Result<ReferenceData, JsValue> {
    let path = crate::reference::build_reference_path();
    ReferenceData::new(fetch_build_reference(path.as_deref()).await.map_err(error)?).map_err(error)
}

fn object(entries: &[(&str, f64)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_f64(*value));
    }
    object.into()
}

/// Syncs database `name` until current; resolves `{ms, changes}`. A fresh database measures the
/// initial sync, a synced one the incremental sync; the bench index follows the pages.
#[wasm_bindgen]
pub async fn bench_sync(name: String) -> Result<JsValue, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let reference = reference().await?;
    let started = now_ms();
    let changes = sync::sync_until_current(&database, browser::now, |page, _| {
        INDEX.with(|index| apply_to_index(&mut index.borrow_mut(), page, &reference));
    })
    .await
    .map_err(error)?;
    let ms = now_ms() - started;
    database.close();
    Ok(object(&[("ms", ms), ("changes", changes as f64)]))
}

/// Keeps the bench index in database `name` as the app does after a sync; resolves `{ms, bytes}`:
/// the time to serialise and store it, and its size.
#[wasm_bindgen]
pub async fn bench_keep_index(name: String) -> Result<JsValue, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let reference = reference().await?;
    let started = now_ms();
    let bytes = || INDEX.with(|index| index.borrow().to_bytes());
    let size = super::engine::keep_index(&database, &reference, &mut None, bytes)
        .await
        .map_err(error)?
        .ok_or_else(|| error("the bench database holds no cursor"))?;
    let ms = now_ms() - started;
    database.close();
    Ok(object(&[("ms", ms), ("bytes", size as f64)]))
}

/// Starts from the index kept in database `name` exactly as the app does (the stored cursor,
/// then the kept index read, checked against it and decoded); resolves `{ms, offers}`.
#[wasm_bindgen]
pub async fn bench_load_kept_index(name: String) -> Result<JsValue, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let reference = reference().await?;
    let started = now_ms();
    let cursor = store::read_sync_state(&database).await.map_err(error)?.cursor;
    let index = super::engine::kept_index(&database, &reference, cursor.as_deref())
        .await
        .ok_or_else(|| error("no kept index matches the stored cursor"))?;
    let ms = now_ms() - started;
    database.close();
    let count = index.len();
    INDEX.with(|slot| *slot.borrow_mut() = index);
    Ok(object(&[("ms", ms), ("offers", count as f64)]))
}

/// Loads the bench index from database `name` exactly as the app does at start (read and indexed
/// in turn, in slices of `SLICE_MS` between which the page runs); resolves `{ms, offers,
/// longest_slice, yields}`: the whole start, and the longest slice that ended in a yield.
#[wasm_bindgen]
pub async fn bench_load_index(name: String) -> Result<JsValue, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let reference = reference().await?;
    let started = now_ms();
    let mut builder = SearchIndexBuilder::new(&reference);
    let mut slicer = Slicer::new(SLICE_MS);
    store::for_each_indexed_offer(&database, &mut slicer, |offer| builder.add(offer))
        .await
        .map_err(error)?;
    let index = builder.finish();
    let ms = now_ms() - started;
    database.close();
    let count = index.len();
    INDEX.with(|slot| *slot.borrow_mut() = index);
    Ok(object(&[
        ("ms", ms),
        ("offers", count as f64),
        ("longest_slice", slicer.longest_ms()),
        ("yields", f64::from(slicer.yields())),
    ]))
}

/// Reads what the index needs of every offer of database `name` into memory (the start's read
/// path, without yielding), then builds the index from it, timing the two apart; resolves
/// `{read_ms, build_ms, finish_ms, offers}`: reading IndexedDB and decoding, building the index
/// alone, and of that the last step (sorting the words), which runs as one task.
#[wasm_bindgen]
pub async fn bench_build_index(name: String) -> Result<JsValue, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let started = now_ms();
    let mut offers: Vec<IndexedOffer<'static>> = Vec::new();
    let mut unsliced = Slicer::new(f64::INFINITY);
    store::for_each_indexed_offer(&database, &mut unsliced, |offer| {
        offers.push(offer.clone().into_owned());
    })
    .await
    .map_err(error)?;
    let read_ms = now_ms() - started;
    database.close();
    let reference = reference().await?;
    let started = now_ms();
    let mut builder = SearchIndexBuilder::new(&reference);
    for offer in &offers {
        builder.add(offer);
    }
    let finishing = now_ms();
    let index = builder.finish();
    let build_ms = now_ms() - started;
    let finish_ms = now_ms() - finishing;
    let count = index.len();
    drop(offers);
    INDEX.with(|slot| *slot.borrow_mut() = index);
    Ok(object(&[
        ("read_ms", read_ms),
        ("build_ms", build_ms),
        ("finish_ms", finish_ms),
        ("offers", count as f64),
    ]))
}

/// Consecutive runs of one query timed together (see `bench_queries`).
const REPEAT: u32 = 10;

/// Runs each query `rounds` times on the bench index (the first 30 results, as the list asks);
/// resolves `{p50, p95, max, hits}` in milliseconds over every run.
#[wasm_bindgen]
#[allow(clippy::needless_pass_by_value, reason = "wasm-bindgen hands JavaScript arrays over owned")]
pub fn bench_queries(queries: Vec<String>, rounds: u32) -> JsValue {
    let now = browser::now();
    let mut times = Vec::new();
    let mut hits = 0usize;
    INDEX.with(|index| {
        let index = index.borrow();
        for _ in 0..rounds {
            for text in &queries {
                let query = Query { text: text.clone(), limit: 30, ..Query::default() };
                // Browsers round `performance.now()` to 0.1 ms: time a few runs, keep the mean.
                let started = now_ms();
                for _ in 0..REPEAT {
                    hits += index.search(&query, now).total;
                }
                times.push((now_ms() - started) / f64::from(REPEAT));
            }
        }
    });
    times.sort_by(f64::total_cmp);
    let at = |fraction: f64| {
        let position = ((times.len() as f64 - 1.0) * fraction).round() as usize;
        times.get(position).copied().unwrap_or(0.0)
    };
    object(&[
        ("p50", at(0.5)),
        ("p95", at(0.95)),
        ("max", at(1.0)),
        ("hits", hits as f64 / f64::from(rounds.max(1) * REPEAT)),
    ])
}

/// How many current offers each query finds on the bench index (`total`: all matches, not
/// only the first 30), for checking that every peer of the benchmark returns the same sets.
#[wasm_bindgen]
#[allow(clippy::needless_pass_by_value, reason = "wasm-bindgen hands JavaScript arrays over owned")]
pub fn bench_totals(queries: Vec<String>) -> Vec<u32> {
    let now = browser::now();
    INDEX.with(|index| {
        let index = index.borrow();
        queries
            .iter()
            .map(|text| {
                let query = Query { text: text.clone(), limit: 30, ..Query::default() };
                u32::try_from(index.search(&query, now).total).unwrap_or(u32::MAX)
            })
            .collect()
    })
}

/// Each query folded as the index folds it (case, accents, Arabic letter forms, digits, stop
/// words, the Arabic article), its words joined by single spaces: what the other libraries of
/// the benchmark are asked, so they never need a folding of their own.
#[wasm_bindgen]
#[allow(clippy::needless_pass_by_value, reason = "wasm-bindgen hands JavaScript arrays over owned")]
pub fn bench_fold(queries: Vec<String>) -> Vec<String> {
    queries.iter().map(|text| normalize::words(text).join(" ")).collect()
}

/// The offers of database `name` that are current now, as the other libraries of the benchmark
/// index them: `{id, published_at, title, occupation, place, description}`, each text field
/// being the folded words this kiosk's index holds for it (`folded_fields`).
#[wasm_bindgen]
pub async fn bench_documents(name: String) -> Result<js_sys::Array, JsValue> {
    let database = Database::open_named(&name).await.map_err(error)?;
    let reference = reference().await?;
    let now = browser::now();
    let documents = js_sys::Array::new();
    store::for_each_offer(&database, |offer| {
        if offer.expires_at <= now.0 {
            return;
        }
        let document = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&document, &JsValue::from_str(key), &value);
        };
        set("id", JsValue::from_str(&offer.id));
        set("published_at", JsValue::from_f64(offer.published_at as f64));
        let [title, occupation, place, description] = folded_fields(offer, &reference);
        for (key, text) in [
            ("title", title),
            ("occupation", occupation),
            ("place", place),
            ("description", description),
        ] {
            set(key, JsValue::from_str(&text));
        }
        documents.push(&document);
    })
    .await
    .map_err(error)?;
    database.close();
    Ok(documents)
}

/// The JS heap in use (Chromium's `performance.memory`) and the wasm linear memory, in bytes.
#[wasm_bindgen]
pub fn bench_memory() -> JsValue {
    let performance = web_sys::window().and_then(|window| window.performance());
    let js_heap = performance
        .and_then(|performance| js_sys::Reflect::get(&performance, &"memory".into()).ok())
        .and_then(|memory| js_sys::Reflect::get(&memory, &"usedJSHeapSize".into()).ok())
        .and_then(|size| size.as_f64())
        .unwrap_or(0.0);
    let wasm = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
        .ok()
        .and_then(|buffer| js_sys::Reflect::get(&buffer, &"byteLength".into()).ok())
        .and_then(|length| length.as_f64())
        .unwrap_or(0.0);
    object(&[("js_heap", js_heap), ("wasm", wasm)])
}
