//! An in-memory stand-in for a small part of the Whop API, served over loopback HTTP.
//!
//! It holds one product and one experience as the spec's JSON and answers `GET` and `PATCH` on
//! `/products/{id}` and `/experiences/{id}` the way the API does: a `PATCH` applies the members of
//! its body (a `null` clears a field), unknown ids get the spec's `404` body, requests without a
//! bearer token get `401`. Everything stays in this process; nothing goes to the network.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};

use crate::server::{RecordedRequest, Reply, TestServer};

/// The id of the sandbox's product.
pub const PRODUCT_ID: &str = "prod_Tour7bXvR2kQp";
/// The id of the sandbox's experience.
pub const EXPERIENCE_ID: &str = "exp_Tour4mN8sLq2Wd";

/// A running sandbox; stops when dropped.
pub struct Sandbox {
    server: TestServer,
    store: Arc<Mutex<Store>>,
}

impl Sandbox {
    /// Starts the sandbox on a free loopback port with its initial product and experience.
    pub fn start() -> Sandbox {
        let store = Arc::new(Mutex::new(Store::new()));
        let handler_store = store.clone();
        let server = TestServer::start(move |request| {
            let mut store = handler_store.lock().unwrap_or_else(PoisonError::into_inner);
            store.handle(request)
        });
        Sandbox { server, store }
    }

    /// The base URL to give a client, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Every request the sandbox received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    /// The stored JSON of a resource, e.g. `("products", PRODUCT_ID)`.
    pub fn resource(&self, collection: &str, id: &str) -> Option<Value> {
        let store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        store.collections.get(collection)?.get(id).cloned()
    }
}

/// The resources, by collection name and id.
struct Store {
    collections: BTreeMap<&'static str, BTreeMap<String, Value>>,
    next_request_id: u64,
}

impl Store {
    fn new() -> Store {
        let mut collections = BTreeMap::new();
        collections.insert(
            "products",
            BTreeMap::from([(PRODUCT_ID.to_owned(), initial_product())]),
        );
        collections.insert(
            "experiences",
            BTreeMap::from([(EXPERIENCE_ID.to_owned(), initial_experience())]),
        );
        Store {
            collections,
            next_request_id: 1,
        }
    }

    fn handle(&mut self, request: &RecordedRequest) -> Reply {
        let request_id = format!("req_sandbox_{:04}", self.next_request_id);
        self.next_request_id += 1;
        self.route(request).header("x-request-id", &request_id)
    }

    fn route(&mut self, request: &RecordedRequest) -> Reply {
        let authorized = request
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|key| !key.trim().is_empty());
        if !authorized {
            return error(
                401,
                "unauthorized",
                "Invalid or missing API key",
                None,
                None,
            );
        }
        let segments: Vec<&str> = request.path().trim_start_matches('/').split('/').collect();
        let [collection, raw_id] = segments.as_slice() else {
            return no_route(request);
        };
        let Some(resources) = self.collections.get_mut(*collection) else {
            return no_route(request);
        };
        let Some(id) = percent_decode(raw_id) else {
            return error(
                400,
                "invalid_request_error",
                "The id is not valid percent-encoded UTF-8.",
                None,
                None,
            );
        };
        let Some(resource) = resources.get_mut(&id) else {
            return error(404, "not_found", "Resource not found", None, None);
        };
        match request.method.as_str() {
            "GET" => Reply::json(200, resource),
            "PATCH" => patch(collection, resource, &request.body),
            _ => no_route(request),
        }
    }
}

