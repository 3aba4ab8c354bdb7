//! Which module each type lives in.
//!
//! An operation's request struct lives in its tag's module. A model lives in the module of the
//! one tag whose operations reach it, or in `shared` when several tags' do (re-exported by the
//! modules that use it); a model only webhook events reach lives in `webhooks`. Inline schemas
//! are reached by the same operations as their parent, so they land next to it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Kind, Ty, TypeId};

pub(crate) const SHARED: &str = "shared";
pub(crate) const WEBHOOKS: &str = "webhooks";

pub(crate) fn assign_modules(api: &mut Api) {
    let mut users: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    for operation in &api.operations {
        let mut reached = BTreeSet::new();
        for field in &operation.fields {
            reach(api, &field.ty, &mut reached);
        }
        reach(api, &operation.response, &mut reached);
        for id in reached {
            users
                .entry(id)
                .or_default()
                .insert(operation.module.clone());
        }
    }
    let mut webhook_types = BTreeSet::new();
    for event in &api.webhooks {
        reach(api, &event.data, &mut webhook_types);
    }
    api.modules = (0..api.types.len())
        .map(|id| match users.get(&id) {
            Some(tags) if tags.len() == 1 => tags.iter().next().cloned().unwrap_or_default(),
            Some(_) => SHARED.to_owned(),
            None if webhook_types.contains(&id) => WEBHOOKS.to_owned(),
            // Nothing refers to it any more (a member of a type that became an alias).
            None => String::new(),
        })
        .collect();
}

/// Adds every type `ty` reaches, transitively.
pub(crate) fn reach(api: &Api, ty: &Ty, out: &mut BTreeSet<TypeId>) {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Page(inner) => reach(api, inner, out),
        Ty::Named(id) if out.insert(*id) => {
            for child in direct_refs(api, *id) {
                reach(api, &child, out);
            }
        }
        _ => {}
    }
}

/// The types a type's fields or variants name directly.
pub(crate) fn direct_refs(api: &Api, id: TypeId) -> Vec<Ty> {
    match &api.types[id].kind {
        Kind::Struct(fields) => fields.iter().map(|field| field.ty.clone()).collect(),
        Kind::Tagged { variants, .. } | Kind::Untagged(variants) => variants
            .iter()
            .map(|variant| Ty::Named(variant.ty))
            .collect(),
        Kind::Alias(target) => vec![Ty::Named(*target)],
        Kind::Enum(_) | Kind::Const(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::tests::shop_api;

    #[test]
    fn types_live_with_the_tag_that_reaches_them() {
        let api = shop_api();
        let module: BTreeMap<&str, &str> = api
            .types
            .iter()
            .zip(&api.modules)
            .map(|(def, module)| (def.name.as_str(), module.as_str()))
            .collect();
        // One tag's operations reach it: that tag's module.
        assert_eq!(module["Product"], "products");
        assert_eq!(module["Visibility"], "products");
        assert_eq!(module["ProductGalleryImage"], "products");
        assert_eq!(module["RetrieveCourseLessonResponse"], "course_lessons");
        assert_eq!(module["UserOwner"], "course_lessons");
        // Two tags' operations reach the shared definition of the company shape.
        assert_eq!(module["ListProductItemCompany"], "shared");
        assert_eq!(
            module["RetrieveCourseLessonResponseCompany"],
            "course_lessons"
        );
        // Only a webhook event reaches it.
        assert_eq!(module["ProductDeletedData"], "webhooks");
    }

    #[test]
    fn operations_live_in_the_module_of_their_tag() {
        let api = shop_api();
        let modules: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|op| (op.path.as_str(), op.module.as_str()))
            .collect();
        assert_eq!(
            modules,
            [
                ("/products/{id}", "products"),
                ("/products/{id}", "products"),
                ("/products", "products"),
                ("/course_lessons/{lesson_id}", "course_lessons"),
            ]
        );
        let tags: Vec<(&str, &str)> = api
            .tags
            .iter()
            .map(|tag| (tag.name.as_str(), tag.module.as_str()))
            .collect();
        assert_eq!(
            tags,
            [
                ("Products", "products"),
                ("Course lessons", "course_lessons")
            ]
        );
    }

    #[test]
    fn a_type_nothing_reaches_has_no_module() {
        let mut api = shop_api();
        api.types.push(api.types[0].clone());
        super::assign_modules(&mut api);
        assert_eq!(api.modules.last().map(String::as_str), Some(""));
    }
}
