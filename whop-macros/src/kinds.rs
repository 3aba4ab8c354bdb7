//! The rule for when `new` takes its required fields by name: when two of them have the same
//! kind of type, so that swapping positional arguments would still compile.
//!
//! Plain Rust on type text, with no dependency: the generator includes this file too
//! (`#[path]`), to write the contract cases' calls of `new` by the same rule.

/// What a type is, as far as telling arguments apart goes, from its text (whitespace is
/// ignored): string-like types are one kind (`impl Into<String>` and `impl Into<Box<str>>` both
/// take a `&str`), and so are the numbers (`impl Into<f64>` and `impl Into<i64>` both take an
/// `i32`); other types are their text.
pub(crate) fn type_kind(ty: &str) -> String {
    const STRINGS: [&str; 3] = ["String", "str", "Box<str>"];
    const NUMBERS: [&str; 14] = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64",
    ];
    let tokens: String = ty.split_whitespace().collect();
    let last = tokens.rsplit("::").next().unwrap_or(&tokens);
    let last = last.trim_start_matches('&').trim_start_matches("'static");
    let cow_str = last.starts_with("Cow<") && last.ends_with("str>");
    if STRINGS.contains(&last) || cow_str {
        "string".to_owned()
    } else if NUMBERS.contains(&last) {
        "number".to_owned()
    } else {
        tokens
    }
}

/// Whether the required fields, given by their types' text in order, are taken by name.
pub(crate) fn takes_required_struct<'a>(types: impl IntoIterator<Item = &'a str>) -> bool {
    let kinds: Vec<String> = types.into_iter().map(type_kind).collect();
    kinds
        .iter()
        .enumerate()
        .any(|(index, kind)| kinds[index + 1..].contains(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_are_one_kind_and_numbers_another() {
        for text in [
            "String",
            "& 'static str",
            "Box<str>",
            "std::borrow::Cow<'static, str>",
        ] {
            assert_eq!(type_kind(text), "string", "{text}");
        }
        for number in ["i64", "f64", "u8", "core::primitive::i32"] {
            assert_eq!(type_kind(number), "number", "{number}");
        }
        assert_eq!(type_kind("Vec < String >"), "Vec<String>");
    }

    #[test]
    fn two_fields_of_one_kind_are_taken_by_name() {
        assert!(takes_required_struct(["String", "f64", "&str"]));
        assert!(takes_required_struct(["f64", "i64"]));
        assert!(takes_required_struct(["Currency", "Currency"]));
        assert!(!takes_required_struct([
            "String", "f64", "Currency", "bool"
        ]));
        assert!(!takes_required_struct(["String"]));
        assert!(!takes_required_struct([]));
    }
}
