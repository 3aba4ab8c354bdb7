//! Resources kept by the sandbox, through the generated request types: create, retrieve, update
//! with a value and with `null`, list in pages, delete, then Whop's 404.

use serde_json::json;
use whop_core::{Error, Nullable, PageInfo, Paginated};
use whop_sandbox::Sandbox;

/// Six objects listed two to a page: three pages forward, newest first, then back.
const CREATED: usize = 6;

/// The ids of one page, and its cursors.
type Listed = (Vec<String>, PageInfo);

/// Walks a list of [`CREATED`] objects two at a time: three pages forward (`first`, `after`),
/// newest first, then one page back from the last (`last`, `before`). `list(after, before)`
/// sends the list request.
fn three_pages(created: &[String], list: impl Fn(Option<String>, Option<String>) -> Listed) {
    assert_eq!(created.len(), CREATED);
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    let mut after = None;
    let mut seen = Vec::new();
    let mut last_info = None;
    for page in 0..3 {
        let (ids, info) = list(after.clone(), None);
        assert_eq!(ids, newest_first[page * 2..page * 2 + 2], "page {page}");
        assert_eq!(info.has_next_page, page < 2, "has_next_page of page {page}");
        assert_eq!(
            info.has_previous_page,
            page > 0,
            "has_previous_page of page {page}"
        );
        assert!(info.start_cursor.is_some() && info.end_cursor.is_some());
        after = info.end_cursor.clone();
        seen.extend(ids);
        last_info = Some(info);
    }
    assert_eq!(seen, newest_first);
    let last_info = last_info.expect("three pages");
    let (back, info) = list(None, last_info.start_cursor);
    assert_eq!(back, newest_first[2..4], "the page before the last");
    assert!(info.has_next_page && info.has_previous_page);
}

/// The `list` of [`three_pages`] for the list request `$list` builds: sent through `$client`
/// for two items from the cursor asked for, it answers the ids of the page and its cursors.
macro_rules! two_a_page {
    ($client:expr, $list:expr) => {
        |after: Option<String>, before: Option<String>| {
            let page = match before {
                Some(before) => $list.last(2).before(before).send($client),
                None => {
                    let mut list = $list.first(2);
                    list.set_after(after);
                    list.send($client)
                }
            }
            .unwrap();
            (
                page.data.into_iter().map(|item| item.id).collect(),
                page.page_info,
            )
        }
    };
}

fn assert_404<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.error_type, "not_found");
            assert_eq!(api.message, "Resource not found");
            assert!(api.request_id.is_some(), "every answer has an x-request-id");
        }
        other => panic!("expected Whop's 404, got {other:?}"),
    }
}

#[test]
fn products_live_and_die() {
    use whop_endpoints::products::{
        CreateProduct, CreateProductRequired, DeleteProduct, ListProduct, RetrieveProduct,
        UpdateProduct,
    };
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({"title": "Pickaxe"}));
    let other_company = sandbox.seed("companies", json!({"title": "Shovel"}));
    let create = |company: &str, title: String| {
        CreateProduct::new(CreateProductRequired {
            company_id: company.to_owned(),
            title,
        })
        .headline("Analytics")
        .send(&client)
        .unwrap()
    };
    let mut ids = Vec::new();
    for n in 0..CREATED {
        let product = create(&company, format!("Product {n}"));
        assert!(product.id.starts_with("prod_"), "{}", product.id);
        assert_eq!(product.title, format!("Product {n}"));
        assert_eq!(product.company.id, company, "company_id sets the company");
        ids.push(product.id);
    }
    create(&other_company, "Elsewhere".into());

    let product = RetrieveProduct::new(ids[0].as_str()).send(&client).unwrap();
    assert_eq!(
        (product.title.as_str(), product.headline.as_deref()),
        ("Product 0", Some("Analytics"))
    );

    let updated = UpdateProduct::new(ids[0].as_str())
        .description("Live numbers")
        .send(&client)
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("Live numbers"));
    assert_eq!(
        updated.headline.as_deref(),
        Some("Analytics"),
        "absent keeps"
    );
    let cleared = UpdateProduct::new(ids[0].as_str())
        .headline(Nullable::Null)
        .send(&client)
        .unwrap();
    assert_eq!(cleared.headline, None, "null clears");
    assert_eq!(cleared.description.as_deref(), Some("Live numbers"));
    let again = RetrieveProduct::new(ids[0].as_str()).send(&client).unwrap();
    assert_eq!(
        (again.headline, again.description.as_deref()),
        (None, Some("Live numbers")),
        "the update is stored"
    );

    three_pages(
        &ids,
        two_a_page!(&client, ListProduct::new(company.as_str())),
    );

    assert!(DeleteProduct::new(ids[0].as_str()).send(&client).unwrap());
    assert_404(RetrieveProduct::new(ids[0].as_str()).send(&client));
    assert_404(DeleteProduct::new(ids[0].as_str()).send(&client));
    assert_404(UpdateProduct::new(ids[0].as_str()).title("x").send(&client));
    let page = ListProduct::new(company.as_str())
        .first(100)
        .send(&client)
        .unwrap();
    assert_eq!(
        page.data.len(),
        CREATED - 1,
        "the deleted product is not listed"
    );
}

