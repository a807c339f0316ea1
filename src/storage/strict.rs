//! The one IndexedDB transaction that must survive a power cut: a draft becoming an outbox entry.
//!
//! Chrome commits with relaxed durability by default (a transaction reported complete can be
//! lost), and idb cannot ask for better, so this opens its own connection through web-sys and
//! asks for `durability: "strict"`. The draft is deleted and the entry written in the same
//! transaction: never both, never neither.

use futures::channel::oneshot;
use gloo::events::EventListener;
use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    EventTarget, IdbDatabase, IdbTransactionDurability, IdbTransactionMode, IdbTransactionOptions,
};

use super::{DATABASE_NAME, Database, StorageError, stores};

/// Deletes draft `draft_key` and writes `entry` (a serialized outbox entry) in one strict
/// transaction; resolves once the browser reports it durably committed.
pub async fn move_draft_to_outbox(draft_key: &str, entry: &JsValue) -> Result<(), StorageError> {
    // Opening through the schema first makes sure the stores exist at the current version.
    Database::open().await?.close();
    let database = open_raw().await?;
    let outcome = write_strict(&database, draft_key, entry).await;
    database.close();
    outcome
}

async fn open_raw() -> Result<IdbDatabase, StorageError> {
    // The global's `indexedDB`: a submission is stored from the offers worker, which has no
    // window.
    let factory = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .ok()
        .and_then(|factory| factory.dyn_into::<web_sys::IdbFactory>().ok())
        .ok_or_else(|| StorageError::IndexedDb("IndexedDB is not available".to_owned()))?;
    let request = factory.open(DATABASE_NAME).map_err(js_error)?;
    wait_for(request.as_ref(), "success", &["error", "blocked"]).await?;
    let database = request.result().map_err(js_error)?;
    database.dyn_into::<IdbDatabase>().map_err(js_error)
}

async fn write_strict(
    database: &IdbDatabase,
    draft_key: &str,
    entry: &JsValue,
) -> Result<(), StorageError> {
    let options = IdbTransactionOptions::new();
    options.set_durability(IdbTransactionDurability::Strict);
    let names = [JsString::from(stores::DRAFTS), JsString::from(stores::OUTBOX)];
    let transaction = database
        .transaction_with_str_sequence_and_mode_and_options(
            &names,
            IdbTransactionMode::Readwrite,
            &options,
        )
        .map_err(js_error)?;
    // Listen before issuing requests: completion can only come after them, but be explicit.
    let completed = wait_for(transaction.as_ref(), "complete", &["error", "abort"]);
    let requests = (|| {
        transaction.object_store(stores::DRAFTS)?.delete(&JsValue::from_str(draft_key))?;
        transaction.object_store(stores::OUTBOX)?.put(entry)?;
        Ok::<(), JsValue>(())
    })();
    if let Err(error) = requests {
        let _ = transaction.abort();
        return Err(js_error(error));
    }
    completed.await
}

/// Resolves when `target` fires `success`, fails when it fires one of `failures`.
async fn wait_for(
    target: &EventTarget,
    success: &'static str,
    failures: &[&'static str],
) -> Result<(), StorageError> {
    let (sender, receiver) = oneshot::channel::<Result<(), String>>();
    let sender = std::rc::Rc::new(std::cell::RefCell::new(Some(sender)));
    let mut listeners = Vec::new();
    let finish = |result: Result<(), String>| {
        let sender = std::rc::Rc::clone(&sender);
        move |_: &web_sys::Event| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(result.clone());
            }
        }
    };
    listeners.push(EventListener::once(target, success, finish(Ok(()))));
    for failure in failures {
        listeners.push(EventListener::once(
            target,
            *failure,
            finish(Err(format!("{failure} event"))),
        ));
    }
    let outcome =
        receiver.await.map_err(|_| StorageError::IndexedDb("listener dropped".to_owned()))?;
    drop(listeners);
    outcome.map_err(StorageError::IndexedDb)
}

fn js_error(error: JsValue) -> StorageError {
    let message = match error.dyn_into::<js_sys::Error>() {
        Ok(error) => String::from(error.message()),
        Err(other) => other.as_string().unwrap_or_else(|| "unknown IndexedDB error".to_owned()),
    };
    StorageError::IndexedDb(message)
}