/// Applies a PATCH body to a resource: each member present replaces the stored one.
fn patch(collection: &str, resource: &mut Value, body: &[u8]) -> Reply {
    let body: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(body) {
            Ok(body) => body,
            Err(_) => {
                return error(
                    400,
                    "invalid_request_error",
                    "The body is not valid JSON.",
                    Some("invalid_json"),
                    None,
                );
            }
        }
    };
    let Value::Object(members) = body else {
        return error(
            400,
            "invalid_request_error",
            "The body must be a JSON object.",
            Some("invalid_json"),
            None,
        );
    };
    let Some(stored) = resource.as_object_mut() else {
        return error(
            500,
            "internal_server_error",
            "An unexpected error occurred",
            None,
            None,
        );
    };
    // Check everything first, so a rejected request changes nothing.
    for (name, value) in &members {
        if value.is_null() && required_non_null(collection).contains(&name.as_str()) {
            let message = format!("`{name}` cannot be cleared.");
            return error(
                400,
                "invalid_request_error",
                &message,
                Some("parameter_invalid"),
                Some(name),
            );
        }
    }
    for (name, value) in members {
        // Request members without a stored counterpart (file ids, section moves) have no effect
        // on what the sandbox shows.
        if stored.contains_key(&name) {
            stored.insert(name, value);
        }
    }
    if stored.contains_key("updated_at") {
        stored.insert("updated_at".into(), json!(now_rfc3339()));
    }
    Reply::json(200, &Value::Object(stored.clone()))
}

/// Fields the API never returns as `null`, so clearing them is refused.
fn required_non_null(collection: &str) -> &'static [&'static str] {
    match collection {
        "products" => &[
            "title",
            "visibility",
            "route",
            "custom_cta",
            "global_affiliate_status",
            "member_affiliate_status",
        ],
        "experiences" => &["name", "is_public"],
        _ => &[],
    }
}

fn no_route(request: &RecordedRequest) -> Reply {
    let message = format!(
        "The sandbox has no route for {} {}",
        request.method,
        request.path()
    );
    error(404, "not_found", &message, None, None)
}

/// A reply with Whop's error object.
fn error(status: u16, kind: &str, message: &str, code: Option<&str>, param: Option<&str>) -> Reply {
    Reply::json(
        status,
        &json!({"error": {"type": kind, "message": message, "code": code, "param": param}}),
    )
}

/// Decodes `%XX` escapes; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The current time as RFC 3339 in UTC, e.g. `2025-01-02T03:04:05Z`.
fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    whop_core::Timestamp::from_unix_seconds(i64::try_from(seconds).unwrap_or(0))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |ts| ts.to_string())
}

/// A product as the spec's `Product` schema describes it.
fn initial_product() -> Value {
    json!({
        "id": PRODUCT_ID,
        "title": "Pickaxe Analytics",
        "visibility": "visible",
        "headline": "Real-time data analytics for creators",
        "verified": true,
        "created_at": "2023-12-01T05:00:00.401Z",
        "updated_at": "2023-12-01T05:00:00.401Z",
        "member_count": 42,
        "route": "pickaxe-analytics",
        "published_reviews_count": 7,
        "external_identifier": null,
        "description": "Track your revenue, members, and growth in real time.",
        "custom_cta": "join",
        "custom_cta_url": "https://example.com/signup",
        "custom_statement_descriptor": "PICKAXE",
        "global_affiliate_percentage": null,
        "global_affiliate_status": "disabled",
        "member_affiliate_percentage": 6.9,
        "member_affiliate_status": "enabled",
        "gallery_images": [],
        "product_tax_code": null,
        "owner_user": {"id": "user_Tour9pQ2xZ", "name": "Ada Miner", "username": "adaminer"},
        "company": {"id": "biz_Tour3kLm8Q", "route": "pickaxe", "title": "Pickaxe"}
    })
}

/// An experience as the spec's `Experience` schema describes it.
fn initial_experience() -> Value {
    json!({
        "id": EXPERIENCE_ID,
        "name": "Trading Signals Chat",
        "order": "1727606400000",
        "is_public": false,
        "created_at": "2023-12-01T05:00:00.401Z",
        "app": {"id": "app_Tour2hVc7N", "name": "Chat", "icon": null},
        "image": null,
        "company": {"id": "biz_Tour3kLm8Q", "title": "Pickaxe", "route": "pickaxe"},
        "products": [{"id": PRODUCT_ID, "route": "pickaxe-analytics", "title": "Pickaxe Analytics"}]
    })
}
