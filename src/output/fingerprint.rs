//! `partialFingerprints.primaryLocationLineHash`, computed the way GitHub's
//! `codeql-action` computes it for uploads that lack one (its `fingerprints.ts`), so
//! an alert keeps its identity when lines are inserted above it.
//!
//! The algorithm: every line's hash is a polynomial rolling hash (base 37, wrapping
//! 64-bit arithmetic) over the next 100 characters of the file that are not spaces
//! or tabs, starting at the line's first such character. Line breaks (`\r`, `\n`,
//! `\r\n`) count as one `\n` character; the end of the file adds the character
//! 65535 and the window is then padded with zeros. Characters are UTF-16 code units,
//! as JavaScript's `charCodeAt` sees them. A hash that occurs more than once in a
//! file is numbered: `"<hex>:<n>"` for its n-th occurrence.

use std::collections::HashMap;

const BLOCK_SIZE: usize = 100;
const MOD: u64 = 37;
const EOF: u16 = 65535;
const TAB: u16 = b'\t' as u16;
const SPACE: u16 = b' ' as u16;
const LF: u16 = b'\n' as u16;
const CR: u16 = b'\r' as u16;

struct Hasher {
    window: [u16; BLOCK_SIZE],
    /// The line number that starts at each window slot (0 = none).
    line_numbers: [usize; BLOCK_SIZE],
    hash: u64,
    first_mod: u64,
    index: usize,
    line_number: usize,
    line_start: bool,
    prev_cr: bool,
    counts: HashMap<u64, usize>,
    out: Vec<String>,
}

impl Hasher {
    fn new() -> Self {
        let first_mod = (0..BLOCK_SIZE).fold(1u64, |m, _| m.wrapping_mul(MOD));
        Hasher {
            window: [0; BLOCK_SIZE],
            line_numbers: [0; BLOCK_SIZE],
            hash: 0,
            first_mod,
            index: 0,
            line_number: 0,
            line_start: true,
            prev_cr: false,
            counts: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn output(&mut self) {
        let n = self.counts.entry(self.hash).or_insert(0);
        *n += 1;
        // Lines are completed in order, so the hash of line k lands at index k - 1.
        debug_assert_eq!(self.out.len() + 1, self.line_numbers[self.index]);
        self.out.push(format!("{:x}:{n}", self.hash));
        self.line_numbers[self.index] = 0;
    }

    fn update(&mut self, current: u16) {
        let begin = self.window[self.index];
        self.window[self.index] = current;
        self.hash = MOD
            .wrapping_mul(self.hash)
            .wrapping_add(u64::from(current))
            .wrapping_sub(self.first_mod.wrapping_mul(u64::from(begin)));
        self.index = (self.index + 1) % BLOCK_SIZE;
    }

    fn process(&mut self, mut current: u16) {
        if current == SPACE || current == TAB || (self.prev_cr && current == LF) {
            self.prev_cr = false;
            return;
        }
        if current == CR {
            current = LF;
            self.prev_cr = true;
        } else {
            self.prev_cr = false;
        }
        if self.line_numbers[self.index] != 0 {
            self.output();
        }
        if self.line_start {
            self.line_start = false;
            self.line_number += 1;
            self.line_numbers[self.index] = self.line_number;
        }
        if current == LF {
            self.line_start = true;
        }
        self.update(current);
    }
}

/// The `primaryLocationLineHash` of every line of `text`: element `k` belongs to
/// line `k + 1` (lines split at `\n`, `\r\n` and `\r`).
pub fn line_hashes(text: &str) -> Vec<String> {
    let mut h = Hasher::new();
    for unit in text.encode_utf16() {
        h.process(unit);
    }
    h.process(EOF);
    for _ in 0..BLOCK_SIZE {
        if h.line_numbers[h.index] != 0 {
            h.output();
        }
        h.update(0);
    }
    h.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vectors of codeql-action's `src/fingerprints.test.ts`.
    #[test]
    fn matches_the_codeql_action_vectors() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["c129715d7a2bc9a3:1"]),
            (
                " a\nb\n  \t\tc\n d",
                &["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"],
            ),
            (
                " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
                &[
                    "8b7cf3e952e7aeb2:1",
                    "b1ae1287ec4718d9:1",
                    "bff680108adb0fcc:1",
                    "c6805c5e1288b612:1",
                    "b86d3392aea1be30:1",
                    "e6ceba753e1a442:1",
                ],
            ),
        ];
        let ending_in_newline: &[&str] = &[
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for (input, expected) in cases {
            assert_eq!(line_hashes(input), *expected, "input {input:?}");
        }
        for input in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(line_hashes(input), ending_in_newline, "input {input:?}");
        }
        assert_eq!(
            line_hashes(&"Lorem ipsum dolor sit amet.\n".repeat(10)),
            [
                "a7f2ff13bc495cf2:1",
                "a7f2ff13bc495cf2:2",
                "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5",
                "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1",
            ]
        );
        assert_eq!(
            line_hashes("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n"),
            [
                "e54938cc54b302f1:1",
                "bb609acbe9138d60:1",
                "1131fd5871777f34:1",
                "5c482a0f8b35ea28:1",
                "54517377da7028d2:1",
                "2c644846cb18d53e:1",
                "f1b89f20de0d133:1",
                "c129715d7a2bc9a3:1",
            ]
        );
    }

    #[test]
    fn a_line_keeps_its_hash_when_lines_are_inserted_above_it() {
        let body = "const { exec } = require('child_process');\nexec('ls ' + dir);\nconsole.log('done');\n";
        let before = line_hashes(body);
        let after = line_hashes(&format!("// a header\n\n'use strict';\n{body}"));
        assert_eq!(after.len(), before.len() + 3);
        assert_eq!(before[1], after[4]);
        // A changed line changes its hash.
        let edited = line_hashes(&body.replace("ls ", "cat "));
        assert_ne!(before[1], edited[1]);
    }
}
