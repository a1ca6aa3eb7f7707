use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::Argv;
use crate::semantic::{CallSite, HoleSafety, Part, Semantic, Shape};

/// Words that make a name a secret (SPEC §2; `secret-names` in cplint.toml adds more).
pub const SECRET_WORDS: &[&str] =
    &["password", "passwd", "passphrase", "secret", "token", "credential", "credentials", "auth"];
/// Word pairs that make a name a secret.
pub const SECRET_PAIRS: &[(&str, &str)] =
    &[("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"), ("client", "secret")];
/// Single lowercase words that are secrets written without separators.
pub const SECRET_COMPOUNDS: &[&str] =
    &["apikey", "accesskey", "privatekey", "authtoken", "accesstoken", "secretkey", "apitoken"];

declare_rule! {
    /// ## What it flags
    ///
    /// An argument of a child process — an argv element or an interpolated part of
    /// a command line — whose value is named like a secret: an identifier or
    /// property such as `password`, `passwd`, `secret`, `token`, `apiKey`/`api_key`,
    /// `accessKey`, `privateKey`, `credential(s)`, `auth` (case and separators do
    /// not matter), `process.env.X` with such a name, or any value right after a
    /// flag like `--password=` or `--token`.
    ///
    /// Passing the secret in `env:` or writing it to the child's stdin is fine and
    /// not reported. More names: `secret-names = [...]` in `cplint.toml`.
    ///
    /// ## Why it matters
    ///
    /// A process's arguments are visible to every user of the machine (`ps`,
    /// `/proc/<pid>/cmdline`), end up in shell history, audit logs and crash
    /// reports, and are copied into error messages (`Command failed: ...`).
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function dump(dbPassword, done) {
    ///   execFile("mysqldump", ["-u", "backup", `--password=${dbPassword}`, "shop"], { timeout: 600_000 }, done);
    /// }
    /// module.exports = { dump };
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function dump(dbPassword, done) {
    ///   execFile("mysqldump", ["-u", "backup", "shop"], {
    ///     timeout: 600_000,
    ///     env: { ...process.env, MYSQL_PWD: dbPassword },
    ///   }, done);
    /// }
    /// module.exports = { dump };
    /// ```
    ///
    /// ## Known limits
    ///
    /// - The check is by name: a secret held in a variable called `value` is not
    ///   found, and a non-secret called `authorHeaderToken` is reported.
    pub struct SecretInArgs;
    code: "CP008",
    name: "secret-in-args",
    severity: Error,
    category: Security,
    cwe: [214],
    summary: "A secret is passed on a child's command line, visible to every user",
    precision: "high",
    security_severity: "5.5",
}

pub fn is_secret_name(name: &str) -> bool {
    let w = words(name);
    if w.iter().any(|x| SECRET_WORDS.contains(&x.as_str()) || SECRET_COMPOUNDS.contains(&x.as_str())) {
        return true;
    }
    w.windows(2).any(|p| SECRET_PAIRS.iter().any(|(a, b)| p[0] == *a && p[1] == *b))
}

fn flag_before_is_secret(lit: &str) -> bool {
    let t = lit.trim_end_matches(['=', ' ', ':']).to_ascii_lowercase();
    let Some(flag) = t.split_whitespace().last() else {
        return false;
    };
    let flag = flag.trim_start_matches('-');
    // `--password-stdin`, `--token-file`, `--secret-env`: the flag says where the
    // secret is read from; `--no-password`: a switch. The next argument is not the
    // secret.
    let w = words(flag);
    let not_the_secret = w.last().is_some_and(|l| matches!(l.as_str(), "stdin" | "file" | "path" | "fd" | "env"))
        || w.first().is_some_and(|f| f == "no");
    let is_flag = t.split_whitespace().last().is_some_and(|f| f.starts_with('-'));
    if is_flag {
        return !not_the_secret && is_secret_name(flag);
    }
    // `-o password=${pw}`, `user=x,token=${t}`: a key=value pair.
    let key = lit.ends_with('=').then(|| flag.rsplit([',', ';', '&']).next().unwrap_or(flag));
    key.is_some_and(|k| !not_the_secret && is_secret_name(k))
}

/// Holes of `shape` that hold secrets, with the name that gave them away.
fn secret_holes<'a>(sem: &Semantic<'a>, shape: &Shape, extra: &[String]) -> Vec<(swc_common::Span, String)> {
    let mut out = Vec::new();
    let mut prev_lit: Option<&str> = None;
    for p in &shape.parts {
        match p {
            Part::Lit(l) => prev_lit = Some(l),
            Part::Opaque(_) => prev_lit = None,
            Part::Hole(h) => {
                if h.safety != HoleSafety::Scalar {
                    let name = last_name(sem.text(h.span));
                    let folded = crate::config::fold_name(&name);
                    if is_secret_name(&name) || extra.iter().any(|e| folded.contains(e.as_str())) {
                        out.push((h.span, format!("`{name}`")));
                    } else if prev_lit.is_some_and(flag_before_is_secret) {
                        let flag = prev_lit
                            .unwrap_or_default()
                            .trim_end_matches(['=', ' '])
                            .split_whitespace()
                            .last()
                            .unwrap_or_default()
                            .to_string();
                        out.push((h.span, format!("the value of `{flag}`")));
                    }
                }
                prev_lit = None;
            }
        }
    }
    out
}

impl Rule for SecretInArgs {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !site.api.is_process() {
            return;
        }
        let mut shapes: Vec<Shape> = Vec::new();
        if let Some(cmd) = site.command {
            shapes.push(sem.shape(cmd));
        }
        match &site.facts.argv {
            Argv::Elements(elems) => {
                // Each element, with the previous element's text in front so
                // that `["--password", pw]` is seen as a flag and its value.
                let mut prev: Option<Shape> = None;
                for el in elems {
                    let mut s = sem.shape(&el.expr);
                    if let Some(Part::Lit(l)) = prev.as_ref().and_then(|p| p.parts.last()) {
                        s.parts.insert(0, Part::Lit(format!("{l} ")));
                    }
                    prev = Some(sem.shape(&el.expr));
                    shapes.push(s);
                }
            }
            Argv::Opaque(other) => shapes.push(sem.shape(other)),
            Argv::Absent => {}
        }
        let found: Vec<(swc_common::Span, String)> =
            shapes.iter().flat_map(|s| secret_holes(sem, s, &config.secret_names)).collect();
        let Some((_, what)) = found.first() else {
            return;
        };
        let mut f = at_call(
            site,
            "secret on the command line",
            format!("{} passes {what}, a secret, on the command line of a child process", site.display_name()),
            "pass it in the child's environment (`env: { ...process.env, TOKEN: value }`) or write it to the child's stdin".into(),
            Some("every user of the machine can read a process's arguments (`ps`, `/proc/<pid>/cmdline`); they also end up in logs and error messages"),
        );
        for (span, _) in &found {
            f.labels.push(label_at(*span, "secret"));
        }
        out.emit(f);
    }
}

