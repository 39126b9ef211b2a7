//! `hearth import cin FILE.xml` and `hearth import 903 DIR`: a previous
//! return loaded into Hearth as events (migration, F35).
//!
//! The file is read and planned whole before anything is written, every
//! problem is printed with where it is in the file, and the events go in
//! one append: one transaction, so an import is all there or not at all.

use crate::Failure;
use crate::cli::Global;
use chrono::Utc;
use clap::{Args, ValueEnum};
use hearth_returns::file_error::FileError;
use hearth_returns::import::{self, ImportPlan};
use hearth_returns::{cin, ssda903};
use hearth_store::{SYSTEM_USER, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Clone, Debug)]
pub struct ImportArgs {
    /// What is imported: `cin` (a CIN census XML file) or `903` (a directory of SSDA903 CSV files).
    pub kind: ImportKind,
    /// The census file, or the directory holding the 903's CSV files.
    pub path: PathBuf,
    /// Check the file and report its problems; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the children without problems and skip the others (by default a file with any problem is not imported at all).
    #[arg(long)]
    pub allow_partial: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// A CIN census XML file.
    Cin,
    /// A directory of SSDA903 CSV files.
    #[value(name = "903")]
    Ssda903,
}

pub async fn run(global: &Global, args: ImportArgs) -> Result<ExitCode, Failure> {
    let read = match args.kind {
        ImportKind::Cin => read_cin(&args.path)?,
        ImportKind::Ssda903 => read_903(&args.path)?,
    };
    let plan = match read {
        Ok(plan) => plan,
        Err(problems) => {
            print_problems(problems.iter());
            eprintln!("{} could not be read ({} problems): nothing imported.", args.path.display(), problems.len());
            return Ok(ExitCode::from(1));
        }
    };
    let problems = plan.all_problems();
    print_problems(problems.iter().copied());
    let children = plan.children.len();
    let clean = plan.clean_children().count();
    let skipped = children - clean;

    if args.dry_run {
        let events: usize = plan.clean_children().map(|c| c.events.len()).sum();
        println!(
            "Checked {}: {}, {clean} without problems ({events} events), {}. Dry run: nothing written.",
            args.path.display(),
            counted(children, "child", "children"),
            counted(problems.len(), "problem", "problems")
        );
        return Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    if !plan.problems.is_empty() {
        eprintln!("The file itself has problems: nothing imported.");
        return Ok(ExitCode::from(1));
    }
    if !problems.is_empty() && !args.allow_partial {
        eprintln!(
            "{} in {skipped} of {}: nothing imported. Put them right, or use --allow-partial to import the {} without problems.",
            counted(problems.len(), "problem", "problems"),
            counted(children, "child", "children"),
            counted(clean, "child", "children")
        );
        return Ok(ExitCode::from(1));
    }
    // Imported facts are dated at noon on their day; today's may not be
    // recorded as happening later than now (as the demo caps its own).
    let now = Utc::now();
    let events: Vec<_> = plan
        .events_to_append(args.allow_partial)
        .into_iter()
        .map(|mut e| {
            e.occurred_at = e.occurred_at.min(now);
            e
        })
        .collect();
    let count = events.len();
    let store = Store::open(&global.location()).await?;
    // One append, one transaction: a refusal leaves the record as it was.
    let appended = store.append(SYSTEM_USER, events).await;
    store.close().await;
    appended?;
    println!(
        "Imported {} ({count} events) from {} into the {}.",
        counted(clean, "child", "children"),
        args.path.display(),
        global.describe()
    );
    if skipped > 0 {
        println!("Skipped {} with problems.", counted(skipped, "child", "children"));
    }
    Ok(ExitCode::SUCCESS)
}

/// A file could not be read at all, or was planned.
type Read = Result<ImportPlan, Vec<FileError>>;

fn read_cin(path: &Path) -> Result<Read, Failure> {
    let bytes = std::fs::read(path)?;
    let text = match String::from_utf8(bytes.clone()) {
        Ok(t) => t,
        Err(_) => return Ok(Err(vec![FileError::new(None, "", "The file is not UTF-8 text")])),
    };
    let census = match cin::xml::parse(&text) {
        Ok(c) => c,
        Err(problems) => return Ok(Err(problems)),
    };
    let name = file_name(path);
    let source = import::cin::source_for(&census, &name, &bytes, Utc::now());
    Ok(Ok(import::cin::plan(&census, &source)))
}

fn read_903(dir: &Path) -> Result<Read, Failure> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Failure::Usage(format!("{} holds no .csv files", dir.display())));
    }
    let mut files = Vec::with_capacity(names.len());
    let mut problems = Vec::new();
    for p in &names {
        let name = file_name(p);
        match String::from_utf8(std::fs::read(p)?) {
            Ok(text) => files.push((name, text)),
            Err(_) => problems.push(FileError::new(None, "", "The file is not UTF-8 text").in_file(name)),
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let tables = match ssda903::csv::parse(&files) {
        Ok(t) => t,
        Err(problems) => return Ok(Err(problems)),
    };
    let source = import::ssda903::source_for(&files, &file_name(dir), Utc::now());
    Ok(Ok(import::ssda903::plan(&tables, &source)))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// `census.xml: line 12, Message/Children/Child[3]/CINdetails[1]/ReferralSource: …`
fn problem_line(p: &FileError) -> String {
    let mut out = String::new();
    if let Some(f) = &p.file {
        out.push_str(f);
        out.push_str(": ");
    }
    if let Some(line) = p.line {
        out.push_str(&format!("line {line}, "));
    }
    if p.place.is_empty() {
        out.push_str(&p.message);
    } else {
        out.push_str(&format!("{}: {}", p.place, p.message));
    }
    out
}

fn print_problems<'a>(problems: impl Iterator<Item = &'a FileError>) {
    for p in problems {
        eprintln!("{}", problem_line(p));
    }
}

/// "1 child", "3 children".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_printed_with_their_line_and_place() {
        let p = FileError::new(Some(12), "Message/Children/Child[3]/CINdetails[1]/ReferralSource", "\"3Z\" is not a code");
        assert_eq!(problem_line(&p), "line 12, Message/Children/Child[3]/CINdetails[1]/ReferralSource: \"3Z\" is not a code");
        let p = FileError::new(None, "DECOM", "missing").in_file("episodes.csv");
        assert_eq!(problem_line(&p), "episodes.csv: DECOM: missing");
        assert_eq!(problem_line(&FileError::new(Some(1), "", "not XML")), "line 1, not XML");
    }

    #[test]
    fn the_kinds_are_named_cin_and_903() {
        assert_eq!(ImportKind::from_str("cin", false), Ok(ImportKind::Cin));
        assert_eq!(ImportKind::from_str("903", false), Ok(ImportKind::Ssda903));
        assert!(ImportKind::from_str("ssda", false).is_err());
    }
}
