//! Differential test against Whop's official Python SDK (`whop-sdk`, pinned below).
//!
//! The same operations, with the same parameters, go through the SDK and through whop-rs to one
//! recording server on 127.0.0.1. Per operation the two requests are decoded and compared: method,
//! path segments, query pairs (as a sorted multiset), JSON body (as a value), every header, and
//! how the body is framed (Content-Length, chunked, or neither). An operation that one side
//! refuses to send must be refused by the other too.
//!
//! The differences that are deliberate are listed below as data, each with its reason, and only
//! those are normalised away. The SDK is installed by `scripts/python-sdk` into a cache directory
//! on first use (or `WHOP_PYTHON_SDK_PYTHON` names a python that has it); if that fails the test
//! fails, it does not skip.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use whop_core::{Client, Endpoint, Error, Timestamp};
use whop_endpoints::apps::ListApp;
use whop_endpoints::authorized_users::DeleteAuthorizedUser;
use whop_endpoints::course_lesson_interactions::ListCourseLessonInteraction;
use whop_endpoints::forum_posts::{CreateForumPost, ListForumPost};
use whop_endpoints::memberships::{
    AddFreeDaysMembership, CancelMembership, ListMembership, RetrieveMembership,
    UncancelMembership, UpdateMembership,
};
use whop_endpoints::payments::{FeesPayment, ListPayment, RefundPayment, RetrievePayment};
use whop_endpoints::plans::{CreatePlan, CreatePlanRequired};
use whop_endpoints::products::{
    CreateProduct, CreateProductRequired, DeleteProduct, ListProduct, UpdateProduct,
};
use whop_endpoints::promo_codes::{CreatePromoCode, CreatePromoCodeRequired};
use whop_endpoints::reactions::DeleteReaction;
use whop_endpoints::reviews::ListReview;
use whop_endpoints::stats::MetricStats;
use whop_endpoints::users::{CheckAccess, CheckAccessRequired, ListUser, RetrieveUser, UpdateUser};
use whop_tests::{RecordedRequest, Reply, TEST_API_KEY, TestServer};

/// The SDK release compared against; `scripts/python-sdk` installs exactly this one.
const SDK_VERSION: &str = "0.0.40";
/// Names a python that already has the SDK, instead of running `scripts/python-sdk`.
const PYTHON_ENV: &str = "WHOP_PYTHON_SDK_PYTHON";
/// The driver tags each SDK call with its case name in this header (through the SDK's own
/// `extra_headers`), so the server can tell the cases apart. It is scaffolding, not a difference
/// between the clients, and is removed from the SDK's requests before anything is compared.
const TAG_HEADER: &str = "x-differential-case";
/// Both clients talk to the same base URL, with a path prefix like the real one.
const BASE_PATH: &str = "/api/v1";
/// Upper bound for the SDK run; it normally takes one or two seconds.
const DRIVER_DEADLINE: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------
// The deliberate differences.
// ---------------------------------------------------------------------------------------------

/// A difference between the SDK's request and ours that is intended, with the reason.
struct Deliberate {
    what: &'static str,
    reason: &'static str,
    /// Removes the difference from the decoded requests; says whether there was one to remove.
    normalise: fn(sdk: &mut Wire, ours: &mut Wire) -> bool,
}

/// Differences that decoding itself removes: the requests are compared as a server reads them,
/// not byte for byte. Printed with the report so a reader knows they exist.
const ERASED_BY_DECODING: &[(&str, &str)] = &[
    (
        "header name case",
        "HTTP/1.1 header names are case-insensitive (RFC 9110, section 5.1); httpx and ureq \
         capitalise differently. Names are compared lowercased.",
    ),
    (
        "header order",
        "carries no meaning between different header names; headers are compared as a map.",
    ),
    (
        "JSON key order and whitespace",
        "a JSON object is unordered (RFC 8259, section 4); bodies are compared as parsed values.",
    ),
    (
        "`+` versus `%20` for a space in the query, and which characters are percent-encoded",
        "the SDK uses Python's urlencode (form encoding: space as `+`, `/` and `:` escaped), ours \
         escapes everything but RFC 3986 unreserved characters (space as `%20`). Both decode to \
         the same text under the form rules a server applies; keys (`statuses[]` or \
         `statuses%5B%5D`) are decoded the same way.",
    ),
    (
        "percent-encoding in path segments",
        "the SDK leaves RFC 3986 sub-delimiters (`!$&'()*+,;=`), `:` and `@` unescaped in a \
         segment, ours escapes everything but unreserved characters; a segment decodes to the same value. `/` inside a value is escaped by both \
         and stays inside its segment, which the comparison checks.",
    ),
    (
        "query pair order",
        "the SDK's pairs come in its keyword order (alphabetical in its generated methods), ours \
         in the spec's order; a server reads them by name. Pairs are compared as a sorted multiset, so a \
         repeated key must still repeat the same number of times.",
    ),
];

