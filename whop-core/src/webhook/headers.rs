//! Reading the three standard-webhooks headers and parsing their values.

use http::HeaderMap;

use super::WebhookError;

/// The unique id of the delivery; part of the signed content.
pub(super) const ID: &str = "webhook-id";
/// When the delivery was signed, in Unix seconds; part of the signed content.
pub(super) const TIMESTAMP: &str = "webhook-timestamp";
/// Space-separated `version,base64` signatures.
pub(super) const SIGNATURE: &str = "webhook-signature";

/// How much of an attacker-controlled value an error message quotes.
const QUOTED: usize = 64;

/// The three header values of a delivery, trimmed and known to be non-empty.
#[derive(Debug, Clone, Copy)]
pub(super) struct Headers<'a> {
    pub(super) id: &'a str,
    pub(super) timestamp: &'a str,
    pub(super) signature: &'a str,
}

impl<'a> Headers<'a> {
    pub(super) fn from_map(headers: &'a HeaderMap) -> Result<Headers<'a>, WebhookError> {
        Ok(Headers {
            id: from_map(headers, ID)?,
            timestamp: from_map(headers, TIMESTAMP)?,
            signature: from_map(headers, SIGNATURE)?,
        })
    }

    pub(super) fn from_pairs(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Headers<'a>, WebhookError> {
        let mut found: [(&'static str, Option<&'a str>); 3] =
            [(ID, None), (TIMESTAMP, None), (SIGNATURE, None)];
        for (name, value) in pairs {
            let name = name.trim();
            if let Some((wanted, slot)) = found
                .iter_mut()
                .find(|(wanted, _)| wanted.eq_ignore_ascii_case(name))
            {
                if slot.is_some() {
                    return Err(duplicate(wanted));
                }
                *slot = Some(non_empty(wanted, value)?);
            }
        }
        let [(_, id), (_, timestamp), (_, signature)] = found;
        Ok(Headers {
            id: id.ok_or(WebhookError::MissingHeader { name: ID })?,
            timestamp: timestamp.ok_or(WebhookError::MissingHeader { name: TIMESTAMP })?,
            signature: signature.ok_or(WebhookError::MissingHeader { name: SIGNATURE })?,
        })
    }

    /// The `webhook-timestamp` value as Unix seconds.
    pub(super) fn unix_seconds(&self) -> Result<i64, WebhookError> {
        // Digits only: `i64::from_str` would also take a sign, which no sender writes.
        let parsed = self
            .timestamp
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| self.timestamp.parse::<i64>().ok());
        parsed
            .flatten()
            .ok_or_else(|| WebhookError::InvalidTimestamp {
                value: quote(self.timestamp),
            })
    }

    /// The `(version, signature)` entries of `webhook-signature`, in header order.
    pub(super) fn signatures(&self) -> Result<Vec<(&'a str, &'a str)>, WebhookError> {
        self.signature
            .split_ascii_whitespace()
            .map(|entry| match entry.split_once(',') {
                Some((version, signature)) if !version.is_empty() && !signature.is_empty() => {
                    Ok((version, signature))
                }
                _ => Err(invalid(
                    SIGNATURE,
                    format!("the entry {:?} is not `version,signature`", quote(entry)),
                )),
            })
            .collect()
    }
}

fn from_map<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values.next().ok_or(WebhookError::MissingHeader { name })?;
    if values.next().is_some() {
        return Err(duplicate(name));
    }
    let text = value
        .to_str()
        .map_err(|_| invalid(name, "it is not visible ASCII"))?;
    non_empty(name, text)
}

fn non_empty<'a>(name: &'static str, value: &'a str) -> Result<&'a str, WebhookError> {
    // Surrounding whitespace is not part of an HTTP field value; some frameworks leave it in.
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    if value.is_empty() {
        Err(invalid(name, "it is empty"))
    } else {
        Ok(value)
    }
}

fn duplicate(name: &'static str) -> WebhookError {
    // Two values would leave it open which one was signed; refuse rather than pick one.
    invalid(name, "it is given more than once")
}

fn invalid(name: &'static str, reason: impl Into<String>) -> WebhookError {
    WebhookError::InvalidHeader {
        name,
        reason: reason.into(),
    }
}

/// The start of `text`, cut on a character boundary, so errors stay small.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
