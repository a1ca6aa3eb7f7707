//! Splits a shell command line the way `/bin/sh` would, as long as it uses nothing
//! but words and quotes. Interpolated values (`${x}` in a template, `+ x` in a
//! concatenation) are kept as opaque pieces. Anything a plain argument array cannot
//! express (pipes, redirects, globs, `$VAR`, `&&`, builtins, ...) stops the split
//! with a [`Blocker`] that says what to do instead.

/// One piece of the command as written: literal text or an interpolated expression
/// (its source text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Lit(String),
    Expr(String),
    /// A value that likely holds several words (`args`, `flags.join(" ")`): fine
    /// inside quotes or glued to text, but alone and unquoted the shell split it into
    /// several arguments. `spread` is how to pass them instead (`...flags`), when
    /// known.
    Many {
        text: String,
        spread: Option<String>,
    },
    /// A constant that is one plain word (no spaces, quotes or shell syntax): kept as
    /// the expression, and not a value that makes the fix unsafe.
    Const(String),
    /// A value known to be one of `alts` (or an input): `cond ? "--stat" : ""`.
    /// Unquoted, every alternative must be one plain word (the shell drops an empty
    /// one and splits one with spaces); quoted, none may hold what ends the quote.
    Choice {
        text: String,
        alts: Vec<String>,
    },
    /// A constant of plain words separated by single spaces (`const MODE = "-l -a"`):
    /// alone and unquoted it becomes `spread` (`...MODE.split(" ")`); anywhere else
    /// its text is read as command text, which cplint does not place.
    ConstWords {
        text: String,
        spread: String,
        value: String,
    },
    /// A value cplint will not place: its known text holds spaces or shell syntax
    /// the shell would have read (a template held in a variable).
    Blocked,
}

/// Which shell reads the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `/bin/sh` (dash, or bash in POSIX mode).
    Sh,
    /// `bash`: as `sh`, and it also expands `~` after `=` and `:` in words that look
    /// like assignments (`NAME=~/x`): any unquoted `~` stops the split.
    Bash,
}

/// Characters with no meaning to the shell anywhere in a word.
pub fn plain_chars(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:,+@%=^".contains(c) || (!c.is_ascii() && !c.is_whitespace()))
}

/// One word the shell leaves as it is: not empty, nothing it would split or expand.
pub fn plain_word(s: &str) -> bool {
    !s.is_empty() && plain_chars(s)
}

/// A piece of one resulting word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    Expr(String),
    /// A whole word that becomes several arguments: `...flags`.
    Spread(String),
}

/// A word of the command line: literal text and interpolated values glued together.
pub type Word = Vec<Piece>;

/// The words, and whether some interpolated value stood outside quotes (the shell
/// would have split and globbed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub words: Vec<Word>,
    /// The directory of a leading `cd DIR &&` ([`split_with_cd`] only): the rest
    /// runs there.
    pub cd: Option<Word>,
    pub unquoted_value: bool,
    pub has_values: bool,
}

/// Why a command cannot become an argument array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    Pipe,
    Sequence,
    Background,
    Redirect,
    Substitution,
    Variable,
    Glob,
    Brace,
    Tilde,
    Comment,
    Subshell,
    EnvAssignment,
    Builtin,
    Quote,
    Empty,
    SeveralWords,
    WholeCommand,
    /// A value that may be empty or hold several words, or whose text cplint knows
    /// only in part.
    UnsureValue,
}

