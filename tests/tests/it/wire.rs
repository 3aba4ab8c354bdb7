//! The two seed operations on the wire: `updateProduct` (`PATCH /products/{id}`) and
//! `updateExperience` (`PATCH /experiences/{id}`). What is sent — method, path, headers, body
//! bytes — and what the spec's example responses decode into, checked against the spec itself;
//! and how forgiving the models are where the API may move on: unknown fields, unknown enum
//! values.

use whop_tests::spec::Spec;

use serde_json::{Value, json};
use whop_core::{Client, Endpoint, Error, Method, Nullable};
use whop_endpoints::experiences::{Experience, UpdateExperience};
use whop_endpoints::products::{
    CustomCta, GlobalAffiliateStatus, Product, UpdateProduct, Visibility,
};
use whop_tests::{RecordedRequest, Reply, TEST_API_KEY, TestServer};

/// Path values that must stay one segment, and how they are encoded.
const PATH_CASES: [(&str, &str); 12] = [
    ("prod_xxxxxxxxxxxxx", "prod_xxxxxxxxxxxxx"),
    ("a/b", "a%2Fb"),
    ("what?x=1&y", "what%3Fx%3D1%26y"),
    ("tag#fragment", "tag%23fragment"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("...", "..."),
    ("../admin", "..%2Fadmin"),
    ("with space", "with%20space"),
    ("é", "%C3%A9"),
    ("plus+semi;colon:", "plus%2Bsemi%3Bcolon%3A"),
    ("unreserved-._~", "unreserved-._~"),
];

fn example(operation: &str) -> Value {
    Spec::load().response_example(operation, "200")
}

/// Sends `send` for every path case through one server; checks each target.
fn check_path_cases(prefix: &str, reply: Value, send: impl Fn(&Client, &str) -> Result<(), Error>) {
    let server = TestServer::replying(Reply::json(200, &reply));
    let client = server.client();
    for (value, encoded) in PATH_CASES {
        send(&client, value).unwrap_or_else(|err| panic!("{value:?}: {err}"));
        let request = server.requests().pop().unwrap();
        assert_eq!(
            request.target,
            format!("{prefix}/{encoded}"),
            "for the value {value:?}"
        );
        let segments: Vec<&str> = request.target.split('/').collect();
        assert_eq!(
            segments.len(),
            3,
            "{value:?} stays one segment: {}",
            request.target
        );
    }
    assert_eq!(server.requests().len(), PATH_CASES.len());
}

/// The headers every seed request carries, and its body as exact bytes.
/// Whether `key` looks like a random UUID: 36 characters, hex digits and four dashes.
fn uuid_shaped(key: &str) -> bool {
    key.len() == 36
        && key.chars().filter(|c| *c == '-').count() == 4
        && key.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

fn assert_patch(request: &RecordedRequest, target: &str, body: &str) {
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.target, target);
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("whop-rs/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(
        request.header("content-length"),
        Some(body.len().to_string().as_str())
    );
    // PATCH is not idempotent (RFC 5789): each call carries a generated key, a UUID.
    let key = request
        .header("idempotency-key")
        .expect("a PATCH carries a key");
    assert!(uuid_shaped(key), "{key}");
    assert_eq!(String::from_utf8_lossy(&request.body), body);
}

#[test]
fn the_seeds_match_the_spec_operations() {
    let spec = Spec::load();
    for (id, method, path, scopes) in [
        (
            "updateProduct",
            UpdateProduct::METHOD,
            UpdateProduct::PATH,
            UpdateProduct::SCOPES,
        ),
        (
            "updateExperience",
            UpdateExperience::METHOD,
            UpdateExperience::PATH,
            UpdateExperience::SCOPES,
        ),
    ] {
        let operation = spec.operation(id);
        assert_eq!(method, Method::Patch);
        assert_eq!(method.as_str(), operation.method.to_ascii_uppercase());
        assert_eq!(path, operation.path);
        let documented: Vec<&str> = operation.object["security"][0]["bearerAuth"]
            .as_array()
            .unwrap()
            .iter()
            .map(|scope| scope.as_str().unwrap())
            .collect();
        assert_eq!(scopes, documented.as_slice(), "{id}");
        let mut statuses = spec.statuses(id);
        statuses.sort();
        let mut expected: Vec<&str> = whop_tests::spec::DOCUMENTED_ERROR_STATUSES.to_vec();
        expected.insert(0, "200");
        assert_eq!(
            statuses, expected,
            "{id} documents the statuses the error tests cover"
        );
    }
}

#[test]
fn update_product_paths_are_encoded_per_segment() {
    check_path_cases("/products", example("updateProduct"), |client, id| {
        UpdateProduct::new(id).send(client).map(drop)
    });
}

#[test]
fn update_experience_paths_are_encoded_per_segment() {
    check_path_cases("/experiences", example("updateExperience"), |client, id| {
        UpdateExperience::new(id).send(client).map(drop)
    });
}

#[test]
fn an_empty_id_is_refused_before_sending() {
    let server = TestServer::replying(Reply::json(200, &json!({})));
    let client = server.client();
    for err in [
        UpdateProduct::new("").send(&client).unwrap_err(),
        UpdateExperience::new(String::new())
            .send(&client)
            .unwrap_err(),
    ] {
        match &err {
            Error::InvalidRequest { message, .. } => assert!(
                message.contains("`id`") && message.contains("empty"),
                "{message}"
            ),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert!(
            err.to_string()
                .ends_with(": invalid request: path parameter `id` is empty"),
            "{err}"
        );
    }
    assert_eq!(server.requests().len(), 0, "nothing was sent");
}

#[test]
fn update_product_sends_values_nulls_and_nothing_else() {
    let server = TestServer::replying(Reply::json(200, &example("updateProduct")));
    let client = server.client();

    // Nothing set: an empty object, so the server changes nothing.
    UpdateProduct::new("prod_1").send(&client).unwrap();
    // A value and a null; every other member absent.
    let mut request = UpdateProduct::new("prod_1");
    request.title = "Pickaxe Pro".to_string().into();
    request.headline = Nullable::Null;
    request.send(&client).unwrap();
    // Enums, numbers and booleans as the spec spells them.
    let mut request = UpdateProduct::new("prod_1");
    request.visibility = Visibility::Hidden.into();
    request.global_affiliate_percentage = 6.9.into();
    request.send_welcome_message = false.into();
    request.custom_cta = CustomCta::Subscribe.into();
    request.send(&client).unwrap();

    let requests = server.requests();
    assert_patch(&requests[0], "/products/prod_1", "{}");
    assert_patch(
        &requests[1],
        "/products/prod_1",
        r#"{"headline":null,"title":"Pickaxe Pro"}"#,
    );
    assert_eq!(
        requests[1].json(),
        json!({"title": "Pickaxe Pro", "headline": null})
    );
    assert_patch(
        &requests[2],
        "/products/prod_1",
        r#"{"custom_cta":"subscribe","global_affiliate_percentage":6.9,"send_welcome_message":false,"visibility":"hidden"}"#,
    );
    let keys: std::collections::HashSet<&str> = requests
        .iter()
        .filter_map(|r| r.header("idempotency-key"))
        .collect();
    assert_eq!(keys.len(), 3, "each call has its own key");
}

#[test]
fn update_product_can_set_every_member_the_spec_lists() {
    let server = TestServer::replying(Reply::json(200, &example("updateProduct")));
    let mut request = UpdateProduct::new("prod_1");
    request.collect_shipping_address = true.into();
    request.custom_cta = CustomCta::from("book_a_call").into();
    request.custom_cta_url = "https://example.com/buy".to_string().into();
    request.custom_statement_descriptor = "PICKAXE".to_string().into();
    request.description = "Track your revenue.".to_string().into();
    request.gallery_images = vec![whop_endpoints::products::FileInputWithId {
        id: "file_1".into(),
    }]
    .into();
    request.global_affiliate_percentage = 10.0.into();
    request.global_affiliate_status = GlobalAffiliateStatus::Enabled.into();
    request.headline = "Real-time data".to_string().into();
    request.member_affiliate_percentage = 2.5.into();
    request.member_affiliate_status = GlobalAffiliateStatus::Disabled.into();
    request.product_tax_code_id = "ptc_xxxxxxxxxxxxxx".to_string().into();
    request.redirect_purchase_url = "https://example.com/thanks".to_string().into();
    request.route = "pickaxe-pro".to_string().into();
    request.send_welcome_message = true.into();
    request.store_page_config = whop_endpoints::products::UpdateProductStorePageConfig {
        custom_cta: Nullable::Value("Join now".into()),
        show_price: Nullable::Null,
    }
    .into();
    request.title = "Pickaxe Pro".to_string().into();
    request.visibility = Visibility::QuickLink.into();
    request.send(&server.client()).unwrap();

    let body = server.single_request().json();
    assert_eq!(
        body,
        json!({
            "collect_shipping_address": true,
            "custom_cta": "book_a_call",
            "custom_cta_url": "https://example.com/buy",
            "custom_statement_descriptor": "PICKAXE",
            "description": "Track your revenue.",
            "gallery_images": [{"id": "file_1"}],
            "global_affiliate_percentage": 10.0,
            "global_affiliate_status": "enabled",
            "headline": "Real-time data",
            "member_affiliate_percentage": 2.5,
            "member_affiliate_status": "disabled",
            "product_tax_code_id": "ptc_xxxxxxxxxxxxxx",
            "redirect_purchase_url": "https://example.com/thanks",
            "route": "pickaxe-pro",
            "send_welcome_message": true,
            "store_page_config": {"custom_cta": "Join now", "show_price": null},
            "title": "Pickaxe Pro",
            "visibility": "quick_link"
        })
    );
    let sent: Vec<&String> = body.as_object().unwrap().keys().collect();
    let listed: Vec<&String> = Spec::load()
        .request_properties("updateProduct")
        .keys()
        .collect();
    assert_eq!(
        sent, listed,
        "every member the spec lists, under its wire name"
    );
}

#[test]
fn update_product_can_clear_every_member() {
    let server = TestServer::replying(Reply::json(200, &example("updateProduct")));
    let mut request = UpdateProduct::new("prod_1");
    request.collect_shipping_address = Nullable::Null;
    request.custom_cta = Nullable::Null;
    request.custom_cta_url = Nullable::Null;
    request.custom_statement_descriptor = Nullable::Null;
    request.description = Nullable::Null;
    request.gallery_images = Nullable::Null;
    request.global_affiliate_percentage = Nullable::Null;
    request.global_affiliate_status = Nullable::Null;
    request.headline = Nullable::Null;
    request.member_affiliate_percentage = Nullable::Null;
    request.member_affiliate_status = Nullable::Null;
    request.product_tax_code_id = Nullable::Null;
    request.redirect_purchase_url = Nullable::Null;
    request.route = Nullable::Null;
    request.send_welcome_message = Nullable::Null;
    request.store_page_config = Nullable::Null;
    request.title = Nullable::Null;
    request.visibility = Nullable::Null;
    request.send(&server.client()).unwrap();

    let listed = Spec::load().request_properties("updateProduct");
    let expected: serde_json::Map<String, Value> = listed
        .keys()
        .map(|name| (name.clone(), Value::Null))
        .collect();
    let request = server.single_request();
    assert_eq!(request.json(), Value::Object(expected.clone()));
    assert_eq!(
        request.body,
        serde_json::to_vec(&expected).unwrap(),
        "members in the spec's order"
    );
}

#[test]
fn update_experience_sends_values_nulls_and_nothing_else() {
    let server = TestServer::replying(Reply::json(200, &example("updateExperience")));
    let client = server.client();

    UpdateExperience::new("exp_1").send(&client).unwrap();
    let mut request = UpdateExperience::new("exp_1");
    request.name = "Signals".to_string().into();
    request.order = Nullable::Null;
    request.is_public = false.into();
    request.send(&client).unwrap();

    let requests = server.requests();
    assert_patch(&requests[0], "/experiences/exp_1", "{}");
    assert_patch(
        &requests[1],
        "/experiences/exp_1",
        r#"{"is_public":false,"name":"Signals","order":null}"#,
    );
}

#[test]
fn update_experience_can_set_and_clear_every_member_the_spec_lists() {
    let server = TestServer::replying(Reply::json(200, &example("updateExperience")));
    let client = server.client();
    let mut request = UpdateExperience::new("exp_1");
    request.access_level = whop_endpoints::experiences::ExperienceAccessLevel::Public.into();
    request.is_public = true.into();
    request.logo = whop_endpoints::experiences::UpdateExperienceLogo {
        id: "file_9".into(),
    }
    .into();
    request.name = "Signals".to_string().into();
    request.order = "1727606400000".to_string().into();
    request.section_id = "sec_1".to_string().into();
    request.send(&client).unwrap();

    let mut cleared = UpdateExperience::new("exp_1");
    cleared.access_level = Nullable::Null;
    cleared.is_public = Nullable::Null;
    cleared.logo = Nullable::Null;
    cleared.name = Nullable::Null;
    cleared.order = Nullable::Null;
    cleared.section_id = Nullable::Null;
    cleared.send(&client).unwrap();

    let requests = server.requests();
    let set = requests[0].json();
    assert_eq!(
        set,
        json!({
            "access_level": "public",
            "is_public": true,
            "logo": {"id": "file_9"},
            "name": "Signals",
            "order": "1727606400000",
            "section_id": "sec_1"
        })
    );
    let listed = Spec::load().request_properties("updateExperience");
    let sent: Vec<&String> = set.as_object().unwrap().keys().collect();
    assert_eq!(sent, listed.keys().collect::<Vec<_>>());
    let nulls: serde_json::Map<String, Value> = listed
        .keys()
        .map(|name| (name.clone(), Value::Null))
        .collect();
    assert_eq!(requests[1].body, serde_json::to_vec(&nulls).unwrap());
}

/// Serves `body` to an update of the product; returns the decoded result.
fn product_from(body: &Value) -> Result<Product, Error> {
    let server = TestServer::replying(Reply::json(200, body));
    UpdateProduct::new("prod_xxxxxxxxxxxxx").send(&server.client())
}

fn experience_from(body: &Value) -> Result<Experience, Error> {
    let server = TestServer::replying(Reply::json(200, body));
    UpdateExperience::new("exp_xxxxxxxxxxxxxx").send(&server.client())
}

#[test]
fn the_spec_example_product_decodes() {
    let example = example("updateProduct");
    let product = product_from(&example).unwrap();
    assert_eq!(product.id, example["id"].as_str().unwrap());
    assert_eq!(product.title, example["title"].as_str().unwrap());
    assert_eq!(
        product.visibility.as_str(),
        example["visibility"].as_str().unwrap()
    );
    assert_eq!(product.headline.as_deref(), example["headline"].as_str());
    assert_eq!(
        product.created_at.to_string(),
        example["created_at"].as_str().unwrap()
    );
    assert_eq!(
        product.member_count,
        example["member_count"].as_i64().unwrap()
    );
    assert_eq!(
        product.global_affiliate_percentage,
        example["global_affiliate_percentage"].as_f64()
    );
    assert_eq!(
        product.company.id,
        example["company"]["id"].as_str().unwrap()
    );
    assert_eq!(
        product.owner_user.username,
        example["owner_user"]["username"].as_str().unwrap()
    );
    // Nothing is lost: the model serializes back to the very same JSON.
    assert_eq!(serde_json::to_value(&product).unwrap(), example);
}

#[test]
fn the_spec_example_experience_decodes() {
    let example = example("updateExperience");
    let experience = experience_from(&example).unwrap();
    assert_eq!(experience.id, example["id"].as_str().unwrap());
    assert_eq!(experience.name, example["name"].as_str().unwrap());
    assert_eq!(experience.order.as_deref(), example["order"].as_str());
    assert_eq!(
        experience.app.name,
        example["app"]["name"].as_str().unwrap()
    );
    assert_eq!(experience.products.len(), 1);
    assert_eq!(serde_json::to_value(&experience).unwrap(), example);
}

#[test]
fn nullable_response_fields_decode_null() {
    let mut body = example("updateProduct");
    for field in [
        "headline",
        "description",
        "custom_cta_url",
        "product_tax_code",
        "global_affiliate_percentage",
    ] {
        body[field] = Value::Null;
    }
    let product = product_from(&body).unwrap();
    assert_eq!(product.headline, None);
    assert_eq!(product.description, None);
    assert!(product.product_tax_code.is_none() && product.global_affiliate_percentage.is_none());

    let mut body = example("updateExperience");
    body["image"] = Value::Null;
    body["order"] = Value::Null;
    body["app"]["icon"] = Value::Null;
    let experience = experience_from(&body).unwrap();
    assert!(
        experience.image.is_none() && experience.order.is_none() && experience.app.icon.is_none()
    );

    // Required members are required: absent, or null where the spec does not allow it, they are
    // a decode error at their path.
    let mut body = example("updateProduct");
    body.as_object_mut().unwrap().remove("title");
    match product_from(&body) {
        Err(Error::Decode(decode)) => assert!(decode.message.contains("title"), "{decode:?}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let mut body = example("updateExperience");
    body["name"] = Value::Null;
    match experience_from(&body) {
        Err(Error::Decode(decode)) => assert_eq!(decode.path, "name"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[test]
fn unknown_fields_are_ignored() {
    let mut body = example("updateProduct");
    body["launched_in"] = json!({"region": "eu", "flags": [1, 2]});
    body["company"]["verified_at"] = json!("2024-01-01T00:00:00Z");
    body["gallery_images"][0]["width"] = json!(640);
    let product = product_from(&body).unwrap();
    assert_eq!(product.company.id, body["company"]["id"].as_str().unwrap());
    // They are dropped, not carried back out.
    let reserialized = serde_json::to_value(&product).unwrap();
    assert!(reserialized.get("launched_in").is_none());
    assert_eq!(reserialized, example("updateProduct"));

    let mut body = example("updateExperience");
    body["theme"] = json!("dark");
    body["app"]["category"] = json!("chat");
    body["app"]["icon"] = json!({"url": null, "width": 64});
    let experience = experience_from(&body).unwrap();
    assert!(experience.app.icon.is_some());
}

#[test]
fn known_enum_values_decode_to_their_variants() {
    for (wire, variant) in [
        ("visible", Visibility::Visible),
        ("hidden", Visibility::Hidden),
        ("archived", Visibility::Archived),
        ("quick_link", Visibility::QuickLink),
    ] {
        let decoded: Visibility = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(decoded, variant);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), wire);
        assert_eq!(decoded.to_string(), wire);
    }
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut body = example("updateProduct");
    body["visibility"] = json!("members_only");
    body["custom_cta"] = json!("book_a_call");
    body["global_affiliate_status"] = json!("paused");
    let product = product_from(&body).unwrap();
    assert_eq!(product.visibility, Visibility::from("members_only"));
    assert_eq!(product.custom_cta, CustomCta::from("book_a_call"));
    assert_eq!(product.custom_cta.as_str(), "book_a_call");
    assert_eq!(product.custom_cta.to_string(), "book_a_call");
    assert_eq!(
        product.global_affiliate_status,
        GlobalAffiliateStatus::from("paused")
    );
    // And they go back out unchanged.
    assert_eq!(serde_json::to_value(&product).unwrap(), body);

    for (wire, known) in [
        ("visible", Visibility::Visible),
        ("archived", Visibility::Archived),
    ] {
        body["visibility"] = json!(wire);
        assert_eq!(product_from(&body).unwrap().visibility, known);
    }
}

#[test]
fn a_model_that_does_not_fit_names_the_path() {
    let mut body = example("updateProduct");
    body["company"]["title"] = json!(42);
    match product_from(&body) {
        Err(Error::Decode(decode)) => {
            assert_eq!(decode.path, "company.title");
            assert!(
                decode.message.contains("invalid type"),
                "{}",
                decode.message
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let mut body = example("updateExperience");
    body.as_object_mut().unwrap().remove("name");
    match experience_from(&body) {
        Err(Error::Decode(decode)) => {
            assert!(decode.message.contains("`name`"), "{}", decode.message)
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}
