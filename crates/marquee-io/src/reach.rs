//! Which machines a fetch may reach. A hub fetches addresses that others
//! name (an organiser's import, a programme's photos), on a network it
//! shares with attendees and, in a cloud, with the provider's metadata
//! service: what it may reach is checked on the addresses a name resolves
//! to, before any connection and again for every redirect, so a name that
//! resolves to a forbidden address or a redirect to one is refused too.
//! Link-local addresses (169.254.0.0/16, fe80::/10, where cloud metadata
//! lives) are never reached but [`Reach::Anywhere`]; loopback and private
//! ranges only with [`Reach::Local`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a fetch may reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reach {
    /// Any address: what a user asks for on their own machine.
    #[default]
    Anywhere,
    /// Public addresses, and loopback and private ones (a pretalx on the
    /// venue's LAN), never link-local.
    Local,
    /// Public addresses only.
    Public,
}

/// What kind of address `ip` is, as far as reaching it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Public,
    /// Loopback, private, shared (carrier-grade NAT) or unique-local.
    Private,
    /// Link-local, multicast, broadcast: never fetched from a hub.
    LinkLocal,
}

/// The kind of `ip`; an IPv4 address written as IPv6 is judged as IPv4.
pub fn kind(ip: IpAddr) -> Kind {
    match ip {
        IpAddr::V4(v4) => kind_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => kind_v4(v4),
            None => kind_v6(v6),
        },
    }
}

fn kind_v4(ip: Ipv4Addr) -> Kind {
    let [a, b, ..] = ip.octets();
    if ip.is_link_local() || ip.is_multicast() || ip.is_broadcast() {
        Kind::LinkLocal
    } else if ip.is_loopback()
        || ip.is_private()
        || ip.is_unspecified()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
    {
        Kind::Private
    } else {
        Kind::Public
    }
}

fn kind_v6(ip: Ipv6Addr) -> Kind {
    if let Some(v4) = embedded_v4(ip) {
        return kind_v4(v4);
    }
    let first = ip.segments()[0];
    if (first & 0xffc0) == 0xfe80 || ip.is_multicast() {
        Kind::LinkLocal
    } else if ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfec0
        // NAT64's local-use prefix: a network's own translator.
        || ip.segments()[..3] == [0x64, 0xff9b, 1]
    {
        Kind::Private
    } else {
        Kind::Public
    }
}

/// The IPv4 address an IPv6 one stands for, where it carries one: NAT64's
/// well-known prefix (`64:ff9b::/96`), 6to4 (`2002::/16`) and the old
/// IPv4-compatible form (`::a.b.c.d`), which reach that IPv4 address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let last = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(last(hi, lo)),
        [0x2002, hi, lo, ..] => Some(last(hi, lo)),
        [0, 0, 0, 0, 0, 0, hi, lo] if (hi, lo) > (0, 1) => Some(last(hi, lo)),
        _ => None,
    }
}

impl Reach {
    /// Whether a fetch with this reach may connect to `ip`.
    pub fn allows(self, ip: IpAddr) -> bool {
        match (self, kind(ip)) {
            (Reach::Anywhere, _) => true,
            (_, Kind::LinkLocal) => false,
            (Reach::Local, _) => true,
            (Reach::Public, kind) => kind == Kind::Public,
        }
    }

    /// The reach of a hub: local when the operator allows it or `source`
    /// (what the hub follows) is itself on this machine or the LAN.
    pub fn of_hub(allow_private: bool, source: Option<&str>) -> Reach {
        let local_source = source
            .and_then(host_addresses)
            .is_some_and(|ips| ips.iter().any(|ip| kind(*ip) == Kind::Private));
        if allow_private || local_source {
            Reach::Local
        } else {
            Reach::Public
        }
    }
}

/// The addresses the host of `address` (an http(s) URL) resolves to.
pub fn host_addresses(address: &str) -> Option<Vec<IpAddr>> {
    use std::net::ToSocketAddrs;
    let uri: ureq::http::Uri = address.parse().ok()?;
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("https") {
            443
        } else {
            80
        });
    Some(
        (host, port)
            .to_socket_addrs()
            .ok()?
            .map(|socket| socket.ip())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn each_range_is_told_apart() {
        for link_local in [
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "febf::1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "224.0.0.1",
            "255.255.255.255",
            "ff02::1",
        ] {
            assert_eq!(kind(ip(link_local)), Kind::LinkLocal, "{link_local}");
        }
        for private in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.8",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b:1::a00:1",
            "2002:c0a8:101::1",
            "::10.0.0.1",
            "fec0::1",
        ] {
            assert_eq!(kind(ip(private)), Kind::Private, "{private}");
        }
        for public in [
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2001:db8::1",
            "2a00:1450::1",
            "64:ff9b::101:101",
        ] {
            assert_eq!(kind(ip(public)), Kind::Public, "{public}");
        }
    }

    #[test]
    fn a_hub_reaches_the_lan_only_when_allowed_or_following_it() {
        assert_eq!(Reach::of_hub(false, None), Reach::Public);
        assert_eq!(Reach::of_hub(true, None), Reach::Local);
        assert_eq!(
            Reach::of_hub(false, Some("http://127.0.0.1:8000/schedule.xml")),
            Reach::Local
        );
        assert_eq!(Reach::of_hub(false, Some("http://[::1]:80/")), Reach::Local);
        assert_eq!(
            Reach::of_hub(false, Some("http://1.1.1.1/schedule.json")),
            Reach::Public
        );
    }

    proptest! {
        // Link-local is reached only by a user's own command, whatever the
        // bytes, and a public reach never reaches what a local one refuses.
        #[test]
        fn link_local_is_never_reached_from_a_hub(bytes in any::<[u8; 16]>(), v4 in any::<[u8; 4]>()) {
            for address in [IpAddr::from(bytes), IpAddr::from(v4)] {
                if kind(address) == Kind::LinkLocal {
                    prop_assert!(!Reach::Local.allows(address));
                    prop_assert!(!Reach::Public.allows(address));
                }
                prop_assert!(Reach::Anywhere.allows(address));
                prop_assert!(!Reach::Public.allows(address) || Reach::Local.allows(address));
            }
        }
    }
}
