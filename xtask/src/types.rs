//! Type mapping: spec schemas to Rust types, creating a named type for every object, enum and
//! union the operations reach.
//!
//! Naming rules (all names are unique crate-wide, so modules can import each other freely; see
//! `names` for the whole rule):
//! - component schemas keep their name; enum names are made singular (`CustomCtas` →
//!   `CustomCta`) unless that collides;
//! - an inline schema is named after its parent type and property (`Product` + `company` →
//!   `ProductCompany`; array items singular), or after its `title` when that is free;
//! - a name longer than `names::MAX_LEN` drops the names of its outer types; a clash drops one
//!   more, and one the rule cannot settle is decided in `names::CLASHES`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_yaml_ng::Value;

use crate::docs;
use crate::model::{Api, Ctx, Field, Kind, Location, Origin, Ty, TypeDef, TypeId};
use crate::naming::{self, pascal};
use crate::spec::{Node, Spec, is_null_schema, scalar_text, type_of};

/// Component schemas whose Rust name is chosen by hand.
const RENAMED: &[(&str, &str)] = &[
    // The list of event names; `WebhookEvent` is the decoded event itself.
    ("WebhookEvent", "WebhookEventType"),
];

/// Names the generated code uses for other things, never given to a generated type.
const RESERVED: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Page",
    "Nullable",
    "Timestamp",
    "Value",
    "Map",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Event",
    "WebhookEvent",
    "EndpointInfo",
    "Self",
];

/// Where an inline schema sits, for naming it: the parent type and the member's name.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    pub(crate) parent: String,
    pub(crate) member: String,
    /// The doc of the property or parameter, for a type whose schema has no description.
    pub(crate) doc: String,
}

impl Hint {
    pub(crate) fn new(parent: &str, member: &str) -> Hint {
        Hint {
            parent: parent.to_owned(),
            member: pascal(member),
            doc: String::new(),
        }
    }

    pub(crate) fn with_doc(mut self, doc: &str) -> Hint {
        self.doc = doc.to_owned();
        self
    }

    fn items(&self) -> Hint {
        Hint {
            parent: self.parent.clone(),
            member: naming::singular_pascal(&self.member),
            doc: self.doc.clone(),
        }
    }

    pub(crate) fn candidates(&self) -> Vec<String> {
        vec![
            naming::join(&self.parent, &self.member),
            format!("{}{}", self.parent, self.member),
        ]
    }
}

/// How a generated name was built: an operation's verb (kept when the name is shortened), then
/// the names of the outer types and the member, outermost first.
#[derive(Debug, Clone, Default)]
struct Lineage {
    verb: String,
    segments: Vec<String>,
}

impl Lineage {
    fn of(name: &str) -> Lineage {
        Lineage {
            verb: String::new(),
            segments: vec![name.to_owned()],
        }
    }

    /// The lineage of `member` inside this type: the member joined to the last segment without
    /// repeating the words where they overlap.
    fn child(&self, member: &str) -> Lineage {
        let mut segments = self.segments.clone();
        let last = segments.pop().unwrap_or_default();
        let joined = naming::join(&last, member);
        let head = &joined[..joined.len() - member.len()];
        if !head.is_empty() {
            segments.push(head.to_owned());
        }
        segments.push(member.to_owned());
        Lineage {
            verb: self.verb.clone(),
            segments,
        }
    }

    /// The lineage without its first `drop` segments.
    fn dropping(&self, drop: usize) -> Lineage {
        Lineage {
            verb: self.verb.clone(),
            segments: self.segments[drop..].to_vec(),
        }
    }

    fn name(&self) -> String {
        format!("{}{}", self.verb, self.segments.concat())
    }
}

/// A mapped schema: its type, whether `null` is allowed, and its value when it is a `const`.
pub(crate) struct Mapped {
    pub(crate) ty: Ty,
    pub(crate) nullable: bool,
    pub(crate) constant: Option<String>,
}

impl Mapped {
    fn of(ty: Ty, nullable: bool) -> Mapped {
        Mapped {
            ty,
            nullable,
            constant: None,
        }
    }
}

