//! The generator's view of the API: types, operations and webhook events, named and typed,
//! ready to be written as Rust.

/// Index of a [`TypeDef`] in [`Api::types`].
pub(crate) type TypeId = usize;

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    String,
    Bool,
    Int,
    Float,
    Timestamp,
    /// Any JSON value (a schema without a type).
    Json,
    /// A free-form JSON object.
    JsonMap,
    Vec(Box<Ty>),
    /// An object with `additionalProperties` of one schema.
    Map(Box<Ty>),
    /// A generated type.
    Named(TypeId),
    /// A `{data, page_info}` list page.
    Page(Box<Ty>),
}

/// Whether a model is sent (request) or received (response); decides how optional and nullable
/// fields are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    Request,
    Response,
}

/// Where a request field goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Body,
    /// A field of a model struct.
    Model,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) wire: String,
    pub(crate) ident: String,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) doc: String,
    pub(crate) deprecated: bool,
    pub(crate) location: Location,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) ident: String,
    /// The tag value, for tagged unions.
    pub(crate) wire: Option<String>,
    pub(crate) ty: TypeId,
    pub(crate) doc: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Struct(Vec<Field>),
    /// A string enum: (wire value, variant ident).
    Enum(Vec<(String, String)>),
    /// `oneOf` with a discriminator property.
    Tagged {
        tag: String,
        variants: Vec<Variant>,
    },
    /// `oneOf` without one: each variant is tried in order.
    Untagged(Vec<Variant>),
    /// A zero-sized marker for a `const` string.
    Const(String),
    /// Another name for a type of the same shape (see `dedupe`).
    Alias(TypeId),
}

/// Where a type came from; decides its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    Component(String),
    /// An inline schema inside another type.
    Inline(TypeId),
    /// An inline schema of an operation's parameters, body or response.
    Operation(usize),
    /// A type of the `webhooks:` section.
    Webhook,
}

#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) kind: Kind,
    pub(crate) ctx: Ctx,
    pub(crate) origin: Origin,
    pub(crate) deprecated: bool,
}

/// What an operation sends as its JSON body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    None,
    /// The body object's properties are fields of the request struct.
    Fields,
    /// The body is a union; the request struct has one flattened field of this type.
    Union(TypeId),
}

#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) operation_id: String,
    /// The request struct: PascalCase of the operation id.
    pub(crate) name: String,
    /// `GET`, `POST`, ...
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) tag: String,
    pub(crate) module: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) doc: String,
    pub(crate) deprecated: bool,
    pub(crate) fields: Vec<Field>,
    pub(crate) body: Body,
    pub(crate) response: Ty,
}

/// How a request struct holds one of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    /// As is: an argument of `new`.
    Plain,
    /// `Option<T>`: left out when `None`.
    Option,
    /// `Nullable<T>`: left out, sent as `null`, or sent with a value.
    Nullable,
}

impl Operation {
    /// How the request struct holds `field`: the one rule both the request structs and the
    /// contract cases that build them follow. Path parameters and required query parameters are
    /// plain, other query parameters optional; a union body is one plain field; a body member
    /// that may be `null` is `Nullable` (even when required: `null` is then a value to send),
    /// otherwise plain when required and optional when not.
    pub(crate) fn holder(&self, field: &Field) -> Holder {
        match field.location {
            Location::Path => Holder::Plain,
            Location::Query if field.required => Holder::Plain,
            Location::Query => Holder::Option,
            _ if matches!(self.body, Body::Union(_)) => Holder::Plain,
            _ if field.nullable => Holder::Nullable,
            _ if field.required => Holder::Plain,
            _ => Holder::Option,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct WebhookEvent {
    /// `invoice.created`.
    pub(crate) event: String,
    /// `InvoiceCreated`.
    pub(crate) ident: String,
    pub(crate) doc: String,
    pub(crate) data: Ty,
}

#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) module: String,
}

/// Everything the emitter writes.
#[derive(Debug, Default)]
pub(crate) struct Api {
    pub(crate) types: Vec<TypeDef>,
    pub(crate) operations: Vec<Operation>,
    pub(crate) webhooks: Vec<WebhookEvent>,
    pub(crate) tags: Vec<Tag>,
    /// The module of each type, filled by the layout step.
    pub(crate) modules: Vec<String>,
    /// The groups of inline types that share a definition named in `names::SHARED`.
    pub(crate) shared: Vec<crate::dedupe::Group>,
}

#[cfg(test)]
mod tests {
    use super::Holder;
    use crate::tests::shop_api;

    #[test]
    fn request_fields_are_held_by_location_requirement_and_null() {
        let api = shop_api();
        let holders = |name: &str| -> Vec<(String, Holder)> {
            let op = api
                .operations
                .iter()
                .find(|op| op.name == name)
                .expect(name);
            op.fields
                .iter()
                .map(|field| (field.wire.clone(), op.holder(field)))
                .collect()
        };
        let owned = |list: &[(&str, Holder)]| -> Vec<(String, Holder)> {
            list.iter()
                .map(|(wire, holder)| ((*wire).to_owned(), *holder))
                .collect()
        };
        assert_eq!(
            holders("UpdateProduct"),
            owned(&[
                ("id", Holder::Plain),
                ("title", Holder::Nullable),
                ("visibility", Holder::Option),
                ("price", Holder::Option),
                ("mode", Holder::Option),
                ("store_page", Holder::Option),
            ])
        );
        assert_eq!(
            holders("ListProduct"),
            owned(&[("company_id", Holder::Plain), ("first", Holder::Option)])
        );
    }
}