/// Differences normalised explicitly, each with its reason. Nothing else is.
const DELIBERATE: &[Deliberate] = &[
    Deliberate {
        what: "User-Agent",
        reason: "each client names itself (`Whop/Python 0.0.40`, `whop-rs/<version>`).",
        normalise: |sdk, ours| {
            let a = sdk.headers.remove("user-agent");
            let b = ours.headers.remove("user-agent");
            a != b
        },
    },
    Deliberate {
        what: "X-Stainless-* headers (SDK only)",
        reason: "telemetry of the SDK's generator about its own language, runtime, OS, retry \
                 count and read timeout; not part of the Whop API.",
        normalise: |sdk, _| {
            let before = sdk.headers.len();
            sdk.headers
                .retain(|name, _| !name.starts_with("x-stainless-"));
            sdk.headers.len() != before
        },
    },
    Deliberate {
        what: "Connection: keep-alive (SDK only)",
        reason: "httpx states the HTTP/1.1 default explicitly; ureq keeps the connection alive \
                 without saying so.",
        normalise: |sdk, ours| {
            let explicit = sdk.headers.get("connection").map(String::as_str) == Some("keep-alive");
            if explicit && !ours.headers.contains_key("connection") {
                sdk.headers.remove("connection");
                return true;
            }
            false
        },
    },
    Deliberate {
        what: "Accept-Encoding",
        reason: "each HTTP stack offers the codings it can decode (httpx `gzip, deflate`, ours \
                 `gzip`); how answers are decoded is tested by the fault suite, not here.",
        normalise: |sdk, ours| {
            let a = sdk.headers.remove("accept-encoding");
            let b = ours.headers.remove("accept-encoding");
            a != b
        },
    },
    Deliberate {
        what: "Content-Type on a request without a body (SDK only)",
        reason: "the SDK puts `Content-Type: application/json` on every request but GET, also on \
                 a DELETE or a bodyless POST that carries no content; ours types only content it \
                 sends (RFC 9110, section 8.3).",
        normalise: |sdk, ours| {
            let untyped_empty = sdk.body.is_none()
                && ours.body.is_none()
                && !ours.headers.contains_key("content-type");
            untyped_empty && sdk.headers.remove("content-type").is_some()
        },
    },
    Deliberate {
        what: "Idempotency-Key on POST and PATCH (ours only)",
        reason: "ours sends one key on every POST and PATCH, the two methods that are not \
                 idempotent (RFC 9110 section 9.2.2, RFC 5789 section 2), and keeps it across \
                 retries, so Whop never applies a retried call twice; SDK 0.0.40 configures no \
                 idempotency header. The key is random, so only its presence on POST and PATCH \
                 is accepted: one on another method still shows as a difference.",
        normalise: |sdk, ours| {
            (ours.method == "POST" || ours.method == "PATCH")
                && !sdk.headers.contains_key("idempotency-key")
                && ours.headers.remove("idempotency-key").is_some()
        },
    },
    Deliberate {
        what: "Api-Version-Date: 2025-01-01 (ours only)",
        reason: "ours pins the API version its types were generated from on every request; SDK \
                 0.0.40 sends no version header and gets whatever version the account defaults \
                 to.",
        normalise: |sdk, ours| {
            let pinned = ours.headers.get("api-version-date").map(String::as_str);
            if pinned == Some("2025-01-01") && !sdk.headers.contains_key("api-version-date") {
                ours.headers.remove("api-version-date");
                return true;
            }
            false
        },
    },
    Deliberate {
        what: "timestamp spelling",
        reason: "the SDK writes a `datetime` with Python's isoformat \
                 (`2023-12-01T05:00:00.401000+00:00`), ours as RFC 3339 in UTC with the shortest \
                 fraction (`2023-12-01T05:00:00.401Z`): the same instant. Query values and body \
                 strings that parse as RFC 3339 are compared as instants.",
        normalise: |sdk, ours| {
            let a = canonical_timestamps(sdk);
            let b = canonical_timestamps(ours);
            a || b
        },
    },
];

/// Rewrites every RFC 3339 query value and body string to one spelling; says whether any changed.
fn canonical_timestamps(wire: &mut Wire) -> bool {
    fn canonical(text: &mut String) -> bool {
        let Ok(instant) = text.parse::<Timestamp>() else {
            return false;
        };
        // A bare date or number does not parse as a Timestamp; only full date-times get here.
        let spelled = instant.to_string();
        if *text == spelled {
            return false;
        }
        *text = spelled;
        true
    }
    fn walk(value: &mut Value) -> bool {
        match value {
            Value::String(text) => canonical(text),
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| walk(item) | changed),
            Value::Object(members) => members
                .values_mut()
                .fold(false, |changed, member| walk(member) | changed),
            _ => false,
        }
    }
    let mut changed = false;
    for (_, value) in &mut wire.query {
        changed |= canonical(value);
    }
    wire.query.sort();
    if let Some(body) = &mut wire.body {
        changed |= walk(body);
    }
    changed
}

// ---------------------------------------------------------------------------------------------
// The operations.
// ---------------------------------------------------------------------------------------------

/// One operation, called with the same parameters on both sides.
struct Case {
    /// Shown in the report and sent as the tag.
    name: &'static str,
    /// The SDK method, as an attribute path from the client; `$get` for an operation the SDK
    /// has no method for, sent through its generic `get` with `kwargs` as the query.
    call: &'static str,
    /// Positional arguments of the SDK method (path parameters).
    args: Value,
    /// Keyword arguments of the SDK method. `{"$datetime": text}` becomes a Python `datetime`.
    kwargs: Value,
    /// Builds our request from the same `args` and `kwargs` and sends it.
    ours: fn(&Client, &Input<'_>) -> Result<(), Error>,
}

/// The parameters of a case, read back into our types.
struct Input<'a> {
    args: &'a Value,
    kwargs: &'a Value,
}

impl Input<'_> {
    /// Positional argument `index`.
    fn arg<T: DeserializeOwned>(&self, index: usize) -> T {
        convert(&self.args[index], &format!("args[{index}]"))
    }

    /// Keyword argument `name`; it must be present.
    fn kw<T: DeserializeOwned>(&self, name: &str) -> T {
        let value = self
            .kwargs
            .get(name)
            .unwrap_or_else(|| panic!("the case has no keyword argument {name}"));
        convert(value, name)
    }
}

/// Reads a parameter into our type; a `{"$datetime": text}` marker reads as its text.
fn convert<T: DeserializeOwned>(value: &Value, what: &str) -> T {
    fn unmark(value: &Value) -> Value {
        match value {
            Value::Object(members) if members.len() == 1 && members.contains_key("$datetime") => {
                members["$datetime"].clone()
            }
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(key, member)| (key.clone(), unmark(member)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(unmark).collect()),
            other => other.clone(),
        }
    }
    serde_json::from_value(unmark(value))
        .unwrap_or_else(|err| panic!("parameter {what} does not fit our type: {err}"))
}

