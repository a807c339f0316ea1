//! `cargo xtask seal --key FILE`: seals test registrations to an agency's public key, the way the
//! kiosk does at submission, for the end-to-end tests and benchmarks that queue or post sealed
//! entries in bulk (a browser would take minutes to seal 1,000 through its forms).
//!
//! Reads a JSON array on stdin and writes it back on stdout with each element's `registration`
//! replaced by its `sealed` form, bound to the element's `client_id`; `protocol` (when present)
//! becomes 3. The key file is what `GET /api/v1/sealing-key` answers. Sealing is
//! `guichet_core::sealing::seal`, the kiosk's own code, with the OS's randomness.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use guichet_core::sealing::{self, PublicKey, SecureFill};
use guichet_protocol::registration::Registration;
use guichet_protocol::sealing::SealingKey;
use serde_json::Value;

#[derive(Debug, Args)]
pub struct SealArgs {
    /// The agency's public key, as `GET /api/v1/sealing-key` answers it (JSON)
    #[arg(long)]
    key: PathBuf,
}

pub fn seal(args: &SealArgs) -> Result<()> {
    let key_text = std::fs::read_to_string(&args.key)
        .with_context(|| format!("could not read {}", args.key.display()))?;
    let wire: SealingKey = serde_json::from_str(&key_text)
        .with_context(|| format!("{} is not a sealing key", args.key.display()))?;
    let key = PublicKey::from_wire(&wire)
        .with_context(|| format!("{} holds no usable key", args.key.display()))?;

    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("could not read stdin")?;
    let mut entries: Vec<Value> =
        serde_json::from_str(&input).context("stdin is not a JSON array")?;
    for (index, entry) in entries.iter_mut().enumerate() {
        seal_entry(entry, &key).with_context(|| format!("element {index}"))?;
    }
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &entries).context("could not write stdout")?;
    stdout.flush().context("could not write stdout")
}

fn seal_entry(entry: &mut Value, key: &PublicKey) -> Result<()> {
    let Some(object) = entry.as_object_mut() else { bail!("not an object") };
    let Some(client_id) = object.get("client_id").and_then(Value::as_str).map(str::to_owned) else {
        bail!("no client_id")
    };
    let Some(registration) = object.remove("registration") else { bail!("no registration") };
    let registration: Registration =
        serde_json::from_value(registration).context("registration does not read")?;
    let sealed = sealing::seal(&registration, &client_id, key, &mut SecureFill(os_random));
    object.insert("sealed".into(), serde_json::to_value(sealed)?);
    if object.contains_key("protocol") {
        object.insert("protocol".into(), Value::from(guichet_protocol::SEALED_PROTOCOL_VERSION));
    }
    Ok(())
}

fn os_random(buffer: &mut [u8]) {
    // A test tool with no OS randomness cannot do anything useful; the kiosk's code is unaffected.
    #[allow(clippy::expect_used, reason = "no randomness, no seal: stop with the reason")]
    getrandom::fill(buffer).expect("the OS gave no randomness");
}
