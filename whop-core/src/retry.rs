//! When to retry an attempt, and how long to wait first.
//!
//! The rules, in order:
//!
//! 1. A 2xx answer is final.
//! 2. A pooled connection that failed before any byte of an answer came back was most likely
//!    closed by the server while idle. The call is sent again at once on a new connection, without
//!    using up a retry, once per call, and only when repeating it is safe.
//! 3. No retry is left: the outcome is final.
//! 4. Nothing of the request left the machine (connection refused, DNS failure, connect timeout):
//!    retry, whatever the method.
//! 5. Otherwise retry only when repeating is safe (an idempotent method: `GET`, `PUT`, `DELETE`;
//!    or a request with an `Idempotency-Key`, which every `POST` and `PATCH` carries unless keys
//!    are turned off), and then for connection failures, timeouts, the statuses 408, 409, 429,
//!    500, 502, 503 and 504, or when the server says `x-should-retry: true`. `x-should-retry: false`
//!    vetoes a retry the status would allow.

use std::time::{Duration, SystemTime};

use crate::attempt::{Failure, FailureKind, Outcome};

/// The first backoff delay; each retry doubles it.
const BASE_DELAY: Duration = Duration::from_millis(500);
/// The longest computed backoff delay.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// The longest wait a server's `Retry-After` can ask for; a longer one is shortened to this.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// The retry rules of one call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// Retries allowed after the first attempt.
    pub(crate) max_retries: u32,
    /// Whether the request may reach the server twice without harm (idempotent method, or a
    /// request with an `Idempotency-Key`).
    pub(crate) repeat_is_safe: bool,
}

/// What to do after an attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Return this outcome.
    Done,
    /// Send the same attempt again right away on a new connection; it does not count as a retry.
    Reconnect,
    /// Wait, then make the next attempt.
    RetryAfter(Duration),
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (1-based). `reconnected` tells whether this call
    /// already used its one [`RetryDecision::Reconnect`].
    pub(crate) fn decide(
        &self,
        attempt: u32,
        reconnected: bool,
        outcome: &Outcome,
    ) -> RetryDecision {
        match outcome {
            Ok(received) => {
                let answer = received.answer();
                if (200..300).contains(&answer.status)
                    || attempt > self.max_retries
                    || !self.repeat_is_safe
                {
                    return RetryDecision::Done;
                }
                let retry = should_retry_header(answer.headers)
                    .unwrap_or_else(|| is_retryable_status(answer.status));
                if retry {
                    let asked = server_delay(answer.headers).or_else(|| {
                        (answer.status == 429)
                            .then(|| message_delay(answer.body))
                            .flatten()
                    });
                    RetryDecision::RetryAfter(asked.unwrap_or_else(|| backoff(attempt)))
                } else {
                    RetryDecision::Done
                }
            }
            Err(failure) => self.decide_failure(attempt, reconnected, failure),
        }
    }

    fn decide_failure(&self, attempt: u32, reconnected: bool, failure: &Failure) -> RetryDecision {
        if failure.stale_connection() && self.repeat_is_safe && !reconnected {
            return RetryDecision::Reconnect;
        }
        if attempt > self.max_retries {
            return RetryDecision::Done;
        }
        match failure.kind {
            FailureKind::Connection | FailureKind::Timeout
                if !failure.activity.sent || self.repeat_is_safe =>
            {
                RetryDecision::RetryAfter(backoff(attempt))
            }
            _ => RetryDecision::Done,
        }
    }
}

/// Statuses that say "try again": request timeout, conflict, rate limit, server errors.
fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500 | 502 | 503 | 504)
}

/// The server's explicit `x-should-retry: true|false`, which overrides the status rules.
pub(crate) fn should_retry_header(headers: &http::HeaderMap) -> Option<bool> {
    let value = header_text(headers, "x-should-retry")?;
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The wait the server asks for: `retry-after-ms`, else `Retry-After` in seconds or as an
/// HTTP-date, at most [`MAX_SERVER_DELAY`]. `None` when absent or unreadable.
pub(crate) fn server_delay(headers: &http::HeaderMap) -> Option<Duration> {
    if let Some(ms) = header_text(headers, "retry-after-ms").and_then(|v| v.parse::<f64>().ok())
        && let Some(delay) = capped_secs(ms / 1000.0)
    {
        return Some(delay);
    }
    let value = header_text(headers, "retry-after")?;
    match value.parse::<f64>() {
        Ok(secs) => capped_secs(secs),
        Err(_) => {
            let when = httpdate::parse_http_date(value).ok()?;
            // A date in the past means "now".
            let delay = when
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO);
            Some(delay.min(MAX_SERVER_DELAY))
        }
    }
}