/// Sends through `Client::send`. The server's answer is the same small JSON for every operation,
/// which many models do not accept; a decode error comes after the request was sent, so it is
/// not a failure here.
fn send<E: Endpoint>(client: &Client, request: &E) -> Result<(), Error> {
    match client.send(request) {
        Ok(_) | Err(Error::Decode(_)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// A date-time the SDK receives as a Python `datetime`.
fn datetime(text: &str) -> Value {
    json!({ "$datetime": text })
}

/// Text that needs escaping in every position: quotes, backslash, control characters, `&`,
/// `=`, `+`, `%`, `/`, `?`, `#`, non-ASCII and a character outside the BMP.
const AWKWARD: &str = "Café \"Pro\" \\ 50% off + tax & more = 1/2 ? #1\n\ttab \u{1} 日本 🎉";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "listMembership: every parameter, arrays of 1 and n, enums, timestamps",
            call: "memberships.list",
            args: json!([]),
            kwargs: json!({
                "after": "cursor_after==",
                "before": "cursor/before+",
                "first": 3,
                "last": 7,
                "company_id": "biz_xxxxxxxxxxxxx",
                "direction": "desc",
                "order": "created_at",
                "product_ids": ["prod_1", "prod_2", "prod_3"],
                "statuses": ["active", "trialing"],
                "cancel_options": ["too_expensive"],
                "plan_ids": ["plan_1"],
                "user_ids": ["user_1", "user 2"],
                "created_before": "2023-12-01T05:00:00.401Z",
                "created_after": datetime("2023-11-01T00:00:00+00:00"),
            }),
            ours: |client, input| {
                let mut request = ListMembership::new();
                request.after = input.kw("after");
                request.before = input.kw("before");
                request.first = input.kw("first");
                request.last = input.kw("last");
                request.company_id = input.kw("company_id");
                request.direction = input.kw("direction");
                request.order = input.kw("order");
                request.product_ids = input.kw("product_ids");
                request.statuses = input.kw("statuses");
                request.cancel_options = input.kw("cancel_options");
                request.plan_ids = input.kw("plan_ids");
                request.user_ids = input.kw("user_ids");
                request.created_before = input.kw("created_before");
                request.created_after = input.kw("created_after");
                send(client, &request)
            },
        },
        Case {
            name: "listMembership: empty cursor and empty array are left out",
            call: "memberships.list",
            args: json!([]),
            kwargs: json!({ "after": "", "first": 10, "promo_code_ids": [] }),
            ours: |client, input| {
                let mut request = ListMembership::new();
                request.after = input.kw("after");
                request.first = input.kw("first");
                request.promo_code_ids = input.kw("promo_code_ids");
                send(client, &request)
            },
        },
        Case {
            name: "retrieveMembership: id with space, slash, ?, #, %, +, :, @, &, =",
            call: "memberships.retrieve",
            args: json!(["mem 1/x?y#z%+:@&=;"]),
            kwargs: json!({}),
            ours: |client, input| send(client, &RetrieveMembership::new(input.arg::<String>(0))),
        },
        Case {
            name: "retrieveMembership: id `.` is refused",
            call: "memberships.retrieve",
            args: json!(["."]),
            kwargs: json!({}),
            ours: |client, input| send(client, &RetrieveMembership::new(input.arg::<String>(0))),
        },
        Case {
            name: "retrieveMembership: id `..` is refused",
            call: "memberships.retrieve",
            args: json!([".."]),
            kwargs: json!({}),
            ours: |client, input| send(client, &RetrieveMembership::new(input.arg::<String>(0))),
        },
        Case {
            name: "updateMembership: PATCH with a nested object, arrays, null, numbers, escapes",
            call: "memberships.update",
            args: json!(["mem_1"]),
            kwargs: json!({
                "metadata": {
                    "plan": { "tier": 2, "tags": ["a", "b"], "note": null },
                    "ratio": 0.25,
                    "big": 9_007_199_254_740_993_i64,
                    "negative": -17,
                    "flag": true,
                    "text": AWKWARD,
                }
            }),
            ours: |client, input| {
                let mut request = UpdateMembership::new(input.arg::<String>(0));
                request.metadata = input.kw("metadata");
                send(client, &request)
            },
        },
        Case {
            name: "updateMembership: PATCH clearing a field with null",
            call: "memberships.update",
            args: json!(["mem_1"]),
            kwargs: json!({ "metadata": null }),
            ours: |client, input| {
                let mut request = UpdateMembership::new(input.arg::<String>(0));
                request.metadata = input.kw("metadata");
                send(client, &request)
            },
        },
        Case {
            name: "cancelMembership: POST with an enum in the body",
            call: "memberships.cancel",
            args: json!(["mem_1"]),
            kwargs: json!({ "cancellation_mode": "at_period_end" }),
            ours: |client, input| {
                let mut request = CancelMembership::new(input.arg::<String>(0));
                request.cancellation_mode = input.kw("cancellation_mode");
                send(client, &request)
            },
        },
        Case {
            name: "uncancelMembership: POST without a body",
            call: "memberships.uncancel",
            args: json!(["mem_1"]),
            kwargs: json!({}),
            ours: |client, input| send(client, &UncancelMembership::new(input.arg::<String>(0))),
        },
        Case {
            name: "addFreeDaysMembership: POST with an integer",
            call: "memberships.add_free_days",
            args: json!(["mem_1"]),
            kwargs: json!({ "free_days": 14 }),
            ours: |client, input| {
                let request = AddFreeDaysMembership::new(
                    input.arg::<String>(0),
                    input.kw::<i64>("free_days"),
                );
                send(client, &request)
            },
        },
        Case {
            name: "listProduct: required query, enum arrays of 1 and n, pagination",
            call: "products.list",
            args: json!([]),
            kwargs: json!({
                "company_id": "biz_xxxxxxxxxxxxx",
                "product_types": ["regular", "app"],
                "visibilities": ["visible"],
                "order": "usd_gmv",
                "direction": "asc",
                "first": 25,
                "after": "Y3Vyc29y",
            }),
            ours: |client, input| {
                let mut request = ListProduct::new(input.kw::<String>("company_id"));
                request.product_types = input.kw("product_types");
                request.visibilities = input.kw("visibilities");
                request.order = input.kw("order");
                request.direction = input.kw("direction");
                request.first = input.kw("first");
                request.after = input.kw("after");
                send(client, &request)
            },
        },
        Case {
            name: "createProduct: POST with nested objects, arrays, nulls, floats, unicode",
            call: "products.create",
            args: json!([]),
            kwargs: json!({
                "company_id": "biz_xxxxxxxxxxxxx",
                "title": AWKWARD,
                "collect_shipping_address": false,
                "custom_cta": "join",
                "custom_cta_url": null,
                "description": "line one\nline two\u{7f}",
                "experience_ids": ["exp_1", "exp_2"],
                "global_affiliate_percentage": 12.5,
                "global_affiliate_status": "enabled",
                "member_affiliate_percentage": 0.0,
                "plan_options": {
                    "base_currency": "eur",
                    "billing_period": 30,
                    "initial_price": 9.99,
                    "renewal_price": 1e-2,
                    "plan_type": "renewal",
                    "release_method": "buy_now",
                    "visibility": null,
                    "custom_fields": [
                        { "field_type": "text", "name": "Shirt size", "required": true, "order": 0 }
                    ]
                },
                "route": null,
                "visibility": "hidden",
            }),
            ours: |client, input| {
                let mut request = CreateProduct::new(CreateProductRequired {
                    company_id: input.kw("company_id"),
                    title: input.kw("title"),
                });
                request.collect_shipping_address = input.kw("collect_shipping_address");
                request.custom_cta = input.kw("custom_cta");
                request.custom_cta_url = input.kw("custom_cta_url");
                request.description = input.kw("description");
                request.experience_ids = input.kw("experience_ids");
                request.global_affiliate_percentage = input.kw("global_affiliate_percentage");
                request.global_affiliate_status = input.kw("global_affiliate_status");
                request.member_affiliate_percentage = input.kw("member_affiliate_percentage");
                request.plan_options = input.kw("plan_options");
                request.route = input.kw("route");
                request.visibility = input.kw("visibility");
                send(client, &request)
            },
        },
        Case {
            name: "updateProduct: PATCH with nulls, an empty array and a nested object",
            call: "products.update",
            args: json!(["prod_xxxxxxxxxxxxx"]),
            kwargs: json!({
                "headline": "Real-time data analytics for creators",
                "custom_cta_url": null,
                "description": null,
                "gallery_images": [],
                "global_affiliate_percentage": 99.999,
                "send_welcome_message": true,
                "store_page_config": { "custom_cta": "Buy now", "show_price": false },
            }),
            ours: |client, input| {
                let mut request = UpdateProduct::new(input.arg::<String>(0));
                request.headline = input.kw("headline");
                request.custom_cta_url = input.kw("custom_cta_url");
                request.description = input.kw("description");
                request.gallery_images = input.kw("gallery_images");
                request.global_affiliate_percentage = input.kw("global_affiliate_percentage");
                request.send_welcome_message = input.kw("send_welcome_message");
                request.store_page_config = input.kw("store_page_config");
                send(client, &request)
            },
        },
        Case {
            name: "deleteProduct: DELETE",
            call: "products.delete",
            args: json!(["prod_xxxxxxxxxxxxx"]),
            kwargs: json!({}),
            ours: |client, input| send(client, &DeleteProduct::new(input.arg::<String>(0))),
        },
        Case {
            name: "listPayment: many enum arrays, a boolean, free text, timestamps",
            call: "payments.list",
            args: json!([]),
            kwargs: json!({
                "company_id": "biz_xxxxxxxxxxxxx",
                "currencies": ["usd", "eur", "jpy"],
                "statuses": ["paid"],
                "substatuses": ["succeeded", "past_due"],
                "billing_reasons": ["subscription_create", "one_time"],
                "plan_ids": ["plan_1"],
                "product_ids": ["prod_1", "prod_2"],
                "include_free": true,
                "order": "paid_at",
                "direction": "desc",
                "query": "jane doe+1@example.com",
                "created_after": datetime("2024-02-29T23:59:59.999999+00:00"),
                "updated_before": "2025-01-01T00:00:00Z",
                "last": 2,
                "before": "cursor",
            }),
            ours: |client, input| {
                let mut request = ListPayment::new();
                request.company_id = input.kw("company_id");
                request.currencies = input.kw("currencies");
                request.statuses = input.kw("statuses");
                request.substatuses = input.kw("substatuses");
                request.billing_reasons = input.kw("billing_reasons");
                request.plan_ids = input.kw("plan_ids");
                request.product_ids = input.kw("product_ids");
                request.include_free = input.kw("include_free");
                request.order = input.kw("order");
                request.direction = input.kw("direction");
                request.query = input.kw("query");
                request.created_after = input.kw("created_after");
                request.updated_before = input.kw("updated_before");
                request.last = input.kw("last");
                request.before = input.kw("before");
                send(client, &request)
            },
        },
        Case {
            name: "retrievePayment: non-ASCII id",
            call: "payments.retrieve",
            args: json!(["pay_ü日本"]),
            kwargs: json!({}),
            ours: |client, input| send(client, &RetrievePayment::new(input.arg::<String>(0))),
        },
        Case {
            name: "refundPayment: POST with a float",
            call: "payments.refund",
            args: json!(["pay_1"]),
            kwargs: json!({ "partial_amount": 12.34 }),
            ours: |client, input| {
                let mut request = RefundPayment::new(input.arg::<String>(0));
                request.partial_amount = input.kw("partial_amount");
                send(client, &request)
            },
        },
        Case {
            name: "feesPayment: list under a path parameter",
            call: "payments.list_fees",
            args: json!(["pay_1"]),
            kwargs: json!({ "first": 5, "after": "abc" }),
            ours: |client, input| {
                let mut request = FeesPayment::new(input.arg::<String>(0));
                request.first = input.kw("first");
                request.after = input.kw("after");
                send(client, &request)
            },
        },
        Case {
            name: "checkAccess: two path parameters, one with a slash",
            call: "users.check_access",
            args: json!(["exp/2", "user 1"]),
            kwargs: json!({}),
            // The SDK takes `resource_id` first and `id` as a keyword; see `sdk_call_args`.
            ours: |client, input| {
                let request = CheckAccess::new(CheckAccessRequired {
                    id: input.arg(1),
                    resource_id: input.arg(0),
                });
                send(client, &request)
            },
        },
        Case {
            name: "listUser: free text needing every query escape",
            call: "users.list",
            args: json!([]),
            kwargs: json!({ "query": AWKWARD, "first": 1 }),
            ours: |client, input| {
                let mut request = ListUser::new();
                request.query = input.kw("query");
                request.first = input.kw("first");
                send(client, &request)
            },
        },
        Case {
            name: "retrieveUser: path parameter and a query parameter",
            call: "users.retrieve",
            args: json!(["user_1"]),
            kwargs: json!({ "company_id": "biz_xxxxxxxxxxxxx" }),
            ours: |client, input| {
                let mut request = RetrieveUser::new(input.arg::<String>(0));
                request.company_id = input.kw("company_id");
                send(client, &request)
            },
        },
        Case {
            name: "updateUser: PATCH with null, unicode and a nested object",
            call: "users.update",
            args: json!(["user_1"]),
            kwargs: json!({
                "bio": null,
                "name": "Zoë 🎈",
                "profile_picture": { "id": "file_1" },
                "username": "zoe_1",
            }),
            ours: |client, input| {
                let mut request = UpdateUser::new(input.arg::<String>(0));
                request.bio = input.kw("bio");
                request.name = input.kw("name");
                request.profile_picture = input.kw("profile_picture");
                request.username = input.kw("username");
                send(client, &request)
            },
        },
        Case {
            name: "createPlan: POST with arrays of objects, empty arrays, zero, floats, enums",
            call: "plans.create",
            args: json!([]),
            kwargs: json!({
                "company_id": "biz_xxxxxxxxxxxxx",
                "product_id": "prod_xxxxxxxxxxxxx",
                "billing_period": 30,
                "currency": "usd",
                "custom_fields": [
                    { "field_type": "text", "name": "Size", "required": true, "order": 1, "placeholder": null },
                    { "field_type": "text", "name": "Note", "id": "field_2" }
                ],
                "description": AWKWARD,
                "initial_price": 0.5,
                "renewal_price": 19.0,
                "payment_method_configuration": {
                    "disabled": [],
                    "enabled": ["card", "affirm"],
                    "include_platform_defaults": false
                },
                "plan_type": "renewal",
                "release_method": "waitlist",
                "stock": 0,
                "title": null,
                "trial_period_days": 7,
                "unlimited_stock": false,
                "visibility": "visible",
            }),
            ours: |client, input| {
                let mut request = CreatePlan::new(CreatePlanRequired {
                    company_id: input.kw("company_id"),
                    product_id: input.kw("product_id"),
                });
                request.billing_period = input.kw("billing_period");
                request.currency = input.kw("currency");
                request.custom_fields = input.kw("custom_fields");
                request.description = input.kw("description");
                request.initial_price = input.kw("initial_price");
                request.renewal_price = input.kw("renewal_price");
                request.payment_method_configuration = input.kw("payment_method_configuration");
                request.plan_type = input.kw("plan_type");
                request.release_method = input.kw("release_method");
                request.stock = input.kw("stock");
                request.title = input.kw("title");
                request.trial_period_days = input.kw("trial_period_days");
                request.unlimited_stock = input.kw("unlimited_stock");
                request.visibility = input.kw("visibility");
                send(client, &request)
            },
        },
        Case {
            name: "createPromoCode: POST with a timestamp, booleans and a float",
            call: "promo_codes.create",
            args: json!([]),
            kwargs: json!({
                "amount_off": 10.5,
                "base_currency": "usd",
                "code": "SPRING-25",
                "company_id": "biz_xxxxxxxxxxxxx",
                "new_users_only": true,
                "promo_duration_months": 3,
                "promo_type": "percentage",
                "expires_at": datetime("2026-03-20T12:30:00.250+00:00"),
                "one_per_customer": false,
                "plan_ids": ["plan_1", "plan_2"],
                "stock": null,
            }),
            ours: |client, input| {
                let mut request = CreatePromoCode::new(CreatePromoCodeRequired {
                    amount_off: input.kw("amount_off"),
                    base_currency: input.kw("base_currency"),
                    code: input.kw("code"),
                    company_id: input.kw("company_id"),
                    new_users_only: input.kw("new_users_only"),
                    promo_duration_months: input.kw("promo_duration_months"),
                    promo_type: input.kw("promo_type"),
                });
                request.expires_at = input.kw("expires_at");
                request.one_per_customer = input.kw("one_per_customer");
                request.plan_ids = input.kw("plan_ids");
                request.stock = input.kw("stock");
                send(client, &request)
            },
        },
        Case {
            name: "createForumPost: POST with a nested poll and an array of objects",
            call: "forum_posts.create",
            args: json!([]),
            kwargs: json!({
                "experience_id": "exp_1",
                "title": "Weekly thread",
                "content": "**bold** <b>html</b> & \"quotes\"",
                "attachments": [{ "id": "file_1" }, { "id": "file_2" }],
                "poll": { "options": [{ "id": "1", "text": "Yes" }, { "id": "2", "text": "No" }] },
                "pinned": false,
                "paywall_amount": 2.5,
                "paywall_currency": "usd",
                "visibility": "members_only",
            }),
            ours: |client, input| {
                let mut request = CreateForumPost::new(input.kw::<String>("experience_id"));
                request.title = input.kw("title");
                request.content = input.kw("content");
                request.attachments = input.kw("attachments");
                request.poll = input.kw("poll");
                request.pinned = input.kw("pinned");
                request.paywall_amount = input.kw("paywall_amount");
                request.paywall_currency = input.kw("paywall_currency");
                request.visibility = input.kw("visibility");
                send(client, &request)
            },
        },
        Case {
            name: "listReview: integer query parameters",
            call: "reviews.list",
            args: json!([]),
            kwargs: json!({ "product_id": "prod_1", "min_stars": 1, "max_stars": 5 }),
            ours: |client, input| {
                let mut request = ListReview::new(input.kw::<String>("product_id"));
                request.min_stars = input.kw("min_stars");
                request.max_stars = input.kw("max_stars");
                send(client, &request)
            },
        },
        Case {
            name: "listForumPost: true and false in the query",
            call: "forum_posts.list",
            args: json!([]),
            kwargs: json!({
                "experience_id": "exp_1",
                "include_bounty_anchors": false,
                "pinned": true,
                "parent_id": "post_1",
            }),
            ours: |client, input| {
                let mut request = ListForumPost::new(input.kw::<String>("experience_id"));
                request.include_bounty_anchors = input.kw("include_bounty_anchors");
                request.pinned = input.kw("pinned");
                request.parent_id = input.kw("parent_id");
                send(client, &request)
            },
        },
        Case {
            name: "listCourseLessonInteraction: a lone false",
            call: "course_lesson_interactions.list",
            args: json!([]),
            kwargs: json!({ "completed": false, "course_id": "cors_1" }),
            ours: |client, input| {
                let mut request = ListCourseLessonInteraction::new();
                request.completed = input.kw("completed");
                request.course_id = input.kw("course_id");
                send(client, &request)
            },
        },
        Case {
            name: "listApp: enums, a boolean and text with a space",
            call: "apps.list",
            args: json!([]),
            kwargs: json!({
                "app_type": "b2b_app",
                "direction": "asc",
                "order": "discoverable_at",
                "query": "my app",
                "verified_apps_only": true,
                "view_type": "hub",
                "first": 50,
            }),
            ours: |client, input| {
                let mut request = ListApp::new();
                request.app_type = input.kw("app_type");
                request.direction = input.kw("direction");
                request.order = input.kw("order");
                request.query = input.kw("query");
                request.verified_apps_only = input.kw("verified_apps_only");
                request.view_type = input.kw("view_type");
                request.first = input.kw("first");
                send(client, &request)
            },
        },
        Case {
            name: "deleteAuthorizedUser: DELETE with a query parameter",
            call: "authorized_users.delete",
            args: json!(["ausr_1"]),
            kwargs: json!({ "company_id": "biz_xxxxxxxxxxxxx" }),
            ours: |client, input| {
                let mut request = DeleteAuthorizedUser::new(input.arg::<String>(0));
                request.company_id = input.kw("company_id");
                send(client, &request)
            },
        },
        Case {
            name: "deleteReaction: DELETE with an emoji in the query",
            call: "reactions.delete",
            args: json!(["reac_1"]),
            kwargs: json!({ "emoji": "👍🏽" }),
            ours: |client, input| {
                let mut request = DeleteReaction::new(input.arg::<String>(0));
                request.emoji = input.kw("emoji");
                send(client, &request)
            },
        },
        Case {
            name: "metricStats: deepObject map with a nested object, booleans, numbers, text",
            call: "$get",
            args: json!(["/stats/metric"]),
            kwargs: json!({
                "resource": "receipts:gross_revenue",
                "breakdowns": ["product_id", "plan_id"],
                "filters": {
                    "status": "paid",
                    "product": { "id": "prod_1" },
                    "min_amount": 10,
                    "ratio": 0.5,
                    "refunded": false,
                    "note": "a b&c=d",
                },
                "time_zone": "America/New_York",
                "from": "2023-12-01T05:00:00.401Z",
                "company_id": "biz_xxxxxxxxxxxxx",
            }),
            ours: |client, input| {
                let mut request = MetricStats::new(input.kw::<String>("resource"));
                request.breakdowns = input.kw("breakdowns");
                request.filters = input.kw("filters");
                request.time_zone = input.kw("time_zone");
                request.from = input.kw("from");
                request.company_id = input.kw("company_id");
                send(client, &request)
            },
        },
        Case {
            name: "metricStats: an array inside the deepObject map",
            call: "$get",
            args: json!(["/stats/metric"]),
            kwargs: json!({
                "resource": "members:new_users",
                "filters": { "status": ["active", "trialing"] },
            }),
            ours: |client, input| {
                let mut request = MetricStats::new(input.kw::<String>("resource"));
                request.filters = input.kw("filters");
                send(client, &request)
            },
        },
        Case {
            name: "listMembership: an empty item in an array and an empty string are left out",
            call: "memberships.list",
            args: json!([]),
            kwargs: json!({ "user_ids": ["", "user_1"], "company_id": "" }),
            ours: |client, input| {
                let mut request = ListMembership::new();
                request.user_ids = input.kw("user_ids");
                request.company_id = input.kw("company_id");
                send(client, &request)
            },
        },
        Case {
            name: "metricStats: empty, null and empty-container members of the map",
            call: "$get",
            args: json!(["/stats/metric"]),
            kwargs: json!({
                "resource": "members:new_users",
                "filters": { "a": "", "b": null, "c": [], "d": {}, "e": [""], "f": "kept" },
            }),
            ours: |client, input| {
                let mut request = MetricStats::new(input.kw::<String>("resource"));
                request.filters = input.kw("filters");
                send(client, &request)
            },
        },
    ]
}

