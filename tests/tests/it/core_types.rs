//! The value types of whop-core on their own: `Nullable`, `Timestamp`, `Method`, `Page`.

use serde::{Deserialize, Serialize};
use serde_json::json;
use whop_core::{Method, Nullable, Page, PageInfo, Timestamp};

/// A model with a `Nullable` field the way request and response types use it.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(default, skip_serializing_if = "Nullable::is_unset")]
    title: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_unset")]
    percentage: Nullable<f64>,
}

#[test]
fn nullable_defaults_to_unset() {
    let value: Nullable<String> = Nullable::default();
    assert_eq!(value, Nullable::Unset);
    assert!(value.is_unset() && !value.is_null() && !value.is_value());
}

#[test]
fn nullable_from_value_and_option() {
    assert_eq!(Nullable::from(5), Nullable::Value(5));
    let title: Nullable<String> = "Pro".to_string().into();
    assert_eq!(title, Nullable::Value("Pro".to_string()));
    assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
    // `None` is an explicit clear, not "leave it alone".
    assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
}

#[test]
fn nullable_accessors() {
    let value = Nullable::Value(String::from("a"));
    assert_eq!(value.as_option(), Some(&String::from("a")));
    assert_eq!(value.as_ref(), Nullable::Value(&String::from("a")));
    assert_eq!(value.clone().map(|s| s.len()), Nullable::Value(1));
    assert_eq!(value.into_option(), Some(String::from("a")));
    assert_eq!(Nullable::<u8>::Null.map(u16::from), Nullable::Null);
    assert_eq!(Nullable::<u8>::Unset.map(u16::from), Nullable::Unset);
    assert_eq!(Nullable::<u8>::Null.as_option(), None);
    assert_eq!(Nullable::<u8>::Unset.into_option(), None);
    assert!(Nullable::<u8>::Null.is_null());
}

