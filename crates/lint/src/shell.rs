//! A small reading of RUN scripts: commands, their words, assignments,
//! redirects, pipes and heredocs. Enough to follow a secret from where it is
//! read to where it is written; not a full shell parser (no expansion, no
//! control flow beyond dropping its keywords).

/// A script as a flat list of simple commands, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Script {
    /// The commands, including those of heredoc bodies run by a shell.
    pub commands: Vec<Command>,
}

/// One simple command: `NAME=value ... word ... redirects`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    /// Leading `NAME=value` assignments (quotes removed).
    pub assignments: Vec<(String, String)>,
    /// The words, quotes removed; `$(...)`, `${...}` and backticks kept as written.
    pub words: Vec<String>,
    /// `>`, `>>`, `<` and friends.
    pub redirects: Vec<Redirect>,
    /// Whether stdin is the previous command's stdout (`a | b`).
    pub piped: bool,
    /// A heredoc fed to stdin.
    pub heredoc: Option<Heredoc>,
}

/// A file redirect of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// Whether it writes the file (`>`, `>>`, `&>`) rather than reads it (`<`).
    pub writes: bool,
    /// Whether stdout goes to the file (`>`, `1>`, `&>`); false for `2>`.
    pub stdout: bool,
    /// The file.
    pub target: String,
}

/// A heredoc body on a command's stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heredoc {
    /// The body text.
    pub body: String,
    /// Whether the shell expands `$...` in it (the delimiter was not quoted).
    pub expands: bool,
}

/// Words that open or close shell control flow; dropped where a command starts.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "!",
    "{", "}", "time",
];

/// Shells whose heredoc stdin is itself a script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];

impl Command {
    /// The program's base name (`/usr/bin/pip3` → `pip3`), past `sudo`.
    pub fn program(&self) -> Option<&str> {
        self.argv()
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w))
    }

    /// The words from the program on, past a leading `sudo`.
    pub fn argv(&self) -> &[String] {
        match self.words.first() {
            Some(first) if first == "sudo" => &self.words[1..],
            _ => &self.words,
        }
    }

    /// The arguments after the program.
    pub fn args(&self) -> &[String] {
        self.argv().get(1..).unwrap_or(&[])
    }

    /// The arguments that are not `-flags`.
    pub fn operands(&self) -> impl Iterator<Item = &String> {
        self.args().iter().filter(|a| !a.starts_with('-'))
    }
}

/// Reads `script`; `heredocs` are the RUN's `(delimiter, body)` pairs.
pub(crate) fn parse(script: &str, heredocs: &[(String, String)]) -> Script {
    let mut reader = Reader {
        chars: script.chars().collect(),
        pos: 0,
        heredocs,
        script: Script::default(),
        command: Command::default(),
        word: None,
        quoted: false,
        pending: None,
    };
    reader.run();
    reader.script
}

/// What the next word completes.
#[derive(Debug, Clone, Copy)]
enum Pending {
    Write { stdout: bool },
    Read,
    Heredoc,
    Dup,
}

struct Reader<'a> {
    chars: Vec<char>,
    pos: usize,
    heredocs: &'a [(String, String)],
    script: Script,
    command: Command,
    word: Option<String>,
    quoted: bool,
    pending: Option<Pending>,
}