/// The wait a rate-limit answer states only in its text, as Whop's 429 does:
/// `{"error": {"type": "rate_limit_exceeded", "message": "Try again in 12 seconds."}}`. Reads
/// "try again in N" followed by seconds, milliseconds or minutes (any case, decimals allowed),
/// at most [`MAX_SERVER_DELAY`]; `None` when the text says nothing readable.
pub(crate) fn message_delay(body: &[u8]) -> Option<Duration> {
    const PHRASE: &str = "try again in";
    // Only the start of a body is read: the phrase sits in a short message.
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    let rest = text[text.find(PHRASE)? + PHRASE.len()..].trim_start();
    let number_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let amount: f64 = rest[..number_len].parse().ok()?;
    let unit = rest[number_len..].trim_start();
    let secs = if unit.starts_with("ms") || unit.starts_with("milli") {
        amount / 1000.0
    } else if unit.starts_with("min") || unit.starts_with("m ") || unit == "m" {
        amount * 60.0
    } else if unit.starts_with('s') {
        amount
    } else {
        return None;
    };
    capped_secs(secs)
}

fn header_text<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

/// A non-negative, finite number of seconds as a duration of at most [`MAX_SERVER_DELAY`].
fn capped_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0)
        .then(|| Duration::from_secs_f64(secs.min(MAX_SERVER_DELAY.as_secs_f64())))
}

