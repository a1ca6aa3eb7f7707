//! Byte offsets → 1-based line and column, columns counted in Unicode scalar values
//! (SPEC §5: swc's positions are bytes, editors and SARIF count characters).

pub struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(src: &'a str) -> Self {
        // Counted first: growing the vector line by line costs more than a second scan.
        let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        LineIndex { src, starts }
    }

    /// 1-based (line, column) of a byte offset; offsets past the end clamp to it.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.src[start..end].chars().count();
        (line + 1, col + 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Text of a 1-based line without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.src.len(), |e| e - 1);
        self.src.get(start..end).unwrap_or("").trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "é = 1;\nlet ü = `x`;\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(0), (1, 1));
        // 'é' is two bytes; the space after it is the second character.
        assert_eq!(idx.position(2), (1, 2));
        let second = src.find("let").unwrap();
        assert_eq!(idx.position(second), (2, 1));
        let u = src.find('ü').unwrap();
        assert_eq!(idx.position(u + 'ü'.len_utf8()), (2, 6));
        assert_eq!(idx.line_text(2), "let ü = `x`;");
        assert_eq!(idx.position(10_000), (3, 1));
    }
}
