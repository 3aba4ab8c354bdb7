//! Proof that the suite sees violations: a request that breaks the spec must come back as one.

use whop_core::endpoint;

use crate::harness::Contract;
use crate::violations;

/// `listProduct` with `first` as text, where the spec wants an integer.
#[endpoint(GET "/products", scopes = ["access_pass:basic:read"], response = serde_json::Value)]
#[derive(Debug)]
struct ListProductsWithTextFirst {
    company_id: String,
    first: String,
}

/// `listMembership` with a status the spec's enum does not have, sent in the bracket form
/// (`statuses[]=…`): proof that array parameters are still validated item by item.
#[endpoint(GET "/memberships", scopes = ["member:basic:read"], response = serde_json::Value)]
#[derive(Debug)]
struct ListMembershipsWithUnknownStatus {
    statuses: Vec<String>,
}

/// Sends the broken requests; an error unless Prism names each violation.
pub(crate) fn check(contract: &Contract) -> Result<(), String> {
    expect_violation(
        ListProductsWithTextFirst::new(ListProductsWithTextFirstRequired {
            company_id: "biz_xxxxxxxxxxxxxx".into(),
            first: "ten".into(),
        })
        .send(contract.client()),
        "first",
    )?;
    expect_violation(
        ListMembershipsWithUnknownStatus::new(vec!["active".into(), "no_such_status".into()])
            .send(contract.client()),
        "statuses",
    )
}

fn expect_violation(
    result: Result<serde_json::Value, whop_core::Error>,
    parameter: &str,
) -> Result<(), String> {
    match result {
        Ok(_) => Err(
            "Prism accepted a request that breaks the spec; is it running with --errors?"
                .to_owned(),
        ),
        Err(err) => match violations::of(&err) {
            Some(text) if text.contains(parameter) => Ok(()),
            Some(text) => Err(format!(
                "Prism reported an unexpected violation for the canary request: {text}"
            )),
            None => Err(format!(
                "the canary request failed without a violation report: {err}"
            )),
        },
    }
}
