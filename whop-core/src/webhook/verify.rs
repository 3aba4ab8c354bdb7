//! [`Webhook`]: checking a delivery's signature (HMAC-SHA256) and time, then decoding its body.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use http::HeaderMap;
use serde::de::DeserializeOwned;
use sha2::Sha256;

use super::headers::Headers;
use super::{WebhookError, secret};

/// The environment variable [`Webhook::from_env`] reads.
const SECRET_ENV: &str = "WHOP_WEBHOOK_SECRET";

/// The only signature version there is: HMAC-SHA256, base64-encoded.
const VERSION: &str = "v1";

/// A webhook secret, ready to verify deliveries from Whop.
///
/// # The secret
///
/// Whop's dashboard shows each webhook's secret as a plain string (e.g. `ws_…`). That string,
/// byte for byte, *is* the HMAC key; pass it to [`Webhook::new`] as it is shown. Generic
/// standard-webhooks libraries expect a different form, `whsec_<key in base64>`, and fail
/// on Whop's string; this type accepts that form too, so both of these build the same verifier:
///
/// ```
/// use whop_core::Webhook;
/// # fn main() -> Result<(), whop_core::WebhookError> {
/// let as_whop_shows_it = Webhook::new("ws_4f1c9a")?;
/// let standard_form = Webhook::new("whsec_d3NfNGYxYzlh")?; // base64 of "ws_4f1c9a"
/// assert_eq!(
///     as_whop_shows_it.sign("msg_1", 1_727_606_400, b"{}"),
///     standard_form.sign("msg_1", 1_727_606_400, b"{}"),
/// );
/// # Ok(())
/// # }
/// ```
///
/// A secret starting with `whsec_` is always read as the standard form. Surrounding whitespace is
/// ignored (a secret read from a file often ends with a newline). `Debug` never shows the secret.
///
/// # What is checked
///
/// [`verify`](Webhook::verify) accepts a delivery only when all of these hold, and otherwise
/// returns the [`WebhookError`] variant that names the failed check:
///
/// 1. `webhook-id`, `webhook-timestamp` and `webhook-signature` are each present once and not
///    empty ([`MissingHeader`](WebhookError::MissingHeader),
///    [`InvalidHeader`](WebhookError::InvalidHeader));
/// 2. `webhook-timestamp` is Unix seconds ([`InvalidTimestamp`](WebhookError::InvalidTimestamp));
/// 3. every entry of `webhook-signature` is `version,signature`
///    ([`InvalidHeader`](WebhookError::InvalidHeader)) and at least one is `v1`
///    ([`NoSupportedSignature`](WebhookError::NoSupportedSignature));
/// 4. one of the `v1` signatures matches, compared in constant time
///    ([`SignatureMismatch`](WebhookError::SignatureMismatch));
/// 5. the timestamp is within the tolerance of the current time, 5 minutes either way unless set
///    with [`with_tolerance`](Webhook::with_tolerance)
///    ([`TimestampTooOld`](WebhookError::TimestampTooOld),
///    [`TimestampInFuture`](WebhookError::TimestampInFuture)).
///
/// The signature is checked before the time, so a timestamp error always means an authentic
/// delivery outside the window: a replay, or a clock that is off.
///
/// # A receiver
///
/// The handler below is what any web framework's route does with a POST; the rest of the
/// example stands in for Whop by signing a delivery with [`sign`](Webhook::sign).
///
/// ```
/// use serde::Deserialize;
/// use whop_core::http::{HeaderMap, StatusCode};
/// use whop_core::{Timestamp, Webhook, WebhookError};
///
/// /// The envelope of every event; `data` depends on `type`.
/// #[derive(Debug, Deserialize)]
/// struct Delivery {
///     id: String,
///     #[serde(rename = "type")]
///     kind: String,
///     data: serde_json::Value,
/// }
///
/// /// Handles one POST and returns the status to answer with.
/// fn receive(webhook: &Webhook, headers: &HeaderMap, body: &[u8]) -> StatusCode {
///     match webhook.unwrap::<Delivery>(headers, body) {
///         Ok(delivery) => {
///             println!("{} {}: {}", delivery.kind, delivery.id, delivery.data);
///             StatusCode::OK
///         }
///         // Authentic, but this code cannot read it: keep the body to process once the code
///         // is fixed, and acknowledge it. An error status would only make Whop deliver it
///         // again and again, failing the same way, until it gives up.
///         Err(err) if err.is_verified() => {
///             eprintln!("kept a delivery that does not decode: {err}");
///             keep(body);
///             StatusCode::OK
///         }
///         // Not from Whop, or replayed: do not act on it.
///         Err(refused) => {
///             eprintln!("refused a delivery: {refused}");
///             StatusCode::BAD_REQUEST
///         }
///     }
/// }
///
/// /// Stores a delivery for later (a database row, a file, a queue).
/// fn keep(body: &[u8]) {
///     # let _ = body;
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // In a real receiver: `let webhook = Webhook::from_env()?;` (reads WHOP_WEBHOOK_SECRET).
/// let webhook = Webhook::new("ws_example_secret")?;
///
/// // A delivery as Whop sends one.
/// let body = br#"{"id":"msg_2zyWKsAYh5kzXyyCEbYbC6","api_version":"v1","company_id":null,
///     "timestamp":"2025-01-01T00:00:00.000Z","type":"payment.succeeded","data":{"id":"pay_1"}}"#;
/// let now = Timestamp::now().unix_seconds();
/// let mut headers = HeaderMap::new();
/// headers.insert("webhook-id", "msg_2zyWKsAYh5kzXyyCEbYbC6".parse()?);
/// headers.insert("webhook-timestamp", now.to_string().parse()?);
/// headers.insert("webhook-signature", webhook.sign("msg_2zyWKsAYh5kzXyyCEbYbC6", now, body).parse()?);
///
/// assert_eq!(receive(&webhook, &headers, body), StatusCode::OK);
/// // Authentic but not a `Delivery` (no `type`): kept and acknowledged.
/// let odd = br#"{"id":"msg_2zyWKsAYh5kzXyyCEbYbC6","data":{}}"#;
/// headers.insert("webhook-signature", webhook.sign("msg_2zyWKsAYh5kzXyyCEbYbC6", now, odd).parse()?);
/// assert_eq!(receive(&webhook, &headers, odd), StatusCode::OK);
/// headers.insert("webhook-signature", webhook.sign("msg_2zyWKsAYh5kzXyyCEbYbC6", now, body).parse()?);
/// // Any change to the body breaks the signature.
/// assert_eq!(receive(&webhook, &headers, &body[..body.len() - 1]), StatusCode::BAD_REQUEST);
/// // Another secret does not verify it either.
/// assert_eq!(receive(&Webhook::new("ws_other")?, &headers, body), StatusCode::BAD_REQUEST);
/// # Ok(())
/// # }
/// ```
///
/// With a framework that does not use [`http::HeaderMap`], pass its headers as name/value pairs
/// to [`verify_pairs`](Webhook::verify_pairs); names match case-insensitively.
#[derive(Clone)]
pub struct Webhook {
    /// Keyed HMAC state; each delivery is checked on a clone, so the key is hashed in only once.
    mac: Hmac<Sha256>,
    tolerance: Duration,
}