impl Reader<'_> {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn push(&mut self, c: char) {
        self.word.get_or_insert_with(String::new).push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.word.get_or_insert_with(String::new).push_str(s);
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => {
                    match self.peek(1) {
                        Some('\n') => {}
                        Some(next) => self.push(next),
                        None => self.push('\\'),
                    }
                    self.pos += 2;
                }
                ' ' | '\t' | '\r' => {
                    self.end_word();
                    self.pos += 1;
                }
                '\n' | ';' | '(' | ')' => {
                    self.end_command(false);
                    self.pos += 1;
                }
                '&' if self.peek(1) == Some('>') => {
                    self.end_word();
                    self.pos += 2;
                    if self.peek(0) == Some('>') {
                        self.pos += 1;
                    }
                    self.pending = Some(Pending::Write { stdout: true });
                }
                '&' | '|' => {
                    let double = self.peek(1) == Some(c);
                    let piped = c == '|' && !double;
                    self.end_command(piped);
                    self.pos += if double || self.peek(1) == Some('&') {
                        2
                    } else {
                        1
                    };
                }
                '>' | '<' => self.redirect(c),
                '#' if self.word.is_none() => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                '\'' => {
                    self.quoted = true;
                    let text = self.until('\'');
                    self.push_str(&text);
                }
                '"' => {
                    self.quoted = true;
                    self.double_quoted();
                }
                '$' if matches!(self.peek(1), Some('(' | '{')) => {
                    let text = self.balanced();
                    self.push_str(&text);
                }
                '`' => {
                    let text = self.until('`');
                    self.push_str(&format!("`{text}`"));
                }
                _ => {
                    self.push(c);
                    self.pos += 1;
                }
            }
        }
        self.end_command(false);
    }

    /// Reads a quoted span that ends at `close`; returns its content.
    fn until(&mut self, close: char) -> String {
        self.pos += 1;
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            if c == close {
                break;
            }
            text.push(c);
        }
        text
    }

    fn double_quoted(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek(0) {
            match c {
                '"' => {
                    self.pos += 1;
                    return;
                }
                '\\' => {
                    match self.peek(1) {
                        Some('\n') => {}
                        Some(n @ ('"' | '\\' | '$' | '`')) => self.push(n),
                        Some(n) => {
                            self.push('\\');
                            self.push(n);
                        }
                        None => {}
                    }
                    self.pos += 2;
                }
                '$' if matches!(self.peek(1), Some('(' | '{')) => {
                    let text = self.balanced();
                    self.push_str(&text);
                }
                _ => {
                    self.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads `$(...)` or `${...}` with nesting and quotes; returns it as written.
    fn balanced(&mut self) -> String {
        let open = self.peek(1).unwrap_or('(');
        let close = if open == '(' { ')' } else { '}' };
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1;
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                '\\' => self.pos += 1,
                '\'' | '"' => {
                    while let Some(q) = self.peek(0) {
                        self.pos += 1;
                        if q == c {
                            break;
                        }
                    }
                }
                _ if c == open => depth += 1,
                _ if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = self.pos.min(self.chars.len());
        self.chars[start..end].iter().collect()
    }

    fn redirect(&mut self, c: char) {
        let fd = self
            .word
            .take_if(|w| !self.quoted && w.chars().all(|d| d.is_ascii_digit()));
        self.end_word();
        let stdout = fd.as_deref().is_none_or(|fd| fd == "1");
        self.pos += 1;
        let pending = if c == '>' {
            if matches!(self.peek(0), Some('>' | '|')) {
                self.pos += 1;
            }
            if self.peek(0) == Some('&') {
                self.pos += 1;
                Pending::Dup
            } else {
                Pending::Write { stdout }
            }
        } else if self.peek(0) == Some('<') {
            self.pos += 1;
            match self.peek(0) {
                Some('<') => {
                    self.pos += 1;
                    Pending::Read
                }
                Some('-') => {
                    self.pos += 1;
                    Pending::Heredoc
                }
                _ => Pending::Heredoc,
            }
        } else {
            if self.peek(0) == Some('&') {
                self.pos += 1;
            }
            Pending::Read
        };
        self.pending = Some(pending);
    }

    fn end_word(&mut self) {
        let quoted = std::mem::take(&mut self.quoted);
        let Some(word) = self.word.take() else {
            return;
        };
        match self.pending.take() {
            Some(Pending::Write { stdout }) => self.command.redirects.push(Redirect {
                writes: true,
                stdout,
                target: word,
            }),
            Some(Pending::Read) => self.command.redirects.push(Redirect {
                writes: false,
                stdout: false,
                target: word,
            }),
            Some(Pending::Heredoc) => {
                let body = self
                    .heredocs
                    .iter()
                    .find(|(marker, _)| *marker == word)
                    .map(|(_, body)| body.clone());
                if let Some(body) = body {
                    self.command.heredoc = Some(Heredoc {
                        body,
                        expands: !quoted,
                    });
                }
            }
            Some(Pending::Dup) => {}
            None => {
                if self.command.words.is_empty() {
                    if KEYWORDS.contains(&word.as_str()) && !quoted {
                        return;
                    }
                    if let Some((name, value)) = assignment(&word) {
                        self.command.assignments.push((name, value));
                        return;
                    }
                }
                self.command.words.push(word);
            }
        }
    }

    fn end_command(&mut self, next_piped: bool) {
        self.end_word();
        let command = std::mem::take(&mut self.command);
        self.command.piped = next_piped;
        if command.words.is_empty() && command.assignments.is_empty() && command.heredoc.is_none() {
            return;
        }
        let inner = match (&command.heredoc, command.program()) {
            (Some(heredoc), None) => Some(heredoc.body.clone()),
            (Some(heredoc), Some(program))
                if SHELLS.contains(&program) && !command.args().iter().any(|a| a == "-c") =>
            {
                Some(heredoc.body.clone())
            }
            _ => None,
        };
        let has_words = !command.words.is_empty() || !command.assignments.is_empty();
        if has_words {
            self.script.commands.push(command);
        }
        if let Some(body) = inner {
            // The body's own heredocs are inline text, not the RUN's: none are passed on,
            // which also keeps a body that names its own delimiter from recursing.
            let nested = parse(&body, &[]);
            self.script.commands.extend(nested.commands);
        }
    }
}

/// `NAME=value` as a pair, when `word` is an assignment.
fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(script: &Script) -> Vec<Vec<&str>> {
        script
            .commands
            .iter()
            .map(|c| c.words.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn splits_commands_and_keeps_substitutions_whole() {
        let script = parse(
            "TOKEN=\"$(cat /run/secrets/t)\" npm ci && echo \"a b\" > ~/.npmrc; cat x | tee -a out 2>/dev/null",
            &[],
        );
        assert_eq!(
            words(&script),
            vec![
                vec!["npm", "ci"],
                vec!["echo", "a b"],
                vec!["cat", "x"],
                vec!["tee", "-a", "out"]
            ]
        );
        assert_eq!(script.commands[0].assignments[0].1, "$(cat /run/secrets/t)");
        assert_eq!(script.commands[1].redirects[0].target, "~/.npmrc");
        assert!(script.commands[3].piped);
        assert!(!script.commands[3].redirects[0].stdout);
    }

    #[test]
    fn continuations_comments_and_control_flow() {
        let script = parse(
            "if [ -f x ]; then \\\n  cp a b # copy\nfi\nfor i in 1; do rm -rf \"$i\"; done",
            &[],
        );
        assert_eq!(
            words(&script),
            vec![
                vec!["[", "-f", "x", "]"],
                vec!["cp", "a", "b"],
                vec!["i", "in", "1"],
                vec!["rm", "-rf", "$i"]
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panicking(script in "[a-z$(){}'\"\\\\<>|&;#= \n-]{0,80}") {
            let heredocs = vec![("EOF".to_owned(), script.clone())];
            let _ = parse(&script, &heredocs);
            let _ = parse(&format!("<<EOF {script}"), &heredocs);
        }
    }

    #[test]
    fn heredocs_feed_stdin_or_run_as_scripts() {
        let heredocs = vec![
            (
                "EOF".to_owned(),
                "echo $(cat /run/secrets/t) > f".to_owned(),
            ),
            ("CFG".to_owned(), "token=$T".to_owned()),
        ];
        let script = parse("<<EOF", &heredocs);
        assert_eq!(words(&script), vec![vec!["echo", "$(cat /run/secrets/t)"]]);
        let recursive = vec![("EOF".to_owned(), "<<EOF".to_owned())];
        assert_eq!(parse("<<EOF", &recursive), Script::default());
        let script = parse("cat <<'CFG' > /etc/x.conf", &heredocs);
        let heredoc = script.commands[0].heredoc.as_ref().expect("heredoc");
        assert_eq!(heredoc.body, "token=$T");
        assert!(!heredoc.expands);
        assert_eq!(script.commands[0].redirects[0].target, "/etc/x.conf");
    }
}
