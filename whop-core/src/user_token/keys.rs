//! Public keys: one JWK, or a JWK set, turned into ES256 verification keys.

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};

/// One P-256 public key, checked to be a point on the curve.
pub(crate) struct Key {
    pub(crate) kid: Option<String>,
    pub(crate) decoding: DecodingKey,
}

/// The usable keys of a key set.
pub(crate) struct Keys {
    keys: Vec<Key>,
}

/// Which keys may have signed a token.
pub(crate) enum Candidates<'a> {
    /// The keys to try, in order (one when the token names a key id).
    Some(Vec<&'a Key>),
    /// The token names a key id the set does not hold.
    UnknownKeyId,
}

impl Keys {
    /// Parses a JWK set (`{"keys": [...]}`), keeping the ES256 keys and skipping the others.
    pub(crate) fn parse_set(body: &[u8]) -> Result<Keys, String> {
        #[derive(serde::Deserialize)]
        struct Set {
            keys: Vec<serde_json::Value>,
        }
        let set: Set = serde_json::from_slice(body)
            .map_err(|err| format!("the body is not a JWK set ({err})"))?;
        let keys: Vec<Key> = set
            .keys
            .iter()
            .filter_map(|value| parse_jwk(value).ok())
            .collect();
        if keys.is_empty() {
            return Err(format!(
                "the set holds no P-256 key for ES256 (it has {} keys)",
                set.keys.len()
            ));
        }
        Ok(Keys { keys })
    }

    /// The keys that may have signed a token with this key id. A token without one may have
    /// been signed by any key of the set, as in the official SDKs.
    pub(crate) fn candidates(&self, kid: Option<&str>) -> Candidates<'_> {
        match kid {
            Some(kid) => match self.keys.iter().find(|key| key.kid.as_deref() == Some(kid)) {
                Some(key) => Candidates::Some(vec![key]),
                None => Candidates::UnknownKeyId,
            },
            None => Candidates::Some(self.keys.iter().collect()),
        }
    }
}

/// Parses one JWK: an EC key on P-256, not marked for another algorithm or for encryption.
pub(crate) fn parse_jwk(value: &serde_json::Value) -> Result<Key, String> {
    let jwk: Jwk = serde_json::from_value(value.clone())
        .map_err(|err| format!("not a public key in JWK form ({err})"))?;
    match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(params) if params.curve == EllipticCurve::P256 => {}
        _ => return Err("not an EC key on the P-256 curve (kty EC, crv P-256)".to_owned()),
    }
    if let Some(alg) = jwk.common.key_algorithm
        && alg != KeyAlgorithm::ES256
    {
        return Err(format!("the key is meant for {alg}, not ES256"));
    }
    if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return Err("the key is meant for encryption, not signatures".to_owned());
    }
    let decoding = DecodingKey::from_jwk(&jwk).map_err(|err| format!("unusable key ({err})"))?;
    // The coordinates must be a point on the curve; otherwise every token would fail later
    // with a confusing signature error.
    let point = decoding
        .try_get_as_bytes()
        .map_err(|err| format!("unusable key ({err})"))?;
    p256::PublicKey::from_sec1_bytes(point)
        .map_err(|_| "the coordinates are not a point on the P-256 curve".to_owned())?;
    Ok(Key {
        kid: jwk.common.key_id.clone(),
        decoding,
    })
}