#[test]
fn plans_live_and_die() {
    use whop_endpoints::plans::{
        CreatePlan, CreatePlanRequired, DeletePlan, ListPlan, RetrievePlan, UpdatePlan,
    };
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({}));
    let product = sandbox.seed("products", json!({"title": "Pickaxe Analytics"}));
    let ids: Vec<String> = (0..CREATED)
        .map(|n| {
            let plan = CreatePlan::new(CreatePlanRequired {
                company_id: company.clone(),
                product_id: product.clone(),
            })
            .description(format!("Plan {n}"))
            .send(&client)
            .unwrap();
            assert!(plan.id.starts_with("plan_"), "{}", plan.id);
            plan.id
        })
        .collect();
    let plan = RetrievePlan::new(ids[1].as_str()).send(&client).unwrap();
    assert_eq!(plan.description.as_deref(), Some("Plan 1"));
    assert_eq!(
        plan.company.map(|company| company.id),
        Some(company.clone())
    );

    let plan = UpdatePlan::new(ids[1].as_str())
        .internal_notes("VIP")
        .send(&client)
        .unwrap();
    assert_eq!(plan.internal_notes.as_deref(), Some("VIP"));
    assert_eq!(plan.description.as_deref(), Some("Plan 1"));
    let plan = UpdatePlan::new(ids[1].as_str())
        .description(Nullable::Null)
        .send(&client)
        .unwrap();
    assert_eq!(plan.description, None);
    assert_eq!(plan.internal_notes.as_deref(), Some("VIP"));

    three_pages(&ids, two_a_page!(&client, ListPlan::new(company.as_str())));

    assert!(DeletePlan::new(ids[1].as_str()).send(&client).unwrap());
    assert_404(RetrievePlan::new(ids[1].as_str()).send(&client));
}

#[test]
fn experiences_live_and_die() {
    use whop_endpoints::experiences::{
        CreateExperience, CreateExperienceRequired, DeleteExperience, ListExperience,
        RetrieveExperience, UpdateExperience,
    };
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({}));
    let app = sandbox.seed("apps", json!({"name": "Chat"}));
    let ids: Vec<String> = (0..CREATED)
        .map(|n| {
            let experience = CreateExperience::new(CreateExperienceRequired {
                app_id: app.clone(),
                company_id: company.clone(),
            })
            .name(format!("Room {n}"))
            .send(&client)
            .unwrap();
            assert!(experience.id.starts_with("exp_"), "{}", experience.id);
            assert_eq!(experience.company.id, company);
            experience.id
        })
        .collect();
    let experience = RetrieveExperience::new(ids[2].as_str())
        .send(&client)
        .unwrap();
    assert_eq!(experience.name, "Room 2");

    let experience = UpdateExperience::new(ids[2].as_str())
        .name("Signals")
        .send(&client)
        .unwrap();
    assert_eq!(experience.name, "Signals");
    // `name` is never null in an experience: a `null` leaves it as it was.
    let experience = UpdateExperience::new(ids[2].as_str())
        .name(Nullable::Null)
        .is_public(true)
        .send(&client)
        .unwrap();
    assert_eq!(
        (experience.name.as_str(), experience.is_public),
        ("Signals", true)
    );

    three_pages(
        &ids,
        two_a_page!(&client, ListExperience::new(company.as_str())),
    );

    assert!(
        DeleteExperience::new(ids[2].as_str())
            .send(&client)
            .unwrap()
    );
    assert_404(RetrieveExperience::new(ids[2].as_str()).send(&client));
}

