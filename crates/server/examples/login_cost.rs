//! The cost of one login on this machine: one Argon2id hash with the server's parameters (what a
//! login's verification costs too), measured `ROUNDS` times. `cargo xtask bench --suites
//! registrations` runs it in release and prints the median beside the ingest figures.
//! Prints one JSON line: `{"rounds":N,"median_ms":…,"min_ms":…,"max_ms":…}`.

#![allow(clippy::print_stdout, reason = "the JSON line on stdout is the interface")]

const ROUNDS: usize = 15;

fn main() -> anyhow::Result<()> {
    let mut times: Vec<f64> = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let elapsed = guichet_server::staff::measure_hash()?;
        times.push(elapsed.as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"rounds\":{ROUNDS},\"median_ms\":{:.1},\"min_ms\":{:.1},\"max_ms\":{:.1}}}",
        times[ROUNDS / 2],
        times[0],
        times[ROUNDS - 1]
    );
    Ok(())
}
