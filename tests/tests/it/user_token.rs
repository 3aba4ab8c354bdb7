//! `UserTokenVerifier` against a key set served on 127.0.0.1. The P-256 keys are generated here
//! and tokens are signed here with the `p256` crate directly, never by the code under test.

use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::Generate as _;
use serde_json::{Value, json};
use whop_core::http::{HeaderMap, HeaderValue};
use whop_core::{UserToken, UserTokenError, UserTokenVerifier};
use whop_tests::{Reply, TestServer};

const APP: &str = "app_Xq3kWc8vLp2m";
const USER: &str = "user_9RtZb1mKq4Yx";
const ISSUER: &str = "urn:whopcom:exp-proxy";

/// A P-256 key pair with its key id.
struct TestKey {
    kid: String,
    signing: SigningKey,
}

impl TestKey {
    fn new(kid: &str) -> TestKey {
        TestKey {
            kid: kid.to_owned(),
            signing: SigningKey::generate(),
        }
    }

    /// The public key as a JWK, as Whop's key set lists it.
    fn jwk(&self) -> Value {
        let point = self.signing.verifying_key().to_sec1_point(false);
        json!({
            "kty": "EC",
            "crv": "P-256",
            "alg": "ES256",
            "use": "sig",
            "kid": self.kid,
            "x": URL_SAFE_NO_PAD.encode(point.x().expect("uncompressed point")),
            "y": URL_SAFE_NO_PAD.encode(point.y().expect("uncompressed point")),
        })
    }

    /// A token for `claims` with this key's id in the header.
    fn token(&self, claims: &Value) -> String {
        let header = json!({"alg": "ES256", "typ": "JWT", "kid": self.kid});
        self.sign_raw(&header, claims.to_string().as_bytes())
    }

    /// `base64url(header).base64url(payload).base64url(r || s)`.
    fn sign_raw(&self, header: &Value, payload: &[u8]) -> String {
        let message = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature: Signature = self.signing.sign(message.as_bytes());
        format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// The claims of a token Whop's proxy would send for `USER` in `APP`.
fn claims() -> Value {
    json!({"iss": ISSUER, "sub": USER, "aud": APP, "iat": now(), "exp": now() + 600})
}

fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

fn without(mut claims: Value, name: &str) -> Value {
    claims.as_object_mut().expect("claims object").remove(name);
    claims
}

/// A key set server whose keys (and `Cache-Control`) the test can change while it runs.
struct Jwks {
    server: TestServer,
    keys: Arc<Mutex<Vec<Value>>>,
}

impl Jwks {
    fn serving(keys: &[&TestKey]) -> Jwks {
        Jwks::start(keys, None, Duration::ZERO)
    }

    fn start(keys: &[&TestKey], cache_control: Option<&str>, delay: Duration) -> Jwks {
        let keys = Arc::new(Mutex::new(keys.iter().map(|key| key.jwk()).collect()));
        let served = keys.clone();
        let cache_control = cache_control.map(str::to_owned);
        let server = TestServer::start(move |_| {
            std::thread::sleep(delay);
            let body = json!({"keys": *served.lock().unwrap()});
            let reply = Reply::json(200, &body);
            match &cache_control {
                Some(value) => reply.header("Cache-Control", value),
                None => reply,
            }
        });
        Jwks { server, keys }
    }

    fn set_keys(&self, keys: &[&TestKey]) {
        *self.keys.lock().unwrap() = keys.iter().map(|key| key.jwk()).collect();
    }

    fn url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.server.url())
    }

    fn verifier(&self) -> UserTokenVerifier {
        UserTokenVerifier::new(APP)
            .jwks_url(self.url())
            .expect("loopback key set URL")
    }

    fn fetches(&self) -> usize {
        self.server.requests().len()
    }
}

#[test]
fn a_valid_token_gives_the_user_and_the_app() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();

    let token = verifier.verify(&key.token(&claims())).expect("valid token");
    assert_eq!(token.user_id, USER);
    assert_eq!(token.app_id, APP);

    let mut headers = HeaderMap::new();
    let value = HeaderValue::from_str(&key.token(&claims())).unwrap();
    headers.insert("x-whop-user-token", value);
    assert_eq!(
        verifier.verify_headers(&headers).expect("valid header"),
        token
    );

    // The set was fetched once, with a GET to the configured path and no credentials.
    let request = jwks.server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path(), "/.well-known/jwks.json");
    assert_eq!(request.header("authorization"), None);
}

