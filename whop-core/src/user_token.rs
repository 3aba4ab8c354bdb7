//! Verifying the `x-whop-user-token` header that Whop adds to requests for an app:
//! [`UserTokenVerifier`], [`UserToken`] and [`UserTokenError`].
//!
//! A Whop app runs in an iframe on whop.com. Whop's proxy forwards each request to the app's
//! backend with a JWT in `x-whop-user-token`: signed with ES256 by one of the keys published at
//! [`DEFAULT_JWKS_URL`], issued by `urn:whopcom:exp-proxy`, with the user's id in `sub` and the
//! app's id in `aud`.

mod error;
mod jwks;
mod keys;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use http::{HeaderMap, HeaderName};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use error::ISSUER;
pub use error::UserTokenError;
use jwks::RemoteKeys;
use keys::{Candidates, Key};

/// Where Whop publishes the public keys that sign user tokens.
pub const DEFAULT_JWKS_URL: &str = "https://api.whop.com/.well-known/jwks.json";

/// The header Whop's proxy puts the token in.
pub const USER_TOKEN_HEADER: &str = "x-whop-user-token";

/// The environment variable [`UserTokenVerifier::from_env`] reads.
const APP_ID_ENV: &str = "WHOP_APP_ID";

/// The clock skew allowed when checking `exp` and `nbf`, in seconds.
const LEEWAY_SECONDS: u64 = 60;

/// The longest claim value quoted in an error.
const QUOTED: usize = 120;

/// A verified user token: who is using the app.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserToken {
    /// The Whop user id (`user_…`), from the `sub` claim.
    pub user_id: String,
    /// The app id (`app_…`), from the `aud` claim; always the verifier's app id.
    pub app_id: String,
}

/// Verifies the user tokens Whop's proxy sends to an app's backend.
///
/// Build one per app at startup and share it: it is cheap to clone (clones share the cached
/// keys) and safe to use from many threads at once.
///
/// # What is checked
///
/// [`verify`](UserTokenVerifier::verify) accepts a token only when all of these hold, and
/// otherwise returns the [`UserTokenError`] variant that names the failed check:
///
/// 1. there is a token ([`Missing`](UserTokenError::Missing)) and it is a JWT
///    ([`Malformed`](UserTokenError::Malformed));
/// 2. its header says ES256 ([`UnsupportedAlgorithm`](UserTokenError::UnsupportedAlgorithm));
/// 3. the key set holds the key its `kid` names ([`UnknownKeyId`](UserTokenError::UnknownKeyId),
///    [`KeySet`](UserTokenError::KeySet));
/// 4. the signature verifies with that key ([`BadSignature`](UserTokenError::BadSignature));
/// 5. `exp` has not passed and `nbf` has ([`Expired`](UserTokenError::Expired),
///    [`NotYetValid`](UserTokenError::NotYetValid)), with 60 s allowed for clock skew; both are
///    checked when present;
/// 6. `iss` is `urn:whopcom:exp-proxy` ([`WrongIssuer`](UserTokenError::WrongIssuer));
/// 7. `aud` is one string equal to the app id ([`WrongAudience`](UserTokenError::WrongAudience));
/// 8. `sub`, the user id, is a non-empty string ([`Malformed`](UserTokenError::Malformed)).
///
/// The claims are read only once the signature has verified.
///
/// # Keys
///
/// By default the keys come from [`DEFAULT_JWKS_URL`], fetched on first use with a bounded
/// timeout (10 s) and cached for 12 hours, or for the `Cache-Control: max-age` of the answer
/// when that is shorter. A token naming a key id the cached set does not hold makes the
/// verifier fetch the set again (Whop rotated its keys), at most once per 30 s
/// ([`key_refetch_cooldown`](UserTokenVerifier::key_refetch_cooldown)). One fetch runs at a
/// time: threads that need keys meanwhile wait for it. [`jwks_url`](UserTokenVerifier::jwks_url)
/// picks another set, [`public_key_jwk`](UserTokenVerifier::public_key_jwk) one static key.
///
/// ```no_run
/// use whop_core::http::HeaderMap;
/// use whop_core::{UserTokenError, UserTokenVerifier};
///
/// fn who_is_it(verifier: &UserTokenVerifier, headers: &HeaderMap) -> Result<String, UserTokenError> {
///     let token = verifier.verify_headers(headers)?;
///     Ok(token.user_id)
/// }
///
/// # fn main() -> Result<(), UserTokenError> {
/// let verifier = UserTokenVerifier::from_env()?; // WHOP_APP_ID
/// # let headers = HeaderMap::new();
/// println!("{}", who_is_it(&verifier, &headers)?);
/// # Ok(())
/// # }
/// ```
///
/// `Debug` shows the app id, the header and where keys come from, never key material.
#[derive(Clone)]
pub struct UserTokenVerifier {
    app_id: String,
    header: HeaderName,
    cooldown: Duration,
    keys: KeySource,
}

