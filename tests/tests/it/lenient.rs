//! The generated models decode what the API really sends, not only what the spec writes down:
//! numbers as strings, integers as integral floats, required arrays left out. Each change of
//! representation keeps the value; anything that is not a number stays an error at its path.

use whop_tests::spec::Spec;

use serde_json::{Value, json};
use whop_core::Error;
use whop_endpoints::payments::Payment;
use whop_endpoints::products::{Product, RetrieveProduct};
use whop_tests::{Reply, TestServer};

/// The spec's example `Product`.
fn product() -> Value {
    Spec::load().response_example("updateProduct", "200")
}

/// The spec's example `Payment`.
fn payment() -> Value {
    Spec::load().response_example("retrievePayment", "200")
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|err| panic!("does not decode: {err}"))
}

/// `RetrieveProduct` against a server answering `body`: the client's own decode path.
fn retrieve(body: &Value) -> Result<Product, Error> {
    let server = TestServer::replying(Reply::json(200, body));
    server.client().send(&RetrieveProduct::new("prod_1"))
}

#[test]
fn number_fields_accept_strings_holding_numbers() {
    for (text, value) in [
        ("0.0", 0.0),
        ("12", 12.0),
        ("-3.5e2", -350.0),
        ("6.9", 6.9),
        ("1E3", 1000.0),
    ] {
        let mut body = payment();
        body["amount_after_fees"] = json!(text); // f64
        body["total"] = json!(text); // Option<f64>
        let payment: Payment = decode(body);
        assert_eq!(payment.amount_after_fees, value, "{text}");
        assert_eq!(payment.total, Some(value), "{text}");
    }
}

#[test]
fn integer_fields_accept_exact_integral_floats_and_strings() {
    for (sent, value) in [
        (json!(12), 12),
        (json!(12.0), 12),
        (json!("12"), 12),
        (json!("12.0"), 12),
        (json!("-4"), -4),
        (json!("1.2e1"), 12),
        (json!(-9_007_199_254_740_992.0), -9_007_199_254_740_992),
        (json!("9223372036854775807"), i64::MAX),
    ] {
        let mut body = product();
        body["member_count"] = sent.clone(); // i64
        let product: Product = decode(body);
        assert_eq!(product.member_count, value, "{sent}");

        let mut body = payment();
        body["payments_failed"] = sent.clone(); // Option<i64>
        let payment: Payment = decode(body);
        assert_eq!(payment.payments_failed, Some(value), "{sent}");
    }
}

#[test]
fn nulls_and_missing_optional_numbers_are_none() {
    let mut body = payment();
    body["total"] = Value::Null;
    body["payments_failed"] = Value::Null;
    body.as_object_mut().unwrap().remove("tax_amount");
    let payment: Payment = decode(body);
    assert_eq!(payment.total, None);
    assert_eq!(payment.payments_failed, None);
    assert_eq!(payment.tax_amount, None);
}

#[test]
fn what_is_not_a_number_is_an_error_at_its_path() {
    for (member, sent) in [
        ("member_count", json!("twelve")),
        ("member_count", json!("")),
        ("member_count", json!(" 12")),
        ("member_count", json!("+1")),
        ("member_count", json!("0x10")),
        ("member_count", json!("NaN")),
        // Not an exact integer.
        ("member_count", json!(12.5)),
        ("member_count", json!("12.5")),
        ("member_count", json!(1e300)),
        ("member_count", json!(9_007_199_254_740_994.0)),
        ("member_count", json!("9223372036854775808")),
        // Other JSON types stay wrong.
        ("member_count", json!(true)),
        ("member_count", json!([1])),
        ("member_count", Value::Null),
        ("global_affiliate_percentage", json!("inf")),
        ("global_affiliate_percentage", json!("1e400")),
        ("global_affiliate_percentage", json!({"value": 1})),
    ] {
        let mut body = product();
        body[member] = sent.clone();
        let Err(Error::Decode(err)) = retrieve(&body) else {
            panic!("{member} = {sent} decoded")
        };
        assert_eq!(err.path, member, "{sent}: {}", err.message);
        assert!(
            err.message.contains("number") || err.message.contains("integer"),
            "{sent}: {}",
            err.message
        );
    }
}

#[test]
fn a_missing_required_array_is_empty() {
    let mut body = product();
    assert!(!body["gallery_images"].as_array().unwrap().is_empty());
    body.as_object_mut().unwrap().remove("gallery_images");
    let product = retrieve(&body).unwrap_or_else(|err| panic!("{err}"));
    assert!(product.gallery_images.is_empty());

    // `null` is still not an array.
    let mut body = self::product();
    body["gallery_images"] = Value::Null;
    let Err(Error::Decode(err)) = retrieve(&body) else {
        panic!("null decoded as an array")
    };
    assert_eq!(err.path, "gallery_images");
}

#[test]
fn numbers_sent_as_strings_go_back_as_numbers() {
    let mut body = product();
    body["member_count"] = json!("7");
    body["global_affiliate_percentage"] = json!("2.5");
    let product = retrieve(&body).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(product.member_count, 7);
    let again = serde_json::to_value(&product).unwrap();
    assert_eq!(again["member_count"], json!(7));
    assert_eq!(again["global_affiliate_percentage"], json!(2.5));
    // And that decodes to the same model.
    assert_eq!(decode::<Product>(again), product);
}

#[test]
fn timestamps_still_take_rfc3339_and_unix_seconds() {
    let mut body = product();
    body["created_at"] = json!("2023-12-01T05:00:00.401Z");
    body["updated_at"] = json!(1_701_406_800);
    let product = retrieve(&body).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(product.created_at.unix_seconds(), 1_701_406_800);
    assert_eq!(product.updated_at.unix_seconds(), 1_701_406_800);

    body["updated_at"] = json!("last tuesday");
    let Err(Error::Decode(err)) = retrieve(&body) else {
        panic!("a bad date-time decoded")
    };
    assert_eq!(err.path, "updated_at");
}
