//! The spec's example responses of the two seed operations decode into the generated models,
//! and the models are forgiving where the API may move on: unknown fields, unknown enum values,
//! timestamps as Unix seconds.

use whop_tests::spec::Spec;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use whop_core::Timestamp;
use whop_endpoints::experiences::Experience;
use whop_endpoints::products::{CustomCta, GlobalAffiliateStatus, Product, Visibility};

/// The `200` example of an operation, read from the spec.
fn example(operation: &str) -> Value {
    let example = Spec::load().response_example(operation, "200");
    assert!(
        example.is_object(),
        "{operation}: the example is not an object: {example}"
    );
    example
}

fn decode<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|err| panic!("does not decode: {err}"))
}

#[test]
fn update_product_example_decodes_and_round_trips() {
    let example = example("updateProduct");
    let product: Product = decode(example.clone());
    assert_eq!(product.id, example["id"]);
    assert_eq!(product.title, example["title"]);
    assert_eq!(product.visibility.as_str(), example["visibility"]);
    assert_eq!(product.custom_cta.as_str(), example["custom_cta"]);
    assert_eq!(product.member_count, example["member_count"]);
    assert_eq!(product.company.id, example["company"]["id"]);
    assert_eq!(
        product.gallery_images.len(),
        example["gallery_images"].as_array().map_or(0, Vec::len)
    );
    assert_eq!(product.created_at.to_string(), example["created_at"]);
    // Every field of the spec's `Product` is a field of the model: nothing is lost on the way back.
    assert_eq!(serde_json::to_value(&product).expect("serializes"), example);
}

#[test]
fn update_experience_example_decodes_and_round_trips() {
    let example = example("updateExperience");
    let experience: Experience = decode(example.clone());
    assert_eq!(experience.id, example["id"]);
    assert_eq!(experience.name, example["name"]);
    assert_eq!(experience.app.name, example["app"]["name"]);
    assert_eq!(experience.company.id, example["company"]["id"]);
    assert_eq!(
        serde_json::to_value(&experience).expect("serializes"),
        example
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let mut product = example("updateProduct");
    product["launched_in_2031"] = json!({"nested": [1, 2, 3]});
    product["company"]["new_member"] = json!("x");
    let decoded: Product = decode(product.clone());
    let reserialized = serde_json::to_value(&decoded).expect("serializes");
    assert!(reserialized.get("launched_in_2031").is_none());

    let mut experience = example("updateExperience");
    experience["brand_new"] = json!(true);
    experience["app"]["icon"] = json!({"url": null, "width": 64});
    let decoded: Experience = decode(experience);
    assert!(decoded.app.icon.is_some());
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back_unchanged() {
    let mut product = example("updateProduct");
    product["visibility"] = json!("members_only_2031");
    product["custom_cta"] = json!("pre_order");
    product["global_affiliate_status"] = json!("enabled");
    let decoded: Product = decode(product.clone());
    assert_eq!(decoded.visibility, Visibility::from("members_only_2031"));
    assert_eq!(decoded.custom_cta, CustomCta::from("pre_order"));
    assert_eq!(
        decoded.global_affiliate_status,
        GlobalAffiliateStatus::Enabled
    );
    let reserialized = serde_json::to_value(&decoded).expect("serializes");
    assert_eq!(reserialized["visibility"], "members_only_2031");
    assert_eq!(reserialized["custom_cta"], "pre_order");
    assert_eq!(reserialized, product);
}

#[test]
fn known_enum_values_decode_to_their_variants() {
    for (wire, variant) in [
        ("visible", Visibility::Visible),
        ("hidden", Visibility::Hidden),
        ("archived", Visibility::Archived),
        ("quick_link", Visibility::QuickLink),
    ] {
        let decoded: Visibility = decode(json!(wire));
        assert_eq!(decoded, variant);
        assert_eq!(serde_json::to_value(&decoded).expect("serializes"), wire);
        assert_eq!(decoded.to_string(), wire);
    }
}

#[test]
fn timestamps_decode_from_unix_seconds() {
    let expected: Timestamp = "2023-12-01T05:00:00Z".parse().expect("a timestamp");
    let mut product = example("updateProduct");
    product["created_at"] = json!(1_701_406_800);
    product["updated_at"] = json!("2023-12-01T05:00:00Z");
    let decoded: Product = decode(product);
    assert_eq!(decoded.created_at, expected);
    assert_eq!(decoded.updated_at, expected);

    let mut experience = example("updateExperience");
    experience["created_at"] = json!(1_701_406_800);
    let decoded: Experience = decode(experience);
    assert_eq!(decoded.created_at, expected);
}

#[test]
fn nullable_fields_accept_null_and_required_fields_are_required() {
    let mut product = example("updateProduct");
    product["headline"] = Value::Null;
    product["product_tax_code"] = Value::Null;
    let decoded: Product = decode(product.clone());
    assert_eq!(decoded.headline, None);
    assert_eq!(decoded.product_tax_code, None);

    product.as_object_mut().expect("an object").remove("title");
    let err = serde_json::from_value::<Product>(product).expect_err("title is required");
    assert!(err.to_string().contains("title"), "{err}");

    let mut experience = example("updateExperience");
    experience["name"] = Value::Null;
    assert!(
        serde_json::from_value::<Experience>(experience).is_err(),
        "name is not nullable"
    );
}
