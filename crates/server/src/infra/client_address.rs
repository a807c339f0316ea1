//! The address a request comes from: what the anonymous and enrolment rate limits, the staff
//! login throttle and the desk's audit log are keyed on.
//!
//! Without configuration it is the TCP peer, and no header is believed. Behind a reverse proxy
//! or load balancer every peer is the proxy, so `--trusted-proxies` names the proxies' addresses
//! (CIDR ranges): when the peer is one of them, the client is the rightmost `X-Forwarded-For`
//! entry that is not a trusted proxy. Entries left of it were written by whoever sent the
//! request and are never believed, so a phone cannot pick the address it is limited under.
//!
//! Hand-written because it is a few lines over `ipnet`: the crates that read forwarding headers
//! either trust them from any peer or do not take a list of proxies.

use std::{
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    str::FromStr,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use ipnet::IpNet;

use super::state::AppState;

/// The forwarding header a trusted proxy appends the address it saw to.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// The proxies whose `X-Forwarded-For` the server believes; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `--trusted-proxies` entry that is neither an address nor a CIDR range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or a CIDR range (for example 10.0.0.0/8 or 192.0.2.7)")]
pub struct InvalidProxy(pub String);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR ranges; an empty list trusts none.
    pub fn parse(list: &str) -> Result<Self, InvalidProxy> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                IpNet::from_str(entry)
                    .or_else(|_| IpAddr::from_str(entry).map(IpNet::from))
                    .map_err(|_| InvalidProxy(entry.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|range| range.contains(&address))
    }

    /// The client's address for a request from `peer` carrying `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        // Every header line, in order, each a comma-separated list: the last entry is the one
        // the nearest proxy added.
        let entries: Vec<&str> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            // A trusted proxy writes addresses; anything else means the chain cannot be read
            // further, and the last hop known is the one that is limited.
            let Some(address) = parse_entry(entry) else { return client };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`192.0.2.7:4711`,
/// `[2001:db8::1]:4711`), as some proxies write it.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    IpAddr::from_str(entry)
        .ok()
        .or_else(|| SocketAddr::from_str(entry).ok().map(|socket| socket.ip()))
        .map(canonical)
}

/// IPv4 addresses seen through an IPv6 socket (`::ffff:192.0.2.7`) as the IPv4 they are.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// The address a request comes from (see the module's documentation); the unspecified address
/// when the router runs without connection information (router tests without a socket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(at)| at.ip());
        Ok(Self(match peer {
            Some(peer) => state.trusted_proxies.client(canonical(peer), &parts.headers),
            None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        }))
    }
}

impl ClientAddress {
    /// The address for a log or audit line; `None` when the router had no connection.
    pub fn known(self) -> Option<IpAddr> {
        (!self.0.is_unspecified()).then_some(self.0)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(FORWARDED_FOR, HeaderValue::from_str(line).expect("a header value"));
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("198.51.100.4"), &forwarded(&["203.0.113.9"])),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1").expect("a list");
        let peer = ip("10.1.2.3");
        assert_eq!(proxies.client(peer, &forwarded(&["203.0.113.9"])), ip("203.0.113.9"));
        // The phone wrote its own entry first: it is not believed, the proxy's is.
        assert_eq!(proxies.client(peer, &forwarded(&["1.2.3.4, 203.0.113.9"])), ip("203.0.113.9"));
        // Two trusted hops, across two header lines.
        assert_eq!(
            proxies.client(peer, &forwarded(&["1.2.3.4, 203.0.113.9", "192.0.2.1"])),
            ip("203.0.113.9")
        );
        // Ports, as some proxies write them, and IPv6.
        assert_eq!(proxies.client(peer, &forwarded(&["203.0.113.9:4711"])), ip("203.0.113.9"));
        assert_eq!(proxies.client(peer, &forwarded(&["[2001:db8::7]:4711"])), ip("2001:db8::7"));
    }

    #[test]
    fn an_untrusted_peer_sending_the_header_is_itself_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").expect("a list");
        assert_eq!(
            proxies.client(ip("198.51.100.4"), &forwarded(&["10.0.0.1"])),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn an_unreadable_chain_stops_at_the_last_hop_known() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").expect("a list");
        let peer = ip("10.1.2.3");
        assert_eq!(proxies.client(peer, &forwarded(&["203.0.113.9, unknown"])), peer);
        assert_eq!(proxies.client(peer, &forwarded(&["unknown, 10.0.0.9"])), ip("10.0.0.9"));
        // No header at all: the proxy itself.
        assert_eq!(proxies.client(peer, &HeaderMap::new()), peer);
        // Only trusted hops: the leftmost of them.
        assert_eq!(proxies.client(peer, &forwarded(&["10.0.0.9"])), ip("10.0.0.9"));
    }

    #[test]
    fn ipv4_through_an_ipv6_socket_is_matched_as_ipv4() {
        let proxies = TrustedProxies::parse("127.0.0.1").expect("a list");
        assert_eq!(
            proxies.client(canonical(ip("::ffff:127.0.0.1")), &forwarded(&["203.0.113.9"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_bad_entry_is_named() {
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, proxy.example").expect_err("a name"),
            InvalidProxy("proxy.example".to_owned())
        );
        assert_eq!(TrustedProxies::parse(" ").expect("empty"), TrustedProxies::default());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }
}