/// The SDK's positional and keyword arguments for a case. `users.check_access(resource_id, *,
/// id)` takes the user as a keyword, so that case's second argument moves into the keywords.
fn sdk_call_args(case: &Case) -> (Value, Value) {
    if case.call == "users.check_access" {
        let mut kwargs = case.kwargs.clone();
        kwargs["id"] = case.args[1].clone();
        return (json!([case.args[0].clone()]), kwargs);
    }
    (case.args.clone(), case.kwargs.clone())
}

// ---------------------------------------------------------------------------------------------
// Decoding what arrived.
// ---------------------------------------------------------------------------------------------

/// A request as a server reads it.
#[derive(Debug, Clone, PartialEq)]
struct Wire {
    method: String,
    /// Path segments after the base path, percent-decoded one by one.
    path: Vec<String>,
    /// Decoded query pairs, sorted.
    query: Vec<(String, String)>,
    /// Every header but the framing ones, lowercased names; repeated headers joined with ", ".
    headers: BTreeMap<String, String>,
    /// How the body is delimited.
    framing: Framing,
    /// The body parsed as JSON; `None` when there are no body bytes.
    body: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    ContentLength,
    Chunked,
    Neither,
}

/// What a side did with a case.
#[derive(Debug, Clone, PartialEq)]
enum Sent {
    /// Nothing reached the server because the client refused the input: `Error::InvalidRequest`
    /// from ours, a `ValueError` from the SDK. The text is that error.
    Refused(String),
    /// Nothing reached the server for another reason (a transport error, a driver mistake); it
    /// never counts as agreement, even when both sides fail.
    Failed(String),
    /// One request reached the server.
    Request(Box<Wire>),
}