pub(crate) struct Builder<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) api: Api,
    /// Component name → Rust name.
    component_names: HashMap<String, String>,
    components: HashMap<String, TypeId>,
    taken: HashSet<String>,
    /// Titled inline schemas already generated: (title, context, schema text) → type.
    titled: HashMap<(String, bool, String), TypeId>,
    /// Constant markers: (field, value) → type.
    constants: BTreeMap<(String, String), TypeId>,
    /// How each name built from a parent's was made, for its own members' names.
    lineages: HashMap<String, Lineage>,
    /// Inline types the naming rule found no free name for (see `names::CLASHES`).
    pub(crate) unnamed: Vec<String>,
    /// Odd things noticed in the spec, reported at the end.
    pub(crate) notes: Vec<String>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(spec: &'a Spec) -> Builder<'a> {
        let mut builder = Builder {
            spec,
            api: Api::default(),
            component_names: HashMap::new(),
            components: HashMap::new(),
            taken: RESERVED.iter().map(|name| (*name).to_owned()).collect(),
            titled: HashMap::new(),
            constants: BTreeMap::new(),
            lineages: HashMap::new(),
            unnamed: Vec::new(),
            notes: Vec::new(),
        };
        builder.name_components();
        builder
    }

    /// Reserves the names of request structs, so no model takes one. The operation's verb (the
    /// first word of its id) stays in the names of its inline types when they are shortened.
    pub(crate) fn reserve(&mut self, name: &str) {
        assert!(
            self.taken.insert(name.to_owned()),
            "the name {name} is used twice"
        );
        let words = naming::words(name);
        if words.len() > 1 {
            self.lineages.insert(
                name.to_owned(),
                Lineage {
                    verb: words[0].clone(),
                    segments: vec![words[1..].concat()],
                },
            );
        }
    }

    /// The name of an inline type from where it sits (see `names`): the parent's name and the
    /// member's, shortened to `names::MAX_LEN` by dropping outer names, never numbered.
    pub(crate) fn name_for(&mut self, hint: &Hint) -> String {
        let parent = self
            .lineages
            .get(&hint.parent)
            .cloned()
            .unwrap_or_else(|| Lineage::of(&hint.parent));
        let full = parent.child(&hint.member);
        // The parent and member in full, for when only their overlap clashes.
        let plain = Lineage {
            verb: parent.verb.clone(),
            segments: [parent.segments.clone(), vec![hint.member.clone()]].concat(),
        };
        // At least an operation's verb and the member's name are kept, or else the parent's
        // last name and the member's.
        let keep = if full.verb.is_empty() { 2 } else { 1 };
        let mut candidates = Vec::new();
        for drop in 0..plain.segments.len() {
            for lineage in [&full, &plain] {
                if drop == 0 || drop + keep <= lineage.segments.len() {
                    candidates.push(lineage.dropping(drop));
                }
            }
        }
        // A clash decided by hand comes first.
        let place = format!("{}.{}", hint.parent, hint.member);
        if let Some((_, chosen, _)) = crate::names::CLASHES
            .iter()
            .find(|(rule, _, _)| *rule == place)
        {
            // It keeps the verb of an operation, for its own members' names.
            candidates = vec![match chosen.strip_prefix(full.verb.as_str()) {
                Some(rest) if !full.verb.is_empty() => Lineage {
                    verb: full.verb.clone(),
                    segments: vec![rest.to_owned()],
                },
                _ => Lineage::of(chosen),
            }];
        }
        let chosen = candidates
            .into_iter()
            .find(|lineage| {
                let name = lineage.name();
                name.len() <= crate::names::MAX_LEN && !self.taken.contains(&name)
            })
            .unwrap_or_else(|| {
                self.unnamed
                    .push(format!("{} (in {})", full.name(), hint.parent));
                Lineage::of(&format!("Unnamed{}", self.unnamed.len()))
            });
        let name = chosen.name();
        assert!(
            self.taken.insert(name.clone()),
            "names::CLASHES chooses {name}, which another type has"
        );
        self.lineages.insert(name.clone(), chosen);
        name
    }

    /// Component names are fixed up front, so they never depend on the order types are reached.
    fn name_components(&mut self) {
        let all: Vec<(String, bool)> = self
            .spec
            .components()
            .map(|(name, node)| {
                (
                    name.to_owned(),
                    node.get("enum").is_some() || node.get("const").is_some(),
                )
            })
            .collect();
        let originals: HashSet<&str> = all.iter().map(|(name, _)| name.as_str()).collect();
        for (name, is_enum) in &all {
            let rust = if let Some((_, renamed)) = RENAMED
                .iter()
                .chain(crate::names::COMPONENTS)
                .find(|(from, _)| from == name)
            {
                (*renamed).to_owned()
            } else if *is_enum && !name.contains("AppliesTo") {
                // "AffiliateAppliesToPayments" names a choice, not a plural noun.
                let one = naming::singular_pascal(name);
                if one != *name && (originals.contains(one.as_str()) || self.taken.contains(&one)) {
                    name.clone()
                } else {
                    one
                }
            } else {
                name.clone()
            };
            assert!(
                self.taken.insert(rust.clone()),
                "component name {rust} collides"
            );
            self.component_names.insert(name.clone(), rust);
        }
    }

    /// `name`, which no other type may have.
    fn claim(&mut self, name: String) -> String {
        assert!(
            self.taken.insert(name.clone()),
            "two types would be named {name}"
        );
        name
    }

    pub(crate) fn push(&mut self, def: TypeDef) -> TypeId {
        self.api.types.push(def);
        self.api.types.len() - 1
    }

    /// Maps a schema (a property, parameter, body or response).
    pub(crate) fn map(&mut self, node: &Value, hint: &Hint, ctx: Ctx, origin: &Origin) -> Mapped {
        if let Some(target) = node.str_at("$ref") {
            let name = target.rsplit('/').next().unwrap_or(target);
            return Mapped::of(Ty::Named(self.component(name, ctx)), false);
        }
        let (base, nullable) = type_of(node);
        if let Some(branches) = node.get("oneOf").and_then(Value::as_sequence) {
            let concrete: Vec<&Value> = branches
                .iter()
                .filter(|branch| !is_null_schema(branch))
                .collect();
            let nullable = nullable || concrete.len() < branches.len();
            if concrete.len() == 1 && node.get("discriminator").is_none() {
                let inner = self.map(concrete[0], hint, ctx, origin);
                return Mapped {
                    nullable: nullable || inner.nullable,
                    ..inner
                };
            }
            let id = if node.get("discriminator").is_some() {
                self.tagged(node, &concrete, hint, ctx, origin)
            } else {
                self.untagged(node, &concrete, hint, ctx, origin)
            };
            return Mapped::of(Ty::Named(id), nullable);
        }
        let ty = match base.as_deref() {
            Some("string") => {
                if let Some(value) = node.get("const").and_then(scalar_text) {
                    return Mapped {
                        ty: Ty::String,
                        nullable,
                        constant: Some(value),
                    };
                }
                if node.get("enum").is_some() {
                    let name = self.name_for(hint);
                    let id = self.enum_def(name, node, ctx, origin.clone());
                    return Mapped::of(Ty::Named(id), nullable);
                }
                if node.str_at("format") == Some("date-time") {
                    Ty::Timestamp
                } else {
                    Ty::String
                }
            }
            Some("integer") => Ty::Int,
            Some("number") => Ty::Float,
            Some("boolean") => Ty::Bool,
            Some("array") => {
                let items = self.map(node.at(&["items"]), &hint.items(), ctx, origin);
                if items.nullable {
                    self.notes.push(format!(
                        "{}: nullable array items are decoded as JSON values",
                        hint.candidates()[0]
                    ));
                    Ty::Vec(Box::new(Ty::Json))
                } else {
                    Ty::Vec(Box::new(items.ty))
                }
            }
            Some("object") | None if has_properties(node) => {
                Ty::Named(self.struct_def(node, hint, ctx, origin, None, true))
            }
            Some("object") => match node.get("additionalProperties") {
                Some(values @ Value::Mapping(_)) => {
                    let values = self.map(values, &hint.items(), ctx, origin);
                    Ty::Map(Box::new(values.ty))
                }
                _ => Ty::JsonMap,
            },
            _ => Ty::Json,
        };
        Mapped::of(ty, nullable)
    }

    /// The type of a component schema, generated on first use.
    fn component(&mut self, name: &str, ctx: Ctx) -> TypeId {
        if let Some(&id) = self.components.get(name) {
            if self.api.types[id].ctx != ctx && matches!(self.api.types[id].kind, Kind::Struct(_)) {
                self.notes.push(format!(
                    "component {name} is used in both requests and responses"
                ));
            }
            return id;
        }
        let node = self.spec.component(name);
        let rust = self.component_names[name].clone();
        let origin = Origin::Component(name.to_owned());
        if node.get("enum").is_some() || node.get("const").is_some() {
            let id = self.enum_def(rust, node, ctx, origin);
            self.components.insert(name.to_owned(), id);
            return id;
        }
        // Registered before its members are mapped, so a schema that refers to itself resolves.
        let id = self.push(TypeDef {
            name: rust.clone(),
            doc: description(node),
            kind: Kind::Struct(Vec::new()),
            ctx,
            origin,
            deprecated: node.bool_at("deprecated"),
        });
        self.components.insert(name.to_owned(), id);
        if let Some(branches) = node.get("oneOf").and_then(Value::as_sequence) {
            let concrete: Vec<&Value> = branches
                .iter()
                .filter(|branch| !is_null_schema(branch))
                .collect();
            let kind = self.union_kind(node, &concrete, id, &rust, ctx);
            self.api.types[id].kind = kind;
        } else {
            let fields = self.fields(node, &rust, ctx, &Origin::Inline(id), None);
            self.api.types[id].kind = Kind::Struct(fields);
        }
        id
    }

    fn enum_def(&mut self, name: String, node: &Value, ctx: Ctx, origin: Origin) -> TypeId {
        let mut values: Vec<String> = node.at(&["enum"]).items().filter_map(scalar_text).collect();
        if let Some(value) = node.get("const").and_then(scalar_text) {
            // A one-value "enum" written as `const`; kept open like any enum.
            values.push(value);
        }
        let mut seen = HashSet::new();
        let variants = values
            .into_iter()
            .map(|wire| {
                // The fallback for values this crate does not know is the hidden `_Unknown`, so
                // a value named `unknown` is `Unknown` like any other.
                let ident = pascal(&wire);
                // Never numbered: two values spelled alike would need a name chosen for each.
                assert!(
                    seen.insert(ident.clone()),
                    "{name}: two values are both named {ident}"
                );
                (wire, ident)
            })
            .collect();
        self.push(TypeDef {
            name,
            doc: description(node),
            kind: Kind::Enum(variants),
            ctx,
            origin,
            deprecated: node.bool_at("deprecated"),
        })
    }

    /// A struct for an object schema. `skip` is a property left out (a union's tag);
    /// `use_title` lets a free `title` name the type and share it between identical schemas.
    pub(crate) fn struct_def(
        &mut self,
        node: &Value,
        hint: &Hint,
        ctx: Ctx,
        origin: &Origin,
        skip: Option<&str>,
        use_title: bool,
    ) -> TypeId {
        let title = node.str_at("title").filter(|_| use_title);
        let key = title.map(|title| {
            let text = serde_yaml_ng::to_string(node).unwrap_or_default();
            (title.to_owned(), ctx == Ctx::Request, text)
        });
        if let Some(id) = key.as_ref().and_then(|key| self.titled.get(key)) {
            return *id;
        }
        let name = match title {
            Some(title) if !self.taken.contains(title) => {
                self.taken.insert(title.to_owned());
                title.to_owned()
            }
            _ => self.name_for(hint),
        };
        let id = self.struct_named(name, node, ctx, origin, skip, key);
        if self.api.types[id].doc.is_empty() {
            self.api.types[id].doc = hint.doc.clone();
        }
        id
    }

    pub(crate) fn struct_named(
        &mut self,
        name: String,
        node: &Value,
        ctx: Ctx,
        origin: &Origin,
        skip: Option<&str>,
        key: Option<(String, bool, String)>,
    ) -> TypeId {
        let id = self.push(TypeDef {
            name: name.clone(),
            doc: description(node),
            kind: Kind::Struct(Vec::new()),
            ctx,
            origin: origin.clone(),
            deprecated: node.bool_at("deprecated"),
        });
        if let Some(key) = key {
            // Only a type named by its title is shared: its name says what it is.
            if self.api.types[id].name == key.0 {
                self.titled.insert(key, id);
            }
        }
        let fields = self.fields(node, &name, ctx, &Origin::Inline(id), skip);
        self.api.types[id].kind = Kind::Struct(fields);
        id
    }

    /// The fields of an object schema, in spec order.
    pub(crate) fn fields(
        &mut self,
        node: &Value,
        parent: &str,
        ctx: Ctx,
        origin: &Origin,
        skip: Option<&str>,
    ) -> Vec<Field> {
        let required = node.strings_at("required");
        let properties: Vec<(&str, &Value)> = node.at(&["properties"]).entries().collect();
        for name in &required {
            if !properties.iter().any(|(wire, _)| wire == name) {
                self.notes.push(format!(
                    "{parent}: `required` lists `{name}`, which is not a property"
                ));
            }
        }
        let mut fields = Vec::new();
        for (wire, property) in properties {
            if Some(wire) == skip {
                continue;
            }
            let mut doc = self.field_doc(property);
            let mapped = self.map(
                property,
                &Hint::new(parent, wire).with_doc(&description(property)),
                ctx,
                origin,
            );
            let ty = match mapped.constant {
                Some(value) => {
                    doc = join_doc(&doc, &format!("Always `{value}`."));
                    match ctx {
                        Ctx::Request => Ty::Named(self.constant(wire, &value, origin)),
                        // A received constant is kept as text, so a new value never fails decoding.
                        Ctx::Response => Ty::String,
                    }
                }
                None => mapped.ty,
            };
            fields.push(Field {
                wire: wire.to_owned(),
                ident: naming::field_ident(wire),
                ty,
                required: required.contains(&wire),
                nullable: mapped.nullable,
                doc,
                deprecated: property.bool_at("deprecated"),
                location: Location::Model,
            });
        }
        fields
    }

    /// A property's doc: its description (or the one of the schema it refers to) and a short
    /// example.
    pub(crate) fn field_doc(&self, property: &Value) -> String {
        let mut doc = description(property);
        if doc.is_empty() {
            doc = description(self.spec.resolve(property));
        }
        if let Some(example) = property
            .get("example")
            .and_then(scalar_text)
            .and_then(|text| docs::example_line(&text))
        {
            doc = join_doc(&doc, &example);
        }
        doc
    }

    /// The marker type for a request field that always carries `value`.
    fn constant(&mut self, field: &str, value: &str, origin: &Origin) -> TypeId {
        let key = (field.to_owned(), value.to_owned());
        if let Some(&id) = self.constants.get(&key) {
            return id;
        }
        let name = self.claim(format!("{}{}", pascal(field), pascal(value)));
        let id = self.push(TypeDef {
            name,
            doc: format!("The `{field}` value `{value}`: serialized as `\"{value}\"`, and decoded only from it."),
            kind: Kind::Const(value.to_owned()),
            ctx: Ctx::Request,
            origin: origin.clone(),
            deprecated: false,
        });
        self.constants.insert(key, id);
        id
    }
}