/// Exponential backoff from 0.5 s, capped at 8 s, with up to 25% taken off at random so that
/// clients failing together do not retry together.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(16);
    let delay = BASE_DELAY.saturating_mul(1 << exponent).min(MAX_DELAY);
    delay.mul_f64(1.0 - 0.25 * fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attempt::Activity;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (http::HeaderName::from_static(name), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_stops_at_eight() {
        for (attempt, full) in [
            (1, 500),
            (2, 1000),
            (3, 2000),
            (4, 4000),
            (5, 8000),
            (6, 8000),
            (40, 8000),
        ] {
            let full = Duration::from_millis(full);
            for _ in 0..50 {
                let delay = backoff(attempt);
                assert!(
                    delay <= full && delay >= full.mul_f64(0.75),
                    "attempt {attempt}: {delay:?}"
                );
            }
        }
    }

    #[test]
    fn server_delay_reads_every_form_and_caps_it() {
        assert_eq!(
            server_delay(&headers(&[("retry-after", "2")])),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "0.25")])),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "150")])),
            Some(Duration::from_millis(150))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "150"), ("retry-after", "9")])),
            Some(Duration::from_millis(150))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "86400")])),
            Some(MAX_SERVER_DELAY)
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "1e300")])),
            Some(MAX_SERVER_DELAY)
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &past)])),
            Some(Duration::ZERO)
        );
        let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &far)])),
            Some(MAX_SERVER_DELAY)
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        assert!(
            server_delay(&headers(&[("retry-after", &soon)]))
                .is_some_and(|d| d <= Duration::from_secs(5))
        );
    }

    #[test]
    fn unreadable_server_delays_fall_back_to_backoff() {
        for bad in ["-1", "NaN", "inf", "soon", "", "1e999"] {
            assert_eq!(
                server_delay(&headers(&[("retry-after", bad)])),
                None,
                "{bad:?}"
            );
        }
        // An unreadable retry-after-ms does not hide a readable Retry-After.
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "-5"), ("retry-after", "3")])),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn message_delay_reads_whops_rate_limit_text() {
        let whop =
            br#"{"error": {"type": "rate_limit_exceeded", "message": "Try again in 12 seconds."}}"#;
        assert_eq!(message_delay(whop), Some(Duration::from_secs(12)));
        assert_eq!(
            message_delay(b"Rate limited. try again in 1 second"),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            message_delay(b"TRY AGAIN IN 2.5s"),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            message_delay(b"try again in 300ms"),
            Some(Duration::from_millis(300))
        );
        assert_eq!(
            message_delay(b"try again in 2 minutes"),
            Some(MAX_SERVER_DELAY)
        );
        assert_eq!(
            message_delay(b"try again in 90 seconds"),
            Some(MAX_SERVER_DELAY)
        );
        for unreadable in [
            &b"try again later"[..],
            b"try again in a moment",
            b"try again in 5 hours",
            b"try again in",
            b"slow down",
            b"",
            b"try again in 1.2.3 seconds",
        ] {
            assert_eq!(
                message_delay(unreadable),
                None,
                "{:?}",
                String::from_utf8_lossy(unreadable)
            );
        }
    }

    fn answer(status: u16, headers: http::HeaderMap, body: &[u8]) -> Outcome {
        Ok(crate::attempt::Received {
            status: http::StatusCode::from_u16(status).unwrap(),
            headers,
            body: body.to_vec(),
        })
    }

    #[test]
    fn a_429_waits_as_long_as_its_message_asks() {
        let policy = RetryPolicy {
            max_retries: 2,
            repeat_is_safe: true,
        };
        let whop =
            br#"{"error": {"type": "rate_limit_exceeded", "message": "Try again in 12 seconds."}}"#;
        assert_eq!(
            policy.decide(1, false, &answer(429, headers(&[]), whop)),
            RetryDecision::RetryAfter(Duration::from_secs(12))
        );
        // A header, when there is one, wins over the text.
        assert_eq!(
            policy.decide(
                1,
                false,
                &answer(429, headers(&[("retry-after", "3")]), whop)
            ),
            RetryDecision::RetryAfter(Duration::from_secs(3))
        );
        // Only a 429's text is read: a 503 with the same words backs off as usual.
        match policy.decide(1, false, &answer(503, headers(&[]), whop)) {
            RetryDecision::RetryAfter(delay) => assert!(delay <= BASE_DELAY, "{delay:?}"),
            other => panic!("expected a retry, got {other:?}"),
        }
    }

    #[test]
    fn should_retry_header_is_a_strict_boolean() {
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", "true")])),
            Some(true)
        );
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", " FALSE ")])),
            Some(false)
        );
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", "1")])),
            None
        );
        assert_eq!(should_retry_header(&headers(&[])), None);
    }

    #[test]
    fn header_values_are_trimmed_and_retry_after_ms_takes_decimals() {
        assert_eq!(
            server_delay(&headers(&[("retry-after", " 4 ")])),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "1500.5")])),
            Some(Duration::from_micros(1_500_500))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "0")])),
            Some(Duration::ZERO)
        );
        assert_eq!(server_delay(&headers(&[])), None);
        // An HTTP-date in each of the three forms RFC 9110 allows.
        for past in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                server_delay(&headers(&[("retry-after", past)])),
                Some(Duration::ZERO),
                "{past}"
            );
        }
    }

    #[test]
    fn message_delay_reads_only_the_start_of_a_body() {
        let mut late = vec![b' '; 5000];
        late.extend_from_slice(b"Try again in 3 seconds.");
        assert_eq!(message_delay(&late), None);
        let mut early = b"Try again in 3 seconds.".to_vec();
        early.extend(vec![b' '; 5000]);
        assert_eq!(message_delay(&early), Some(Duration::from_secs(3)));
        assert_eq!(
            message_delay(b"try again in 1 m"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            message_delay(b"try again in 2 secs"),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            message_delay(b"\xff\xfe try again in 1s"),
            Some(Duration::from_secs(1))
        );
    }

    const SAFE: RetryPolicy = RetryPolicy {
        max_retries: 2,
        repeat_is_safe: true,
    };
    const UNSAFE: RetryPolicy = RetryPolicy {
        max_retries: 2,
        repeat_is_safe: false,
    };

    fn failed(kind: FailureKind, activity: Activity) -> Outcome {
        Err(Failure {
            kind,
            activity,
            source: ureq::Error::ConnectionFailed,
        })
    }

    fn is_retry(decision: RetryDecision) -> bool {
        matches!(decision, RetryDecision::RetryAfter(delay) if delay <= MAX_DELAY)
    }

    const NOTHING_SENT: Activity = Activity {
        connected: false,
        sent: false,
        received: false,
    };
    const SENT_ON_NEW: Activity = Activity {
        connected: true,
        sent: true,
        received: false,
    };
    const SENT_ON_POOLED: Activity = Activity {
        connected: false,
        sent: true,
        received: false,
    };

    #[test]
    fn statuses_decide_a_retry_and_the_server_can_override_them() {
        for status in [200, 201, 204] {
            assert_eq!(
                SAFE.decide(1, false, &answer(status, headers(&[]), b"")),
                RetryDecision::Done
            );
        }
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                is_retry(SAFE.decide(1, false, &answer(status, headers(&[]), b""))),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 422, 501] {
            assert_eq!(
                SAFE.decide(1, false, &answer(status, headers(&[]), b"")),
                RetryDecision::Done,
                "{status}"
            );
        }
        let yes = headers(&[("x-should-retry", "true")]);
        let no = headers(&[("x-should-retry", "false")]);
        assert!(is_retry(SAFE.decide(
            1,
            false,
            &answer(400, yes.clone(), b"")
        )));
        assert_eq!(
            SAFE.decide(1, false, &answer(503, no, b"")),
            RetryDecision::Done
        );
        // Not even the server's say-so repeats a 2xx, an unsafe request, or the last attempt.
        assert_eq!(
            SAFE.decide(1, false, &answer(200, yes.clone(), b"")),
            RetryDecision::Done
        );
        assert_eq!(
            UNSAFE.decide(1, false, &answer(503, yes.clone(), b"")),
            RetryDecision::Done
        );
        assert_eq!(
            SAFE.decide(3, false, &answer(503, yes, b"")),
            RetryDecision::Done
        );
        assert!(is_retry(SAFE.decide(
            2,
            false,
            &answer(503, headers(&[]), b"")
        )));
    }

    #[test]
    fn a_failure_is_retried_when_nothing_was_sent_or_repeating_is_safe() {
        for kind in [FailureKind::Connection, FailureKind::Timeout] {
            assert!(is_retry(SAFE.decide(1, false, &failed(kind, SENT_ON_NEW))));
            assert!(is_retry(UNSAFE.decide(
                1,
                false,
                &failed(kind, NOTHING_SENT)
            )));
            assert_eq!(
                UNSAFE.decide(1, false, &failed(kind, SENT_ON_NEW)),
                RetryDecision::Done,
                "{kind:?}"
            );
            assert_eq!(
                SAFE.decide(3, false, &failed(kind, SENT_ON_NEW)),
                RetryDecision::Done
            );
        }
        for kind in [
            FailureKind::TooLarge { limit: 10 },
            FailureKind::Certificate,
            FailureKind::Permanent,
        ] {
            assert_eq!(
                SAFE.decide(1, false, &failed(kind, NOTHING_SENT)),
                RetryDecision::Done,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn a_stale_pooled_connection_is_replaced_once_without_using_a_retry() {
        let stale = failed(FailureKind::Connection, SENT_ON_POOLED);
        assert_eq!(SAFE.decide(1, false, &stale), RetryDecision::Reconnect);
        // Even with no retry left.
        let none_left = RetryPolicy {
            max_retries: 0,
            ..SAFE
        };
        assert_eq!(none_left.decide(1, false, &stale), RetryDecision::Reconnect);
        assert_eq!(none_left.decide(1, true, &stale), RetryDecision::Done);
        // Once per call; then the usual rules.
        assert!(is_retry(SAFE.decide(1, true, &stale)));
        // Not when repeating is unsafe, nor when an answer had started.
        assert_eq!(UNSAFE.decide(1, false, &stale), RetryDecision::Done);
        let answered = Activity {
            received: true,
            ..SENT_ON_POOLED
        };
        assert!(is_retry(SAFE.decide(
            1,
            false,
            &failed(FailureKind::Connection, answered)
        )));
    }
}
