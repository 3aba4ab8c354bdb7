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

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn map(pairs: &[(&'static str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_bytes(value).unwrap());
        }
        map
    }

    const ALL: [(&str, &[u8]); 3] = [
        (ID, b"msg_1"),
        (TIMESTAMP, b"1727606400"),
        (SIGNATURE, b"v1,abc="),
    ];

    fn invalid_reason(err: WebhookError, header: &str) -> String {
        match err {
            WebhookError::InvalidHeader { name, reason } if name == header => reason,
            other => panic!("expected an invalid {header}, got {other:?}"),
        }
    }

    #[test]
    fn the_three_headers_are_read_and_trimmed() {
        let mut pairs = ALL.to_vec();
        pairs[0] = (ID, b"  msg_1\t");
        pairs.push(("content-type", b"application/json"));
        let map = map(&pairs);
        let headers = Headers::from_map(&map).unwrap();
        assert_eq!(
            (headers.id, headers.timestamp, headers.signature),
            ("msg_1", "1727606400", "v1,abc=")
        );
    }

    #[test]
    fn a_missing_header_is_named() {
        for missing in [ID, TIMESTAMP, SIGNATURE] {
            let pairs: Vec<_> = ALL.into_iter().filter(|(n, _)| *n != missing).collect();
            let err = Headers::from_map(&map(&pairs)).unwrap_err();
            assert_eq!(err, WebhookError::MissingHeader { name: missing });
            let err = Headers::from_pairs(
                pairs
                    .iter()
                    .map(|(n, v)| (*n, std::str::from_utf8(v).unwrap())),
            )
            .unwrap_err();
            assert_eq!(err, WebhookError::MissingHeader { name: missing });
        }
    }

    #[test]
    fn empty_repeated_and_non_ascii_values_are_refused() {
        for name in [ID, TIMESTAMP, SIGNATURE] {
            let mut pairs = ALL.to_vec();
            pairs.retain(|(n, _)| *n != name);
            let mut empty = pairs.clone();
            empty.push((name, b" \t "));
            let reason = invalid_reason(Headers::from_map(&map(&empty)).unwrap_err(), name);
            assert_eq!(reason, "it is empty");

            let mut twice = pairs.clone();
            twice.push((name, b"a"));
            twice.push((name, b"a"));
            let reason = invalid_reason(Headers::from_map(&map(&twice)).unwrap_err(), name);
            assert_eq!(reason, "it is given more than once");

            let mut binary = pairs.clone();
            binary.push((name, "café".as_bytes()));
            let reason = invalid_reason(Headers::from_map(&map(&binary)).unwrap_err(), name);
            assert_eq!(reason, "it is not visible ASCII");
        }
    }

    #[test]
    fn pairs_match_names_case_insensitively_and_refuse_repeats() {
        let headers = Headers::from_pairs([
            ("Webhook-Id", "msg_1"),
            (" WEBHOOK-TIMESTAMP ", "1727606400"),
            ("webhook-signature", "v1,abc="),
            ("Webhook-Idx", "ignored"),
        ])
        .unwrap();
        assert_eq!(
            (headers.id, headers.timestamp, headers.signature),
            ("msg_1", "1727606400", "v1,abc=")
        );
        let err = Headers::from_pairs([
            ("webhook-id", "a"),
            ("Webhook-Id", "b"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,x"),
        ])
        .unwrap_err();
        assert_eq!(invalid_reason(err, ID), "it is given more than once");
        let err = Headers::from_pairs([
            ("webhook-id", "a"),
            ("webhook-timestamp", ""),
            ("webhook-signature", "v1,x"),
        ])
        .unwrap_err();
        assert_eq!(invalid_reason(err, TIMESTAMP), "it is empty");
    }

    fn with(timestamp: &'static str, signature: &'static str) -> Headers<'static> {
        Headers {
            id: "msg_1",
            timestamp,
            signature,
        }
    }

    #[test]
    fn the_timestamp_is_whole_unix_seconds() {
        assert_eq!(with("0", "v1,x").unix_seconds(), Ok(0));
        assert_eq!(with("1727606400", "v1,x").unix_seconds(), Ok(1_727_606_400));
        assert_eq!(
            with("9223372036854775807", "v1,x").unix_seconds(),
            Ok(i64::MAX)
        );
        for bad in [
            "-1",
            "+1",
            "1.5",
            "1e9",
            "0x10",
            "2024-09-29T10:40:00Z",
            "9223372036854775808",
            "1 2",
        ] {
            assert_eq!(
                with(bad, "v1,x").unix_seconds(),
                Err(WebhookError::InvalidTimestamp {
                    value: bad.to_owned()
                }),
                "{bad}"
            );
        }
        let long: &'static str = "7".repeat(200).leak();
        let Err(WebhookError::InvalidTimestamp { value }) = with(long, "v1,x").unix_seconds()
        else {
            panic!("a 200-digit number is not Unix seconds");
        };
        assert_eq!(value, format!("{}…", "7".repeat(QUOTED)));
    }

    #[test]
    fn several_signatures_are_read_in_header_order() {
        assert_eq!(
            with("1", "v1,abc= v1a,def  v2,g,h\tv1,xyz").signatures(),
            Ok(vec![
                ("v1", "abc="),
                ("v1a", "def"),
                ("v2", "g,h"),
                ("v1", "xyz")
            ])
        );
        assert_eq!(with("1", "v1,abc").signatures(), Ok(vec![("v1", "abc")]));
    }

    #[test]
    fn a_signature_entry_must_be_version_comma_signature() {
        for bad in ["v1", "v1,", ",abc", "v1,abc junk", "v1;abc"] {
            let reason = invalid_reason(with("1", bad).signatures().unwrap_err(), SIGNATURE);
            assert!(
                reason.contains("is not `version,signature`"),
                "{bad}: {reason}"
            );
        }
        // The quoted entry is cut short.
        let long: &'static str = "x".repeat(300).leak();
        let reason = invalid_reason(with("1", long).signatures().unwrap_err(), SIGNATURE);
        let quoted = format!("{}…", "x".repeat(QUOTED));
        assert!(
            reason.contains(&quoted) && !reason.contains(&"x".repeat(QUOTED + 1)),
            "{reason}"
        );
    }
}