#[derive(Clone)]
enum KeySource {
    Remote(Arc<RemoteKeys>),
    Static(Arc<Key>),
}

impl UserTokenVerifier {
    /// How long after one fetch of the key set an unknown key id may cause another, by default.
    pub const DEFAULT_REFETCH_COOLDOWN: Duration = Duration::from_secs(30);

    /// A verifier for tokens meant for the app `app_id` (`app_…`), with Whop's key set.
    pub fn new(app_id: impl Into<String>) -> UserTokenVerifier {
        let cooldown = UserTokenVerifier::DEFAULT_REFETCH_COOLDOWN;
        UserTokenVerifier {
            app_id: app_id.into().trim().to_owned(),
            header: HeaderName::from_static(USER_TOKEN_HEADER),
            cooldown,
            keys: KeySource::Remote(Arc::new(RemoteKeys::new(
                DEFAULT_JWKS_URL.to_owned(),
                cooldown,
            ))),
        }
    }

    /// A verifier for the app whose id is in the `WHOP_APP_ID` environment variable.
    ///
    /// Fails with [`UserTokenError::Config`] when the variable is unset, empty or not Unicode.
    pub fn from_env() -> Result<UserTokenVerifier, UserTokenError> {
        match std::env::var(APP_ID_ENV) {
            Ok(id) if !id.trim().is_empty() => Ok(UserTokenVerifier::new(id)),
            Ok(_) => Err(UserTokenError::config("WHOP_APP_ID is empty")),
            Err(std::env::VarError::NotPresent) => {
                Err(UserTokenError::config("WHOP_APP_ID is not set"))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(UserTokenError::config("WHOP_APP_ID is not valid Unicode"))
            }
        }
    }

    /// Takes the keys from another key set: `https://…`, or `http://…` to a loopback host (a
    /// test server). Replaces a static key set with [`public_key_jwk`](Self::public_key_jwk).
    pub fn jwks_url(mut self, url: impl AsRef<str>) -> Result<UserTokenVerifier, UserTokenError> {
        let url = check_url(url.as_ref())?;
        self.keys = KeySource::Remote(Arc::new(RemoteKeys::new(url, self.cooldown)));
        Ok(self)
    }

    /// Verifies with one static public key instead of a key set: a JWK as JSON text, an EC key
    /// on P-256 (`{"kty":"EC","crv":"P-256","x":"…","y":"…"}`). Its `kid`, if any, is not
    /// compared with the token's. For tests and self-hosted setups.
    pub fn public_key_jwk(
        mut self,
        json: impl AsRef<str>,
    ) -> Result<UserTokenVerifier, UserTokenError> {
        let value: Value = serde_json::from_str(json.as_ref())
            .map_err(|err| UserTokenError::config(format!("the public key is not JSON ({err})")))?;
        let key = keys::parse_jwk(&value)
            .map_err(|message| UserTokenError::config(format!("the public key is {message}")))?;
        self.keys = KeySource::Static(Arc::new(key));
        Ok(self)
    }

    /// Reads the token from another header in [`verify_headers`](Self::verify_headers)
    /// (default `x-whop-user-token`).
    pub fn header_name(mut self, name: &str) -> Result<UserTokenVerifier, UserTokenError> {
        self.header = HeaderName::try_from(name)
            .map_err(|_| UserTokenError::config(format!("invalid header name {name:?}")))?;
        Ok(self)
    }

