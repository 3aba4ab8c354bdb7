//! Turning spec names into Rust names: PascalCase types and variants, snake_case fields and
//! modules, singular enum names, raw identifiers for keywords.

/// Rust keywords (strict and reserved, 2024 edition) that a field name may collide with.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; such a field gets a trailing `_` and a rename.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// Splits a name into words at `_`, `.`, `-`, spaces and case changes
/// (`listProduct` → `list`, `Product`; `LOWEST_COST` → `LOWEST`, `COST`; `HTTPServer` → `HTTP`, `Server`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = current.chars().last().as_ref() {
            let next_is_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next_is_lower);
            if boundary {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn capitalize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// PascalCase: `quick_link` → `QuickLink`, `LOWEST_COST` → `LowestCost`, `invoice.created` →
/// `InvoiceCreated`. A name starting with a digit gets a `V` in front.
pub(crate) fn pascal(name: &str) -> String {
    let joined: String = words(name).iter().map(|word| capitalize(word)).collect();
    if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{joined}")
    } else {
        joined
    }
}

/// snake_case: `createdAt` → `created_at`.
pub(crate) fn snake(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{joined}")
    } else {
        joined
    }
}

/// The Rust identifier of a field named `wire`, as written in source (`r#type` for keywords).
pub(crate) fn field_ident(wire: &str) -> String {
    let name = snake(wire);
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Whether a field identifier needs `#[serde(rename = "...")]` to keep its wire name.
pub(crate) fn needs_rename(ident: &str, wire: &str) -> bool {
    ident.trim_start_matches("r#") != wire
}

/// The singular of an English plural noun, for enum names (`CustomCtas` → `CustomCta`,
/// `Currencies` → `Currency`, `Statuses` → `Status`); other words come back unchanged.
pub(crate) fn singular_word(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[("Bases", "Basis"), ("bases", "basis")];
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == word) {
        return (*one).to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes", "uses"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && word.len() > 3
    {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// A PascalCase name with its last word made singular: `ProductGalleryImages` → `ProductGalleryImage`.
pub(crate) fn singular_pascal(name: &str) -> String {
    let mut parts = words(name);
    if let Some(last) = parts.last_mut() {
        *last = singular_word(last);
    }
    parts.concat()
}

/// Joins a parent type name and a member name without repeating the words where they overlap:
/// `Product` + `ProductTaxCode` → `ProductTaxCode`, `Experience` + `App` → `ExperienceApp`.
pub(crate) fn join(parent: &str, member: &str) -> String {
    let parent_words = words(parent);
    let member_words = words(member);
    let longest = parent_words.len().min(member_words.len());
    for overlap in (1..=longest).rev() {
        if parent_words[parent_words.len() - overlap..] == member_words[..overlap] {
            // Keep the member whole only if the result still says whose member it is.
            let head = parent_words[..parent_words.len() - overlap].concat();
            return format!("{head}{member}");
        }
    }
    format!("{parent}{member}")
}

/// The module name of a spec tag: `Course lessons` → `course_lessons`.
pub(crate) fn module_name(tag: &str) -> String {
    snake(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_snake() {
        assert_eq!(pascal("quick_link"), "QuickLink");
        assert_eq!(pascal("LOWEST_COST_WITH_BID_CAP"), "LowestCostWithBidCap");
        assert_eq!(pascal("invoice.created"), "InvoiceCreated");
        assert_eq!(pascal("listProduct"), "ListProduct");
        assert_eq!(pascal("3d_secure"), "V3dSecure");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert!(!needs_rename("r#type", "type"));
    }

    #[test]
    fn singulars() {
        assert_eq!(singular_pascal("CustomCtas"), "CustomCta");
        assert_eq!(
            singular_pascal("GlobalAffiliateStatuses"),
            "GlobalAffiliateStatus"
        );
        assert_eq!(singular_pascal("Visibility"), "Visibility");
        assert_eq!(singular_pascal("Currencies"), "Currency");
        assert_eq!(
            singular_pascal("AffiliateRevenueBases"),
            "AffiliateRevenueBasis"
        );
        assert_eq!(singular_pascal("Languages"), "Language");
        assert_eq!(singular_pascal("CheckoutShapes"), "CheckoutShape");
    }

    #[test]
    fn keywords_become_raw_or_get_an_underscore() {
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("async"), "r#async");
        assert_eq!(field_ident("super"), "super_");
        assert_eq!(field_ident("createdAt"), "created_at");
        assert_eq!(field_ident("2fa_enabled"), "n2fa_enabled");
        // Only a name that differs from the wire name once `r#` is off needs a rename.
        assert!(!needs_rename("r#type", "type"));
        assert!(needs_rename("self_", "self"));
        assert!(needs_rename("created_at", "createdAt"));
    }

    #[test]
    fn words_split_at_case_and_separators() {
        assert_eq!(words("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(words("listProduct"), ["list", "Product"]);
        assert_eq!(words("invoice.created"), ["invoice", "created"]);
        assert_eq!(words("LOWEST_COST"), ["LOWEST", "COST"]);
    }

    #[test]
    fn tags_become_module_names() {
        assert_eq!(module_name("Course lessons"), "course_lessons");
        assert_eq!(module_name("Products"), "products");
        assert_eq!(module_name("Ad groups"), "ad_groups");
    }

    #[test]
    fn joins() {
        assert_eq!(join("Product", "ProductTaxCode"), "ProductTaxCode");
        assert_eq!(join("Experience", "App"), "ExperienceApp");
        assert_eq!(
            join("UpdateProduct", "StorePageConfig"),
            "UpdateProductStorePageConfig"
        );
    }
}