#[test]
fn a_missing_or_empty_token_is_missing_and_fetches_nothing() {
    let jwks = Jwks::serving(&[&TestKey::new("key_1")]);
    let verifier = jwks.verifier();
    let missing = UserTokenError::Missing {
        header: "x-whop-user-token".to_owned(),
    };

    assert_eq!(
        verifier.verify_headers(&HeaderMap::new()),
        Err(missing.clone())
    );
    let mut headers = HeaderMap::new();
    headers.insert("x-whop-user-token", HeaderValue::from_static(""));
    assert_eq!(verifier.verify_headers(&headers), Err(missing.clone()));
    assert_eq!(verifier.verify("  "), Err(missing));
    assert_eq!(jwks.fetches(), 0);
}

#[test]
fn tokens_that_are_not_jwts_are_malformed() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();
    let es256 = json!({"alg": "ES256", "kid": "key_1"});

    let cases: Vec<(&str, String)> = vec![
        ("one part", "abc".to_owned()),
        ("two parts", "abc.def".to_owned()),
        ("four parts", "a.b.c.d".to_owned()),
        ("header not base64url", "***.e30.sig".to_owned()),
        (
            "header not JSON",
            format!("{}.e30.sig", URL_SAFE_NO_PAD.encode("alg")),
        ),
        (
            "header without alg",
            format!("{}.e30.sig", URL_SAFE_NO_PAD.encode("{}")),
        ),
        (
            "kid not a string",
            key.sign_raw(
                &json!({"alg": "ES256", "kid": 7}),
                claims().to_string().as_bytes(),
            ),
        ),
        ("payload not JSON", key.sign_raw(&es256, b"not json")),
        ("payload not an object", key.sign_raw(&es256, b"[1, 2]")),
        ("signature not base64url", {
            let token = key.token(&claims());
            format!("{}.!!!", &token[..token.rfind('.').unwrap()])
        }),
        (
            "exp not a number",
            key.token(&with(claims(), "exp", json!("soon"))),
        ),
        ("no sub", key.token(&without(claims(), "sub"))),
        (
            "sub not a string",
            key.token(&with(claims(), "sub", json!(42))),
        ),
        ("empty sub", key.token(&with(claims(), "sub", json!("")))),
    ];
    for (case, token) in cases {
        match verifier.verify(&token) {
            Err(UserTokenError::Malformed { reason }) => assert!(!reason.is_empty(), "{case}"),
            other => panic!("{case}: expected Malformed, got {other:?}"),
        }
    }

    // The header given twice, or with bytes that are not visible ASCII.
    let mut twice = HeaderMap::new();
    let value = HeaderValue::from_str(&key.token(&claims())).unwrap();
    twice.append("x-whop-user-token", value.clone());
    twice.append("x-whop-user-token", value);
    assert!(matches!(
        verifier.verify_headers(&twice),
        Err(UserTokenError::Malformed { .. })
    ));
    let mut binary = HeaderMap::new();
    binary.insert(
        "x-whop-user-token",
        HeaderValue::from_bytes(b"ey\xffJ").unwrap(),
    );
    assert!(matches!(
        verifier.verify_headers(&binary),
        Err(UserTokenError::Malformed { .. })
    ));
}

#[test]
fn a_signature_by_another_key_or_over_other_claims_is_refused() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();

    // Signed by a key that is not in the set, under the id of one that is.
    let impostor = TestKey::new("key_1");
    assert_eq!(
        verifier.verify(&impostor.token(&claims())),
        Err(UserTokenError::BadSignature)
    );

    // A genuine signature with the claims swapped for another user's.
    let genuine = key.token(&claims());
    let parts: Vec<&str> = genuine.split('.').collect();
    let forged_claims = with(claims(), "sub", json!("user_someone_else"));
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(forged_claims.to_string()),
        parts[2]
    );
    assert_eq!(verifier.verify(&forged), Err(UserTokenError::BadSignature));

    // A signature of the wrong length.
    let short = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode([1u8; 10])
    );
    assert_eq!(verifier.verify(&short), Err(UserTokenError::BadSignature));
    assert_eq!(
        verifier.verify(&genuine).map(|t| t.user_id),
        Ok(USER.to_owned())
    );
}

