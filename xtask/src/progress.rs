//! Progress output for long steps: what is being done, why, and how long it took.

use std::time::{Duration, Instant};

/// Prints `==> what` and returns a timer; [`Step::done`] prints the elapsed time.
#[derive(Debug)]
pub struct Step {
    label: String,
    started: Instant,
}

impl Step {
    pub fn start(label: impl Into<String>) -> Self {
        let label = label.into();
        println!("==> {label}");
        Self { label, started: Instant::now() }
    }

    pub fn done(self) -> Duration {
        let elapsed = self.started.elapsed();
        println!("    {} done in {}", self.label, format_duration(elapsed));
        elapsed
    }
}

/// `1.2s`, `3m04s`: short enough for a summary table.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = duration.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_at_a_glance() {
        let check = |millis: u64, expected: &str| {
            assert_eq!(format_duration(Duration::from_millis(millis)), expected);
        };
        check(0, "0.0s");
        check(1_250, "1.2s");
        check(59_940, "59.9s");
        check(60_000, "1m00s");
        check(184_000, "3m04s");
    }
}
