//! The remote key set: fetched over HTTPS, cached, refetched on an unknown key id.
//!
//! One fetch runs at a time. A thread that needs keys while another fetches waits for that
//! fetch and takes its outcome, so many threads verifying at once fetch the set once. The
//! lock is never held during the fetch itself.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::UserTokenError;
use super::keys::Keys;

/// How long a fetched key set is used, unless the server's `Cache-Control: max-age` is shorter.
pub(crate) const MAX_CACHE_AGE: Duration = Duration::from_secs(12 * 60 * 60);
/// The bound of one fetch, from connecting to the end of the body.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// The bound of opening the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest key set body accepted.
const MAX_BODY: u64 = 256 * 1024;

/// A key set at a URL and what is known of it.
pub(crate) struct RemoteKeys {
    pub(crate) url: String,
    /// The shortest time between two fetches caused by unknown key ids.
    pub(crate) cooldown: Duration,
    agent: ureq::Agent,
    state: Mutex<State>,
    fetched: Condvar,
}

#[derive(Default)]
struct State {
    /// The last keys fetched, and until when they may be used.
    current: Option<(Arc<Keys>, Instant)>,
    /// Whether a fetch is running (outside the lock).
    fetching: bool,
    /// How many fetches have completed, successful or not.
    generation: u64,
    /// The outcome of the last completed fetch, for the threads that waited for it.
    last_outcome: Option<Result<Arc<Keys>, UserTokenError>>,
    /// When the last fetch started.
    last_started: Option<Instant>,
}

/// Keys, and the number of fetches completed when they were handed out.
pub(crate) type Snapshot = (Arc<Keys>, u64);

impl RemoteKeys {
    pub(crate) fn new(url: String, cooldown: Duration) -> RemoteKeys {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .https_only(url.starts_with("https://"))
            .timeout_global(Some(FETCH_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .user_agent(concat!("whop-rs/", env!("CARGO_PKG_VERSION")))
            .build();
        RemoteKeys {
            url,
            cooldown,
            agent: config.new_agent(),
            state: Mutex::new(State::default()),
            fetched: Condvar::new(),
        }
    }

    /// Keys that have not expired, fetched if needed.
    pub(crate) fn keys(&self) -> Result<Snapshot, UserTokenError> {
        let mut state = self.lock();
        loop {
            if let Some((keys, until)) = &state.current
                && Instant::now() < *until
            {
                return Ok((Arc::clone(keys), state.generation));
            }
            if !state.fetching {
                return self.fetch(state);
            }
            let seen = state.generation;
            state = self.wait(state);
            if state.generation != seen {
                return last_outcome(&state);
            }
        }
    }

    /// Fetches the set again because a token named a key id that `seen` did not hold.
    ///
    /// Returns the newer keys when some fetch completed after `seen` (this one or another
    /// thread's), and `None` when the cooldown since the last fetch has not passed.
    pub(crate) fn refetch(&self, seen: u64) -> Result<Option<Snapshot>, UserTokenError> {
        let mut state = self.lock();
        loop {
            if state.generation != seen {
                return last_outcome(&state).map(Some);
            }
            if state.fetching {
                state = self.wait(state);
                continue;
            }
            if state
                .last_started
                .is_some_and(|started| started.elapsed() < self.cooldown)
            {
                return Ok(None);
            }
            return self.fetch(state).map(Some);
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.fetched
            .wait_while(state, |state| state.fetching)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one fetch with the lock released, then records and returns its outcome.
    fn fetch(&self, mut state: MutexGuard<'_, State>) -> Result<Snapshot, UserTokenError> {
        state.fetching = true;
        state.last_started = Some(Instant::now());
        drop(state);
        // Should the download panic, the guard still ends the fetch, so waiters do not hang.
        let mut guard = FetchGuard {
            remote: self,
            outcome: Some(Err(UserTokenError::key_set("the fetch did not complete"))),
        };
        let outcome = self.download().map(|(keys, max_age)| {
            let keys = Arc::new(keys);
            (keys, Instant::now() + max_age)
        });
        let result = outcome
            .as_ref()
            .map(|(keys, _)| Arc::clone(keys))
            .map_err(Clone::clone);
        guard.outcome = Some(outcome);
        let generation = guard.finish();
        result.map(|keys| (keys, generation))
    }

    /// GETs the set and parses it; returns the keys and how long they may be used.
    fn download(&self) -> Result<(Keys, Duration), UserTokenError> {
        let response = self
            .agent
            .get(&self.url)
            .header("accept", "application/json")
            .call()
            .map_err(|err| UserTokenError::key_set(format!("cannot fetch {}: {err}", self.url)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(UserTokenError::key_set(format!(
                "{} answered with status {status}",
                self.url
            )));
        }
        let max_age = response
            .headers()
            .get_all(http::header::CACHE_CONTROL)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(max_age)
            .map_or(MAX_CACHE_AGE, |age| age.min(MAX_CACHE_AGE));
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|err| {
                UserTokenError::key_set(format!("cannot read the body of {}: {err}", self.url))
            })?;
        let keys = Keys::parse_set(&body)
            .map_err(|message| UserTokenError::key_set(format!("{}: {message}", self.url)))?;
        Ok((keys, max_age))
    }
}

/// Ends a fetch: stores its outcome and wakes the threads waiting for it.
struct FetchGuard<'a> {
    remote: &'a RemoteKeys,
    outcome: Option<Result<(Arc<Keys>, Instant), UserTokenError>>,
}

impl FetchGuard<'_> {
    /// Records the outcome; returns the generation it is stored as.
    fn finish(mut self) -> u64 {
        self.record()
    }

    fn record(&mut self) -> u64 {
        let Some(outcome) = self.outcome.take() else {
            return 0;
        };
        let mut state = self.remote.lock();
        state.fetching = false;
        state.generation += 1;
        state.last_outcome = Some(match outcome {
            Ok((keys, until)) => {
                state.current = Some((Arc::clone(&keys), until));
                Ok(keys)
            }
            Err(err) => Err(err),
        });
        let generation = state.generation;
        drop(state);
        self.remote.fetched.notify_all();
        generation
    }
}

impl Drop for FetchGuard<'_> {
    fn drop(&mut self) {
        self.record();
    }
}

fn last_outcome(state: &State) -> Result<Snapshot, UserTokenError> {
    match &state.last_outcome {
        Some(Ok(keys)) => Ok((Arc::clone(keys), state.generation)),
        Some(Err(err)) => Err(err.clone()),
        None => Err(UserTokenError::key_set("no fetch has completed")),
    }
}

/// The `max-age` directive of one `Cache-Control` value.
fn max_age(value: &str) -> Option<Duration> {
    value.split(',').find_map(|directive| {
        let (name, seconds) = directive.trim().split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("max-age") {
            return None;
        }
        let seconds: u64 = seconds.trim().trim_matches('"').parse().ok()?;
        Some(Duration::from_secs(seconds))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_any_directive() {
        assert_eq!(
            max_age("public, max-age=300"),
            Some(Duration::from_secs(300))
        );
        assert_eq!(max_age("MAX-AGE=\"60\""), Some(Duration::from_secs(60)));
        assert_eq!(max_age("no-cache"), None);
        assert_eq!(max_age("max-age=soon"), None);
        assert_eq!(max_age("s-maxage=10, max-age=0"), Some(Duration::ZERO));
    }
}