#[test]
fn expired_and_not_yet_valid_tokens_are_refused() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();

    let expired = with(claims(), "exp", json!(now() - 3600));
    assert_eq!(
        verifier.verify(&key.token(&expired)),
        Err(UserTokenError::Expired)
    );
    let early = with(claims(), "nbf", json!(now() + 3600));
    assert_eq!(
        verifier.verify(&key.token(&early)),
        Err(UserTokenError::NotYetValid)
    );
    // Within the allowed clock skew of 60 s, and with no exp at all, the token is accepted.
    let just_expired = with(claims(), "exp", json!(now() - 5));
    assert!(verifier.verify(&key.token(&just_expired)).is_ok());
    assert!(
        verifier
            .verify(&key.token(&without(claims(), "exp")))
            .is_ok()
    );
}

#[test]
fn another_issuer_is_refused() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();

    let other = with(claims(), "iss", json!("urn:whopcom:oauth2"));
    assert_eq!(
        verifier.verify(&key.token(&other)),
        Err(UserTokenError::WrongIssuer {
            found: Some("urn:whopcom:oauth2".to_owned())
        })
    );
    assert_eq!(
        verifier.verify(&key.token(&without(claims(), "iss"))),
        Err(UserTokenError::WrongIssuer { found: None })
    );
}

#[test]
fn the_audience_must_be_exactly_this_app() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();
    let wrong = |found: Option<&str>| UserTokenError::WrongAudience {
        expected: APP.to_owned(),
        found: found.map(str::to_owned),
    };

    let other_app = with(claims(), "aud", json!("app_other"));
    assert_eq!(
        verifier.verify(&key.token(&other_app)),
        Err(wrong(Some("app_other")))
    );
    // An array holding the app id is not one string.
    let array = with(claims(), "aud", json!([APP]));
    let expected = format!("[\"{APP}\"]");
    assert_eq!(
        verifier.verify(&key.token(&array)),
        Err(wrong(Some(&expected)))
    );
    assert_eq!(
        verifier.verify(&key.token(&without(claims(), "aud"))),
        Err(wrong(None))
    );
    // A verifier for another app refuses this app's token.
    let other = UserTokenVerifier::new("app_other")
        .jwks_url(jwks.url())
        .unwrap();
    assert!(matches!(
        other.verify(&key.token(&claims())),
        Err(UserTokenError::WrongAudience { .. })
    ));
}

#[test]
fn algorithms_other_than_es256_are_refused_before_any_fetch() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();
    let payload = claims().to_string();

    for alg in ["HS256", "RS256", "ES384", "none"] {
        let token = key.sign_raw(&json!({"alg": alg, "kid": "key_1"}), payload.as_bytes());
        assert_eq!(
            verifier.verify(&token),
            Err(UserTokenError::UnsupportedAlgorithm {
                algorithm: alg.to_owned()
            })
        );
    }
    // An unsigned token as attackers send it: `alg: none` and an empty signature.
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(&payload)
    );
    assert!(matches!(
        verifier.verify(&unsigned),
        Err(UserTokenError::UnsupportedAlgorithm { .. })
    ));
    assert_eq!(jwks.fetches(), 0);
}

#[test]
fn an_unknown_key_id_refetches_once_then_fails() {
    let key = TestKey::new("key_1");
    let stranger = TestKey::new("key_unknown");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier().key_refetch_cooldown(Duration::ZERO);

    assert_eq!(
        verifier.verify(&stranger.token(&claims())),
        Err(UserTokenError::UnknownKeyId {
            kid: "key_unknown".to_owned()
        })
    );
    // The first fetch, and exactly one more for the unknown id.
    assert_eq!(jwks.fetches(), 2);
}

#[test]
fn a_rotated_key_is_found_by_refetching_the_set() {
    let old = TestKey::new("key_2025");
    let new = TestKey::new("key_2026");
    let jwks = Jwks::serving(&[&old]);
    let verifier = jwks.verifier().key_refetch_cooldown(Duration::ZERO);

    assert!(verifier.verify(&old.token(&claims())).is_ok());
    assert_eq!(jwks.fetches(), 1);

    // Whop publishes a new key and starts signing with it.
    jwks.set_keys(&[&old, &new]);
    let token = verifier.verify(&new.token(&claims())).expect("rotated key");
    assert_eq!(token.user_id, USER);
    assert_eq!(jwks.fetches(), 2);

    // Both keys are now cached: no further fetch.
    assert!(verifier.verify(&new.token(&claims())).is_ok());
    assert!(verifier.verify(&old.token(&claims())).is_ok());
    assert_eq!(jwks.fetches(), 2);
}

