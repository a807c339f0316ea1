//! The cost of opening one sealed registration on this machine (what ingest adds per protocol-3
//! submission: an X25519 decapsulation, HKDF and ChaCha20-Poly1305 over the registration's
//! JSON), and of sealing one natively for comparison with the browser's figure. `cargo xtask
//! bench --suites registrations` runs it in release and prints it beside the ingest figures.
//! Prints one JSON line: `{"rounds":N,"open_us_median":…,"seal_us_median":…}`.

#![allow(clippy::print_stdout, reason = "the JSON line on stdout is the interface")]

use std::time::Instant;

use guichet_core::sealing::{self, Keyring, SecureFill};
use guichet_protocol::registration::Registration;

const ROUNDS: usize = 2_000;
const FIXTURE: &str = include_str!("../../protocol/fixtures/registration-valid.json");

fn os_random(buffer: &mut [u8]) {
    #[allow(clippy::unwrap_used, reason = "a benchmark without OS randomness has nothing to say")]
    getrandom::fill(buffer).unwrap();
}

fn median_us(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let registration: Registration = serde_json::from_str(FIXTURE)?;
    let key = sealing::generate("bench", &mut SecureFill(os_random));
    let public = key.public_key();
    let keyring = Keyring::new(vec![key]);
    let mut sealed = Vec::with_capacity(ROUNDS);
    let mut seal_times = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let client_id = format!("0190f5e2-1234-7abc-9def-{round:012}");
        let started = Instant::now();
        let seal = sealing::seal(&registration, &client_id, &public, &mut SecureFill(os_random));
        seal_times.push(started.elapsed().as_secs_f64() * 1e6);
        sealed.push((client_id, seal));
    }
    let mut open_times = Vec::with_capacity(ROUNDS);
    for (client_id, seal) in &sealed {
        let started = Instant::now();
        let opened = keyring.open(seal, client_id)?;
        open_times.push(started.elapsed().as_secs_f64() * 1e6);
        anyhow::ensure!(opened == registration, "opened another registration");
    }
    println!(
        "{{\"rounds\":{ROUNDS},\"open_us_median\":{:.1},\"seal_us_median\":{:.1}}}",
        median_us(open_times),
        median_us(seal_times)
    );
    Ok(())
}