impl Webhook {
    /// How far the `webhook-timestamp` may be from the current time, either way, by default.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

    /// A verifier for `secret`, either as Whop's dashboard shows it or as `whsec_<base64 key>`.
    ///
    /// Fails with [`WebhookError::InvalidSecret`] when the secret is empty or a `whsec_` secret is
    /// not followed by base64.
    pub fn new(secret: &str) -> Result<Webhook, WebhookError> {
        let key = secret::key_bytes(secret)?;
        // HMAC takes keys of any length; this cannot fail, but an error beats a panic.
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
            .map_err(|_| secret::invalid("the key length is not supported"))?;
        Ok(Webhook {
            mac,
            tolerance: Webhook::DEFAULT_TOLERANCE,
        })
    }

    /// A verifier for the secret in the `WHOP_WEBHOOK_SECRET` environment variable.
    ///
    /// Fails with [`WebhookError::InvalidSecret`] when the variable is unset, not Unicode, or not
    /// a usable secret (see [`Webhook::new`]).
    pub fn from_env() -> Result<Webhook, WebhookError> {
        match std::env::var(SECRET_ENV) {
            Ok(secret) => Webhook::new(&secret),
            Err(std::env::VarError::NotPresent) => {
                Err(secret::invalid("WHOP_WEBHOOK_SECRET is not set"))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(secret::invalid("WHOP_WEBHOOK_SECRET is not valid Unicode"))
            }
        }
    }