#[test]
fn unknown_key_ids_refetch_at_most_once_per_cooldown() {
    let old = TestKey::new("key_2025");
    let new = TestKey::new("key_2026");
    let jwks = Jwks::serving(&[&old]);
    // The default cooldown, 30 s, does not pass during this test.
    let verifier = jwks.verifier();

    assert!(verifier.verify(&old.token(&claims())).is_ok());
    jwks.set_keys(&[&old, &new]);
    for _ in 0..5 {
        assert_eq!(
            verifier.verify(&new.token(&claims())),
            Err(UserTokenError::UnknownKeyId {
                kid: "key_2026".to_owned()
            })
        );
    }
    assert_eq!(jwks.fetches(), 1, "no refetch within the cooldown");
}

#[test]
fn a_token_without_key_id_is_checked_against_every_key() {
    let first = TestKey::new("key_a");
    let second = TestKey::new("key_b");
    let jwks = Jwks::serving(&[&first, &second]);
    let verifier = jwks.verifier();
    let payload = claims().to_string();

    let token = second.sign_raw(&json!({"alg": "ES256"}), payload.as_bytes());
    assert_eq!(
        verifier.verify(&token).map(|t| t.user_id),
        Ok(USER.to_owned())
    );
    let outsider = TestKey::new("key_c").sign_raw(&json!({"alg": "ES256"}), payload.as_bytes());
    assert_eq!(
        verifier.verify(&outsider),
        Err(UserTokenError::BadSignature)
    );
}

#[test]
fn an_unreachable_or_invalid_key_set_is_a_key_set_error() {
    let key = TestKey::new("key_1");
    let token = key.token(&claims());
    let key_set_error = |verifier: &UserTokenVerifier| match verifier.verify(&token) {
        Err(UserTokenError::KeySet { message }) => message,
        other => panic!("expected KeySet, got {other:?}"),
    };

    // Nothing listens on the port.
    let closed = format!("127.0.0.1:{}", whop_tests::closed_port());
    let unreachable = UserTokenVerifier::new(APP)
        .jwks_url(format!("http://{closed}/jwks.json"))
        .unwrap();
    key_set_error(&unreachable);

    let cases = [
        Reply::json(500, &json!({"error": "down"})),
        Reply::raw(200, "text/html", "<html>maintenance</html>"),
        Reply::json(200, &json!({"keys": "none"})),
        Reply::json(200, &json!({"keys": []})),
        // Only keys this verifier cannot use: RSA, P-384, an EC point off the curve.
        Reply::json(
            200,
            &json!({"keys": [
                {"kty": "RSA", "kid": "key_1", "n": "sXch", "e": "AQAB"},
                {"kty": "EC", "crv": "P-384", "kid": "key_1", "x": "AA", "y": "AA"},
                {"kty": "EC", "crv": "P-256", "kid": "key_1",
                 "x": URL_SAFE_NO_PAD.encode([1u8; 32]), "y": URL_SAFE_NO_PAD.encode([2u8; 32])},
            ]}),
        ),
    ];
    for reply in cases {
        let server = TestServer::replying(reply.clone());
        let verifier = UserTokenVerifier::new(APP).jwks_url(server.url()).unwrap();
        let message = key_set_error(&verifier);
        assert!(
            message.contains(&server.url()),
            "{message} names the URL ({reply:?})"
        );
    }

    // A failed fetch is not cached: once the set is back, verification works.
    let broken = Arc::new(Mutex::new(true));
    let flag = broken.clone();
    let jwk = key.jwk();
    let server = TestServer::start(move |_| {
        if *flag.lock().unwrap() {
            Reply::json(503, &json!({}))
        } else {
            Reply::json(200, &json!({"keys": [jwk]}))
        }
    });
    let verifier = UserTokenVerifier::new(APP).jwks_url(server.url()).unwrap();
    key_set_error(&verifier);
    *broken.lock().unwrap() = false;
    assert!(verifier.verify(&token).is_ok());
}

