// Every value of a generated string enum, named, is still not exhaustive: a later version may add
// a value, and values this version does not know need a wildcard arm.
use whop_endpoints::products::Visibility;

fn label(visibility: &Visibility) -> &'static str {
    match visibility {
        Visibility::Visible => "visible",
        Visibility::Hidden => "hidden",
        Visibility::Archived => "archived",
        Visibility::QuickLink => "quick link",
    }
}

fn main() {
    let _ = label(&Visibility::Visible);
}