fn has_properties(node: &Value) -> bool {
    node.get("properties")
        .and_then(Value::as_mapping)
        .is_some_and(|map| !map.is_empty())
}

/// A schema's `description`, cleaned for rustdoc.
pub(crate) fn description(node: &Value) -> String {
    node.str_at("description")
        .map(docs::clean)
        .unwrap_or_default()
}

/// `doc`, or `fallback` when it is empty.
pub(crate) fn either(doc: String, fallback: &str) -> String {
    if doc.is_empty() {
        fallback.to_owned()
    } else {
        doc
    }
}

/// Two doc paragraphs, either of which may be empty.
pub(crate) fn join_doc(first: &str, second: &str) -> String {
    match (first.is_empty(), second.is_empty()) {
        (true, _) => second.to_owned(),
        (_, true) => first.to_owned(),
        _ => format!("{first}\n\n{second}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shop;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).expect("test YAML")
    }

    /// Maps one schema as a member `member` of a response type `Thing`.
    fn map(builder: &mut Builder<'_>, schema: &str, member: &str) -> Mapped {
        builder.map(
            &yaml(schema),
            &Hint::new("Thing", member),
            Ctx::Response,
            &Origin::Webhook,
        )
    }

    fn kind_of(builder: &Builder<'_>, ty: &Ty) -> (String, Kind) {
        let Ty::Named(id) = ty else {
            panic!("{ty:?} is not a generated type")
        };
        let def = &builder.api.types[*id];
        (def.name.clone(), def.kind.clone())
    }

    #[test]
    fn scalars_map_to_rust_types() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        let cases = [
            ("type: string", Ty::String),
            ("{type: string, format: date-time}", Ty::Timestamp),
            ("type: integer", Ty::Int),
            ("type: number", Ty::Float),
            ("type: boolean", Ty::Bool),
            ("{}", Ty::Json),
            ("type: object", Ty::JsonMap),
            (
                "{type: object, additionalProperties: {type: integer}}",
                Ty::Map(Box::new(Ty::Int)),
            ),
            (
                "{type: array, items: {type: string}}",
                Ty::Vec(Box::new(Ty::String)),
            ),
        ];
        for (schema, ty) in cases {
            let mapped = map(&mut builder, schema, "value");
            assert_eq!((mapped.ty, mapped.nullable), (ty, false), "{schema}");
        }
    }

    #[test]
    fn null_in_a_type_list_or_a_one_of_makes_a_value_nullable() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        for schema in [
            "type: [string, \"null\"]",
            "oneOf: [{type: string}, {type: \"null\"}]",
            "{type: [string, \"null\"], format: date-time}",
        ] {
            let mapped = map(&mut builder, schema, "value");
            assert!(mapped.nullable, "{schema} is nullable");
            assert!(matches!(mapped.ty, Ty::String | Ty::Timestamp), "{schema}");
        }
        // Items that may be null are kept as JSON values, and noted.
        let mapped = map(
            &mut builder,
            "{type: array, items: {type: [string, \"null\"]}}",
            "values",
        );
        assert_eq!(mapped.ty, Ty::Vec(Box::new(Ty::Json)));
        assert!(
            builder
                .notes
                .iter()
                .any(|note| note.contains("nullable array items"))
        );
    }

    #[test]
    fn an_inline_enum_is_named_after_its_place() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        let mapped = map(
            &mut builder,
            "{type: string, enum: [red, dark-blue, unknown]}",
            "color",
        );
        let (name, kind) = kind_of(&builder, &mapped.ty);
        assert_eq!(name, "ThingColor");
        let Kind::Enum(values) = kind else {
            panic!("{kind:?}")
        };
        // `unknown` is a value like any other; the fallback for values not listed is the
        // hidden `_Unknown` the emitted `string_enum!` adds.
        assert_eq!(
            values,
            [
                ("red".to_owned(), "Red".to_owned()),
                ("dark-blue".to_owned(), "DarkBlue".to_owned()),
                ("unknown".to_owned(), "Unknown".to_owned()),
            ]
        );
    }

    #[test]
    fn component_enums_are_singular_and_refs_share_one_type() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        let first = map(
            &mut builder,
            "$ref: \"#/components/schemas/Visibilities\"",
            "a",
        );
        let second = map(
            &mut builder,
            "$ref: \"#/components/schemas/Visibilities\"",
            "b",
        );
        assert_eq!(first.ty, second.ty);
        assert_eq!(kind_of(&builder, &first.ty).0, "Visibility");
    }

    #[test]
    fn constants_are_markers_in_requests_and_text_in_responses() {
        let spec = shop();
        let node = yaml("properties: {mode: {type: string, const: setup}}");
        let mut builder = Builder::new(&spec);
        let sent = builder.fields(&node, "Thing", Ctx::Request, &Origin::Webhook, None);
        let (name, kind) = kind_of(&builder, &sent[0].ty);
        assert_eq!(name, "ModeSetup");
        assert!(matches!(kind, Kind::Const(value) if value == "setup"));
        let received = builder.fields(&node, "Thing", Ctx::Response, &Origin::Webhook, None);
        assert_eq!(received[0].ty, Ty::String);
        assert_eq!(received[0].doc, "Always `setup`.");
    }

    #[test]
    fn a_discriminated_one_of_is_a_tagged_union() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        let mapped = map(
            &mut builder,
            r#"
oneOf:
  - {title: UserOwner, type: object, properties: {typename: {const: User}, name: {type: string}}}
  - {title: CompanyOwner, type: object, properties: {typename: {const: Company}, route: {type: string}}}
  - {type: "null"}
discriminator: {propertyName: typename}
"#,
            "owner",
        );
        assert!(mapped.nullable);
        let (name, kind) = kind_of(&builder, &mapped.ty);
        assert_eq!(name, "ThingOwner");
        let Kind::Tagged { tag, variants } = kind else {
            panic!("{kind:?}")
        };
        assert_eq!(tag, "typename");
        let variants: Vec<(String, Option<String>, String)> = variants
            .iter()
            .map(|v| {
                (
                    v.ident.clone(),
                    v.wire.clone(),
                    builder.api.types[v.ty].name.clone(),
                )
            })
            .collect();
        assert_eq!(
            variants,
            [
                (
                    "User".to_owned(),
                    Some("User".to_owned()),
                    "UserOwner".to_owned()
                ),
                (
                    "Company".to_owned(),
                    Some("Company".to_owned()),
                    "CompanyOwner".to_owned()
                ),
            ]
        );
        // The tag is not a field of the variants' structs.
        let (_, user) = kind_of(&builder, &Ty::Named(builder.api.types.len() - 2));
        assert!(
            matches!(user, Kind::Struct(fields) if fields.len() == 1 && fields[0].wire == "name")
        );
    }

    #[test]
    fn inline_names_join_parent_and_member() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        assert_eq!(
            builder.name_for(&Hint::new("Product", "company")),
            "ProductCompany"
        );
        // The words the parent and the member share are said once.
        assert_eq!(
            builder.name_for(&Hint::new("Product", "product_tax_code")),
            "ProductTaxCode"
        );
        // Array items are named in the singular.
        let mapped = builder.map(
            &yaml("{type: array, items: {type: object, properties: {url: {type: string}}}}"),
            &Hint::new("Product", "gallery_images"),
            Ctx::Response,
            &Origin::Webhook,
        );
        let Ty::Vec(item) = mapped.ty else {
            panic!("{:?}", mapped.ty)
        };
        assert_eq!(kind_of(&builder, &item).0, "ProductGalleryImage");
    }

    #[test]
    fn long_names_drop_outer_names_but_keep_the_verb() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        builder.reserve("UpdateProduct");
        let page = builder.name_for(&Hint::new("UpdateProduct", "store_page_configuration"));
        assert_eq!(page, "UpdateProductStorePageConfiguration");
        let images = builder.name_for(&Hint::new(&page, "featured_gallery_images"));
        assert!(images.len() <= crate::names::MAX_LEN);
        assert_eq!(images, "UpdateFeaturedGalleryImages");
    }

    #[test]
    fn a_clash_is_never_numbered() {
        let spec = shop();
        let mut builder = Builder::new(&spec);
        assert_eq!(
            builder.name_for(&Hint::new("Product", "company")),
            "ProductCompany"
        );
        // The same place again: no shorter name is free, so it is reported, not numbered.
        builder.name_for(&Hint::new("Product", "company"));
        assert_eq!(builder.unnamed, ["ProductCompany (in Product)"]);
        // A clash decided in `names::CLASHES` takes the name chosen there.
        assert_eq!(
            builder.name_for(&Hint::new("Refund", "payment")),
            "RefundedPayment"
        );
    }
}