fn decode(request: &RecordedRequest) -> Wire {
    let mut headers = BTreeMap::new();
    let mut framing = Framing::Neither;
    for (name, value) in &request.headers {
        match name.as_str() {
            "content-length" => framing = Framing::ContentLength,
            "transfer-encoding" if value.eq_ignore_ascii_case("chunked") => {
                framing = Framing::Chunked;
            }
            TAG_HEADER => {}
            _ => {
                headers
                    .entry(name.clone())
                    .and_modify(|joined: &mut String| {
                        joined.push_str(", ");
                        joined.push_str(value);
                    })
                    .or_insert_with(|| value.clone());
            }
        }
    }
    let raw_path = request.path();
    let path = raw_path
        .strip_prefix(BASE_PATH)
        .unwrap_or(raw_path)
        .split('/')
        .skip(1)
        .map(percent_decoded)
        .collect();
    let mut query: Vec<(String, String)> = request
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decoded(key), form_decoded(value))
        })
        .collect();
    query.sort();
    let body = (!request.body.is_empty()).then(|| {
        serde_json::from_slice(&request.body).unwrap_or_else(|_| {
            Value::String(format!(
                "<not JSON: {}>",
                String::from_utf8_lossy(&request.body)
            ))
        })
    });
    Wire {
        method: request.method.clone(),
        path,
        query,
        headers,
        framing,
        body,
    }
}

