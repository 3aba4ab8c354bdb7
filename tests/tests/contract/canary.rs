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

/// Sends the broken request; an error unless Prism names the violation.
pub(crate) fn check(contract: &Contract) -> Result<(), String> {
    let request = ListProductsWithTextFirst::new("biz_xxxxxxxxxxxxxx", "ten");
    match request.send(contract.client()) {
        Ok(_) => Err(
            "Prism accepted a request that breaks the spec; is it running with --errors?"
                .to_owned(),
        ),
        Err(err) => match violations::of(&err) {
            Some(text) if text.contains("first") => Ok(()),
            Some(text) => Err(format!(
                "Prism reported an unexpected violation for the canary request: {text}"
            )),
            None => Err(format!(
                "the canary request failed without a violation report: {err}"
            )),
        },
    }
}
