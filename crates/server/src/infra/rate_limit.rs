//! Rate limits for the public endpoints: anonymous callers per client address, enrolled kiosks
//! per device, so a flood from one address never uses up a kiosk's allowance.
//!
//! The algorithm is `governor`'s (GCRA, keyed); this module only chooses the keys and turns a
//! refusal into the wait a `Retry-After` header announces. Limits are per server instance: with
//! several instances behind a balancer the effective limit is that many times higher, which is
//! the right direction for a public service (kiosks never suffer from a neighbour's load).
//!
//! IPv6 callers are keyed by their /64 prefix: one phone owns a whole /64 and could otherwise
//! rotate addresses inside it.

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

/// Default anonymous requests per minute per address (see the README's reasoning on
/// carrier-grade NAT).
pub const DEFAULT_ANONYMOUS_PER_MINUTE: u32 = 120;
/// Default requests per minute per enrolled kiosk.
pub const DEFAULT_DEVICE_PER_MINUTE: u32 = 60;

/// How often (in checks) idle keys are forgotten, so the tables stay bounded.
const CLEANUP_EVERY: u64 = 4_096;

/// The keyed limiters of one server instance.
#[derive(Debug)]
pub struct RateLimits {
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
    devices: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

/// A refused request: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: Duration,
}

impl Limited {
    /// Whole seconds for `Retry-After`, rounded up, at least 1.
    pub fn retry_after_seconds(self) -> u64 {
        let whole = self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0);
        whole.max(1)
    }
}

impl RateLimits {
    /// Limits of `anonymous_per_minute` per address and `device_per_minute` per device, each
    /// allowing a burst of a whole minute's worth.
    pub fn new(anonymous_per_minute: NonZeroU32, device_per_minute: NonZeroU32) -> Self {
        Self {
            anonymous: RateLimiter::keyed(Quota::per_minute(anonymous_per_minute)),
            devices: RateLimiter::keyed(Quota::per_minute(device_per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one anonymous request from `address`.
    pub fn check_address(&self, address: IpAddr) -> Result<(), Limited> {
        self.tidy();
        self.anonymous.check_key(&address_key(address)).map_err(|not_until| Limited {
            retry_after: not_until.wait_time_from(DefaultClock::default().now()),
        })
    }

    /// Counts one request from the enrolled device `device_id`.
    pub fn check_device(&self, device_id: &str) -> Result<(), Limited> {
        self.tidy();
        self.devices.check_key(&device_id.to_owned()).map_err(|not_until| Limited {
            retry_after: not_until.wait_time_from(DefaultClock::default().now()),
        })
    }

    fn tidy(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % CLEANUP_EVERY == CLEANUP_EVERY - 1 {
            self.anonymous.retain_recent();
            self.devices.retain_recent();
        }
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::new(
            NonZeroU32::new(DEFAULT_ANONYMOUS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            NonZeroU32::new(DEFAULT_DEVICE_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
        )
    }
}

/// IPv4 as is; IPv6 by its /64 prefix (IPv4-mapped IPv6 as the IPv4 address).
fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(anonymous: u32, device: u32) -> RateLimits {
        RateLimits::new(
            NonZeroU32::new(anonymous).expect("positive"),
            NonZeroU32::new(device).expect("positive"),
        )
    }

    #[test]
    fn an_address_over_its_limit_waits_and_a_device_is_not_counted_with_it() {
        let limits = limits(2, 2);
        let address: IpAddr = "192.0.2.7".parse().expect("an address");
        assert!(limits.check_address(address).is_ok());
        assert!(limits.check_address(address).is_ok());
        let refused = limits.check_address(address).expect_err("third in a minute");
        assert!(
            refused.retry_after > Duration::ZERO && refused.retry_after <= Duration::from_secs(30)
        );
        assert!(refused.retry_after_seconds() >= 1);
        // Another address, and a device, still get through.
        assert!(limits.check_address("192.0.2.8".parse().expect("an address")).is_ok());
        assert!(limits.check_device("kiosk-1").is_ok());
    }

    #[test]
    fn ipv6_addresses_of_one_prefix_share_a_limit() {
        let limits = limits(1, 1);
        assert!(limits.check_address("2001:db8:1:2::1".parse().expect("v6")).is_ok());
        assert!(limits.check_address("2001:db8:1:2::ffff".parse().expect("v6")).is_err());
        assert!(limits.check_address("2001:db8:1:3::1".parse().expect("v6")).is_ok());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        #[track_caller]
        fn check(millis: u64, expected: u64) {
            let limited = Limited { retry_after: Duration::from_millis(millis) };
            assert_eq!(limited.retry_after_seconds(), expected, "{millis} ms");
        }
        check(0, 1);
        check(1, 1);
        check(999, 1);
        check(1_000, 1);
        check(1_001, 2);
        check(29_500, 30);
    }
}