fn percent_decoded(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// application/x-www-form-urlencoded: `+` is a space, then percent-decoding.
fn form_decoded(text: &str) -> String {
    percent_decoded(&text.replace('+', " "))
}

// ---------------------------------------------------------------------------------------------
// Comparing.
// ---------------------------------------------------------------------------------------------

/// The differences left between two decoded requests, one line each.
fn differences(sdk: &Wire, ours: &Wire) -> Vec<String> {
    let mut found = Vec::new();
    if sdk.method != ours.method {
        found.push(format!("method: sdk {} / ours {}", sdk.method, ours.method));
    }
    if sdk.path != ours.path {
        found.push(format!(
            "path segments: sdk {:?} / ours {:?}",
            sdk.path, ours.path
        ));
    }
    if sdk.query != ours.query {
        let only = |a: &[(String, String)], b: &[(String, String)]| {
            let mut rest = b.to_vec();
            a.iter()
                .filter(|pair| match rest.iter().position(|other| other == *pair) {
                    Some(at) => {
                        rest.remove(at);
                        false
                    }
                    None => true,
                })
                .map(|(key, value)| format!("{key}={value:?}"))
                .collect::<Vec<_>>()
        };
        found.push(format!(
            "query: only sdk [{}] / only ours [{}]",
            only(&sdk.query, &ours.query).join(", "),
            only(&ours.query, &sdk.query).join(", ")
        ));
    }
    let names: std::collections::BTreeSet<&String> =
        sdk.headers.keys().chain(ours.headers.keys()).collect();
    for name in names {
        let (a, b) = (sdk.headers.get(name), ours.headers.get(name));
        if a != b {
            found.push(format!("header {name}: sdk {a:?} / ours {b:?}"));
        }
    }
    if sdk.framing != ours.framing {
        found.push(format!(
            "body framing: sdk {:?} / ours {:?}",
            sdk.framing, ours.framing
        ));
    }
    if sdk.body != ours.body {
        let mut paths = Vec::new();
        json_differences("$", sdk.body.as_ref(), ours.body.as_ref(), &mut paths);
        found.push(format!("body: {}", paths.join("; ")));
    }
    found
}

/// The JSON paths where two bodies differ, with both values.
fn json_differences(at: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<String>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                json_differences(&format!("{at}.{key}"), x.get(key), y.get(key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (index, (p, q)) in x.iter().zip(y).enumerate() {
                json_differences(&format!("{at}[{index}]"), Some(p), Some(q), out);
            }
        }
        _ if a == b => {}
        _ => {
            let show = |v: Option<&Value>| v.map_or("absent".to_string(), Value::to_string);
            out.push(format!("{at}: sdk {} / ours {}", show(a), show(b)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running the SDK.
// ---------------------------------------------------------------------------------------------

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits in the workspace")
        .to_path_buf()
}

/// The python that has the SDK: `$WHOP_PYTHON_SDK_PYTHON`, or what `scripts/python-sdk`
/// installs. Fails the test with the installer's own message when that does not work.
fn sdk_python() -> PathBuf {
    if let Some(python) = std::env::var_os(PYTHON_ENV).filter(|value| !value.is_empty()) {
        return PathBuf::from(python);
    }
    let script = repository_root().join("scripts/python-sdk");
    let output = Command::new("bash")
        .arg(&script)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", script.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the differential test needs whop-sdk {SDK_VERSION} (Whop's Python SDK), and \
         scripts/python-sdk could not install it ({}). It needs python3 with the venv module and \
         access to PyPI on first use; or set {PYTHON_ENV} to a python that has it.\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let python = PathBuf::from(stdout.trim());
    assert!(
        python.is_file(),
        "scripts/python-sdk printed {stdout:?}, which is not a python"
    );
    python
}

/// What the SDK reported for one case.
#[derive(Debug, serde::Deserialize)]
struct DriverLine {
    name: String,
    result: String,
    error: Option<String>,
}

/// Runs every case through the SDK against `base_url`; returns the driver's line per case.
fn run_sdk(python: &Path, base_url: &str, cases: &[Case]) -> BTreeMap<String, DriverLine> {
    let driver = repository_root().join("tests/differential/sdk_requests.py");
    let input = json!({
        "base_url": base_url,
        "api_key": TEST_API_KEY,
        "sdk_version": SDK_VERSION,
        "tag_header": TAG_HEADER,
        "cases": cases.iter().map(|case| {
            let (args, kwargs) = sdk_call_args(case);
            json!({ "name": case.name, "call": case.call, "args": args, "kwargs": kwargs })
        }).collect::<Vec<_>>(),
    });
    // The environment is cleared so that nothing on the machine changes what the SDK sends:
    // WHOP_APP_ID would add a header, HTTP(S)_PROXY would route the requests elsewhere.
    let mut child = Command::new(python)
        .arg(&driver)
        .env_clear()
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {}: {err}", python.display()));
    let mut stdin = child.stdin.take().expect("driver stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.to_string().as_bytes()));
    let mut stdout = child.stdout.take().expect("driver stdout");
    let mut stderr = child.stderr.take().expect("driver stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let error_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the driver") {
            break status;
        }
        if started.elapsed() > DRIVER_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the SDK driver did not finish within {DRIVER_DEADLINE:?}: {}",
                error_reader.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    let stdout = reader.join().unwrap_or_default();
    let stderr = error_reader.join().unwrap_or_default();
    assert!(
        status.success(),
        "the SDK driver failed ({status}):\n{stderr}"
    );
    let lines: BTreeMap<String, DriverLine> = stdout
        .lines()
        .map(|line| {
            let line: DriverLine = serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("driver wrote {line:?}: {err}\n{stderr}"));
            (line.name.clone(), line)
        })
        .collect();
    assert_eq!(
        lines.len(),
        cases.len(),
        "the driver reported {} of {} cases:\n{stdout}\n{stderr}",
        lines.len(),
        cases.len()
    );
    lines
}

/// The answer to every request: an empty page, which the SDK accepts for lists and, being
/// lenient, for everything else.
fn answer() -> Value {
    json!({
        "data": [],
        "page_info": {
            "end_cursor": null,
            "start_cursor": null,
            "has_next_page": false,
            "has_previous_page": false
        }
    })
}

#[test]
fn the_python_sdk_and_whop_rs_send_the_same_requests() {
    let python = sdk_python();
    let cases = cases();
    assert!(cases.len() >= 20, "at least 20 operations are compared");
    let mut names = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(
            names.insert(case.name),
            "case names are unique: {}",
            case.name
        );
        assert!(
            case.name.is_ascii(),
            "case names travel in a header: {}",
            case.name
        );
    }

    let server = TestServer::replying(Reply::json(200, &answer()));
    let base_url = format!("{}{BASE_PATH}", server.url());

    // Ours: one case at a time, so the requests recorded in between belong to it.
    let client = server
        .client_builder()
        .base_url(base_url.clone())
        .build()
        .expect("client");
    let mut ours = Vec::new();
    for case in &cases {
        let before = server.requests().len();
        let input = Input {
            args: &case.args,
            kwargs: &case.kwargs,
        };
        let outcome = (case.ours)(&client, &input);
        let recorded = server.requests().split_off(before);
        ours.push(match (recorded.as_slice(), outcome) {
            ([], Err(err @ Error::InvalidRequest { .. })) => Sent::Refused(err.to_string()),
            ([], Err(err)) => Sent::Failed(err.to_string()),
            ([], Ok(())) => panic!("{}: ours sent nothing and reported no error", case.name),
            ([request], _) => Sent::Request(Box::new(decode(request))),
            (many, _) => panic!("{}: ours sent {} requests", case.name, many.len()),
        });
    }

    // The SDK: all cases in one python process, told apart by the tag header.
    let first_sdk_request = server.requests().len();
    let driver = run_sdk(&python, &base_url, &cases);
    let sdk_requests = server.requests().split_off(first_sdk_request);
    let mut sdk = Vec::new();
    for case in &cases {
        let tagged: Vec<&RecordedRequest> = sdk_requests
            .iter()
            .filter(|request| request.header(TAG_HEADER) == Some(case.name))
            .collect();
        let line = &driver[case.name];
        let error = line.error.clone().unwrap_or_else(|| line.result.clone());
        sdk.push(match tagged.as_slice() {
            [] if error.starts_with("ValueError: ") => Sent::Refused(error),
            [] => Sent::Failed(error),
            [request] => Sent::Request(Box::new(decode(request))),
            many => panic!("{}: the SDK sent {} requests", case.name, many.len()),
        });
    }
    assert_eq!(
        sdk_requests.len(),
        sdk.iter()
            .filter(|sent| matches!(sent, Sent::Request(_)))
            .count(),
        "every SDK request carries its case's tag"
    );

    // Compare, normalising only the deliberate differences.
    let mut applied = vec![0_usize; DELIBERATE.len()];
    let mut report = String::new();
    let mut differing = 0;
    for ((case, sdk), ours) in cases.iter().zip(sdk).zip(ours) {
        let (verdict, details) = match (sdk, ours) {
            (Sent::Refused(a), Sent::Refused(b)) => (
                "identical",
                vec![format!("refused by both: sdk {a} / ours {b}")],
            ),
            (Sent::Failed(a), _) => ("DIFFERS", vec![format!("the SDK sent nothing: {a}")]),
            (_, Sent::Failed(b)) => ("DIFFERS", vec![format!("ours sent nothing: {b}")]),
            (Sent::Refused(a), Sent::Request(_)) => (
                "DIFFERS",
                vec![format!("the SDK refused ({a}), ours sent the request")],
            ),
            (Sent::Request(_), Sent::Refused(b)) => (
                "DIFFERS",
                vec![format!("ours refused ({b}), the SDK sent the request")],
            ),
            (Sent::Request(mut a), Sent::Request(mut b)) => {
                for (count, deliberate) in applied.iter_mut().zip(DELIBERATE) {
                    if (deliberate.normalise)(&mut a, &mut b) {
                        *count += 1;
                    }
                }
                let found = differences(&a, &b);
                if found.is_empty() {
                    ("identical", Vec::new())
                } else {
                    ("DIFFERS", found)
                }
            }
        };
        if verdict != "identical" {
            differing += 1;
        }
        report.push_str(&format!("{verdict:<9} {}\n", case.name));
        for detail in details {
            report.push_str(&format!("          {detail}\n"));
        }
    }
    report.push_str(&format!(
        "\nwhop-sdk {SDK_VERSION} and whop-rs: {} operations, {} identical, {differing} differ\n",
        cases.len(),
        cases.len() - differing
    ));
    report.push_str("\nDeliberate differences, normalised (operations where each applied):\n");
    for (deliberate, count) in DELIBERATE.iter().zip(&applied) {
        report.push_str(&format!(
            "  {count:>2}  {}: {}\n",
            deliberate.what, deliberate.reason
        ));
    }
    report.push_str("Differences that decoding removes:\n");
    for (what, reason) in ERASED_BY_DECODING {
        report.push_str(&format!("      {what}: {reason}\n"));
    }
    // The whole table goes to stdout (shown with `--nocapture`, and by the harness on failure).
    println!("{report}");
    assert_eq!(
        differing,
        0,
        "whop-rs and the Python SDK put different requests on the wire for {differing} of {} \
         operations (the table above says what differs)",
        cases.len()
    );
}

/// The comparison itself: the deliberate differences vanish, and a real one right next to each of
/// them is still reported.
#[test]
fn only_the_deliberate_differences_are_normalised() {
    fn recorded(target: &str, headers: &[(&str, &str)], body: &str) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            target: target.into(),
            headers: headers
                .iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), (*value).to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            connection: 0,
        }
    }
    fn compare(sdk: &RecordedRequest, ours: &RecordedRequest) -> Vec<String> {
        let (mut a, mut b) = (decode(sdk), decode(ours));
        for deliberate in DELIBERATE {
            (deliberate.normalise)(&mut a, &mut b);
        }
        differences(&a, &b)
    }
    let sdk = recorded(
        "/api/v1/things/a%2Fb:c/x?q=a+b&ids%5B%5D=1&ids%5B%5D=2&at=2023-12-01T05%3A00%3A00.401000%2B00%3A00",
        &[
            ("User-Agent", "Whop/Python 0.0.40"),
            ("X-Stainless-Lang", "python"),
            ("Connection", "keep-alive"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Content-Type", "application/json"),
            ("Content-Length", "26"),
            (TAG_HEADER, "case"),
        ],
        r#"{"b": [1, null], "a": "é"}"#,
    );
    let ours = recorded(
        "/api/v1/things/a%2Fb%3Ac/x?ids[]=2&at=2023-12-01T05%3A00%3A00.401Z&q=a%20b&ids[]=1",
        &[
            ("user-agent", "whop-rs/0.1.0"),
            ("accept-encoding", "gzip"),
            ("content-type", "application/json"),
            ("content-length", "22"),
            ("idempotency-key", "whop-rs-123"),
            ("api-version-date", "2025-01-01"),
        ],
        r#"{"a":"\u00e9","b":[1,null]}"#,
    );
    assert_eq!(compare(&sdk, &ours), Vec::<String>::new());

    type Change = fn(&mut RecordedRequest);
    let variants: [(&str, Change); 7] = [
        ("path", |r| r.target = r.target.replace("a%2Fb", "a/b")),
        ("query", |r| r.target = r.target.replace("ids[]=2", "ids=2")),
        ("timestamp", |r| {
            r.target = r.target.replace(".401Z", ".402Z")
        }),
        ("body", |r| r.body = br#"{"a":"e","b":[1,null]}"#.to_vec()),
        ("method", |r| r.method = "PUT".into()),
        ("framing", |r| {
            r.headers.retain(|(name, _)| name != "content-length");
            r.headers
                .push(("transfer-encoding".into(), "chunked".into()));
        }),
        ("header", |r| {
            r.headers.push(("x-extra".into(), "1".into()));
        }),
    ];
    for (what, change) in variants {
        let mut changed = ours.clone();
        change(&mut changed);
        assert!(
            !compare(&sdk, &changed).is_empty(),
            "a changed {what} is reported"
        );
    }
    // Idempotency-Key is accepted on POST and PATCH only.
    let mut patch = ours.clone();
    patch.method = "PATCH".into();
    let mut sdk_patch = sdk.clone();
    sdk_patch.method = "PATCH".into();
    assert_eq!(compare(&sdk_patch, &patch), Vec::<String>::new());
    let mut get = ours.clone();
    get.method = "GET".into();
    let mut sdk_get = sdk.clone();
    sdk_get.method = "GET".into();
    assert!(
        compare(&sdk_get, &get)
            .iter()
            .any(|line| line.starts_with("header idempotency-key")),
        "an Idempotency-Key on GET is a difference"
    );
}
