//! Positions and names: byte offsets (cplint's) ↔ LSP positions (line and UTF-16
//! code unit, the encoding every client supports), incremental edits, `file:` URIs
//! ↔ paths, and the name a buffer is linted under.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, Uri};

/// Line starts of a text, for converting byte offsets to LSP positions and back.
/// Lines end at `\n` (a `\r` before it belongs to the line break), as cplint counts.
pub struct LineMap<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// ASCII only: a column in UTF-16 units is a column in bytes.
    ascii: bool,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str) -> LineMap<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineMap { text, starts, ascii: text.is_ascii() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based `line` starts (the end of the text past the last).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The text of 0-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).map_or(self.text.len(), |e| e - 1);
        self.text.get(start..end.max(start)).unwrap_or("").trim_end_matches('\r')
    }

    /// The line break ending 0-based `line` (`\r\n` or `\n`; `\n` for the last line).
    pub fn line_break(&self, line: usize) -> &'static str {
        let end = self.starts.get(line + 1).map_or(self.text.len(), |e| e - 1);
        if end > 0 && self.text.as_bytes().get(end - 1) == Some(&b'\r') { "\r\n" } else { "\n" }
    }

    /// The 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.text.len())) - 1
    }

    /// The LSP position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = if self.ascii { offset - start } else { self.text[start..offset].encode_utf16().count() };
        Position::new(to_u32(line), to_u32(column))
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of an LSP position: a character past the end of its line
    /// means the line's end, a line past the last the end of the text (as the
    /// protocol says), and a position inside a surrogate pair the character's start.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let line = self.text[start..].split('\n').next().unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

/// Replaces `range` of `text` with `new` (an incremental `didChange`).
pub fn apply_change(text: &mut String, range: Range, new: &str) {
    let map = LineMap::new(text);
    let (start, end) = (map.offset(range.start), map.offset(range.end));
    let (start, end) = (start.min(end), start.max(end));
    text.replace_range(start..end, new);
}

/// The path of a `file:` URI (percent-decoded); `None` for other schemes or a
/// path that is not UTF-8 once decoded.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().is_some_and(|s| s.as_str().eq_ignore_ascii_case("file")) {
        return None;
    }
    let decoded = percent_decode(uri.path().as_str())?;
    // `file:///C:/x` on Windows: the path is `/C:/x`.
    #[cfg(windows)]
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    };
    (!decoded.is_empty()).then(|| PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The extension a language id stands for, for buffers whose name has none cplint
/// knows (`untitled:Untitled-1`, a `.es6` file the editor calls JavaScript).
fn extension_for(language_id: &str) -> Option<&'static str> {
    Some(match language_id {
        "javascript" | "js" => "js",
        "javascriptreact" | "jsx" => "jsx",
        "typescript" | "ts" => "ts",
        "typescriptreact" | "tsx" => "tsx",
        _ => return None,
    })
}

/// The name a document is linted under (its extension picks the syntax), or `None`
/// when it is neither JavaScript nor TypeScript by its name or its language id.
pub fn lint_name(path: Option<&Path>, language_id: &str) -> Option<String> {
    let shown = path.map(|p| p.to_string_lossy().into_owned());
    if let Some(s) = &shown
        && crate::files::lang_for(s).is_some()
    {
        return Some(s.clone());
    }
    let ext = extension_for(language_id)?;
    Some(match shown {
        Some(s) => format!("{s}.{ext}"),
        None => format!("untitled.{ext}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_round_trip() {
        let text = "a𝒳é\r\nbc\n";
        let map = LineMap::new(text);
        let e = text.find('é').unwrap();
        assert_eq!(map.position(e), Position::new(0, 3));
        assert_eq!(map.offset(Position::new(0, 3)), e);
        assert_eq!(map.offset(Position::new(0, 99)), text.find('\r').unwrap());
        assert_eq!(map.position(text.find('c').unwrap()), Position::new(1, 1));
        assert_eq!(map.offset(Position::new(9, 0)), text.len());
        assert_eq!(map.line_text(0), "a𝒳é");
        assert_eq!(map.line_break(0), "\r\n");
    }
}
