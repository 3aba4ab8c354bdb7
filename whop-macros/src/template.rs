//! The path template: `"/products/<id>"` in the attribute, `"/products/{id}"` in `Endpoint::PATH`.
//!
//! Proc macros cannot point inside a string literal on stable Rust, so every error here spans the
//! whole literal and quotes the offending part in its message instead.

use syn::LitStr;

use crate::errors::Errors;

/// A checked path template.
pub(crate) struct Template {
    /// The literal as written, for error spans.
    pub(crate) literal: LitStr,
    /// The template in OpenAPI form, with `{name}` placeholders.
    pub(crate) path: String,
    /// The placeholder names, in template order.
    pub(crate) placeholders: Vec<String>,
}

/// Checks the template. Problems go to `errors`; the well-formed placeholders are returned even
/// then, so the fields can still be checked against them in the same run.
pub(crate) fn parse(literal: &LitStr, errors: &mut Errors) -> Template {
    let text = literal.value();
    let mut problems = Vec::new();
    let mut placeholders: Vec<String> = Vec::new();

    let rest = text.strip_prefix('/').unwrap_or_else(|| {
        let hint = if text.is_empty() {
            "\"/products\"".to_owned()
        } else {
            format!("{:?}", format!("/{text}"))
        };
        problems.push(format!(
            "the path template must start with `/` (it is relative to the base URL), e.g. {hint}"
        ));
        &text
    });
    // "/" alone is the root; otherwise every segment must be non-empty.
    if !rest.is_empty() {
        for segment in rest.split('/') {
            match check_segment(segment) {
                Ok(Some(name)) if placeholders.contains(&name) => {
                    problems.push(format!(
                        "the placeholder `<{name}>` appears twice in the path template"
                    ));
                }
                Ok(Some(name)) => placeholders.push(name),
                Ok(None) => {}
                Err(problem) => problems.push(problem),
            }
        }
    }

    if !text.starts_with('/') {
        // Anything else said about a path that is not relative would be noise.
        problems.truncate(1);
    }
    problems.dedup();
    for problem in problems {
        errors.spanned(literal, problem);
    }
    let path = placeholders.iter().fold(text.clone(), |path, name| {
        path.replacen(&format!("<{name}>"), &format!("{{{name}}}"), 1)
    });
    Template {
        literal: literal.clone(),
        path,
        placeholders,
    }
}

/// Checks one segment; `Ok(Some(name))` for a placeholder, `Ok(None)` for a literal segment.
fn check_segment(segment: &str) -> Result<Option<String>, String> {
    if segment.is_empty() {
        return Err("the path template has an empty segment (`//` or a trailing `/`)".to_owned());
    }
    if segment == "." || segment == ".." {
        return Err(format!(
            "the path template has a `{segment}` segment; write the path as the server sees it"
        ));
    }
    if let Some(inner) = segment.strip_prefix('<') {
        let Some(name) = inner.strip_suffix('>') else {
            return Err(match inner.find('>') {
                Some(_) => format!(
                    "a placeholder must be a whole segment, as in `/a/<id>`; found `{segment}`"
                ),
                None => format!("the placeholder `{segment}` is not closed: write `{segment}>`"),
            });
        };
        if name.is_empty() {
            return Err(
                "the placeholder `<>` is empty: name the field that fills it, e.g. `<id>`"
                    .to_owned(),
            );
        }
        if name.contains(['<', '>']) {
            return Err(format!(
                "a placeholder must be a whole segment, as in `/a/<id>`; found `{segment}`"
            ));
        }
        if !is_field_name(name) {
            return Err(format!(
                "the placeholder `<{name}>` must be a field name, e.g. `<{}>`",
                suggest(name)
            ));
        }
        return Ok(Some(name.to_owned()));
    }
    if segment.contains('<') {
        return Err(format!(
            "a placeholder must be a whole segment, as in `/a/<id>`; found `{segment}`"
        ));
    }
    if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        return Err(format!(
            "placeholders are written `<{inner}>` in the attribute, not `{{{inner}}}`"
        ));
    }
    match segment.chars().find(|c| !is_unreserved(*c)) {
        None => Ok(None),
        Some('?') => Err(
            "the path template cannot contain a query (`?`): mark query fields with `#[query]`"
                .to_owned(),
        ),
        Some(c) if c.is_whitespace() => {
            Err("the path template cannot contain whitespace".to_owned())
        }
        Some(c) => Err(format!(
            "the path template cannot contain `{c}`: segments use letters, digits, `-`, `.`, `_` and `~`"
        )),
    }
}

/// RFC 3986 unreserved characters: the ones that never need encoding in a path.
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn is_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `product-id` → `product_id`, for error hints.
fn suggest(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cleaned}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(String, Vec<String>), String> {
        let mut errors = Errors::default();
        let literal = LitStr::new(text, proc_macro2::Span::call_site());
        let template = parse(&literal, &mut errors);
        if errors.is_empty() {
            Ok((template.path, template.placeholders))
        } else {
            Err(errors.to_compile_errors().to_string())
        }
    }

    #[test]
    fn converts_placeholders_in_order() {
        let (path, names) = check("/companies/<company_id>/members/<id>").unwrap();
        assert_eq!(path, "/companies/{company_id}/members/{id}");
        assert_eq!(names, ["company_id", "id"]);
        assert_eq!(check("/").unwrap().0, "/");
        assert_eq!(check("/a.b/c-d_e~f").unwrap().1, Vec::<String>::new());
    }

    #[test]
    fn rejects_malformed_templates() {
        let cases = [
            ("products", "must start with `/`"),
            ("", "must start with `/`"),
            ("/a//b", "empty segment"),
            ("/a/", "empty segment"),
            ("/a/../b", "`..` segment"),
            ("/a/<id", "not closed"),
            ("/a/<>", "is empty"),
            ("/a/x<id>", "whole segment"),
            ("/a/<id>x", "whole segment"),
            ("/a/<a<b>", "whole segment"),
            ("/a/<my-id>", "`<my_id>`"),
            ("/a/{id}", "`<id>`"),
            ("/a?b=1", "query"),
            ("/a b", "whitespace"),
            ("/a%20b", "cannot contain `%`"),
            ("/a/<id>/<id>", "appears twice"),
        ];
        for (text, expected) in cases {
            let message = check(text).unwrap_err();
            assert!(message.contains(expected), "{text:?}: {message}");
        }
    }
}
