//! Login and activation attempts per client address: one address trying many accounts is
//! slowed down whatever the accounts' own counters say.
//!
//! governor's keyed GCRA, in memory: the limit is per server instance (with N instances behind a
//! balancer an address gets N times as many attempts, which the per-account lock in the
//! database still bounds). IPv6 addresses are keyed by their /64, which one client owns.

use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock as _, DefaultClock},
};

/// Attempts per minute per address, in a burst of as many: an agency's staff share one address
/// at the start of the day, and each attempt costs one Argon2id verification.
pub const LOGIN_ATTEMPTS_PER_MINUTE: u32 = 30;

const CLEANUP_EVERY: u64 = 1_024;

/// The client's address: the connection's, or the forwarded one behind trusted proxies.
pub(super) use crate::infra::client_address::ClientAddress;

/// The attempts of one server instance, by address.
#[derive(Debug)]
pub(super) struct LoginThrottle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

impl LoginThrottle {
    pub(super) fn new(per_minute: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one attempt from `address`; over the limit, how long to wait.
    pub(super) fn check(&self, address: IpAddr) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % CLEANUP_EVERY == CLEANUP_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&key(address))
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(NonZeroU32::new(LOGIN_ATTEMPTS_PER_MINUTE).unwrap_or(NonZeroU32::MIN))
    }
}

fn key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1_u128 << 64) - 1)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_past_its_attempts_waits_and_others_do_not() {
        let throttle = LoginThrottle::new(NonZeroU32::new(2).expect("positive"));
        let address: IpAddr = "192.0.2.1".parse().expect("an address");
        assert!(throttle.check(address).is_ok());
        assert!(throttle.check(address).is_ok());
        let wait = throttle.check(address).expect_err("the third in a minute");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30), "{wait:?}");
        assert!(throttle.check("192.0.2.2".parse().expect("an address")).is_ok());
        assert!(throttle.check("2001:db8::1".parse().expect("v6")).is_ok());
        assert!(throttle.check("2001:db8::2".parse().expect("v6")).is_ok());
        assert!(throttle.check("2001:db8::3".parse().expect("v6")).is_err(), "same /64");
    }
}
