//! Host name resolution with a cache, so a call on a kept-alive connection costs no look-up.
//!
//! ureq resolves the host of every request before it looks for a pooled connection, and its
//! default resolver spawns a thread for each look-up whenever a timeout applies (the client always
//! sets one). Without a cache every call would pay a thread and a DNS query, even when it then
//! reuses a connection. This resolver answers from a per-host cache whose entries expire after a
//! bounded age (60 s by default, like curl's DNS cache), so a changed DNS answer is picked up
//! soon after. IP literals are never looked up. A miss is resolved by ureq's own resolver, which
//! bounds it by the resolve timeout (the connect timeout); a failed look-up is not cached.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http::Uri;
use ureq::config::Config;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Beyond this many hosts the cache drops its expired entries, and then all of them: a client
/// talks to one API host (and perhaps a redirect target), so this is never reached in practice.
const MAX_HOSTS: usize = 64;

/// A [`Resolver`] that remembers each host's addresses for `max_age`. Clones share one cache.
#[derive(Clone)]
pub(crate) struct CachingResolver {
    shared: Arc<Shared>,
}

struct Shared {
    max_age: Duration,
    inner: DefaultResolver,
    cache: Mutex<HashMap<HostPort, Entry>>,
    lookups: AtomicU64,
}

struct Entry {
    addrs: ResolvedSocketAddrs,
    resolved_at: Instant,
}

impl CachingResolver {
    /// A resolver whose answers are kept for `max_age` (zero: not kept at all).
    pub(crate) fn new(max_age: Duration) -> CachingResolver {
        CachingResolver {
            shared: Arc::new(Shared {
                max_age,
                inner: DefaultResolver::default(),
                cache: Mutex::new(HashMap::new()),
                lookups: AtomicU64::new(0),
            }),
        }
    }

    /// How many look-ups missed the cache and went to the system resolver.
    pub(crate) fn lookups(&self) -> u64 {
        self.shared.lookups.load(Ordering::Relaxed)
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let shared = &*self.shared;
        let Some((host, port)) = host_and_port(uri) else {
            // Not a URL ureq can use: its resolver gives the precise error.
            return shared.inner.resolve(uri, config, timeout);
        };
        if let Some(ip) = ip_literal(host) {
            let mut addrs = shared.inner.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let now = Instant::now();
        {
            // Looked up by the borrowed host: a hit allocates nothing.
            let cache = shared.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = cache.get(&(host, port) as &dyn Key)
                && now.duration_since(entry.resolved_at) < shared.max_age
            {
                return Ok(entry.addrs.clone());
            }
        }
        // Resolved outside the lock: a slow look-up of one host must not hold up the others.
        shared.lookups.fetch_add(1, Ordering::Relaxed);
        let addrs = shared.inner.resolve(uri, config, timeout)?;
        if !shared.max_age.is_zero() {
            let mut cache = shared.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if cache.len() >= MAX_HOSTS {
                cache.retain(|_, entry| now.duration_since(entry.resolved_at) < shared.max_age);
                if cache.len() >= MAX_HOSTS {
                    cache.clear();
                }
            }
            cache.insert(
                HostPort {
                    host: host.to_owned(),
                    port,
                },
                Entry {
                    addrs: addrs.clone(),
                    resolved_at: Instant::now(),
                },
            );
        }
        Ok(addrs)
    }
}

impl fmt::Debug for CachingResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingResolver")
            .field("max_age", &self.shared.max_age)
            .finish_non_exhaustive()
    }
}

/// A cache key: a host name and a port.
#[derive(Debug)]
struct HostPort {
    host: String,
    port: u16,
}

/// A host and a port, owned ([`HostPort`]) or borrowed (`(&str, u16)`), so the map can be
/// searched without building a key. Both forms hash and compare alike.
trait Key {
    fn host(&self) -> &str;
    fn port(&self) -> u16;
}

