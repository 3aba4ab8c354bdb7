//! Spec prose as rustdoc: escaping what Markdown or rustdoc would misread.
//!
//! Spec descriptions are plain prose with some Markdown (`code`, lists). Brackets would become
//! intra-doc links, `<...>` HTML tags, bare URLs warnings, and indented lines code blocks (that
//! rustdoc would compile as doctests), so prose outside code spans is escaped and URLs become
//! `<...>` autolinks.

/// A summary as the first doc line: a sentence, ending with a period.
pub(crate) fn sentence(summary: &str) -> String {
    if summary.is_empty() || summary.ends_with('.') {
        summary.to_owned()
    } else {
        format!("{summary}.")
    }
}

/// Doc text cleaned up for `///` lines: trimmed lines, single blank lines between paragraphs,
/// no indentation, escaped prose.
pub(crate) fn clean(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            // A fenced block becomes a `text` block so rustdoc never runs it as a doctest.
            in_fence = !in_fence;
            lines.push(if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            });
            continue;
        }
        if in_fence {
            lines.push(raw.trim_end().to_owned());
            continue;
        }
        if line.is_empty() {
            if lines.last().is_some_and(|last| !last.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        lines.push(escape_line(line));
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// Escapes one line of prose, leaving code spans as they are.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let ticks = line.matches('`').count();
    let mut rest = line;
    let mut in_code = false;
    let mut ticks_left = ticks;
    while !rest.is_empty() {
        let next = rest.find('`');
        let (chunk, after) = match next {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        if in_code {
            out.push_str(chunk);
        } else {
            escape_prose(chunk, &mut out);
        }
        match after {
            Some(after) => {
                ticks_left -= 1;
                if in_code || ticks_left > 0 {
                    out.push('`');
                    in_code = !in_code;
                } else {
                    // An unpaired backtick is a literal one.
                    out.push_str("\\`");
                }
                rest = after;
            }
            None => rest = "",
        }
    }
    if out.starts_with('#') || out.starts_with('>') || out.starts_with('=') || out.starts_with('+')
    {
        out.insert(0, '\\');
    }
    out
}

fn escape_prose(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        match find_url(rest) {
            Some((start, end)) => {
                escape_plain(&rest[..start], out);
                out.push('<');
                out.push_str(&rest[start..end]);
                out.push('>');
                rest = &rest[end..];
            }
            None => {
                escape_plain(rest, out);
                rest = "";
            }
        }
    }
}

fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '\\' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The byte range of the first `http(s)://` URL, without trailing punctuation.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let tail = &text[start..];
    let mut end = tail
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
        .unwrap_or(tail.len());
    // A URL in parentheses or at the end of a sentence does not own the closing punctuation.
    while end > 0 {
        let last = tail[..end].chars().last().unwrap_or(' ');
        let unbalanced_paren =
            last == ')' && tail[..end].matches('(').count() < tail[..end].matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ']') || unbalanced_paren {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    let scheme_len = if tail.starts_with("https://") { 8 } else { 7 };
    (end > scheme_len).then_some((start, start + end))
}

/// A short example value as a doc sentence, or nothing when it is too long or awkward to show.
pub(crate) fn example_line(example: &str) -> Option<String> {
    let short = example.chars().count() <= 80 && !example.contains('`') && !example.contains('\n');
    (short && !example.is_empty()).then(|| format!("Example: `{example}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_prose_but_not_code() {
        assert_eq!(
            clean("Use [restPath] in `a[b]` <x>"),
            "Use \\[restPath\\] in `a[b]` \\<x\\>"
        );
        assert_eq!(
            clean("see https://docs.whop.com/x."),
            "see <https://docs.whop.com/x>."
        );
        assert_eq!(clean("(https://a.b/c)"), "(<https://a.b/c>)");
        assert_eq!(clean("one\n\n\n    indented"), "one\n\nindented");
        assert_eq!(clean("it's a ` tick"), "it's a \\` tick");
        assert_eq!(clean("# not a heading"), "\\# not a heading");
    }
}
