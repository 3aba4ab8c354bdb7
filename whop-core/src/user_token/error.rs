//! [`UserTokenError`]: every way verifying a user token can fail.

/// The `iss` of every user token; a token naming another is [`UserTokenError::WrongIssuer`].
pub(super) const ISSUER: &str = "urn:whopcom:exp-proxy";

/// Why a user token was refused, or why the verifier could not be set up.
///
/// Each variant names one check; print it for a sentence. The token itself never appears in
/// the message, only short claim values (issuer, audience, key id) that say what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UserTokenError {
    /// The request carries no token: the header is absent, or empty.
    #[error("no user token: the request has no {header} header, or it is empty")]
    Missing {
        /// The header that was read, e.g. `x-whop-user-token`.
        header: String,
    },
    /// The token is not a well-formed JWT: not three base64url parts, a header or payload that
    /// is not JSON, a claim of the wrong type, no `sub` claim, or the header given more than once.
    #[error("the user token is malformed: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: String,
    },
    /// The signature does not verify with the public key the token names.
    #[error("the user token's signature does not verify with Whop's public key")]
    BadSignature,
    /// The token's `exp` claim has passed.
    #[error("the user token has expired")]
    Expired,
    /// The token's `nbf` claim is still in the future.
    #[error("the user token is not valid yet: its nbf claim is in the future")]
    NotYetValid,
    /// The `iss` claim is missing or is not `urn:whopcom:exp-proxy`.
    #[error("the user token was issued by {}, not by {}", quoted(found.as_deref()), ISSUER)]
    WrongIssuer {
        /// The issuer the token names, if any.
        found: Option<String>,
    },
    /// The `aud` claim is missing, is not one string, or is not this app's id.
    #[error("the user token is meant for {}, not for the app {expected}", quoted(found.as_deref()))]
    WrongAudience {
        /// This app's id.
        expected: String,
        /// The audience the token names (as JSON text when it is not a string), if any.
        found: Option<String>,
    },
    /// The token names a key id that Whop's key set does not hold, even after fetching the set
    /// again (at most once per [cooldown](super::UserTokenVerifier::key_refetch_cooldown)).
    #[error("the user token names the key id {kid:?}, which Whop's key set does not hold")]
    UnknownKeyId {
        /// The key id of the token's header.
        kid: String,
    },
    /// The key set could not be fetched (unreachable, timeout, non-2xx) or holds no usable key.
    #[error("Whop's key set is unavailable or invalid: {message}")]
    KeySet {
        /// What went wrong.
        message: String,
    },
    /// The token is signed with an algorithm other than ES256 (including `none`).
    #[error("the user token is signed with {algorithm:?}; only ES256 is accepted")]
    UnsupportedAlgorithm {
        /// The `alg` of the token's header.
        algorithm: String,
    },
    /// The verifier's settings are not usable: no app id, a bad key set URL, a bad key or
    /// header name. Raised when building the verifier, or by a verify with an empty app id.
    #[error("invalid user token verifier settings: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

fn quoted(value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{value:?}"),
        None => "no one (the claim is missing)".to_owned(),
    }
}

impl UserTokenError {
    pub(super) fn malformed(reason: impl Into<String>) -> UserTokenError {
        UserTokenError::Malformed {
            reason: reason.into(),
        }
    }

    pub(super) fn key_set(message: impl Into<String>) -> UserTokenError {
        UserTokenError::KeySet {
            message: message.into(),
        }
    }

    pub(super) fn config(message: impl Into<String>) -> UserTokenError {
        UserTokenError::Config {
            message: message.into(),
        }
    }
}