#[test]
fn nullable_deserializes_missing_null_and_value() {
    let missing: Patch = serde_json::from_str("{}").unwrap();
    assert_eq!(
        missing,
        Patch {
            title: Nullable::Unset,
            percentage: Nullable::Unset
        }
    );

    let null: Patch = serde_json::from_str(r#"{"title": null, "percentage": null}"#).unwrap();
    assert_eq!(
        null,
        Patch {
            title: Nullable::Null,
            percentage: Nullable::Null
        }
    );

    let value: Patch = serde_json::from_str(r#"{"title": "Pro", "percentage": 6.9}"#).unwrap();
    assert_eq!(
        value,
        Patch {
            title: Nullable::Value("Pro".into()),
            percentage: Nullable::Value(6.9)
        }
    );
}

#[test]
fn nullable_serializes_unset_as_absent_and_null_as_null() {
    let text = |patch: &Patch| serde_json::to_string(patch).unwrap();
    assert_eq!(
        text(&Patch {
            title: Nullable::Unset,
            percentage: Nullable::Unset
        }),
        "{}"
    );
    assert_eq!(
        text(&Patch {
            title: Nullable::Null,
            percentage: Nullable::Unset
        }),
        r#"{"title":null}"#
    );
    assert_eq!(
        text(&Patch {
            title: "Pro".to_string().into(),
            percentage: Nullable::Value(6.9)
        }),
        r#"{"title":"Pro","percentage":6.9}"#
    );
    // On its own (no skip attribute), Unset has no "absent" to become: it is null.
    assert_eq!(
        serde_json::to_string(&Nullable::<u8>::Unset).unwrap(),
        "null"
    );
    assert_eq!(serde_json::to_string(&Nullable::Value(3)).unwrap(), "3");
}

#[test]
fn nullable_round_trips_through_json() {
    for patch in [
        Patch {
            title: Nullable::Unset,
            percentage: Nullable::Null,
        },
        Patch {
            title: Nullable::Null,
            percentage: Nullable::Value(0.5),
        },
        Patch {
            title: "é / ? #".to_string().into(),
            percentage: Nullable::Unset,
        },
    ] {
        let text = serde_json::to_string(&patch).unwrap();
        assert_eq!(
            serde_json::from_str::<Patch>(&text).unwrap(),
            patch,
            "{text}"
        );
    }
}

#[test]
fn nullable_value_of_the_wrong_type_is_an_error() {
    let err = serde_json::from_str::<Patch>(r#"{"title": 5}"#).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

#[test]
fn timestamp_decodes_rfc3339() {
    let ts: Timestamp = serde_json::from_str(r#""2023-12-01T05:00:00.401Z""#).unwrap();
    assert_eq!(ts.unix_seconds(), 1_701_406_800);
    assert_eq!(ts.as_jiff().subsec_millisecond(), 401);

    // An offset is applied, not dropped.
    let offset: Timestamp = serde_json::from_str(r#""2023-12-01T07:00:00+02:00""#).unwrap();
    assert_eq!(offset.unix_seconds(), 1_701_406_800);
}

#[test]
fn timestamp_decodes_integer_and_fractional_seconds() {
    let seconds: Timestamp = serde_json::from_str("1701406800").unwrap();
    let text: Timestamp = serde_json::from_str(r#""2023-12-01T05:00:00Z""#).unwrap();
    assert_eq!(seconds, text);
    let before_epoch: Timestamp = serde_json::from_str("-86400").unwrap();
    assert_eq!(before_epoch.to_string(), "1969-12-31T00:00:00Z");
    let fractional: Timestamp = serde_json::from_str("1701406800.401").unwrap();
    assert_eq!(fractional.as_jiff().subsec_millisecond(), 401);
    assert_eq!(fractional.unix_seconds(), 1_701_406_800);
}

#[test]
fn timestamp_serializes_as_rfc3339() {
    let ts = Timestamp::from_unix_seconds(1_701_406_800).unwrap();
    assert_eq!(
        serde_json::to_string(&ts).unwrap(),
        r#""2023-12-01T05:00:00Z""#
    );
    assert_eq!(ts.to_string(), "2023-12-01T05:00:00Z");
    assert_eq!(format!("{ts:?}"), "Timestamp(2023-12-01T05:00:00Z)");
    let parsed: Timestamp = "2023-12-01T05:00:00Z".parse().unwrap();
    assert_eq!(parsed, ts);
    let round: Timestamp = serde_json::from_str(&serde_json::to_string(&ts).unwrap()).unwrap();
    assert_eq!(round, ts);
}

#[test]
fn timestamp_orders_and_converts() {
    let earlier = Timestamp::from_unix_seconds(1).unwrap();
    let later = Timestamp::from_unix_seconds(2).unwrap();
    assert!(earlier < later);
    // Through jiff and back, without naming jiff (it is whop-core's dependency, not ours).
    assert_eq!(Timestamp::from(earlier.as_jiff()), earlier);
    assert!(Timestamp::now() > later);
}

#[test]
fn timestamp_rejects_what_is_not_a_time() {
    for bad in [
        r#""yesterday""#,
        r#""2023-13-01T00:00:00Z""#,
        "true",
        "null",
        "1e300",
        "{}",
        r#""""#,
    ] {
        let err = serde_json::from_str::<Timestamp>(bad).unwrap_err();
        assert!(!err.to_string().is_empty(), "{bad}");
    }
    assert!(Timestamp::from_unix_seconds(i64::MAX).is_none());
    let err = serde_json::from_str::<Timestamp>(r#""yesterday""#).unwrap_err();
    assert!(
        err.to_string().contains("yesterday"),
        "names the bad value: {err}"
    );
}

#[test]
fn optional_timestamp_accepts_null() {
    #[derive(Deserialize)]
    struct Model {
        expires_at: Option<Timestamp>,
    }
    let model: Model = serde_json::from_str(r#"{"expires_at": null}"#).unwrap();
    assert!(model.expires_at.is_none());
    let model: Model = serde_json::from_str(r#"{"expires_at": 0}"#).unwrap();
    assert_eq!(model.expires_at.unwrap().unix_seconds(), 0);
}

#[test]
fn method_names_and_idempotency() {
    let all = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];
    let names: Vec<&str> = all.iter().map(|m| m.as_str()).collect();
    assert_eq!(names, ["GET", "POST", "PUT", "PATCH", "DELETE"]);
    for method in all {
        assert_eq!(method.to_string(), method.as_str());
        // RFC 9110 §9.2.2; PATCH is neither safe nor idempotent (RFC 5789 §2).
        assert_eq!(
            method.is_idempotent(),
            !matches!(method, Method::Post | Method::Patch),
            "{method}"
        );
    }
}

#[test]
fn page_decodes_with_and_without_cursors() {
    let page: Page<String> = serde_json::from_value(json!({
        "data": ["a", "b"],
        "page_info": {"end_cursor": "c2", "start_cursor": "c1", "has_next_page": true, "has_previous_page": false}
    }))
    .unwrap();
    assert_eq!(page.data, ["a", "b"]);
    assert_eq!(page.page_info.end_cursor.as_deref(), Some("c2"));
    assert!(page.page_info.has_next_page);

    // Cursors may be null or missing; a missing flag means "no more".
    let last: Page<u8> =
        serde_json::from_value(json!({"data": [], "page_info": {"end_cursor": null}})).unwrap();
    assert_eq!(last.page_info, PageInfo::default());
}
