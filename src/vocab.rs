//! The words every layer shares: severities, categories, rule metadata.
//!
//! A leaf module: it depends on nothing else in the crate.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "off" => Severity::Off,
            "note" | "info" => Severity::Note,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Reliability,
}

/// Where each rule's page is: `<RULES_URL><rule id>.md` (the generated `rules/`
/// folder of the repository). The text report, SARIF and the LSP link to it.
pub const RULES_URL: &str = "https://github.com/cplint/cplint/blob/main/rules/";

/// The project's home page (SARIF's `informationUri`).
pub const HOME_URL: &str = "https://github.com/cplint/cplint";

/// Everything about a rule that is not its logic.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub default_severity: Severity,
    pub category: Category,
    /// One line, used by `cplint rules` and SARIF's short description.
    pub summary: &'static str,
    /// The rule's doc comment, verbatim (each line starts with the space after `///`).
    pub raw_docs: &'static str,
    /// CWE ids, for SARIF tags.
    pub cwe: &'static [u32],
    /// How often a finding is right, for SARIF (`very-high`, `high`, `medium`, `low`).
    pub precision: &'static str,
    /// GitHub's `security-severity` for security rules (a CVSS-like score, 0.1–10).
    pub security_severity: Option<&'static str>,
}

impl RuleMeta {
    /// The rule's documentation page.
    pub fn url(&self) -> String {
        format!("{RULES_URL}{}.md", self.name)
    }

    /// The doc comment as Markdown.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// The body of one `## Heading` section of the docs.
    pub fn section(&self, heading: &str) -> Option<String> {
        let docs = self.docs();
        let marker = format!("## {heading}");
        let start = docs.lines().position(|l| l.trim() == marker)?;
        let body: Vec<&str> = docs.lines().skip(start + 1).take_while(|l| !l.starts_with("## ")).collect();
        Some(body.join("\n").trim().to_string())
    }

    /// The code blocks of a section, with their fence language.
    pub fn code_blocks(&self, heading: &str) -> Vec<(String, String)> {
        let Some(body) = self.section(heading) else {
            return Vec::new();
        };
        let mut blocks = Vec::new();
        let mut cur: Option<(String, String)> = None;
        for line in body.lines() {
            let t = line.trim_start();
            if let Some(lang) = t.strip_prefix("```") {
                match cur.take() {
                    Some(b) => blocks.push(b),
                    None => cur = Some((lang.trim().to_string(), String::new())),
                }
            } else if let Some((_, code)) = cur.as_mut() {
                code.push_str(line);
                code.push('\n');
            }
        }
        blocks
    }

    /// The docs page as `rules/<name>.md` holds it.
    pub fn markdown_page(&self) -> String {
        format!(
            "<!-- Generated from src/rules/{}.rs by `cargo run -- rules --write-docs rules`; do not edit. -->\n# {} ({})\n\nDefault severity: **{}** · Category: {}\n\n{}",
            self.name.replace('-', "_"),
            self.name,
            self.code,
            self.default_severity.as_str(),
            match self.category {
                Category::Security => "security",
                Category::Reliability => "reliability",
            },
            self.docs()
        )
    }
}

/// A rule by id (`shell-injection`) or code (`CP001`, any case) among `rules`.
pub fn find_rule(rules: &[&'static RuleMeta], name: &str) -> Option<&'static RuleMeta> {
    rules.iter().copied().find(|m| m.name == name || m.code.eq_ignore_ascii_case(name))
}
