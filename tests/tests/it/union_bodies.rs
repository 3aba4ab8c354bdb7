//! Operations whose body is one of several shapes (`oneOf` in the spec) send exactly the members of
//! the chosen shape, at the top level of the JSON body, with their constant discriminators.

use serde_json::{Value, json};
use whop_endpoints::affiliates::{
    CreateOverrideAffiliate, CreateOverrideAffiliateBody, CreateOverrideAffiliateRevShare,
    CreateOverrideAffiliateStandard, OverrideTypeRevShare, OverrideTypeStandard,
};
use whop_endpoints::payments::{CreatePayment, CreatePaymentWithPlanId};
use whop_tests::{Reply, TestServer};

/// The JSON body the server received for one request.
fn sent_body(send: impl FnOnce(&whop_core::Client)) -> (String, Value) {
    let server = TestServer::replying(Reply::json(200, &json!({"id": "affov_1"})));
    send(&server.client());
    let request = server.single_request();
    (request.target.clone(), request.json())
}

#[test]
fn a_union_body_sends_the_members_of_its_variant() {
    let variant = CreateOverrideAffiliateStandard {
        applies_to_payments: whop_core::Nullable::Unset,
        commission_type: whop_core::Nullable::Null,
        commission_value: 12.5,
        id: "aff_1".to_owned(),
        override_type: OverrideTypeStandard,
        plan_id: "plan_1".to_owned(),
    };
    let (target, body) = sent_body(|client| {
        // The reply is not a full override; only what was sent matters here.
        let _ = CreateOverrideAffiliate::new("aff_1", variant).send(client);
    });
    assert_eq!(target, "/affiliates/aff_1/overrides");
    assert_eq!(
        body,
        json!({
            "commission_type": null,
            "commission_value": 12.5,
            "id": "aff_1",
            "override_type": "standard",
            "plan_id": "plan_1",
        })
    );
}

#[test]
fn each_variant_carries_its_own_discriminator() {
    let variant = CreateOverrideAffiliateRevShare {
        commission_type: whop_core::Nullable::Unset,
        commission_value: 30.0,
        id: "aff_2".to_owned(),
        override_type: OverrideTypeRevShare,
        product_id: whop_core::Nullable::Value("prod_1".to_owned()),
        revenue_basis: whop_core::Nullable::Unset,
    };
    let body: CreateOverrideAffiliateBody = variant.into();
    let (_, sent) = sent_body(|client| {
        let _ = CreateOverrideAffiliate::new("aff_2", body.clone()).send(client);
    });
    assert_eq!(sent["override_type"], "rev_share");
    assert_eq!(sent["product_id"], "prod_1");
    assert!(sent.get("plan_id").is_none() && sent.get("revenue_basis").is_none());
    // The same JSON decodes back into the same variant: the constant tells the shapes apart.
    let decoded: CreateOverrideAffiliateBody = serde_json::from_value(sent).expect("decodes");
    assert_eq!(decoded, body);
}

#[test]
fn a_union_without_a_discriminator_is_told_apart_by_its_members() {
    let variant = CreatePaymentWithPlanId {
        company_id: "biz_1".to_owned(),
        member_id: "mber_1".to_owned(),
        metadata: whop_core::Nullable::Unset,
        payment_method_id: "payt_1".to_owned(),
        plan_id: "plan_1".to_owned(),
    };
    let (target, body) = sent_body(|client| {
        let _ = CreatePayment::new(variant).send(client);
    });
    assert_eq!(target, "/payments");
    assert_eq!(
        body,
        json!({
            "company_id": "biz_1",
            "member_id": "mber_1",
            "payment_method_id": "payt_1",
            "plan_id": "plan_1",
        })
    );
}

#[test]
fn a_constant_decodes_only_from_its_value() {
    assert!(serde_json::from_value::<OverrideTypeStandard>(json!("standard")).is_ok());
    let err = serde_json::from_value::<OverrideTypeStandard>(json!("rev_share")).unwrap_err();
    assert!(err.to_string().contains("standard"), "{err}");
    assert_eq!(OverrideTypeStandard::VALUE, "standard");
}

/// Unions in responses are tagged by `typename`: each decodes into its variant, and a
/// `typename` this crate does not know keeps its JSON rather than failing.
#[test]
fn a_tagged_union_decodes_by_its_typename() {
    use whop_endpoints::payment_methods::{CardBrand, PaymentMethod, PaymentMethodType};

    let card = json!({
        "typename": "CardPaymentMethod",
        "id": "payt_1",
        "created_at": "2023-12-01T05:00:00.401Z",
        "payment_method_type": "card",
        "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030},
        "added_later": true,
    });
    let decoded: PaymentMethod = serde_json::from_value(card.clone()).expect("decodes");
    let PaymentMethod::CardPaymentMethod(method) = &decoded else {
        panic!("not the card variant: {decoded:?}");
    };
    assert_eq!(method.payment_method_type, PaymentMethodType::Card);
    assert_eq!(method.card.brand, Some(CardBrand::Visa));
    assert_eq!(method.card.last4.as_deref(), Some("4242"));
    // The tag comes back, the unknown member does not.
    let mut expected = card;
    expected
        .as_object_mut()
        .expect("an object")
        .remove("added_later");
    assert_eq!(
        serde_json::to_value(&decoded).expect("serializes"),
        expected
    );

    assert_eq!(decoded.typename(), "CardPaymentMethod");
    assert_eq!(decoded.unknown_json(), None);

    // A kind this version does not know keeps its JSON: readable, and sent back unchanged.
    let future = json!({"typename": "CryptoWalletPaymentMethod", "id": "payt_2", "chain": "x"});
    let decoded: PaymentMethod = serde_json::from_value(future.clone()).expect("decodes");
    assert_eq!(decoded.typename(), "CryptoWalletPaymentMethod");
    assert_eq!(decoded.unknown_json(), Some(&future));
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), future);
    let again: PaymentMethod = serde_json::from_value(future.clone()).expect("decodes");
    assert_eq!(again, decoded);
    let kind = match &decoded {
        PaymentMethod::CardPaymentMethod(_) => "card",
        other => other.typename(),
    };
    assert_eq!(kind, "CryptoWalletPaymentMethod");

    // A kind it knows whose members do not fit is an error, not an unknown kind, and the error
    // says which kind and where.
    let broken =
        json!({"typename": "CardPaymentMethod", "id": "payt_4", "created_at": "yesterday"});
    let err = serde_json::from_value::<PaymentMethod>(broken).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("typename `CardPaymentMethod`") && message.contains("created_at"),
        "{message}"
    );

    let untagged = json!({"id": "payt_3"});
    assert!(
        serde_json::from_value::<PaymentMethod>(untagged).is_err(),
        "the tag is required"
    );
}
