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
                "the command is a shell builtin with no program of its own: do it in JavaScript (`cd` → the `cwd` option, `export` → the `env` option)"
            }
            Blocker::Quote => "the command has an unbalanced quote; write the program and its arguments as an array",
            Blocker::Empty => "the command is empty",
            Blocker::SeveralWords => {
                "an interpolated value looks like several arguments in one string (`args`, `flags`, `cmd`): keep them as an array and pass `...args` inside the argument array of `execFile(file, [...])`"
            }
            Blocker::WholeCommand => {
                "the whole command line is one interpolated value: build the program and an argument array where it is made, then call `execFile(file, args)`"
            }
        }
    }
}

/// Shell builtins and keywords that have no executable of their own.
const BUILTINS: &[&str] = &[
    "cd", "export", "source", ".", "set", "unset", "ulimit", "umask", "exec", "eval", "alias", "unalias", "read",
    "wait", "trap", "shift", "return", "exit", "readonly", "local", "declare", "typeset", "let", "hash", "times", "bg",
    "fg", "jobs", "getopts", "command", "builtin", "type", "if", "then", "else", "elif", "fi", "for", "while", "until",
    "do", "done", "case", "esac", "function", "select", "time", "!", "[[", "]]",
];

/// Splits `segs` into words. See the module docs.
pub fn split(segs: &[Seg]) -> Result<Split, Blocker> {
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

    fn push_char(cur: &mut Word, c: char) {
        if let Some(Piece::Lit(s)) = cur.last_mut() {
            s.push(c);
        } else {
            cur.push(Piece::Lit(c.to_string()));
        }
    }

    for seg in segs {
        match seg {
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
                            '~' if !started => return Err(Blocker::Tilde),
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
    for (i, spread) in lone_many {
        if words.get(i).is_some_and(|w| w.len() == 1) {
            match spread {
                Some(s) if i > 0 => words[i] = vec![Piece::Spread(s)],
                _ => return Err(Blocker::SeveralWords),
            }
        }
    }
    Ok(Split { words, unquoted_value, has_values })
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
            words(&[lit("echo 'a b' \"c d\" e\\ f ''")]),
            vec![vec![l("echo")], vec![l("a b")], vec![l("c d")], vec![l("e f")], vec![],]
        );
        assert_eq!(words(&[lit("git log HEAD~1 --format=%H")]).len(), 4);
        assert_eq!(words(&[lit(r#"echo "a\"b" 'it''s'"#)]), vec![vec![l("echo")], vec![l("a\"b")], vec![l("its")]]);
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
            ("echo 'x", Blocker::Quote),
            ("   ", Blocker::Empty),
        ] {
            assert_eq!(split(&[lit(cmd)]), Err(b), "{cmd}");
        }
        // Quoted metacharacters are plain text.
        assert_eq!(words(&[lit("grep 'a|b' '*.js' \"x;y\"")]).len(), 4);
        // `=` after the first word, `#`/`~` inside a word are plain.
        assert_eq!(words(&[lit("node --max-old-space-size=4096 a#b c~d")]).len(), 4);
    }
}
