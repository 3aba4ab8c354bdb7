//! The unions of generated code (`oneOf` in the spec), declared with `tagged_union!` and
//! `untagged_union!`. Not a public API.
//!
//! The generator writes only what differs from one union to the next (the variants, their
//! payloads and tag values); the enum's attributes, its accessors and its `Deserialize` are
//! written once, here.

/// Declares a union told apart by a tag member (`"typename": "User"`), which keeps a member of a
/// kind it does not know: a later version of the API can add kinds without breaking decoding.
///
/// `enum Name by "tag", accessor { Variant(Payload) = "tag value", ... }` declares the enum
/// (`#[non_exhaustive]`, serialized with the tag), an `accessor` method that names the tag of
/// any member, `unknown_json` for the whole JSON of a member of an unknown kind, and a
/// `Deserialize` that dispatches on the tag. A known tag whose member does not fit is an error
/// naming the tag and the path that failed. The caller depends on `serde` (for the derive).
///
/// ```
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Card { pub last4: String }
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Bank { pub name: String }
///
/// whop_core::tagged_union! {
///     /// A payment method.
///     pub enum Method by "typename", typename {
///         /// A card.
///         Card(Card) = "CardMethod",
///         Bank(Bank) = "BankMethod",
///     }
/// }
///
/// let card: Method = serde_json::from_str(r#"{"typename": "CardMethod", "last4": "4242"}"#).unwrap();
/// assert_eq!(card, Method::Card(Card { last4: "4242".into() }));
/// assert_eq!(card.typename(), "CardMethod");
/// assert_eq!(serde_json::to_value(&card).unwrap(), serde_json::json!({"typename": "CardMethod", "last4": "4242"}));
///
/// let new: Method = serde_json::from_str(r#"{"typename": "CryptoMethod", "chain": "x"}"#).unwrap();
/// assert_eq!(new.typename(), "CryptoMethod");
/// assert_eq!(new.unknown_json().unwrap()["chain"], "x");
/// assert_eq!(serde_json::to_value(&new).unwrap(), serde_json::json!({"typename": "CryptoMethod", "chain": "x"}));
///
/// let err = serde_json::from_str::<Method>(r#"{"typename": "BankMethod"}"#).unwrap_err();
/// assert!(err.to_string().contains("BankMethod"), "{err}");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! tagged_union {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident by $tag:literal, $accessor:ident {
            $( $(#[$variant_attr:meta])* $variant:ident($payload:ty) = $wire:literal, )*
        }
    ) => {
        $(#[$attr])*
        // Decoded by hand (below), so a member of a kind this version does not know keeps its
        // JSON.
        #[derive(Debug, Clone, PartialEq, $crate::__private::serde::Serialize)]
        #[serde(tag = $tag)]
        #[non_exhaustive]
        // Variants are whole models and differ in size; boxing them would only cost readers.
        #[allow(clippy::large_enum_variant)]
        $vis enum $name {
            $(
                $(#[$variant_attr])*
                #[serde(rename = $wire)]
                $variant($payload),
            )*
            #[doc = ::core::concat!(
                "A `", $tag, "` this version of the crate does not know, kept whole: see [`",
                ::core::stringify!($name), "::unknown_json`]."
            )]
            #[doc(hidden)]
            #[serde(untagged)]
            _Unknown($crate::__private::UnknownJson),
        }

        impl $name {
            #[doc = ::core::concat!(
                "The `", $tag, "` of this member: the one its variant stands for, or the one received for\n",
                "a kind this version of the crate does not know."
            )]
            pub fn $accessor(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )*
                    Self::_Unknown(raw) => raw
                        .json()
                        .get($tag)
                        .and_then($crate::__private::serde_json::Value::as_str)
                        .unwrap_or_default(),
                }
            }

            #[doc = ::core::concat!(
                "The whole JSON of a member whose `", $tag, "` this version of the crate does not know;\n",
                "`None` for the kinds it has a variant for."
            )]
            pub fn unknown_json(&self) -> ::core::option::Option<&$crate::__private::serde_json::Value> {
                match self {
                    Self::_Unknown(raw) => ::core::option::Option::Some(raw.json()),
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_tagged(deserializer, $tag, |tag, raw| {
                    ::core::result::Result::Ok(match tag {
                        $( $wire => Self::$variant($crate::__private::variant(raw)?), )*
                        _ => Self::_Unknown($crate::__private::UnknownJson::new(raw)),
                    })
                })
            }
        }
    };
}

/// Declares a union without a tag: each variant is tried in order (serde's `untagged`), and each
/// payload converts into the union with `From`. The caller depends on `serde` (for the derive).
///
/// ```
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct WithPlan { pub plan_id: String }
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct WithAmount { pub amount: f64 }
///
/// whop_core::untagged_union! {
///     /// The body: one of its variants.
///     pub enum Body {
///         WithPlan(WithPlan),
///         WithAmount(WithAmount),
///     }
/// }
///
/// let body: Body = WithAmount { amount: 5.0 }.into();
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"amount":5.0}"#);
/// let back: Body = serde_json::from_str(r#"{"plan_id": "plan_1"}"#).unwrap();
/// assert_eq!(back, Body::WithPlan(WithPlan { plan_id: "plan_1".into() }));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! untagged_union {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_attr:meta])* $variant:ident($payload:ty), )*
        }
    ) => {
        $(#[$attr])*
        #[derive(
            Debug,
            Clone,
            PartialEq,
            $crate::__private::serde::Serialize,
            $crate::__private::serde::Deserialize
        )]
        #[serde(untagged)]
        #[non_exhaustive]
        // Variants are whole models and differ in size; boxing them would only cost readers.
        #[allow(clippy::large_enum_variant)]
        $vis enum $name {
            $( $(#[$variant_attr])* $variant($payload), )*
        }

        $(
            impl ::core::convert::From<$payload> for $name {
                fn from(value: $payload) -> Self {
                    Self::$variant(value)
                }
            }
        )*
    };
}
