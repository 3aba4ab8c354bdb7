//! A tour of whop-rs: update a product (a value and a `null`), update an experience, and see a
//! typed 404.
//!
//! ```text
//! cargo run --example tour
//! ```
//!
//! By default it runs against whop-sandbox, an in-memory Whop API on 127.0.0.1 built from the spec:
//! no API key and no network needed, and nothing anywhere is changed. It calls the live API only
//! when asked explicitly, and then changes the product and experience given:
//!
//! ```text
//! WHOP_TOUR_LIVE=1 WHOP_API_KEY=apik_... WHOP_TOUR_PRODUCT_ID=prod_... \
//!     WHOP_TOUR_EXPERIENCE_ID=exp_... cargo run --example tour
//! ```

use std::process::ExitCode;

use serde_json::json;
use whop_core::{Client, Error, Nullable};
use whop_endpoints::experiences::UpdateExperience;
use whop_endpoints::products::UpdateProduct;
use whop_sandbox::Sandbox;

/// Where the calls go.
enum Target {
    Sandbox(Sandbox),
    Live,
}

/// A product id that exists neither in the sandbox nor, presumably, in any account.
const MISSING_PRODUCT_ID: &str = "prod_DoesNotExist0";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nThe tour stopped: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let live = std::env::var("WHOP_TOUR_LIVE").is_ok_and(|value| value.trim() == "1");
    let (target, client, product_id, experience_id) = if live {
        let client = Client::from_env()
            .map_err(|err| format!("{err} (WHOP_TOUR_LIVE=1 needs WHOP_API_KEY)"))?;
        let product_id = required_env("WHOP_TOUR_PRODUCT_ID")?;
        let experience_id = required_env("WHOP_TOUR_EXPERIENCE_ID")?;
        println!(
            "whop-rs tour against the LIVE API at {}.",
            client.base_url()
        );
        println!(
            "It changes product {product_id} (headline, custom CTA URL) and experience {experience_id} (name).\n"
        );
        (Target::Live, client, product_id, experience_id)
    } else {
        let sandbox = Sandbox::start();
        let product_id = sandbox.seed(
            "products",
            json!({
                "title": "Pickaxe Analytics",
                "headline": "Real-time data analytics for creators",
                "custom_cta_url": "https://example.com/signup",
                "route": "pickaxe-analytics",
            }),
        );
        let experience_id = sandbox.seed(
            "experiences",
            json!({"name": "Trading Signals Chat", "is_public": false}),
        );
        let client = sandbox.client();
        println!(
            "whop-rs tour against the in-memory sandbox at {}.",
            sandbox.url()
        );
        println!(
            "No API key and no network needed: nothing leaves this machine and no account is touched."
        );
        if std::env::var_os("WHOP_API_KEY").is_some() {
            println!(
                "WHOP_API_KEY is set but not used: the tour calls the live API only with WHOP_TOUR_LIVE=1."
            );
        }
        println!();
        (Target::Sandbox(sandbox), client, product_id, experience_id)
    };

    println!("1. Update a product: set its headline, clear its custom CTA URL with null");
    let product = UpdateProduct::new(product_id.as_str())
        .headline("Live revenue and member numbers")
        .custom_cta_url(Nullable::Null)
        .send(&client)
        .map_err(|err| err.to_string())?;
    show_request(&target);
    println!("   got   Product {:?} ({})", product.title, product.id);
    println!("         headline       = {:?}", product.headline);
    println!("         custom_cta_url = {:?}", product.custom_cta_url);
    println!(
        "         visibility     = {:?}, updated_at = {}",
        product.visibility, product.updated_at
    );

    println!("\n2. Update an experience: rename it");
    let experience = UpdateExperience::new(experience_id.as_str())
        .name("Signals & Strategy")
        .send(&client)
        .map_err(|err| err.to_string())?;
    show_request(&target);
    println!(
        "   got   Experience {:?} ({}), public = {}",
        experience.name, experience.id, experience.is_public
    );

    println!("\n3. Update a product that does not exist");
    let update = UpdateProduct::new(MISSING_PRODUCT_ID).title("Nobody home");
    match update.send(&client) {
        Err(Error::Api(api)) if api.status == 404 => {
            show_request(&target);
            println!(
                "   got   Error::Api with status {}, type {:?}",
                api.status, api.error_type
            );
            println!(
                "         message {:?}, request id {:?}",
                api.message,
                api.request_id.as_deref().unwrap_or_default()
            );
            println!("         printed: {api}");
        }
        Err(other) => return Err(format!("expected a 404, got: {other}")),
        Ok(product) => return Err(format!("expected a 404, got product {}", product.id)),
    }

    match &target {
        Target::Sandbox(sandbox) => {
            println!(
                "\nDone: {} calls, all answered by the sandbox; nothing was sent anywhere else.",
                sandbox.requests().len()
            );
            println!("To run the same steps against your account (they change it):");
            println!(
                "  WHOP_TOUR_LIVE=1 WHOP_API_KEY=... WHOP_TOUR_PRODUCT_ID=prod_... WHOP_TOUR_EXPERIENCE_ID=exp_... \\"
            );
            println!("  cargo run --example tour");
        }
        Target::Live => println!("\nDone: 3 calls against the live API."),
    }
    Ok(())
}

/// Prints the request as the sandbox received it (the live API's side is not visible).
fn show_request(target: &Target) {
    let Target::Sandbox(sandbox) = target else {
        return;
    };
    if let Some(request) = sandbox.requests().last() {
        println!(
            "   sent  {} {}  {}",
            request.method,
            request.path,
            String::from_utf8_lossy(&request.body)
        );
    }
}

fn required_env(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        _ => Err(format!("WHOP_TOUR_LIVE=1 needs {name}")),
    }
}
