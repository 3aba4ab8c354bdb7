//! The example test of whop-sandbox's README ("Testing your script"), kept identical to it.

use serde_json::json;
use whop_core::{Client, Error};
use whop_endpoints::plans::{CreatePlan, CreatePlanRequired, ListPlan};
use whop_endpoints::products::{CreateProduct, CreateProductRequired, Product};
use whop_sandbox::{Fault, Sandbox};

/// The script under test: publishes a product with a plan in a company.
fn publish(client: &Client, company_id: &str, title: &str) -> Result<Product, Error> {
    let product = CreateProduct::new(CreateProductRequired {
        company_id: company_id.into(),
        title: title.into(),
    })
    .headline("Real-time analytics")
    .send(client)?;
    CreatePlan::new(CreatePlanRequired {
        company_id: company_id.into(),
        product_id: product.id.clone(),
    })
    .initial_price(9.99)
    .send(client)?;
    Ok(product)
}

#[test]
fn publishing_creates_a_product_and_its_plan() {
    let sandbox = Sandbox::start();
    let company = sandbox.seed("companies", json!({"title": "Pickaxe"}));
    // The API is busy the first time the plan is created: the client's retry gets past it.
    sandbox.fail_next("createPlan", Fault::rate_limit().with_retry_after(0));

    let product = publish(&sandbox.client(), &company, "Pickaxe Analytics").unwrap();

    assert!(product.id.starts_with("prod_"));
    assert_eq!(product.headline.as_deref(), Some("Real-time analytics"));
    let plans = ListPlan::new(company.as_str())
        .send(&sandbox.client())
        .unwrap();
    assert_eq!(
        plans.data.len(),
        1,
        "one plan, although its create was retried"
    );
    let creates = sandbox
        .requests()
        .into_iter()
        .filter(|request| request.method == "POST" && request.path.ends_with("/plans"))
        .count();
    assert_eq!(creates, 2, "a 429, then the retry");

    // A key without the scope to create products is refused with Whop's 403.
    let reader = sandbox.client_with_scopes(&["access_pass:basic:read"]);
    match publish(&reader, &company, "Nope") {
        Err(Error::Api(api)) => assert_eq!(api.status, 403),
        other => panic!("expected a 403, got {other:?}"),
    }
}
