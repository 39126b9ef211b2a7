//! Charts as server-rendered inline SVG: no JavaScript and no dependency.
//!
//! Each chart is an image to assistive technology (`role="img"`), named by
//! an `aria-label` and a `<title>` that summarise it; the page puts a GOV.UK
//! table of the same numbers beside it, which is the accessible alternative.
//! Bars are GOV.UK blue (#1d70b8, 5.2:1 against white); all text is GOV.UK
//! black (#0b0c0c) on a white background drawn inside the chart, so its
//! contrast (19:1) does not depend on where the chart is placed. Colours are
//! SVG presentation attributes, which the content security policy allows
//! (inline `style` is not).

use crate::components::{Html, esc};
use std::fmt::Write;

const BLUE: &str = "#1d70b8";
const TEXT: &str = "#0b0c0c";
const GRID: &str = "#b1b4b6";

/// The value axis for data whose largest value is `max`: its top and the
/// step between ticks. The step is 1, 2 or 5 times a power of ten, the
/// smallest giving at most five steps, so the axis ends on a round number
/// close above the largest bar.
pub fn value_axis(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut power = 1i64;
    loop {
        for m in [1, 2, 5] {
            let step = m * power;
            let steps = max / step + i64::from(max % step != 0);
            if steps <= 5 {
                return (steps.saturating_mul(step), step);
            }
        }
        power = match power.checked_mul(10) {
            Some(p) => p,
            None => return (max, max),
        };
    }
}

/// The tick values, 0 up to the top of the axis.
fn ticks(top: i64, step: i64) -> Vec<i64> {
    (0..=top / step.max(1)).map(|i| i * step).collect()
}

/// What a screen reader hears: the chart's title and the shape of the data.
fn summary(title: &str, data: &[(String, i64)]) -> String {
    let Some((max_label, max)) = data.iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))) else {
        return format!("{title}: nothing to show.");
    };
    let total: i64 = data.iter().map(|(_, v)| v).sum();
    let things = if data.len() == 1 { "bar" } else { "bars" };
    format!("{title}: {} {things}, {total} in total; the highest is {max_label}, {max}. The table beside the chart gives every value.", data.len())
}

fn open_svg(out: &mut String, class: &str, width: i64, height: i64, title: &str, data: &[(String, i64)]) {
    let label = esc(&summary(title, data));
    let _ = write!(
        out,
        r##"<svg class="hearth-chart {class}" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title><rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"></rect>"##
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, size: u32, body: &str, extra: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{size}" fill="{TEXT}"{extra}>{}</text>"#,
        esc(body)
    );
}

const V_WIDTH: i64 = 640;
const V_HEIGHT: i64 = 296;
const V_LEFT: f64 = 64.0;
const V_RIGHT: f64 = 16.0;
const V_TOP: f64 = 24.0;
/// The height of the plot area: the tallest bar's.
pub const V_PLOT_HEIGHT: f64 = 200.0;