    /// Sets how far the `webhook-timestamp` may be from the current time, either way.
    ///
    /// The default, [`Webhook::DEFAULT_TOLERANCE`], is 5 minutes. A shorter window narrows
    /// replays; a longer one forgives clock skew. [`Duration::MAX`] turns the check off.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Webhook {
        self.tolerance = tolerance;
        self
    }

    /// The tolerance in force (see [`with_tolerance`](Webhook::with_tolerance)).
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks that a delivery comes from Whop and is recent; see [what is checked](Webhook#what-is-checked).
    ///
    /// `body` must be the raw request body, byte for byte, before any JSON parsing.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Webhook::verify) for headers given as `(name, value)` pairs, for frameworks that
    /// do not use [`http::HeaderMap`]. Names match case-insensitively; other headers are ignored.
    ///
    /// ```
    /// # fn main() -> Result<(), whop_core::WebhookError> {
    /// use whop_core::{Timestamp, Webhook};
    /// let webhook = Webhook::new("ws_example_secret")?;
    /// let now = Timestamp::now().unix_seconds().to_string();
    /// let signature = webhook.sign("msg_1", now.parse().unwrap(), b"{}");
    /// let headers = [
    ///     ("Content-Type", "application/json"),
    ///     ("Webhook-Id", "msg_1"),
    ///     ("Webhook-Timestamp", now.as_str()),
    ///     ("Webhook-Signature", signature.as_str()),
    /// ];
    /// webhook.verify_pairs(headers, b"{}")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify_pairs<'a>(
        &self,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        self.check(Headers::from_pairs(headers)?, body, SystemTime::now())
            .map(drop)
    }

    /// [`verify`](Webhook::verify) as if the current time were `now`: for tests, and for
    /// re-checking a stored delivery against the time it was received.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        self.check(Headers::from_map(headers)?, body, now).map(drop)
    }

    /// [`verify`](Webhook::verify), returning the verified `webhook-id` and `webhook-timestamp`.
    pub(crate) fn verified(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(String, i64), WebhookError> {
        let parsed = Headers::from_map(headers)?;
        let timestamp = self.check(parsed, body, SystemTime::now())?;
        Ok((parsed.id.to_owned(), timestamp))
    }

    /// Verifies a delivery like [`verify`](Webhook::verify), then decodes its body into `T`.
    ///
    /// Decoding starts only once the delivery is verified, so [`WebhookError::Decode`] always
    /// means "authentic but not a `T`": acknowledge such a delivery and keep its body rather
    /// than answer with an error (see [a receiver](Webhook#a-receiver)). It carries the JSON path of the failure as far as `T`'s
    /// `Deserialize` lets it be tracked: a type that first buffers the body (an enum decoded by
    /// its `type` member, say) reports `.` and can only name the inner path in its message. For
    /// Whop's events use `whop_endpoints::webhooks::unwrap`, which reports the exact path.
    pub fn unwrap<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify(headers, body)?;
        decode(body)
    }

    /// The `webhook-signature` value for a delivery: `v1,<base64 signature>`.
    ///
    /// Whop computes this when it sends; use it to test a receiver with deliveries of your own.
    /// `timestamp` is Unix seconds, as written in `webhook-timestamp`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = self
            .signed_content(id, &timestamp.to_string(), body)
            .finalize()
            .into_bytes();
        format!("{VERSION},{}", secret::BASE64.encode(tag))
    }

    /// The HMAC state after `{id}.{timestamp}.{body}`, ready to finalize or compare.
    fn signed_content(&self, id: &str, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        for part in [id.as_bytes(), b".", timestamp.as_bytes(), b".", body] {
            mac.update(part);
        }
        mac
    }

    /// Every check of [`verify`](Webhook::verify); the signed timestamp when all pass.
    fn check(
        &self,
        headers: Headers<'_>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<i64, WebhookError> {
        let timestamp = headers.unix_seconds()?;
        let entries = headers.signatures()?;
        let mut v1 = entries
            .iter()
            .filter(|(version, _)| *version == VERSION)
            .peekable();
        if v1.peek().is_none() {
            let versions = entries
                .iter()
                .map(|(version, _)| (*version).to_owned())
                .collect();
            return Err(WebhookError::NoSupportedSignature { versions });
        }
        // The HMAC input is the header text as sent, not the parsed number.
        let mac = self.signed_content(headers.id, headers.timestamp, body);
        let matches = v1.any(|(_, signature)| {
            // Undecodable base64 cannot match; `verify_slice` compares in constant time and
            // rejects any length other than the full 32 bytes.
            secret::BASE64
                .decode(signature)
                .is_ok_and(|tag| mac.clone().verify_slice(&tag).is_ok())
        });
        if !matches {
            return Err(WebhookError::SignatureMismatch);
        }
        self.check_time(timestamp, unix_seconds(now))?;
        Ok(timestamp)
    }

    fn check_time(&self, timestamp: i64, now: i64) -> Result<(), WebhookError> {
        // In i128 so that no header value or clock can overflow the comparison.
        let window = i128::from(self.tolerance.as_secs());
        let (signed, current) = (i128::from(timestamp), i128::from(now));
        let tolerance = self.tolerance;
        if signed < current - window {
            Err(WebhookError::TimestampTooOld {
                timestamp,
                now,
                tolerance,
            })
        } else if signed > current + window {
            Err(WebhookError::TimestampInFuture {
                timestamp,
                now,
                tolerance,
            })
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Whole seconds since the Unix epoch, negative before it.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |secs| -secs),
    }
}

