//! A minimal backend for a Whop app: it verifies the `x-whop-user-token` header that Whop's
//! proxy adds to every request it forwards, and answers with the id of the user.
//!
//! Run it with the app's id from Whop's dashboard:
//!
//! ```text
//! WHOP_APP_ID=app_... cargo run -p whop-tests --example app_backend
//! ```
//!
//! It listens on 0.0.0.0, port `PORT` (default 8788), and answers any method on any path. Set
//! its public URL (a tunnel's, during development) as the app's base URL in the dashboard and
//! open the app on whop.com: the page shows `{"user_id":"user_..."}`. A request that does not
//! come through Whop's proxy gets 401 and the reason; if Whop's key set cannot be fetched, 503.

use serde_json::json;
use whop_core::http::{HeaderMap, HeaderName, HeaderValue};
use whop_core::{UserTokenError, UserTokenVerifier};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // One verifier for the whole server: it caches Whop's public keys.
    let verifier = UserTokenVerifier::from_env()?; // WHOP_APP_ID
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        Err(_) => 8788,
    };
    let server = tiny_http::Server::http(("0.0.0.0", port))?;
    println!("listening on http://0.0.0.0:{port}");

    let content_type = tiny_http::Header::from_bytes("Content-Type", "application/json")
        .map_err(|()| "invalid header")?;
    for request in server.incoming_requests() {
        let (status, body) = respond(&verifier, &header_map(request.headers()));
        let response = tiny_http::Response::from_string(body)
            .with_status_code(status)
            .with_header(content_type.clone());
        if let Err(err) = request.respond(response) {
            eprintln!("could not answer: {err}");
        }
    }
    Ok(())
}

/// The answer to one request: 200 with the user's id, 401 when the token is missing or refused,
/// 503 when Whop's keys cannot be had.
pub(crate) fn respond(verifier: &UserTokenVerifier, headers: &HeaderMap) -> (u16, String) {
    match verifier.verify_headers(headers) {
        Ok(token) => (200, json!({ "user_id": token.user_id }).to_string()),
        Err(err @ UserTokenError::KeySet { .. }) => {
            eprintln!("{err}");
            (503, json!({ "error": err.to_string() }).to_string())
        }
        Err(refused) => (401, json!({ "error": refused.to_string() }).to_string()),
    }
}

/// tiny_http's headers as an `http::HeaderMap`; headers that are not valid HTTP are left out.
fn header_map(headers: &[tiny_http::Header]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers {
        let name = HeaderName::from_bytes(header.field.as_str().as_str().as_bytes());
        let value = HeaderValue::from_str(header.value.as_str());
        if let (Ok(name), Ok(value)) = (name, value) {
            map.append(name, value);
        }
    }
    map
}