/// A vertical bar chart of `(label, value)` pairs, left to right, with the
/// category axis titled `x_title` and the value axis `y_title`. With many
/// bars only every few category labels are drawn, so they do not overlap.
pub fn vertical_bar_chart(title: &str, x_title: &str, y_title: &str, data: &[(String, i64)]) -> Html {
    let mut out = String::new();
    open_svg(&mut out, "hearth-chart--vertical", V_WIDTH, V_HEIGHT, title, data);
    let plot_w = V_WIDTH as f64 - V_LEFT - V_RIGHT;
    let base = V_TOP + V_PLOT_HEIGHT;
    let (top, step) = value_axis(data.iter().map(|(_, v)| *v).max().unwrap_or(0));

    // Value axis: gridlines and tick numbers.
    for t in ticks(top, step) {
        let y = base - t as f64 / top as f64 * V_PLOT_HEIGHT;
        let _ = write!(out, r#"<line x1="{V_LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{GRID}" stroke-width="1"></line>"#, V_LEFT + plot_w);
        text(&mut out, V_LEFT - 8.0, y + 5.0, "end", 14, &t.to_string(), "");
    }
    if data.is_empty() {
        text(&mut out, V_LEFT + plot_w / 2.0, V_TOP + V_PLOT_HEIGHT / 2.0, "middle", 16, "Nothing to show", "");
    }

    let n = data.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.8).max(1.0);
    // Draw every k-th category label, at least 56 units apart.
    let every = ((56.0 * n / plot_w).ceil() as usize).max(1);
    // Values over the bars, when there is room; a zero bar needs none.
    let show_values = data.len() <= 31;
    for (i, (label, value)) in data.iter().enumerate() {
        let h = (*value).max(0) as f64 / top as f64 * V_PLOT_HEIGHT;
        let x = V_LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
        let _ = write!(
            out,
            r#"<rect class="hearth-chart__bar" x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{h:.1}" fill="{BLUE}"><title>{}: {value}</title></rect>"#,
            base - h,
            esc(label)
        );
        let centre = x + bar_w / 2.0;
        if show_values && *value != 0 {
            text(&mut out, centre, base - h - 4.0, "middle", 13, &value.to_string(), "");
        }
        if i % every == 0 {
            text(&mut out, centre, base + 20.0, "middle", 14, label, "");
        }
    }

    // Axes and their titles.
    let _ = write!(
        out,
        r#"<line x1="{V_LEFT:.1}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="{TEXT}" stroke-width="1"></line><line x1="{V_LEFT:.1}" y1="{V_TOP:.1}" x2="{V_LEFT:.1}" y2="{base:.1}" stroke="{TEXT}" stroke-width="1"></line>"#,
        V_LEFT + plot_w
    );
    text(&mut out, V_LEFT + plot_w / 2.0, V_HEIGHT as f64 - 12.0, "middle", 16, x_title, r#" font-weight="bold""#);
    let mid = V_TOP + V_PLOT_HEIGHT / 2.0;
    text(&mut out, 20.0, mid, "middle", 16, y_title, &format!(r#" font-weight="bold" transform="rotate(-90 20 {mid:.1})""#));
    out.push_str("</svg>");
    Html(out)
}

const H_WIDTH: i64 = 640;
/// The width of the plot area: a bar at the top of the value axis.
pub const H_PLOT_WIDTH: f64 = 560.0;
const H_ROW: f64 = 50.0;
const H_TOP: f64 = 30.0;

/// A horizontal bar chart of `(label, value)` pairs, top to bottom. Each
/// label is written in full above its bar (census descriptions are long),
/// with the value at the bar's end; `category_title` heads the labels and
/// `value_title` names the value axis below.
pub fn horizontal_bar_chart(title: &str, category_title: &str, value_title: &str, data: &[(String, i64)]) -> Html {
    let rows = data.len().max(1) as f64;
    let axis = H_TOP + rows * H_ROW + 4.0;
    let height = (axis + 48.0).ceil() as i64;
    let mut out = String::new();
    open_svg(&mut out, "hearth-chart--horizontal", H_WIDTH, height, title, data);
    let (top, step) = value_axis(data.iter().map(|(_, v)| *v).max().unwrap_or(0));
    let left = 12.0;

    text(&mut out, left, 16.0, "start", 16, category_title, r#" font-weight="bold""#);
    for t in ticks(top, step) {
        let x = left + t as f64 / top as f64 * H_PLOT_WIDTH;
        let _ = write!(out, r#"<line x1="{x:.1}" y1="{H_TOP:.1}" x2="{x:.1}" y2="{axis:.1}" stroke="{GRID}" stroke-width="1"></line>"#);
        text(&mut out, x, axis + 20.0, "middle", 14, &t.to_string(), "");
    }
    if data.is_empty() {
        text(&mut out, left + H_PLOT_WIDTH / 2.0, H_TOP + H_ROW / 2.0, "middle", 16, "Nothing to show", "");
    }
    for (i, (label, value)) in data.iter().enumerate() {
        let y = H_TOP + i as f64 * H_ROW;
        let w = (*value).max(0) as f64 / top as f64 * H_PLOT_WIDTH;
        text(&mut out, left + 4.0, y + 18.0, "start", 15, label, "");
        let _ = write!(
            out,
            r#"<rect class="hearth-chart__bar" x="{left:.1}" y="{:.1}" width="{w:.1}" height="22.0" fill="{BLUE}"><title>{}: {value}</title></rect>"#,
            y + 24.0,
            esc(label)
        );
        text(&mut out, left + w + 6.0, y + 41.0, "start", 14, &value.to_string(), "");
    }
    let _ = write!(
        out,
        r#"<line x1="{left:.1}" y1="{axis:.1}" x2="{:.1}" y2="{axis:.1}" stroke="{TEXT}" stroke-width="1"></line><line x1="{left:.1}" y1="{H_TOP:.1}" x2="{left:.1}" y2="{axis:.1}" stroke="{TEXT}" stroke-width="1"></line>"#,
        left + H_PLOT_WIDTH
    );
    text(&mut out, left + H_PLOT_WIDTH / 2.0, height as f64 - 8.0, "middle", 16, value_title, r#" font-weight="bold""#);
    out.push_str("</svg>");
    Html(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
        pairs.iter().map(|(l, v)| (l.to_string(), *v)).collect()
    }

    /// The `height` (or `width`) of the bar whose tooltip is `label: value`.
    fn bar_size(svg: &str, attr: &str, tooltip: &str) -> f64 {
        let end = svg.find(&format!("<title>{tooltip}</title>")).expect("the bar is drawn");
        let start = svg[..end].rfind("<rect").expect("a rect opens the bar");
        let rect = &svg[start..end];
        let marker = format!(" {attr}=\"");
        let from = rect.find(&marker).expect("the bar has the attribute") + marker.len();
        rect[from..].split('"').next().unwrap().parse().unwrap()
    }

    #[test]
    fn the_value_axis_ends_on_a_round_number_just_above_the_largest_value() {
        assert_eq!(value_axis(0), (1, 1));
        assert_eq!(value_axis(1), (1, 1));
        assert_eq!(value_axis(3), (3, 1));
        assert_eq!(value_axis(7), (8, 2));
        assert_eq!(value_axis(10), (10, 2));
        assert_eq!(value_axis(11), (15, 5));
        assert_eq!(value_axis(21), (25, 5));
        assert_eq!(value_axis(180), (200, 50));
        assert_eq!(value_axis(201), (250, 50));
        assert!(value_axis(i64::MAX / 2).0 >= i64::MAX / 2, "no overflow");
        assert_eq!(ticks(10, 2), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(ticks(1, 1), vec![0, 1]);
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = vertical_bar_chart("Contacts per day", "Day", "Contacts", &data(&[("1 Mar", 5), ("2 Mar", 10), ("3 Mar", 0)])).0;
        assert_eq!(bar_size(&svg, "height", "2 Mar: 10"), V_PLOT_HEIGHT, "the largest bar fills the plot");
        assert_eq!(bar_size(&svg, "height", "1 Mar: 5"), V_PLOT_HEIGHT / 2.0);
        assert_eq!(bar_size(&svg, "height", "3 Mar: 0"), 0.0);
        // 7 rounds the axis up to 8 (steps of 2), so the bar fills 7/8 of it.
        let svg = horizontal_bar_chart("By source", "Source", "Contacts", &data(&[("Police", 7), ("Schools", 2)])).0;
        assert_eq!(bar_size(&svg, "width", "Police: 7"), H_PLOT_WIDTH * 7.0 / 8.0);
        assert_eq!(bar_size(&svg, "width", "Schools: 2"), H_PLOT_WIDTH * 2.0 / 8.0);
        assert!(svg.contains(">8</text>") && !svg.contains(">10</text>"), "the axis ends at 8");
    }

    #[test]
    fn charts_are_labelled_images_with_visible_axis_titles() {
        for svg in [
            vertical_bar_chart("Contacts per day", "Day received", "Contacts", &data(&[("1 Mar", 3), ("2 Mar", 4)])).0,
            horizontal_bar_chart("Contacts per day", "Day received", "Contacts", &data(&[("1 Mar", 3), ("2 Mar", 4)])).0,
        ] {
            assert!(svg.starts_with("<svg "));
            assert!(svg.ends_with("</svg>"));
            assert!(svg.contains(r#"role="img""#));
            let summary = "Contacts per day: 2 bars, 7 in total; the highest is 2 Mar, 4.";
            assert!(svg.contains(&format!(r#"aria-label="{summary}"#)), "{svg}");
            assert!(svg.contains(&format!("<title>{summary}")));
            assert!(svg.contains(">Day received</text>") && svg.contains(">Contacts</text>"), "visible axis titles");
            assert!(svg.contains(r##"fill="#1d70b8""##));
            assert!(!svg.contains("style="), "no inline styles: the content security policy forbids them");
        }
    }

    #[test]
    fn labels_and_titles_are_escaped() {
        let nasty = data(&[("<script>alert('x')</script> & \"co\"", 2)]);
        for svg in [
            vertical_bar_chart("A <b>title</b>", "x & y", "<y>", &nasty).0,
            horizontal_bar_chart("A <b>title</b>", "x & y", "<y>", &nasty).0,
        ] {
            assert!(!svg.contains("<script>"), "{svg}");
            assert!(!svg.contains("<b>"));
            assert!(!svg.contains("<y>"));
            assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
            assert!(svg.contains("A &lt;b&gt;title&lt;/b&gt;"));
            assert!(svg.contains(">x &amp; y</text>"));
        }
    }

    #[test]
    fn empty_data_draws_an_empty_chart_that_says_so() {
        for svg in [vertical_bar_chart("Contacts per day", "Day", "Contacts", &[]).0, horizontal_bar_chart("By source", "Source", "Contacts", &[]).0] {
            assert!(svg.contains(r#"role="img""#));
            assert!(svg.contains(": nothing to show."), "{svg}");
            assert!(svg.contains(">Nothing to show</text>"));
            assert!(!svg.contains("hearth-chart__bar"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }

    #[test]
    fn many_bars_draw_only_some_labels() {
        let days: Vec<(String, i64)> = (1..=90).map(|d| (format!("d{d}"), d % 7)).collect();
        let svg = vertical_bar_chart("Per day", "Day", "Contacts", &days).0;
        assert_eq!(svg.matches("hearth-chart__bar").count(), 90);
        assert!(svg.contains(">d1</text>"));
        assert!(!svg.contains(">d2</text>"), "labels are thinned out");
        assert!(svg.contains("<title>d2: 2</title>"), "every bar still has its tooltip");
    }
}
