#!/usr/bin/env python3
"""Scaffold a new cplint rule: the rule file, its fixtures and its registry line.

    usage: scripts/new-rule.py RULE-ID [--severity warning|error|note|off]
                                       [--category reliability|security] [--cwe N]

Writes
  src/rules/<rule_id>.rs            declare_rule! with the doc sections, SARIF precision (and, for
                                    security rules, a security-severity to set) and an empty check_call
  fixtures/rules/<rule-id>/valid.js  a file that must produce nothing
  fixtures/rules/<rule-id>/invalid.js a file with `// expect: <rule-id>` markers
and adds `<rule_id>::<RuleId>,` at the end of `declare_rules!` in src/rules/mod.rs,
with the next free code (rules are numbered in registry order: CP001, CP002, ...).

Then: write the logic and the docs in the rule file, real cases in the fixtures (the
three hand-edited files), and regenerate what is generated:
  cargo run -- rules --write-docs rules        # rules/<id>.md and rules/README.md
  UPDATE_README=1 cargo test --test registry   # the README's rules table
Until the rule fires on its invalid fixture and its docs examples hold, `cargo test`
fails (tests/rules.rs, tests/docs.rs, tests/registry.rs say what is missing).
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

TEMPLATE = '''use crate::declare_rule;
use crate::rule::{{Context, Emitter, Rule, at_call}};
use crate::semantic::CallSite;

declare_rule! {{
    /// ## What it flags
    ///
    /// TODO: the calls this rule reports, precisely (what is and is not flagged).
    ///
    /// ## Why it matters
    ///
    /// TODO: what goes wrong at run time.
    ///
    /// ## Example
    ///
    /// ```js
    /// // TODO: a call this rule flags
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// // TODO: the same code, fixed
    /// ```
    ///
    /// ## Known limits
    ///
    /// - TODO: what the rule cannot see.
    pub struct {struct};
    code: "{code}",
    name: "{id}",
    severity: {severity},
    category: {category},
    cwe: [{cwe}],
    summary: "TODO: one line, no trailing period",
    precision: "medium",{security}
}}

impl Rule for {struct} {{
    fn check_call<'a>(&self, Context {{ sem, config }}: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {{
        // The facts of the call are in `site.facts` (argv, shell, program, stdio, ...)
        // and `site.child` (listeners, kills, escapes); `sem` folds values (`shape`,
        // `option`), `config` holds the user's settings.
        let _ = (sem, config, site, out, at_call);
    }}
}}
'''

VALID = '''const {{ spawn }} = require("node:child_process");

// TODO: calls that `{id}` must not report.
spawn("true", [], {{ stdio: "ignore", timeout: 1000 }}).on("error", () => {{}});
'''

INVALID = '''const {{ spawn }} = require("node:child_process");

// TODO: calls that `{id}` reports, each marked on its line.
spawn("true"); // expect: {id}
'''


def fail(msg):
    print(f"new-rule: {msg}", file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("id", help="kebab-case rule id, e.g. env-without-path")
    ap.add_argument("--severity", default="warning", choices=["error", "warning", "note", "off"])
    ap.add_argument("--category", default="reliability", choices=["reliability", "security"])
    ap.add_argument("--cwe", default="", help="CWE number(s), comma-separated")
    a = ap.parse_args()

    rule_id = a.id
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule_id):
        fail(f"`{rule_id}` is not a kebab-case id (lowercase words joined by `-`)")
    module = rule_id.replace("-", "_")
    struct = "".join(w.capitalize() for w in rule_id.split("-"))
    registry = ROOT / "src/rules/mod.rs"
    text = registry.read_text()
    m = re.search(r"declare_rules! \{\n(.*?)\n\}", text, re.S)
    if not m:
        fail("cannot find `declare_rules! { ... }` in src/rules/mod.rs")
    entries = [e.strip() for e in m.group(1).splitlines() if e.strip()]
    if any(e.split("::")[0] == module for e in entries):
        fail(f"`{module}` is registered already")
    rule_file = ROOT / "src/rules" / f"{module}.rs"
    fixtures = ROOT / "fixtures/rules" / rule_id
    for p in (rule_file, fixtures):
        if p.exists():
            fail(f"{p.relative_to(ROOT)} exists already")
    code = f"CP{len(entries) + 1:03d}"
    cwe = ", ".join(c.strip() for c in a.cwe.split(",") if c.strip())

    rule_file.write_text(
        TEMPLATE.format(
            struct=struct, code=code, id=rule_id, severity=a.severity.capitalize(),
            category=a.category.capitalize(), cwe=cwe,
            security=(
                "\n    // TODO: GitHub's security-severity (CVSS-like, 0.1-10); 0.0 fails the tests\n"
                '    security_severity: "0.0",'
                if a.category == "security" else ""
            ),
        )
    )
    fixtures.mkdir(parents=True)
    (fixtures / "valid.js").write_text(VALID.format(id=rule_id))
    (fixtures / "invalid.js").write_text(INVALID.format(id=rule_id))
    entries.append(f"{module}::{struct},")
    body = "\n".join(f"    {e}" for e in entries)
    registry.write_text(text[: m.start(1)] + body + text[m.end(1):])

    print(f"{code} {rule_id}: wrote {rule_file.relative_to(ROOT)}, {fixtures.relative_to(ROOT)}/valid.js,")
    print(f"  {fixtures.relative_to(ROOT)}/invalid.js and its line in src/rules/mod.rs. Next:")
    print("  1. the logic and docs in the rule file, real cases in the fixtures;")
    print("  2. cargo run -- rules --write-docs rules && UPDATE_README=1 cargo test --test registry;")
    print("  3. cargo test (the rule's fixtures alone: cargo test --test rules " + rule_id + ").")


if __name__ == "__main__":
    main()