impl Blocker {
    /// Display-only advice: what to write instead.
    pub fn advice(self) -> &'static str {
        match self {
            Blocker::Pipe => {
                "the command is a pipeline: start each program with `spawn(file, [args])` and connect them with `pipeline(first.stdout, second.stdin)` from `node:stream`"
            }
            Blocker::Sequence => {
                "the command runs several commands (`;`, `&&`, `||` or a newline): run each with `execFile(file, [args])`, one after another, checking each result"
            }
            Blocker::Background => {
                "the command starts a background job (`&`): start it with `spawn(file, [args], { detached: true })` and call `child.unref()`"
            }
            Blocker::Redirect => {
                "the command redirects input or output (`<`, `>`): run it with `spawn(file, [args])` and pipe `child.stdout` into `fs.createWriteStream(path)` (or a read stream into `child.stdin`)"
            }
            Blocker::Substitution => {
                "the command substitutes another command's output (`$( )` or backticks): run the inner command first with `execFile`, then pass its output as an argument"
            }
            Blocker::Variable => {
                "the command expands a shell variable (`$NAME`): read it from `process.env` in JavaScript and pass the value as an argument, or set it with the `env` option"
            }
            Blocker::Glob => {
                "the command uses a glob (`*`, `?`, `[ ]`): list the files in JavaScript (`fs.readdirSync`, `fs.globSync`) and pass the names as arguments"
            }
            Blocker::Brace => "the command uses brace expansion (`{a,b}`): write each argument out in the array",
            Blocker::Tilde => {
                "the command uses `~`: use `os.homedir()` and `path.join` instead and pass the path as an argument"
            }
            Blocker::Comment => {
                "the command contains a shell comment (`#`): remove it and pass the remaining words as an argument array"
            }
            Blocker::Subshell => {
                "the command uses a subshell or grouping (`( )`): run the commands one by one with `execFile`"
            }
            Blocker::EnvAssignment => {
                "the command sets environment variables (`NAME=value cmd`): pass them with the `env` option, e.g. `{ env: { ...process.env, NAME: value } }`"
            }
            Blocker::Builtin => {
                "the command is a shell builtin (its external program, if any, behaves differently: `echo -e`, exit status 127 instead of `ENOENT`): do it in JavaScript (`cd` → the `cwd` option, `export` → the `env` option, `echo`/`printf` → write the text), or run the external program by its path"
            }
            Blocker::Quote => "the command has an unbalanced quote; write the program and its arguments as an array",
            Blocker::Empty => "the command is empty",
            Blocker::SeveralWords => {
                "an interpolated value looks like several arguments in one string (`args`, `flags`, `cmd`): keep them as an array and pass `...args` inside the argument array of `execFile(file, [...])`"
            }
            Blocker::UnsureValue => {
                "an interpolated value may be empty or hold several words (`cond ? \"--stat\" : \"\"`, a template with spaces built elsewhere), which the shell dropped or split: build the argument array with a conditional spread, e.g. `...(cond ? [\"--stat\"] : [])`, then call `execFile(file, args)`"
            }
            Blocker::WholeCommand => {
                "the whole command line is one interpolated value: build the program and an argument array where it is made, then call `execFile(file, args)`"
            }
        }
    }
}

/// Shell builtins and keywords: the shell runs them itself, so the program of the
/// same name (when there is one: `echo`, `printf`, `test`, `kill`) is not what ran.
const BUILTINS: &[&str] = &[
    "cd",
    "export",
    "source",
    ".",
    "set",
    "unset",
    "ulimit",
    "umask",
    "exec",
    "eval",
    "alias",
    "unalias",
    "read",
    "wait",
    "trap",
    "shift",
    "return",
    "exit",
    "readonly",
    "local",
    "declare",
    "typeset",
    "let",
    "hash",
    "times",
    "bg",
    "fg",
    "jobs",
    "getopts",
    "command",
    "builtin",
    "type",
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "for",
    "while",
    "until",
    "do",
    "done",
    "case",
    "esac",
    "function",
    "select",
    "time",
    "!",
    "[[",
    "]]",
    "echo",
    "printf",
    "test",
    "[",
    "pwd",
    "true",
    "false",
    ":",
    "kill",
    "break",
    "continue",
    "coproc",
    "enable",
    "shopt",
    "help",
    "logout",
    "mapfile",
    "readarray",
    "caller",
    "compgen",
    "complete",
    "compopt",
    "dirs",
    "disown",
    "popd",
    "pushd",
    "suspend",
    "history",
    "fc",
    "bind",
    "{",
    "}",
];

/// Splits `segs` into words as `/bin/sh` would. See the module docs.
pub fn split(segs: &[Seg]) -> Result<Split, Blocker> {
    split_for(segs, Dialect::Sh)
}

/// Splits `segs` into words as `dialect` would.
pub fn split_for(segs: &[Seg], dialect: Dialect) -> Result<Split, Blocker> {
    split_inner(segs, dialect, false)
}

/// [`split_for`], also accepting one leading `cd DIR && …` (`cd` with exactly one
/// word, not an option, and no other `&&`): its directory goes in [`Split::cd`] and
/// the words are those of the command after it.
pub fn split_with_cd(segs: &[Seg], dialect: Dialect) -> Result<Split, Blocker> {
    split_inner(segs, dialect, true)
}