#[test]
fn keys_unusable_for_es256_are_skipped_in_a_set() {
    let key = TestKey::new("key_ec");
    let keys = json!({"keys": [
        {"kty": "RSA", "kid": "key_rsa", "n": "sXch", "e": "AQAB", "alg": "RS256"},
        {"kty": "OKP", "crv": "Ed25519", "kid": "key_ed", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        key.jwk(),
    ]});
    let server = TestServer::replying(Reply::json(200, &keys));
    let verifier = UserTokenVerifier::new(APP).jwks_url(server.url()).unwrap();
    assert!(verifier.verify(&key.token(&claims())).is_ok());
}

#[test]
fn a_shorter_max_age_shortens_the_cache() {
    let key = TestKey::new("key_1");

    let uncached = Jwks::start(&[&key], Some("public, max-age=0"), Duration::ZERO);
    let verifier = uncached.verifier();
    for _ in 0..3 {
        assert!(verifier.verify(&key.token(&claims())).is_ok());
    }
    assert_eq!(
        uncached.fetches(),
        3,
        "max-age=0: every verification fetches"
    );

    // A longer max-age than 12 hours does not lengthen it, and an hour keeps the set.
    for cache_control in ["max-age=3600", "max-age=999999999"] {
        let cached = Jwks::start(&[&key], Some(cache_control), Duration::ZERO);
        let verifier = cached.verifier();
        for _ in 0..3 {
            assert!(verifier.verify(&key.token(&claims())).is_ok());
        }
        assert_eq!(cached.fetches(), 1, "{cache_control}");
    }
}

/// Verifies `token` on `threads` threads released together; the outcomes.
fn verify_at_once(
    threads: usize,
    verifier: &UserTokenVerifier,
    token: &str,
) -> Vec<Result<UserToken, UserTokenError>> {
    let barrier = Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    verifier.verify(token)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    })
}

#[test]
fn many_threads_verifying_at_once_fetch_the_set_once() {
    const THREADS: usize = 16;
    let key = TestKey::new("key_1");
    // A slow key set, so the threads are all waiting while the one fetch runs.
    let jwks = Jwks::start(&[&key], None, Duration::from_millis(300));
    let verifier = jwks.verifier();
    let token = key.token(&claims());
    for verified in verify_at_once(THREADS, &verifier, &token) {
        assert_eq!(verified.map(|t| t.user_id), Ok(USER.to_owned()));
    }
    assert_eq!(jwks.fetches(), 1);

    // A clone shares the cache.
    assert!(verifier.clone().verify(&token).is_ok());
    assert_eq!(jwks.fetches(), 1);
}

#[test]
fn many_threads_with_an_unknown_key_id_refetch_once() {
    const THREADS: usize = 8;
    let old = TestKey::new("key_old");
    let new = TestKey::new("key_new");
    let jwks = Jwks::start(&[&old], None, Duration::from_millis(200));
    let verifier = jwks.verifier().key_refetch_cooldown(Duration::ZERO);
    assert!(verifier.verify(&old.token(&claims())).is_ok());
    jwks.set_keys(&[&old, &new]);
    let token = new.token(&claims());
    for verified in verify_at_once(THREADS, &verifier, &token) {
        assert!(verified.is_ok(), "{verified:?}");
    }
    // The threads that arrive while a refetch runs take its outcome instead of fetching again;
    // one that arrives after it finds the new key in the cache.
    assert_eq!(jwks.fetches(), 2);
}

#[test]
fn a_static_public_key_needs_no_key_set() {
    let key = TestKey::new("key_1");
    let verifier = UserTokenVerifier::new(APP)
        .public_key_jwk(key.jwk().to_string())
        .expect("a P-256 JWK");
    let token = verifier.verify(&key.token(&claims())).expect("valid token");
    assert_eq!((token.user_id.as_str(), token.app_id.as_str()), (USER, APP));
    // Another key's signature is refused whatever kid it names.
    let other = TestKey::new("key_1");
    assert_eq!(
        verifier.verify(&other.token(&claims())),
        Err(UserTokenError::BadSignature)
    );
    // The other checks apply as with a key set.
    let expired = with(claims(), "exp", json!(now() - 3600));
    assert_eq!(
        verifier.verify(&key.token(&expired)),
        Err(UserTokenError::Expired)
    );

    // Debug names the key, never its coordinates.
    let debug = format!("{verifier:?}");
    assert!(debug.contains(APP) && debug.contains("key_1"), "{debug}");
    let x = key.jwk()["x"].as_str().unwrap().to_owned();
    assert!(!debug.contains(&x), "{debug}");
}