    /// How long after one fetch of the key set a token with an unknown key id may cause
    /// another (default 30 s); until then such tokens fail with
    /// [`UnknownKeyId`](UserTokenError::UnknownKeyId) without a fetch. Starts a new cache.
    pub fn key_refetch_cooldown(mut self, cooldown: Duration) -> UserTokenVerifier {
        self.cooldown = cooldown;
        if let KeySource::Remote(remote) = &self.keys {
            self.keys = KeySource::Remote(Arc::new(RemoteKeys::new(remote.url.clone(), cooldown)));
        }
        self
    }

    /// The app id tokens must be meant for.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Verifies the token in the configured header (`x-whop-user-token` by default).
    ///
    /// An absent or empty header is [`Missing`](UserTokenError::Missing); the header given
    /// twice, or with bytes that are not visible ASCII, is [`Malformed`](UserTokenError::Malformed).
    pub fn verify_headers(&self, headers: &HeaderMap) -> Result<UserToken, UserTokenError> {
        let mut values = headers.get_all(&self.header).iter();
        let Some(value) = values.next() else {
            return Err(self.missing());
        };
        if values.next().is_some() {
            return Err(UserTokenError::malformed(format!(
                "the {} header is given more than once",
                self.header
            )));
        }
        let token = value.to_str().map_err(|_| {
            UserTokenError::malformed(format!(
                "the {} header holds bytes that are not visible ASCII",
                self.header
            ))
        })?;
        self.verify(token)
    }

    /// Verifies a token (surrounding whitespace is ignored) and returns who it was issued for.
    pub fn verify(&self, token: &str) -> Result<UserToken, UserTokenError> {
        if self.app_id.is_empty() {
            return Err(UserTokenError::config("the app id is empty"));
        }
        let token = token.trim();
        if token.is_empty() {
            return Err(self.missing());
        }
        let kid = read_header(token)?;
        match &self.keys {
            KeySource::Static(key) => self.check(token, &key.decoding),
            KeySource::Remote(remote) => {
                let (keys, generation) = remote.keys()?;
                if let Some(outcome) = self.try_keys(token, keys.candidates(kid.as_deref())) {
                    return outcome;
                }
                // A key id the cached set does not hold: Whop may have rotated its keys.
                if let Some((keys, _)) = remote.refetch(generation)?
                    && let Some(outcome) = self.try_keys(token, keys.candidates(kid.as_deref()))
                {
                    return outcome;
                }
                Err(UserTokenError::UnknownKeyId {
                    kid: shorten(kid.as_deref().unwrap_or_default()),
                })
            }
        }
    }

    /// Checks the token with each candidate key until one verifies its signature; `None` when
    /// the set does not hold the key the token names.
    fn try_keys(
        &self,
        token: &str,
        candidates: Candidates<'_>,
    ) -> Option<Result<UserToken, UserTokenError>> {
        let Candidates::Some(keys) = candidates else {
            return None;
        };
        let mut outcome = Err(UserTokenError::BadSignature);
        for key in keys {
            outcome = self.check(token, &key.decoding);
            if !matches!(outcome, Err(UserTokenError::BadSignature)) {
                break;
            }
        }
        Some(outcome)
    }

    /// Verifies the signature and the time claims with `key`, then the other claims.
    fn check(
        &self,
        token: &str,
        key: &jsonwebtoken::DecodingKey,
    ) -> Result<UserToken, UserTokenError> {
        let mut validation = Validation::new(Algorithm::ES256);
        // `iss`, `aud` and `sub` are checked below, for errors that name the claim.
        validation.required_spec_claims.clear();
        validation.validate_aud = false;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        let claims =
            jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, key, &validation)
                .map_err(|err| decode_error(err.into_kind()))?
                .claims;

        match claims.get("iss") {
            Some(Value::String(iss)) if iss == ISSUER => {}
            other => {
                return Err(UserTokenError::WrongIssuer {
                    found: other.map(claim_text),
                });
            }
        }
        match claims.get("aud") {
            Some(Value::String(aud)) if *aud == self.app_id => {}
            other => {
                return Err(UserTokenError::WrongAudience {
                    expected: self.app_id.clone(),
                    found: other.map(claim_text),
                });
            }
        }
        match claims.get("sub") {
            Some(Value::String(sub)) if !sub.is_empty() => Ok(UserToken {
                user_id: sub.clone(),
                app_id: self.app_id.clone(),
            }),
            Some(_) => Err(UserTokenError::malformed(
                "the sub claim (the user id) is not a non-empty string",
            )),
            None => Err(UserTokenError::malformed(
                "the sub claim (the user id) is missing",
            )),
        }
    }

    fn missing(&self) -> UserTokenError {
        UserTokenError::Missing {
            header: self.header.as_str().to_owned(),
        }
    }
}