impl Key for HostPort {
    fn host(&self) -> &str {
        &self.host
    }
    fn port(&self) -> u16 {
        self.port
    }
}

impl Key for (&str, u16) {
    fn host(&self) -> &str {
        self.0
    }
    fn port(&self) -> u16 {
        self.1
    }
}

impl<'a> Borrow<dyn Key + 'a> for HostPort {
    fn borrow(&self) -> &(dyn Key + 'a) {
        self
    }
}

impl Hash for dyn Key + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.host().hash(state);
        self.port().hash(state);
    }
}

impl PartialEq for dyn Key + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.port() == other.port() && self.host() == other.host()
    }
}

impl Eq for dyn Key + '_ {}

impl Hash for HostPort {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self as &dyn Key).hash(state);
    }
}

impl PartialEq for HostPort {
    fn eq(&self, other: &Self) -> bool {
        (self as &dyn Key) == (other as &dyn Key)
    }
}

impl Eq for HostPort {}

/// Host and port of an absolute `http`/`https` URL, with the scheme's default port filled in.
fn host_and_port(uri: &Uri) -> Option<(&str, u16)> {
    let authority = uri.authority()?;
    let port = authority.port_u16().or(match uri.scheme_str()? {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    })?;
    Some((authority.host(), port))
}

/// The address when the host is an IP literal (`127.0.0.1`, `[::1]`).
fn ip_literal(host: &str) -> Option<IpAddr> {
    // `authority.host()` keeps an IPv6 literal's brackets; only such a literal may have them.
    match host.strip_prefix('[') {
        Some(inner) => inner.strip_suffix(']')?.parse().ok(),
        None => host.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(resolver: &CachingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().unwrap();
        let config = Config::default();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::from_secs(5),
            reason: ureq::Timeout::Resolve,
            ..NextTimeout::default()
        };
        resolver
            .resolve(&uri, &config, timeout)
            .map(|addrs| addrs.iter().copied().collect())
    }

    #[test]
    fn ip_literals_are_never_looked_up() {
        let resolver = CachingResolver::new(Duration::from_secs(60));
        assert_eq!(
            resolve(&resolver, "http://127.0.0.1:8080/x").unwrap(),
            ["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve(&resolver, "https://[::1]/x").unwrap(),
            ["[::1]:443".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve(&resolver, "http://10.1.2.3/x").unwrap(),
            ["10.1.2.3:80".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(resolver.lookups(), 0);
    }

    #[test]
    fn a_host_is_looked_up_once_within_the_age() {
        let resolver = CachingResolver::new(Duration::from_secs(60));
        for _ in 0..10 {
            let addrs = resolve(&resolver, "http://localhost:9/a").unwrap();
            assert!(addrs.iter().all(|a| a.ip().is_loopback() && a.port() == 9));
        }
        // Another port is another entry, and each is found again.
        for _ in 0..3 {
            let addrs = resolve(&resolver, "http://localhost:10/a").unwrap();
            assert!(addrs.iter().all(|a| a.port() == 10));
            let addrs = resolve(&resolver, "http://localhost:9/b").unwrap();
            assert!(addrs.iter().all(|a| a.port() == 9));
        }
        assert_eq!(resolver.lookups(), 2);
    }

    #[test]
    fn an_expired_entry_is_looked_up_again() {
        let resolver = CachingResolver::new(Duration::ZERO);
        resolve(&resolver, "http://localhost:9/").unwrap();
        resolve(&resolver, "http://localhost:9/").unwrap();
        assert_eq!(resolver.lookups(), 2);
    }

    #[test]
    fn a_failed_look_up_is_not_cached() {
        let resolver = CachingResolver::new(Duration::from_secs(60));
        // `.invalid` never resolves (RFC 6761).
        assert!(resolve(&resolver, "http://whop-rs.invalid/").is_err());
        assert!(resolve(&resolver, "http://whop-rs.invalid/").is_err());
        assert_eq!(resolver.lookups(), 2);
    }
}
