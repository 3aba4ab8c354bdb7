//! When to retry an attempt, and how long to wait first.

use std::time::{Duration, SystemTime};

use crate::transport::{Failure, Outcome};

/// The first backoff delay; each retry doubles it.
const BASE_DELAY: Duration = Duration::from_millis(500);
/// The longest computed backoff delay.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// The longest wait a server's `Retry-After` can ask for; beyond it we wait this long.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// The retry rules of one call.
pub(crate) struct RetryPolicy {
    /// Retries allowed after the first attempt.
    pub(crate) max_retries: u32,
    /// Whether the request may reach the server twice without harm (idempotent method, or a
    /// `POST` with an `Idempotency-Key`).
    pub(crate) repeat_is_safe: bool,
}

/// What to do after an attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Return this outcome.
    Done,
    /// Wait, then attempt again.
    RetryAfter(Duration),
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (1-based).
    pub(crate) fn decide(&self, attempt: u32, outcome: &Outcome) -> RetryDecision {
        if attempt > self.max_retries {
            return RetryDecision::Done;
        }
        match outcome {
            Ok(received) => {
                let answer = received.answer();
                let retry = match should_retry_header(answer.headers) {
                    Some(told) => told,
                    None => self.repeat_is_safe && is_retryable_status(answer.status),
                };
                if !retry {
                    return RetryDecision::Done;
                }
                let delay = server_delay(answer.headers).unwrap_or_else(|| backoff(attempt));
                RetryDecision::RetryAfter(delay)
            }
            Err(Failure::TooLarge { .. }) => RetryDecision::Done,
            Err(Failure::Transport { before_send: true, .. }) => RetryDecision::RetryAfter(backoff(attempt)),
            Err(Failure::Transport { .. } | Failure::Timeout { .. }) if self.repeat_is_safe => {
                RetryDecision::RetryAfter(backoff(attempt))
            }
            Err(_) => RetryDecision::Done,
        }
    }
}

/// Statuses that say "try again": timeout, conflict, rate limit, server errors.
fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500 | 502 | 503 | 504)
}

/// The server's explicit `x-should-retry: true|false`, which overrides the status rules.
fn should_retry_header(headers: &http::HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `retry-after-ms`, or `Retry-After` in seconds or as an HTTP-date, capped.
fn server_delay(headers: &http::HeaderMap) -> Option<Duration> {
    let delay = if let Some(ms) = header_text(headers, "retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        duration_from_secs(ms / 1000.0)?
    } else {
        let value = header_text(headers, "retry-after")?;
        match value.parse::<f64>() {
            Ok(secs) => duration_from_secs(secs)?,
            Err(_) => {
                let when = httpdate::parse_http_date(value).ok()?;
                when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO)
            }
        }
    };
    Some(delay.min(MAX_SERVER_DELAY))
}

fn header_text<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

fn duration_from_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(MAX_SERVER_DELAY.as_secs_f64())))
}

/// Exponential backoff from 0.5 s, capped at 8 s, with up to 25% jitter taken off so that many
/// clients retrying together spread out.
fn backoff(attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(16);
    let delay = BASE_DELAY.saturating_mul(1 << exponent).min(MAX_DELAY);
    delay.mul_f64(1.0 - 0.25 * fastrand::f64())
}
