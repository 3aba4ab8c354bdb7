//! Generation is deterministic, and the committed `whop-endpoints/src` is what the spec generates
//! (what `cargo xtask codegen --check` checks).

use crate::{build, emit, output, spec::Spec, spec_path, workspace_root};

#[test]
fn generation_is_deterministic_and_up_to_date() {
    let root = workspace_root();
    let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
    let first = emit::render(&build(&spec).0);
    let second = emit::render(&build(&spec).0);
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