/// Decodes a verified body, reporting the JSON path of a failure.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        WebhookError::Decode {
            path: err.path().to_string(),
            message: err.inner().to_string(),
        }
    })?;
    // Trailing bytes after the JSON value are as wrong as a broken value.
    deserializer.end().map_err(|err| WebhookError::Decode {
        path: ".".to_owned(),
        message: err.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_727_606_400;

    fn headers(signature: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("webhook-id", "msg_1".parse().unwrap());
        map.insert("webhook-timestamp", NOW.to_string().parse().unwrap());
        map.insert("webhook-signature", signature.parse().unwrap());
        map
    }

    fn verify(webhook: &Webhook, signature: &str) -> Result<(), WebhookError> {
        let at = UNIX_EPOCH + Duration::from_secs(NOW as u64);
        webhook.verify_at(&headers(signature), b"{}", at)
    }

    #[test]
    fn any_one_v1_signature_of_several_may_match() {
        let webhook = Webhook::new("ws_secret").unwrap();
        let good = webhook.sign("msg_1", NOW, b"{}");
        let other = Webhook::new("ws_other").unwrap().sign("msg_1", NOW, b"{}");
        let good_tag = good.strip_prefix("v1,").unwrap();
        assert_eq!(verify(&webhook, &good), Ok(()));
        assert_eq!(verify(&webhook, &format!("{other} {good}")), Ok(()));
        assert_eq!(verify(&webhook, &format!("v2,zz {good} v1,AAAA")), Ok(()));
        assert_eq!(
            verify(&webhook, &format!("{other} v1,not-base64!!")),
            Err(WebhookError::SignatureMismatch)
        );
        // The right tag under another version does not count.
        assert_eq!(
            verify(&webhook, &format!("v2,{good_tag} v1a,{good_tag}")),
            Err(WebhookError::NoSupportedSignature {
                versions: vec!["v2".to_owned(), "v1a".to_owned()]
            })
        );
        // One malformed entry spoils the header, even next to a good one.
        assert!(matches!(
            verify(&webhook, &format!("{good} v1")),
            Err(WebhookError::InvalidHeader {
                name: "webhook-signature",
                ..
            })
        ));
    }

    #[test]
    fn the_signature_is_checked_before_the_time() {
        let webhook = Webhook::new("ws_secret").unwrap();
        let signature = webhook.sign("msg_1", NOW, b"{}");
        let late = UNIX_EPOCH + Duration::from_secs(NOW as u64 + 301);
        assert!(matches!(
            webhook.verify_at(&headers(&signature), b"{}", late),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        assert_eq!(
            webhook.verify_at(&headers("v1,AAAA"), b"{}", late),
            Err(WebhookError::SignatureMismatch)
        );
    }
}