/// Memberships are not created or deleted through the API: they are seeded, and cancelled.
#[test]
fn memberships_are_seeded_updated_listed_and_cancelled() {
    use whop_endpoints::memberships::{
        CancelMembership, ListMembership, MembershipCancellationMode, MembershipStatus,
        RetrieveMembership, UncancelMembership, UpdateMembership,
    };
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({"title": "Pickaxe"}));
    let ids: Vec<String> = (0..CREATED)
        .map(|_| {
            sandbox.seed(
                "memberships",
                json!({"company": {"id": company}, "status": "active"}),
            )
        })
        .collect();
    sandbox.seed("memberships", json!({"status": "active"}));
    assert!(ids.iter().all(|id| id.starts_with("mem_")), "{ids:?}");

    let membership = RetrieveMembership::new(ids[3].as_str())
        .send(&client)
        .unwrap();
    assert_eq!(membership.company.id, company);
    assert_eq!(
        membership.company.title, "Pickaxe",
        "completed from the spec"
    );

    let metadata = json!({"seat": 4}).as_object().cloned().unwrap();
    let membership = UpdateMembership::new(ids[3].as_str())
        .metadata(metadata.clone())
        .send(&client)
        .unwrap();
    assert_eq!(membership.metadata, Some(metadata));
    let membership = UpdateMembership::new(ids[3].as_str())
        .metadata(Nullable::Null)
        .send(&client)
        .unwrap();
    assert_eq!(membership.metadata, None);

    three_pages(
        &ids,
        two_a_page!(&client, ListMembership::new().company_id(company.as_str())),
    );

    // Cancelling at the period's end is kept, and undone by uncancelling; cancelling at once
    // ends the membership.
    sandbox.seed(
        "memberships",
        json!({"id": "mem_kept", "status": "active", "cancel_at_period_end": false}),
    );
    let cancelled = CancelMembership::new("mem_kept").send(&client).unwrap();
    assert_eq!(cancelled.id, "mem_kept");
    assert!(cancelled.cancel_at_period_end);
    let kept = RetrieveMembership::new("mem_kept").send(&client).unwrap();
    assert!(kept.cancel_at_period_end && kept.canceled_at.is_some());
    let kept = UncancelMembership::new("mem_kept").send(&client).unwrap();
    assert!(!kept.cancel_at_period_end && kept.canceled_at.is_none());
    let ended = CancelMembership::new(ids[3].as_str())
        .cancellation_mode(MembershipCancellationMode::Immediate)
        .send(&client)
        .unwrap();
    assert_eq!(ended.status, MembershipStatus::Canceled);
    let ended = RetrieveMembership::new(ids[3].as_str())
        .send(&client)
        .unwrap();
    assert_eq!(ended.status, MembershipStatus::Canceled);
    assert_404(RetrieveMembership::new("mem_missing").send(&client));
    assert_404(CancelMembership::new("mem_missing").send(&client));
}

/// Promo codes have no update operation.
#[test]
fn promo_codes_live_and_die() {
    use whop_endpoints::promo_codes::{
        CreatePromoCode, CreatePromoCodeRequired, DeletePromoCode, ListPromoCode, RetrievePromoCode,
    };
    use whop_endpoints::shared::{Currency, PromoType};
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({}));
    let ids: Vec<String> = (0..CREATED)
        .map(|n| {
            let promo = CreatePromoCode::new(CreatePromoCodeRequired {
                amount_off: 10.0,
                base_currency: Currency::Usd,
                code: format!("SAVE{n}"),
                company_id: company.clone(),
                new_users_only: true,
                promo_duration_months: 3,
                promo_type: PromoType::Percentage,
            })
            .send(&client)
            .unwrap();
            assert!(promo.id.starts_with("promo_"), "{}", promo.id);
            assert_eq!(promo.code.as_deref(), Some(format!("SAVE{n}").as_str()));
            promo.id
        })
        .collect();
    let promo = RetrievePromoCode::new(ids[0].as_str())
        .send(&client)
        .unwrap();
    assert_eq!((promo.amount_off, promo.new_users_only), (10.0, true));

    three_pages(
        &ids,
        two_a_page!(&client, ListPromoCode::new(company.as_str())),
    );

    assert!(DeletePromoCode::new(ids[0].as_str()).send(&client).unwrap());
    assert_404(RetrievePromoCode::new(ids[0].as_str()).send(&client));
}

#[test]
fn webhooks_live_and_die() {
    use whop_endpoints::webhooks::{
        CreateWebhook, DeleteWebhook, ListWebhook, RetrieveWebhook, UpdateWebhook,
    };
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let company = sandbox.seed("companies", json!({}));
    let ids: Vec<String> = (0..CREATED)
        .map(|n| {
            let hook = CreateWebhook::new(format!("https://example.com/hooks/{n}"))
                .send(&client)
                .unwrap();
            assert!(hook.id.starts_with("hook_"), "{}", hook.id);
            assert_eq!(hook.url, format!("https://example.com/hooks/{n}"));
            hook.id
        })
        .collect();
    let hook = RetrieveWebhook::new(ids[5].as_str()).send(&client).unwrap();
    assert_eq!(hook.url, "https://example.com/hooks/5");

    let hook = UpdateWebhook::new(ids[5].as_str())
        .url("https://example.com/moved")
        .send(&client)
        .unwrap();
    assert_eq!(hook.url, "https://example.com/moved");
    // A webhook always has a URL: a `null` leaves it as it was.
    let hook = UpdateWebhook::new(ids[5].as_str())
        .url(Nullable::Null)
        .enabled(false)
        .send(&client)
        .unwrap();
    assert_eq!(
        (hook.url.as_str(), hook.enabled),
        ("https://example.com/moved", false)
    );

    three_pages(
        &ids,
        two_a_page!(&client, ListWebhook::new(company.as_str())),
    );

    assert!(DeleteWebhook::new(ids[5].as_str()).send(&client).unwrap());
    assert_404(RetrieveWebhook::new(ids[5].as_str()).send(&client));
}