impl fmt::Debug for UserTokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("UserTokenVerifier");
        out.field("app_id", &self.app_id)
            .field("header", &self.header.as_str());
        match &self.keys {
            KeySource::Remote(remote) => out
                .field("jwks_url", &remote.url)
                .field("key_refetch_cooldown", &remote.cooldown),
            KeySource::Static(key) => out.field(
                "public_key",
                &format_args!("P-256 key {}", key.kid.as_deref().unwrap_or("without kid")),
            ),
        };
        out.finish()
    }
}

/// Reads the JOSE header: the algorithm must be ES256; returns the key id.
///
/// Read here rather than by the JWT library so that any `alg`, `none` included, is reported
/// as an unsupported algorithm rather than as a malformed token.
fn read_header(token: &str) -> Result<Option<String>, UserTokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(UserTokenError::malformed(
            "a JWT has three parts separated by dots",
        ));
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| UserTokenError::malformed("the header is not base64url"))?;
    #[derive(serde::Deserialize)]
    struct Jose {
        alg: Value,
        #[serde(default)]
        kid: Option<Value>,
    }
    let jose: Jose = serde_json::from_slice(&bytes)
        .map_err(|_| UserTokenError::malformed("the header is not a JSON object with an alg"))?;
    match &jose.alg {
        Value::String(alg) if alg == "ES256" => {}
        other => {
            return Err(UserTokenError::UnsupportedAlgorithm {
                algorithm: claim_text(other),
            });
        }
    }
    match jose.kid {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(kid)) => Ok(Some(kid)),
        Some(_) => Err(UserTokenError::malformed(
            "the kid of the header is not a string",
        )),
    }
}

/// The error for a failure the JWT library reports.
fn decode_error(kind: ErrorKind) -> UserTokenError {
    match kind {
        ErrorKind::InvalidSignature => UserTokenError::BadSignature,
        ErrorKind::ExpiredSignature => UserTokenError::Expired,
        ErrorKind::ImmatureSignature => UserTokenError::NotYetValid,
        ErrorKind::InvalidAlgorithm | ErrorKind::UnsupportedAlgorithm => {
            UserTokenError::UnsupportedAlgorithm {
                algorithm: "an algorithm other than ES256".to_owned(),
            }
        }
        ErrorKind::InvalidEcdsaKey | ErrorKind::InvalidKeyFormat => {
            UserTokenError::key_set("the key is not a usable ES256 key")
        }
        ErrorKind::InvalidClaimFormat(claim) => {
            UserTokenError::malformed(format!("the {claim} claim is not a number"))
        }
        ErrorKind::Base64(_) => UserTokenError::malformed("a part is not base64url"),
        ErrorKind::Json(_) | ErrorKind::Utf8(_) => {
            UserTokenError::malformed("the payload is not a JSON object")
        }
        other => UserTokenError::malformed(format!("{other:?}")),
    }
}

/// A claim as short text: a string as it is, anything else as JSON.
fn claim_text(value: &Value) -> String {
    match value {
        Value::String(text) => shorten(text),
        other => shorten(&other.to_string()),
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Accepts `https://…`, or `http://…` to a loopback host.
fn check_url(url: &str) -> Result<String, UserTokenError> {
    let url = url.trim();
    let uri: http::Uri = url
        .parse()
        .map_err(|_| UserTokenError::config(format!("the key set URL {url:?} is not a URL")))?;
    let host = uri
        .host()
        .ok_or_else(|| UserTokenError::config(format!("the key set URL {url:?} has no host")))?;
    match uri.scheme_str() {
        Some("https") => Ok(url.to_owned()),
        Some("http") if crate::loopback::is_loopback(host) => Ok(url.to_owned()),
        Some("http") => Err(UserTokenError::config(format!(
            "the key set URL {url:?} uses plain http to a host that is not loopback; keys must come over https"
        ))),
        _ => Err(UserTokenError::config(format!(
            "the key set URL {url:?} must start with https://"
        ))),
    }
}
