//! Generation is deterministic, and the committed `whop-endpoints/src` is what the spec generates
//! (what `cargo xtask codegen --check` checks). Also the small spec the stage tests of each module
//! run on, `testdata/shop.yml`.

use crate::model::Api;
use crate::{build, emit, output, render, spec::Spec, spec_path, workspace_root};

/// The stage tests' spec: two tags, four operations, a webhook, one schema of each kind.
pub(crate) fn shop() -> Spec {
    Spec::parse(include_str!("testdata/shop.yml")).expect("the test spec parses")
}

/// The stage tests' spec built through every stage (types, dedupe, layout).
pub(crate) fn shop_api() -> Api {
    build(&shop()).0
}

/// The stage tests' spec built through the type mapping only, before dedupe and layout.
pub(crate) fn shop_api_before_dedupe() -> Api {
    crate::build_types(&shop()).0
}

/// The files generated from the stage tests' spec (unformatted), by name.
pub(crate) fn shop_files() -> std::collections::BTreeMap<String, String> {
    emit::render(&shop_api())
}

#[test]
fn generation_is_deterministic_and_up_to_date() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let first = render(&spec, &build(&spec).0);
    let second = render(&spec, &build(&spec).0);
    assert!(first == second, "two generations from the same spec differ");

    let formatted = output::format(&root, &first).expect("rustfmt formats the generated code");
    let differences = output::differences(&root.join("whop-endpoints").join("src"), &formatted)
        .expect("whop-endpoints/src can be read");
    assert!(
        differences.is_empty(),
        "whop-endpoints/src is out of date; run `cargo xtask codegen`:\n  {}",
        differences.join("\n  ")
    );
}

#[test]
fn the_seed_operations_have_the_issue_names() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let (api, _) = build(&spec);
    let update = api
        .operations
        .iter()
        .find(|op| op.operation_id == "updateProduct")
        .expect("updateProduct");
    assert_eq!(
        (update.name.as_str(), update.module.as_str()),
        ("UpdateProduct", "products")
    );
    let body_fields = update
        .fields
        .iter()
        .filter(|field| field.location == crate::model::Location::Body)
        .count();
    assert_eq!(body_fields, 18);
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    for name in [
        "CustomCta",
        "GlobalAffiliateStatus",
        "Visibility",
        "Product",
        "Experience",
        "WebhookEventType",
    ] {
        assert!(names.contains(&name), "no type named {name}");
    }
}

#[test]
fn hand_written_submodules_exist_and_are_declared() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let files = emit::render(&build(&spec).0);
    for hand in emit::HAND_WRITTEN {
        let path = root
            .join("whop-endpoints")
            .join("src")
            .join(hand.module)
            .join(format!("{}.rs", hand.submodule));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{} cannot be read: {err}", path.display()));
        let module = &files[&format!("{}.rs", hand.module)];
        assert!(
            module.contains(&format!("mod {};", hand.submodule)),
            "{} does not declare {}",
            hand.module,
            hand.submodule
        );
        for item in hand.items {
            assert!(
                text.contains(&format!("pub fn {item}("))
                    || text.contains(&format!("pub struct {item} ")),
                "{} has no public {item}",
                path.display()
            );
        }
    }
}

#[test]
fn every_shared_shape_is_named_in_the_table_and_every_row_is_used() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let (api, _) = build(&spec);
    let unnamed: Vec<String> = api
        .shared
        .iter()
        .filter(|group| group.chosen.is_none())
        .map(|group| group.members.join(", "))
        .collect();
    assert!(
        unnamed.is_empty(),
        "inline types of one shape that names::SHARED does not name yet; add a row for each:\n  {}",
        unnamed.join("\n  ")
    );
    for (key, chosen, _) in crate::names::SHARED {
        let groups = api
            .shared
            .iter()
            .filter(|group| group.members.iter().any(|member| member == key))
            .count();
        assert_eq!(
            groups, 1,
            "the names::SHARED row {key} → {chosen} matches {groups} groups"
        );
    }
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    for (_, chosen, _) in crate::names::CLASHES {
        assert!(
            names.contains(chosen),
            "the names::CLASHES row for {chosen} is not used"
        );
    }
    for (_, chosen) in crate::names::COMPONENTS {
        assert!(
            names.contains(chosen),
            "the names::COMPONENTS row for {chosen} is not used"
        );
    }
}

#[test]
fn names_are_short_and_never_numbered() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let (api, _) = build(&spec);
    let written = api
        .types
        .iter()
        .zip(&api.modules)
        .filter(|(_, module)| !module.is_empty())
        .map(|(def, _)| def.name.as_str());
    let names: Vec<&str> = written
        .chain(api.operations.iter().map(|op| op.name.as_str()))
        .collect();
    let long: Vec<&&str> = names
        .iter()
        .filter(|name| name.len() > crate::names::MAX_LEN)
        .collect();
    assert!(
        long.is_empty(),
        "names longer than {}: {long:?}",
        crate::names::MAX_LEN
    );
    let numbered: Vec<&&str> = names
        .iter()
        .filter(|name| name.ends_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(
        numbered.is_empty(),
        "names ending in a number: {numbered:?}"
    );
    // Enum variants are never numbered either: `enum_def` refuses two values spelled alike.
}