/// Splits an identifier into lowercase words: `apiKey` → [api, key], `API_TOKEN` →
/// [api, token].
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && !cur.is_empty()
            && (chars[i - 1].is_lowercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The last name in an expression's text: `config.db.password` → `password`,
/// `process.env["API_TOKEN"]` → `API_TOKEN`, `getToken()` → `getToken`.
pub fn last_name(text: &str) -> String {
    let t = text.trim().trim_end_matches("()");
    let t = t.trim_end_matches([']', '"', '\'', '`']);
    // After the last character that cannot be in a name (which may be several bytes).
    let start = t
        .char_indices()
        .rfind(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    t[start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::is_secret_name as s;

    #[test]
    fn secret_names() {
        for yes in [
            "password",
            "dbPassword",
            "API_KEY",
            "apiKey",
            "api_key",
            "accessKey",
            "privateKey",
            "GITHUB_TOKEN",
            "authToken",
            "credentials",
            "clientSecret",
            "npm_auth",
        ] {
            assert!(s(yes), "{yes}");
        }
        for no in ["author", "tokenizer", "maxTokens", "keyboard", "passport", "file", "primaryKey"] {
            assert!(!s(no), "{no}");
        }
    }

    #[test]
    fn flags_that_say_where_the_secret_is() {
        use super::flag_before_is_secret as f;
        for yes in ["--password=", "--token ", "-p ", "--api-key ", "-token="] {
            assert_eq!(f(yes), yes != "-p ", "{yes}");
        }
        for no in ["--password-stdin ", "--token-file ", "--password-file=", "--secret-env ", "--no-password "] {
            assert!(!f(no), "{no}");
        }
    }
}