fn split_inner(segs: &[Seg], dialect: Dialect, allow_cd: bool) -> Result<Split, Blocker> {
    #[derive(PartialEq)]
    enum Q {
        None,
        Single,
        Double,
    }
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Word = Vec::new();
    let mut started = false;
    let mut q = Q::None;
    let mut unquoted_value = false;
    let mut has_values = false;
    // Words that began with an unquoted several-words value: (word index, spread).
    let mut lone_many: Vec<(usize, Option<String>)> = Vec::new();
    // Words holding an unquoted `.join(" ")` anywhere: glued to other text
    // (`${names.join(" ")}${suffix}`) the shell split it into the elements, one
    // argument would not (a value that merely may hold spaces stays one argument).
    let mut many_in: Vec<usize> = Vec::new();
    // Words that began with a constant of several words: (word index, spread).
    let mut lone_const: Vec<(usize, String)> = Vec::new();
    let mut cd: Option<Word> = None;

    fn push_char(cur: &mut Word, c: char) {
        if let Some(Piece::Lit(s)) = cur.last_mut() {
            s.push(c);
        } else {
            cur.push(Piece::Lit(c.to_string()));
        }
    }

    for seg in segs {
        match seg {
            Seg::Blocked => return Err(Blocker::UnsureValue),
            Seg::ConstWords { text, spread, .. } => {
                if q != Q::None || started {
                    return Err(Blocker::UnsureValue);
                }
                lone_const.push((words.len(), spread.clone()));
                cur.push(Piece::Expr(text.clone()));
                started = true;
            }
            Seg::Const(text) => {
                cur.push(Piece::Expr(text.clone()));
                started = true;
            }
            Seg::Choice { text, alts } => {
                let fits = |a: &String| match q {
                    Q::None => plain_word(a),
                    Q::Double => !a.contains(['$', '`', '\\', '"']),
                    Q::Single => !a.contains('\''),
                };
                if !alts.iter().all(fits) {
                    return Err(Blocker::UnsureValue);
                }
                has_values = true;
                cur.push(Piece::Expr(text.clone()));
                started = true;
            }
            Seg::Expr(text) => {
                has_values = true;
                if q == Q::None {
                    unquoted_value = true;
                }
                cur.push(Piece::Expr(text.clone()));
                started = true;
            }
            Seg::Many { text, spread } => {
                has_values = true;
                if q == Q::None {
                    unquoted_value = true;
                    if spread.is_some() {
                        many_in.push(words.len());
                    }
                    if cur.is_empty() && !started {
                        // Alone so far: decided when the word ends.
                        lone_many.push((words.len(), spread.clone()));
                    }
                }
                cur.push(Piece::Expr(text.clone()));
                started = true;
            }
            Seg::Lit(s) => {
                let mut chars = s.chars().peekable();
                while let Some(c) = chars.next() {
                    match q {
                        Q::Single => {
                            if c == '\'' {
                                q = Q::None;
                            } else {
                                push_char(&mut cur, c);
                            }
                        }
                        Q::Double => match c {
                            '"' => q = Q::None,
                            '$' | '`' => return Err(expansion(c, chars.peek())),
                            '\\' => match chars.peek().copied() {
                                Some(n @ ('$' | '`' | '"' | '\\')) => {
                                    chars.next();
                                    push_char(&mut cur, n);
                                }
                                Some('\n') => {
                                    chars.next();
                                }
                                _ => push_char(&mut cur, '\\'),
                            },
                            _ => push_char(&mut cur, c),
                        },
                        Q::None => match c {
                            ' ' | '\t' => {
                                if started {
                                    words.push(std::mem::take(&mut cur));
                                    started = false;
                                }
                            }
                            '\n' | ';' => {
                                // Trailing newlines/semicolons end the only command.
                                if segs_rest_blank(&mut chars) && is_last(segs, seg) {
                                    continue;
                                }
                                return Err(Blocker::Sequence);
                            }
                            '\'' => {
                                q = Q::Single;
                                started = true;
                            }
                            '"' => {
                                q = Q::Double;
                                started = true;
                            }
                            '\\' => match chars.next() {
                                Some('\n') => {}
                                Some(n) => {
                                    push_char(&mut cur, n);
                                    started = true;
                                }
                                None => return Err(Blocker::Quote),
                            },
                            '|' => {
                                return Err(if chars.peek() == Some(&'|') { Blocker::Sequence } else { Blocker::Pipe });
                            }
                            '&' if allow_cd && cd.is_none() && chars.peek() == Some(&'&') => {
                                if started {
                                    words.push(std::mem::take(&mut cur));
                                    started = false;
                                }
                                let is_cd =
                                    matches!(words.first().map(|w| w.as_slice()), Some([Piece::Lit(c)]) if c == "cd");
                                let dir_ok = words.get(1).is_some_and(|w| match w.first() {
                                    Some(Piece::Lit(l)) => !l.starts_with('-'),
                                    Some(Piece::Expr(_)) => true,
                                    _ => false,
                                });
                                if !(is_cd
                                    && words.len() == 2
                                    && dir_ok
                                    && lone_const.is_empty()
                                    && lone_many.is_empty())
                                {
                                    return Err(Blocker::Sequence);
                                }
                                chars.next();
                                cd = words.pop();
                                words.clear();
                            }
                            '&' => {
                                return Err(if chars.peek() == Some(&'&') {
                                    Blocker::Sequence
                                } else {
                                    Blocker::Background
                                });
                            }
                            '<' | '>' => return Err(Blocker::Redirect),
                            '(' | ')' => return Err(Blocker::Subshell),
                            '$' | '`' => return Err(expansion(c, chars.peek())),
                            '*' | '?' | '[' | ']' => return Err(Blocker::Glob),
                            '{' | '}' => return Err(Blocker::Brace),
                            '~' if !started || dialect == Dialect::Bash => return Err(Blocker::Tilde),
                            '#' if !started => return Err(Blocker::Comment),
                            '=' if words.is_empty() && is_assignment_name(&cur) => {
                                return Err(Blocker::EnvAssignment);
                            }
                            _ => {
                                push_char(&mut cur, c);
                                started = true;
                            }
                        },
                    }
                }
            }
        }
    }
    if q != Q::None {
        return Err(Blocker::Quote);
    }
    if started {
        words.push(cur);
    }
    let Some(first) = words.first() else {
        return Err(Blocker::Empty);
    };
    if let [Piece::Lit(p)] = first.as_slice()
        && BUILTINS.contains(&p.as_str())
    {
        return Err(Blocker::Builtin);
    }
    if words.len() == 1 && matches!(first.as_slice(), [Piece::Expr(_)]) && unquoted_value {
        return Err(Blocker::WholeCommand);
    }
    for (i, spread) in lone_const {
        match words.get(i) {
            Some(w) if w.len() == 1 && i > 0 => words[i] = vec![Piece::Spread(spread)],
            _ => return Err(Blocker::UnsureValue),
        }
    }
    if many_in.iter().any(|&i| words.get(i).is_some_and(|w| w.len() > 1)) {
        return Err(Blocker::SeveralWords);
    }
    for (i, spread) in lone_many {
        if words.get(i).is_some_and(|w| w.len() == 1) {
            match spread {
                Some(s) if i > 0 => words[i] = vec![Piece::Spread(s)],
                _ => return Err(Blocker::SeveralWords),
            }
        }
    }
    Ok(Split { words, cd, unquoted_value, has_values })
}

