//! The Danish reports a municipality sends to STAR and to its management: a run, a
//! comparison, a sensitivity and an evaluation, on the terminal and as a page, hold no
//! English words and no backticks (markdown and command lines are not for these readers).

use super::{HEADER, fokus, quiet, stdout_of};
use std::path::{Path, PathBuf};

/// Words that are English and not Danish: any of them in a Danish report is a text that
/// missed its translation. (Words both languages share — "over", "under", "median",
/// "for", "to", "i" — and "seed", the loanword beside "startværdi", are left out.)
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "with",
    "without",
    "is",
    "from",
    "that",
    "see",
    "year",
    "mean",
    "goal",
    "target",
    "runs",
    "replications",
    "replication",
    "assumption",
    "probability",
    "offers",
    "month",
    "months",
    "paired",
    "unpaired",
    "difference",
    "base",
    "percentage",
    "points",
    "pp",
    "int",
    "file",
    "initiatives",
    "best",
    "worst",
    "low",
    "high",
    "share",
    "left",
    "per",
    "as",
    "red",
];

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.json"))
}

/// The text a reader sees in a page: the tags, the style sheet and scripts taken out.
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = &rest[open..];
        let skip_to = ["<style", "<script"]
            .iter()
            .zip(["</style>", "</script>"])
            .find(|(start, _)| rest.starts_with(*start))
            .map(|(_, end)| end)
            .unwrap_or(">");
        rest = rest
            .find(skip_to)
            .map_or("", |i| &rest[i + skip_to.len()..]);
    }
    text.push_str(rest);
    text
}

/// Every English word and backtick in `text`, with its neighbours, for the failure.
fn offences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(i) = text.find('`') {
        found.push(text[i.saturating_sub(40)..(i + 40).min(text.len())].to_string());
    }
    // The English genitive ("STAR's"): Danish writes "STARs".
    for apostrophe in ["'s ", "&#39;s ", "’s "] {
        found.extend(
            text.lines()
                .filter(|l| l.contains(apostrophe))
                .map(|l| l.trim().to_string()),
        );
    }
    for line in text.lines() {
        // A file's name (months.csv) is a name, not a word of the text.
        let words = line
            .split_whitespace()
            .filter(|w| !w.contains(".csv") && !w.contains(".json"))
            .flat_map(|w| w.split(|c: char| !c.is_alphabetic()));
        for w in words.filter(|w| ENGLISH.contains(&w.to_lowercase().as_str())) {
            found.push(format!("{w:?} in {:?}", line.trim()));
        }
    }
    found
}

/// The terminal output of `fokus args…` in Danish and the page it writes to `dir`.
fn danish(args: &[&str], dir: &Path, page_flag: &str) -> (String, String) {
    let terminal = stdout_of(fokus().args(args).args([page_flag, dir.to_str().unwrap()]));
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    (String::from_utf8(terminal).unwrap(), visible(&page))
}

#[test]
fn danish_reports_have_no_english_words_and_no_backticks() {
    let dir = tempfile::tempdir().unwrap();
    let (base, extra, plan) = (
        scenario("copenhagen-2025"),
        scenario("extra-capacity"),
        scenario("recovery-plan"),
    );
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    let data = dir.path().join("data.csv");
    let mut csv = HEADER.to_string();
    for id in ["a", "b", "c"] {
        csv.push_str(&quiet(id, "kontanthjaelp", "2024-01", "2025-06"));
    }
    std::fs::write(&data, csv).unwrap();

    let reports: [(&str, Vec<String>, &str); 4] = [
        (
            "run",
            vec![
                "run".into(),
                path(&base),
                "-n".into(),
                "20".into(),
                "--seed".into(),
                "7".into(),
            ],
            "--out",
        ),
        (
            "compare",
            vec![
                "compare".into(),
                path(&base),
                path(&extra),
                path(&plan),
                "-n".into(),
                "10".into(),
                "--curve-replications".into(),
                "4".into(),
                "--seed".into(),
                "7".into(),
            ],
            "--out",
        ),
        (
            "sensitivity",
            vec![
                "sensitivity".into(),
                path(&plan),
                "-n".into(),
                "4".into(),
                "--seed".into(),
                "7".into(),
            ],
            "--out",
        ),
        (
            "evaluate",
            vec![
                "evaluate".into(),
                path(&data),
                "--method".into(),
                "star".into(),
                "--method".into(),
                "frikort".into(),
                "--format".into(),
                "table".into(),
            ],
            "--report",
        ),
    ];
    let mut found = Vec::new();
    for (what, args, page_flag) in &reports {
        let folder = dir.path().join(what);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (terminal, page) = danish(&args, &folder, page_flag);
        found.extend(
            offences(&terminal)
                .into_iter()
                .map(|o| format!("{what} terminal: {o}")),
        );
        found.extend(
            offences(&page)
                .into_iter()
                .map(|o| format!("{what} page: {o}")),
        );
    }
    assert!(
        found.is_empty(),
        "{} English words or backticks:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_word_test_finds_english_and_backticks() {
    // The test above can fail: an English sentence and a command line are found, Danish
    // text with the shared words is not.
    assert_eq!(offences("Se `fokus compare` for initiativerne.").len(), 1);
    assert_eq!(offences("The year mean, over 70 %").len(), 3);
    assert!(offences("Årsgennemsnit over målet for kørslerne: 71,2 %; median under").is_empty());
    assert_eq!(
        visible("<p>a<style>p { the: 1 }</style>b</p>")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
}

/// Every command that writes words for people takes `--lang`, so a Danish default can
/// always be switched, command by command: the commands are read from `fokus --help`,
/// so a new one is checked too. `schema` and `method show` write JSON only.
#[test]
fn every_command_with_words_takes_lang() {
    let help = String::from_utf8(stdout_of(fokus().arg("--help"))).unwrap();
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.ends_with(':') || l.starts_with(' '))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(commands.len() > 10, "{commands:?} from {help}");
    let mut without = Vec::new();
    for command in &commands {
        let args: Vec<&str> = match command.as_str() {
            "help" | "schema" => continue,
            "method" => vec!["method", "diff"],
            other => vec![other],
        };
        let help = String::from_utf8(stdout_of(fokus().args(&args).arg("--help"))).unwrap();
        if !help.contains("--lang") {
            without.push(args.join(" "));
        }
    }
    assert!(without.is_empty(), "no --lang: {without:?}");
}