#[test]
fn unusable_settings_are_config_errors() {
    let is_config = |result: Result<UserTokenVerifier, UserTokenError>| match result {
        Err(UserTokenError::Config { message }) => message,
        other => panic!("expected Config, got {other:?}"),
    };
    let base = || UserTokenVerifier::new(APP);

    is_config(base().jwks_url("http://keys.example.com/jwks.json"));
    is_config(base().jwks_url("ftp://127.0.0.1/jwks.json"));
    is_config(base().jwks_url("not a url"));
    is_config(base().jwks_url("/relative/jwks.json"));
    is_config(base().public_key_jwk("{"));
    is_config(base().public_key_jwk(r#"{"kty":"RSA","n":"sXch","e":"AQAB"}"#));
    let key = TestKey::new("key_1");
    let mut es384 = key.jwk();
    es384["alg"] = json!("ES384");
    is_config(base().public_key_jwk(es384.to_string()));
    let mut off_curve = key.jwk();
    off_curve["y"] = json!(URL_SAFE_NO_PAD.encode([7u8; 32]));
    is_config(base().public_key_jwk(off_curve.to_string()));
    is_config(base().header_name("not a header"));

    assert!(
        base()
            .jwks_url("https://keys.example.com/jwks.json")
            .is_ok()
    );
    assert!(base().jwks_url("http://localhost:1/jwks.json").is_ok());
    assert!(base().jwks_url("http://[::1]:1/jwks.json").is_ok());

    // An empty app id accepts nothing.
    let empty = UserTokenVerifier::new("  ")
        .public_key_jwk(key.jwk().to_string())
        .unwrap();
    assert!(matches!(
        empty.verify(&key.token(&claims())),
        Err(UserTokenError::Config { .. })
    ));
}

#[test]
fn another_header_can_carry_the_token() {
    let key = TestKey::new("key_1");
    let verifier = UserTokenVerifier::new(APP)
        .public_key_jwk(key.jwk().to_string())
        .unwrap()
        .header_name("X-Forwarded-User-Token")
        .unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-whop-user-token",
        HeaderValue::from_str(&key.token(&claims())).unwrap(),
    );
    assert_eq!(
        verifier.verify_headers(&headers),
        Err(UserTokenError::Missing {
            header: "x-forwarded-user-token".to_owned()
        })
    );
    headers.insert(
        "x-forwarded-user-token",
        HeaderValue::from_str(&key.token(&claims())).unwrap(),
    );
    assert_eq!(
        verifier.verify_headers(&headers).map(|t| t.user_id),
        Ok(USER.to_owned())
    );
}

#[test]
fn every_error_reads_as_a_sentence_without_the_token() {
    let key = TestKey::new("key_1");
    let token = key.token(&claims());
    let errors = [
        UserTokenError::Missing {
            header: "x-whop-user-token".to_owned(),
        },
        UserTokenError::Malformed {
            reason: "a JWT has three parts separated by dots".to_owned(),
        },
        UserTokenError::BadSignature,
        UserTokenError::Expired,
        UserTokenError::NotYetValid,
        UserTokenError::WrongIssuer { found: None },
        UserTokenError::WrongAudience {
            expected: APP.to_owned(),
            found: Some("app_other".to_owned()),
        },
        UserTokenError::UnknownKeyId {
            kid: "key_9".to_owned(),
        },
        UserTokenError::KeySet {
            message: "down".to_owned(),
        },
        UserTokenError::UnsupportedAlgorithm {
            algorithm: "HS256".to_owned(),
        },
    ];
    for error in errors {
        let text = error.to_string();
        assert!(text.len() > 15 && !text.ends_with(' '), "{text}");
        assert!(!text.contains(&token));
    }
    // A real refusal does not quote the token either.
    let verifier = UserTokenVerifier::new("app_other")
        .public_key_jwk(key.jwk().to_string())
        .unwrap();
    let refused = verifier.verify(&token).unwrap_err().to_string();
    assert!(
        refused.contains("app_other") && refused.contains(APP),
        "{refused}"
    );
    assert!(!refused.contains(&token));
}

/// The example app backend's handler, compiled into this test.
#[path = "../../../examples/app_backend.rs"]
#[allow(dead_code)]
mod app_backend;

#[test]
fn the_example_backend_answers_with_the_user_id() {
    let key = TestKey::new("key_1");
    let jwks = Jwks::serving(&[&key]);
    let verifier = jwks.verifier();

    let mut headers = HeaderMap::new();
    let (status, body) = app_backend::respond(&verifier, &headers);
    assert_eq!(status, 401, "{body}");
    headers.insert(
        "x-whop-user-token",
        HeaderValue::from_str(&key.token(&claims())).unwrap(),
    );
    let (status, body) = app_backend::respond(&verifier, &headers);
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({ "user_id": USER }));

    // Keys that cannot be had are the server's problem, not the caller's.
    let closed = format!("127.0.0.1:{}", whop_tests::closed_port());
    let cut_off = UserTokenVerifier::new(APP)
        .jwks_url(format!("http://{closed}/jwks.json"))
        .unwrap();
    assert_eq!(app_backend::respond(&cut_off, &headers).0, 503);
}