/// What a `$` or backtick starts (outside single quotes): a command substitution
/// (`$( )`, backticks) or a variable.
fn expansion(c: char, next: Option<&char>) -> Blocker {
    if c == '`' || next == Some(&'(') { Blocker::Substitution } else { Blocker::Variable }
}

/// `NAME` so far in the first word: the `=` that follows makes it an assignment.
fn is_assignment_name(cur: &Word) -> bool {
    match cur.as_slice() {
        [Piece::Lit(s)] => {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !s.starts_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

fn segs_rest_blank(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let rest: String = chars.clone().collect();
    rest.chars().all(|c| c.is_whitespace() || c == ';')
}

fn is_last(segs: &[Seg], seg: &Seg) -> bool {
    segs.last().is_some_and(|l| std::ptr::eq(l, seg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Seg {
        Seg::Lit(s.into())
    }
    fn words(segs: &[Seg]) -> Vec<Vec<Piece>> {
        split(segs).expect("splits").words
    }
    fn l(s: &str) -> Piece {
        Piece::Lit(s.into())
    }

    #[test]
    fn plain_words_and_quotes() {
        assert_eq!(words(&[lit("ls  -la\t/tmp")]), vec![vec![l("ls")], vec![l("-la")], vec![l("/tmp")]]);
        assert_eq!(
            words(&[lit("tool 'a b' \"c d\" e\\ f ''")]),
            vec![vec![l("tool")], vec![l("a b")], vec![l("c d")], vec![l("e f")], vec![],]
        );
        assert_eq!(words(&[lit("git log HEAD~1 --format=%H")]).len(), 4);
        assert_eq!(words(&[lit(r#"tool "a\"b" 'it''s'"#)]), vec![vec![l("tool")], vec![l("a\"b")], vec![l("its")]]);
        assert_eq!(words(&[lit("ls -la\n")]).len(), 2);
    }

    #[test]
    fn values_stay_pieces() {
        let s =
            split(&[lit("ffmpeg -i "), Seg::Expr("input".into()), lit(" out-"), Seg::Expr("n".into()), lit(".mp4")])
                .unwrap();
        assert!(s.unquoted_value && s.has_values);
        assert_eq!(s.words[2], vec![Piece::Expr("input".into())]);
        assert_eq!(s.words[3], vec![l("out-"), Piece::Expr("n".into()), l(".mp4")]);
        let q = split(&[lit("convert \""), Seg::Expr("f".into()), lit("\" x.png")]).unwrap();
        assert!(!q.unquoted_value);
        assert_eq!(q.words[1], vec![Piece::Expr("f".into())]);
    }

    #[test]
    fn several_words_values() {
        let many = |t: &str, s: Option<&str>| Seg::Many { text: t.into(), spread: s.map(Into::into) };
        // `git ${args}`: the shell split `args`; without a spread form, advice only.
        assert_eq!(split(&[lit("git "), many("args", None)]), Err(Blocker::SeveralWords));
        // `eslint ${files.join(" ")}` → `...files`.
        let s = split(&[lit("eslint --fix "), many("files.join(\" \")", Some("...files"))]).unwrap();
        assert_eq!(s.words[2], vec![Piece::Spread("...files".into())]);
        // Quoted or glued to text it is one argument, as before.
        let s = split(&[lit("git commit -m \""), many("args", None), lit("\"")]).unwrap();
        assert_eq!(s.words[3], vec![Piece::Expr("args".into())]);
        let s = split(&[lit("tool --x="), many("opts", None)]).unwrap();
        assert_eq!(s.words[1], vec![l("--x="), Piece::Expr("opts".into())]);
        // A space join glued to text: the shell split the elements, one argument would not.
        assert_eq!(
            split(&[lit("git tag "), many("names.join(\" \")", Some("...names")), lit("-rc")]),
            Err(Blocker::SeveralWords)
        );
        assert_eq!(split(&[lit("tool --x="), many("names.join(\" \")", Some("...names"))]), Err(Blocker::SeveralWords));
        // The whole command in one unquoted value.
        assert_eq!(split(&[Seg::Expr("cmd".into())]), Err(Blocker::WholeCommand));
        assert_eq!(split(&[many("cmd", None)]), Err(Blocker::WholeCommand));
    }

    #[test]
    fn metacharacters_block() {
        for (cmd, b) in [
            ("ls | wc -l", Blocker::Pipe),
            ("a && b", Blocker::Sequence),
            ("a || b", Blocker::Sequence),
            ("a; b", Blocker::Sequence),
            ("a\nb", Blocker::Sequence),
            ("sleep 1 &", Blocker::Background),
            ("ls > out", Blocker::Redirect),
            ("echo $(id)", Blocker::Substitution),
            ("echo `id`", Blocker::Substitution),
            ("echo \"$(id)\"", Blocker::Substitution),
            ("echo $HOME", Blocker::Variable),
            ("echo \"$HOME\"", Blocker::Variable),
            ("rm *.tmp", Blocker::Glob),
            ("cp a.{js,ts} b", Blocker::Brace),
            ("ls ~/x", Blocker::Tilde),
            ("ls # all", Blocker::Comment),
            ("(cd x)", Blocker::Subshell),
            ("FOO=1 node x", Blocker::EnvAssignment),
            ("cd /tmp", Blocker::Builtin),
            ("echo -e x", Blocker::Builtin),
            ("printf %s x", Blocker::Builtin),
            ("test -f x", Blocker::Builtin),
            ("[ -f x ]", Blocker::Glob),
            ("echo 'x", Blocker::Quote),
            ("   ", Blocker::Empty),
        ] {
            assert_eq!(split(&[lit(cmd)]), Err(b), "{cmd}");
        }
        // Quoted metacharacters are plain text.
        assert_eq!(words(&[lit("grep 'a|b' '*.js' \"x;y\"")]).len(), 4);
        // `=` after the first word, `#`/`~` inside a word are plain.
        assert_eq!(words(&[lit("node --max-old-space-size=4096 a#b c~d")]).len(), 4);
        // bash also expands `~` after `=` and `:` in assignment-like words.
        assert_eq!(words(&[lit("tool NAME=~/x")]).len(), 2);
        assert_eq!(split_for(&[lit("tool NAME=~/x")], Dialect::Bash), Err(Blocker::Tilde));
        // `cd DIR && …` only where asked for, and only in its plain form.
        assert_eq!(split_for(&[lit("cd /srv && make")], Dialect::Sh), Err(Blocker::Sequence));
        let s = split_with_cd(&[lit("cd '/srv/my app' && make -j4")], Dialect::Sh).unwrap();
        assert_eq!(s.cd, Some(vec![Piece::Lit("/srv/my app".into())]));
        assert_eq!(s.words, vec![vec![Piece::Lit("make".into())], vec![Piece::Lit("-j4".into())]]);
        for blocked in
            ["cd -P /srv && make", "cd - && make", "cd && make", "cd a b && make", "cd a && b && c", "x a && make"]
        {
            assert_eq!(split_with_cd(&[lit(blocked)], Dialect::Sh), Err(Blocker::Sequence), "{blocked}");
        }
        assert_eq!(split_with_cd(&[lit("cd a && echo hi")], Dialect::Sh), Err(Blocker::Builtin));
        assert_eq!(split_with_cd(&[lit("cd a &&")], Dialect::Sh), Err(Blocker::Empty));
        assert_eq!(split_with_cd(&[lit("cd a && make | tee log")], Dialect::Sh), Err(Blocker::Pipe));
        assert_eq!(split_for(&[lit("tool 'NAME=~/x'")], Dialect::Bash).map(|s| s.words.len()), Ok(2));
    }

    #[test]
    fn constants_and_choices() {
        let choice =
            |alts: &[&str]| Seg::Choice { text: "c".into(), alts: alts.iter().map(|a| a.to_string()).collect() };
        // A plain constant stays an expression and is no value.
        let s = split(&[lit("tool "), Seg::Const("MODE".into())]).unwrap();
        assert!(!s.has_values);
        assert_eq!(s.words[1], vec![Piece::Expr("MODE".into())]);
        // A choice that may be empty or split is refused unquoted, fine in double quotes.
        assert_eq!(split(&[lit("git log "), choice(&["--stat", ""])]), Err(Blocker::UnsureValue));
        assert_eq!(split(&[lit("ls "), choice(&["-l -a", "-l"])]), Err(Blocker::UnsureValue));
        assert!(split(&[lit("git log "), choice(&["--stat", "--oneline"])]).is_ok());
        assert!(split(&[lit("git commit -m \""), choice(&["a b", ""]), lit("\"")]).is_ok());
        assert_eq!(split(&[lit("git commit -m \""), choice(&["a\"b"]), lit("\"")]), Err(Blocker::UnsureValue));
        assert_eq!(split(&[lit("tool "), Seg::Blocked]), Err(Blocker::UnsureValue));
        // A constant of several words becomes a spread when it stands alone.
        let words = |spread: &str| Seg::ConstWords { text: "M".into(), spread: spread.into(), value: "-l -a".into() };
        let s = split(&[lit("ls "), words("...M.split(\" \")"), lit(" x")]).unwrap();
        assert_eq!(s.words[1], vec![Piece::Spread("...M.split(\" \")".into())]);
        assert_eq!(split(&[lit("ls -x"), words("...M")]), Err(Blocker::UnsureValue));
        assert_eq!(split(&[lit("ls \""), words("...M"), lit("\"")]), Err(Blocker::UnsureValue));
        assert!(plain_word("--format=%H") && plain_word("naïve.mp4") && !plain_word("") && !plain_word("a b"));
        assert!(!plain_word("~x") && !plain_word("#x") && !plain_word("*.js") && !plain_word("a'b"));
    }
}
